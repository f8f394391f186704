package dev.cochlea.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The ring all-reduce: sums equal a sequential sum within float rounding and are identical on every task; in a Spark barrier stage too. */
class RingAllReduceTest {
    /** Runs {@code n} ranks on threads over 127.0.0.1; returns each rank's vector after the sum. */
    static List<float[]> sumOnThreads(int n, int length) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ServerSocket s = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            sockets.add(s);
            addresses.add("127.0.0.1:" + s.getLocalPort());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<float[]>> out = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                out.add(pool.submit(() -> {
                    float[] v = values(rank, length);
                    try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, sockets.get(rank))) {
                        ring.sum(v);
                    }
                    return v;
                }));
            }
            List<float[]> results = new ArrayList<>();
            for (Future<float[]> f : out) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static float[] values(int rank, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) v[i] = (float) Math.sin(0.001 * i * (rank + 1)) + rank;
        return v;
    }

    @Test
    void everyTaskGetsTheSameSum() throws Exception {
        for (int n : new int[] {1, 2, 3, 5}) {
            for (int length : new int[] {0, 1, 4, 1001}) {
                List<float[]> got = sumOnThreads(n, length);
                for (int i = 0; i < length; i++) {
                    double expected = 0;
                    for (int r = 0; r < n; r++) expected += values(r, length)[i];
                    assertEquals(expected, got.get(0)[i], 1e-5 * Math.max(1, Math.abs(expected)), n + " tasks, [" + i + "]");
                }
                for (float[] g : got) assertArrayEquals(got.get(0), g, "bit-identical on every task (" + n + " tasks)");
            }
        }
    }

    @Test
    void vectorsOfDifferentLengthsAreAClearError() throws Exception {
        ServerSocket a = new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), b = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        List<String> addresses = List.of("127.0.0.1:" + a.getLocalPort(), "127.0.0.1:" + b.getLocalPort());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> x = pool.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.connect(0, addresses, a)) {
                    ring.sum(new float[10]);
                }
                return null;
            });
            Future<?> y = pool.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.connect(1, addresses, b)) {
                    ring.sum(new float[12]);
                }
                return null;
            });
            Exception e = assertThrows(Exception.class, () -> {
                x.get();
                y.get();
            });
            assertTrue(String.valueOf(e.getCause().getMessage()).contains("vectors of different lengths")
                    || String.valueOf(e.getCause().getMessage()).contains("ring all-reduce"), String.valueOf(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSparkBarrierStageSumsAcrossItsTasks() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("cochlea-ring").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<float[]> sums = BarrierSums.run(spark, 2, 100_003);
            assertEquals(2, sums.size());
            for (int i = 0; i < 100_003; i += 997) assertEquals(values(0, 100_003)[i] + values(1, 100_003)[i], sums.get(0)[i], 1e-5f);
            assertArrayEquals(sums.get(0), sums.get(1));
        } finally {
            spark.stop();
        }
    }

    /** Each barrier task sums {@link #values} of its rank over the ring and returns the result. */
    static final class BarrierSums {
        static List<float[]> run(SparkSession spark, int tasks, int length) {
            List<Integer> ranks = new ArrayList<>();
            for (int r = 0; r < tasks; r++) ranks.add(r);
            var rdd = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(ranks, tasks).rdd();
            scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<float[]>> f =
                    (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<float[]>> & java.io.Serializable) it -> {
                BarrierTaskContext ctx = BarrierTaskContext.get();
                float[] v = values(ctx.partitionId(), length);
                try (RingAllReduce ring = BarrierRing.join(ctx)) {
                    ring.sum(v);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return scala.jdk.javaapi.CollectionConverters.asScala(Collections.singletonList(v).iterator());
            };
            Object collected = rdd.barrier().mapPartitions(f, false, scala.reflect.ClassTag$.MODULE$.apply(float[].class)).collect();
            List<float[]> out = new ArrayList<>();
            for (Object o : (Object[]) collected) out.add((float[]) o);
            return out;
        }
    }
}
