package dev.cochlea.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link RingAllReduce} between the tasks of a Spark barrier stage (docs/benchmarks.md, "Data
 * at scale"): each of {@code tasks} tasks sums a vector of {@code floats} values {@code repeats}
 * times; prints the median time of one all-reduce and the bus bandwidth it reached
 * ({@code 2(n-1)/n × 4 × floats / time}, what each task sent and received per second).
 *
 * <pre>{@code
 * java ... -Dspark.master=local[2] dev.cochlea.spark.AllReduceBench 2 419412 50
 * }</pre>
 */
public final class AllReduceBench {
    private AllReduceBench() {}

    /** Arguments: tasks, floats, repeats. */
    public static void main(String[] args) {
        int tasks = Integer.parseInt(args[0]), floats = Integer.parseInt(args[1]), repeats = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder().appName("cochlea all-reduce bench").getOrCreate();
        try {
            List<Integer> ranks = new ArrayList<>();
            for (int r = 0; r < tasks; r++) ranks.add(r);
            var rdd = new JavaSparkContext(spark.sparkContext()).parallelize(ranks, tasks).rdd();
            Object out = rdd.barrier().mapPartitions(new Timed(floats, repeats), false, scala.reflect.ClassTag$.MODULE$.apply(double[].class)).collect();
            double[] times = ((double[][]) out)[0];
            Arrays.sort(times);
            double median = times[times.length / 2];
            double bytes = 2.0 * (tasks - 1) / tasks * 4.0 * floats;
            System.out.printf(java.util.Locale.ROOT, "tasks %d, floats %d: median %.2f ms per all-reduce (min %.2f), bus bandwidth %.0f MB/s%n",
                    tasks, floats, median * 1e3, times[0] * 1e3, bytes / median / 1e6);
        } finally {
            spark.stop();
        }
    }

    /** One barrier task: warm-up, then {@code repeats} timed sums. */
    private record Timed(int floats, int repeats)
            implements scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>>, Serializable {
        @Override
        public scala.collection.Iterator<double[]> apply(scala.collection.Iterator<Integer> it) {
            float[] v = new float[floats];
            double[] t = new double[repeats];
            try (RingAllReduce ring = BarrierRing.join(BarrierTaskContext.get())) {
                for (int w = 0; w < 5; w++) ring.sum(v);
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    ring.sum(v);
                    t[i] = (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return scala.jdk.javaapi.CollectionConverters.asScala(List.of(t).iterator());
        }
    }
}
