package dev.cochlea.spark;

import dev.cochlea.Cochlea;
import dev.cochlea.train.EpochResult;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Data-parallel training on Spark: one barrier stage of {@code tasks} tasks, each running the same
 * {@link TrainJob} on its slice of every batch, joined in a {@link RingAllReduce} that averages the
 * gradients every step ({@link TrainJob#collective}); task 0 writes the run folder where the settings
 * say (a path the executors share: local mode, or a shared file system). The recordings and the clip
 * store must be readable by every task.
 *
 * <pre>{@code
 * TrainSettings s = TrainSettings.builder(Path.of("/shared/fsdd"), Path.of("/shared/runs/dp")).model("cifar").build();
 * SparkTrainer.Result r = SparkTrainer.train(spark, s, 2);
 * System.out.println(r.history());      // per-epoch loss and accuracy over the whole of each batch
 * }</pre>
 */
public final class SparkTrainer {
    /**
     * What the group trained.
     *
     * @param history      each epoch: loss and accuracy over all tasks' slices, as one process reports them
     * @param testAccuracy the saved model's accuracy on the test part (NaN without one)
     * @param seconds      wall time of the barrier stage
     */
    public record Result(List<EpochResult> history, double testAccuracy, double seconds) implements Serializable {
    }

    private SparkTrainer() {}

    /** Trains {@code settings} with {@code tasks} barrier tasks (at most the cluster's cores: barrier tasks start together). */
    public static Result train(SparkSession spark, TrainSettings settings, int tasks) {
        return train(spark, settings, tasks, 1);
    }

    /**
     * As {@link #train(SparkSession, TrainSettings, int)}, averaging the tasks' weights every
     * {@code syncEvery} steps instead of their gradients every step ({@link TrainJob#syncEvery}).
     */
    public static Result train(SparkSession spark, TrainSettings settings, int tasks, int syncEvery) {
        if (syncEvery < 1) throw new IllegalArgumentException("syncEvery: expected >= 1 steps, found " + syncEvery);
        if (tasks < 1) throw new IllegalArgumentException("tasks: expected >= 1, found " + tasks);
        // Executors resolve paths against their own working folders: send absolute ones.
        TrainSettings.Builder b = settings.toBuilder().data(absolute(settings.data())).out(absolute(settings.out()))
                .noiseDir(absolute(settings.noiseDir())).rirDir(absolute(settings.rirDir())).clipStore(absolute(settings.clipStore()));
        LinkedHashMap<String, Serializable> encoded = SettingsCodec.encode(b.build());
        List<Integer> ranks = new ArrayList<>();
        for (int r = 0; r < tasks; r++) ranks.add(r);
        long t0 = System.nanoTime();
        var rdd = new JavaSparkContext(spark.sparkContext()).parallelize(ranks, tasks).rdd();
        Object out = rdd.barrier().mapPartitions(new Member(encoded, syncEvery), false, scala.reflect.ClassTag$.MODULE$.apply(Result.class)).collect();
        Result first = ((Result[]) out)[0];
        return new Result(first.history(), first.testAccuracy(), (System.nanoTime() - t0) / 1e9);
    }

    private static java.nio.file.Path absolute(java.nio.file.Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    /** One barrier task: joins the ring and trains; task 0 reports. */
    private record Member(LinkedHashMap<String, Serializable> settings, int syncEvery)
            implements scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Result>>, Serializable {
        @Override
        public scala.collection.Iterator<Result> apply(scala.collection.Iterator<Integer> ignored) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            TrainSettings s = SettingsCodec.decode(settings);
            TrainJob.Outcome[] outcome = new TrainJob.Outcome[1];
            try (RingAllReduce ring = BarrierRing.join(ctx)) {
                RuntimeException[] failed = new RuntimeException[1];
                // One task per executor core: each task's kernels stay on its thread.
                Cochlea.onThisThread(() -> {
                    try {
                        outcome[0] = new TrainJob(s, new TrainListener() {}).collective(ring).syncEvery(syncEvery).run();
                    } catch (IOException e) {
                        failed[0] = new UncheckedIOException(e);
                    } catch (RuntimeException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) throw failed[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TrainJob.Outcome o = outcome[0];
            List<Result> rows = new ArrayList<>();
            if (ctx.partitionId() == 0) rows.add(new Result(List.copyOf(o.history()), o.test() == null ? Double.NaN : o.testAccuracy(), 0));
            return scala.jdk.javaapi.CollectionConverters.asScala(rows.iterator());
        }
    }
}
