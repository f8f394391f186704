package dev.cochlea.spark;

import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Data-parallel training in a Spark barrier stage (local[2]: two tasks, gradients averaged over the
 * ring every step) against one process with the same settings: the same loss curve within float
 * rounding and the same test accuracy. The model has neither batch normalisation nor dropout and
 * mixup is off, the documented differences between the two.
 */
class SparkTrainerTest {
    @TempDir
    Path dir;

    @Test
    void twoBarrierTasksTrainAsOneProcess() throws Exception {
        Path data = dir.resolve("sounds");
        SyntheticSounds.write(data, 9, 8000, 13);
        java.util.function.Function<String, TrainSettings> settings = name -> TrainSettings.builder(data, dir.resolve(name)).model("cifar")
                .split("random:0.25").validation("none").epochs(3).batchSize(16).lr(3e-3).mixup(0).ema(0).seed(5)
                .features(new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0)).build();
        TrainJob.Outcome alone = new TrainJob(settings.apply("alone"), new TrainListener() {}).run();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("cochlea-dp").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            SparkTrainer.Result r = SparkTrainer.train(spark, settings.apply("together"), 2);
            assertEquals(alone.history().size(), r.history().size());
            for (int e = 0; e < r.history().size(); e++) {
                double a = alone.history().get(e).trainLoss(), b = r.history().get(e).trainLoss();
                assertEquals(a, b, 1e-4 * a, "epoch " + (e + 1) + ": one process " + a + ", two tasks " + b);
                assertEquals(alone.history().get(e).trainAcc(), r.history().get(e).trainAcc(), 1e-9);
            }
            assertEquals(alone.testAccuracy(), r.testAccuracy(), 0.0);
            assertTrue(Files.isRegularFile(dir.resolve("together/config.json")), "task 0 writes the run folder");
        } finally {
            spark.stop();
        }
    }
}
