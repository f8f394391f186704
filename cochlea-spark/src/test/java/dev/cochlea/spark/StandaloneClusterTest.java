package dev.cochlea.spark;

import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.Prediction;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real standalone cluster (a master and two workers on 127.0.0.1, started from the Maven-resolved
 * Spark jars; executors in JVMs of their own): batch inference gives one row per file, equal to
 * single-process {@link Classifier#predict(Path)}, and two barrier tasks, one per worker, train as
 * one process does (the same loss curve within float rounding, the same test accuracy).
 */
class StandaloneClusterTest {
    @TempDir
    Path dir;

    @Test
    void batchInferenceAndTrainingOnTwoWorkersEqualOneProcess() throws Exception {
        Path data = dir.resolve("sounds");
        SyntheticSounds.write(data, 6, 8000, 9);
        Path run = dir.resolve("run");
        new TrainJob(TrainSettings.builder(data, run).model("cnn").split("random:0.25").validation("none").epochs(1).batchSize(16)
                .features(new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0)).build(),
                new TrainListener() {}).run();
        try (LocalCluster cluster = new LocalCluster(dir, 2)) {
            SparkSession spark = SparkSession.builder().master(cluster.master()).appName("cochlea-cluster-test")
                    .config("spark.executor.extraClassPath", LocalCluster.classPath())
                    .config("spark.executor.extraJavaOptions", LocalCluster.OPENS)
                    .config("spark.executor.memory", "768m").config("spark.executor.cores", "1").config("spark.cores.max", "2")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                List<Row> rows = SparkPredictor.of(run).partitions(4).predict(SparkPredictor.audioFiles(spark, data.toString())).collectAsList();
                assertEquals(3, spark.sparkContext().getExecutorMemoryStatus().size(), "the driver and two executors");
                Classifier single = Classifier.load(run);
                assertEquals(6 * SyntheticSounds.CLASSES.size(), rows.size());
                for (Row r : rows) {
                    Path file = Path.of(URI.create(r.getString(0)));
                    assertNull(r.getAs("error"), file.toString());
                    Prediction p = single.predict(file);
                    assertEquals(p.label(), r.getAs("label"), file.toString());
                    assertEquals(p.probability(), (Float) r.getAs("probability"), 1e-5f, file.toString());
                }

                TrainSettings dp = TrainSettings.builder(data, dir.resolve("dp")).model("cifar").split("random:0.25").validation("none")
                        .epochs(2).batchSize(16).lr(3e-3).mixup(0).ema(0).seed(5)
                        .features(new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0)).build();
                TrainJob.Outcome alone = new TrainJob(dp.toBuilder().out(dir.resolve("dp-alone")).build(), new TrainListener() {}).run();
                SparkTrainer.Result together = SparkTrainer.train(spark, dp, 2);
                for (int e = 0; e < alone.history().size(); e++) {
                    double a = alone.history().get(e).trainLoss();
                    assertEquals(a, together.history().get(e).trainLoss(), 1e-4 * a, "epoch " + (e + 1));
                }
                assertEquals(alone.testAccuracy(), together.testAccuracy(), 0.0);
                assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("dp/config.json")), "task 0, on a worker, wrote the run");
            } finally {
                spark.stop();
            }
        }
    }
}
