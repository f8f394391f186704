package dev.cochlea.spark;

import dev.cochlea.train.EpochResult;
import dev.cochlea.train.TrainSettings;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Data-parallel training for {@code spark-submit} (docs/spark.md): the recipe of {@code ./cochlea
 * train} (its defaults) on the files under {@code --data}, with {@code --tasks} barrier tasks.
 *
 * <pre>{@code
 * spark-submit --class dev.cochlea.spark.TrainJobMain cochlea-spark-job.jar --data /shared/fsdd --out /shared/runs/dp \
 *     --label-pattern '^(\d+)_' --split official --tasks 2 [--sync-every K] [--model cifar] [--epochs 20] [--clip-store /shared/clips]
 * }</pre>
 */
public final class TrainJobMain {
    private TrainJobMain() {}

    /** Runs the job; arguments as in the class comment. */
    public static void main(String[] args) {
        String data = null, out = null;
        int tasks = 2, syncEvery = 1;
        TrainSettings.Builder b = null;
        java.util.Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i], args[i + 1]);
        data = opts.get("--data");
        out = opts.get("--out");
        if (data == null || out == null) {
            throw new IllegalArgumentException("usage: TrainJobMain --data DIR --out RUN [--label-pattern RE] [--split S] [--tasks N] "
                    + "[--sync-every K] [--model M] [--epochs E] [--clip-store DIR]");
        }
        b = TrainSettings.builder(Path.of(data), Path.of(out));
        if (opts.containsKey("--label-pattern")) b.labelPattern(opts.get("--label-pattern"));
        if (opts.containsKey("--split")) b.split(opts.get("--split"));
        if (opts.containsKey("--model")) b.model(opts.get("--model"));
        if (opts.containsKey("--epochs")) b.epochs(Integer.parseInt(opts.get("--epochs")));
        if (opts.containsKey("--clip-store")) b.clipStore(Path.of(opts.get("--clip-store")));
        if (opts.containsKey("--tasks")) tasks = Integer.parseInt(opts.get("--tasks"));
        if (opts.containsKey("--sync-every")) syncEvery = Integer.parseInt(opts.get("--sync-every"));
        SparkSession spark = SparkSession.builder().appName("cochlea train").getOrCreate();
        try {
            SparkTrainer.Result r = SparkTrainer.train(spark, b.build(), tasks, syncEvery);
            for (EpochResult e : r.history()) {
                System.out.printf(Locale.ROOT, "epoch %d  train loss %.4f  acc %.1f%%%n", e.epoch(), e.trainLoss(), 100 * e.trainAcc());
            }
            System.out.printf(Locale.ROOT, "test accuracy %.2f%%; %d tasks; %.1f s%n", 100 * r.testAccuracy(), tasks, r.seconds());
        } finally {
            spark.stop();
        }
    }
}
