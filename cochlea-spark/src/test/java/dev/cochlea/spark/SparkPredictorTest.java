package dev.cochlea.spark;

import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.Prediction;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Batch inference on Spark in local mode (local[2], inside the test JVM) against single-process
 * {@link Classifier#predict(Path)} on the same files: same labels, probabilities within 1e-5 (a
 * forward pass over a batch of clips sums in another order than one clip at a time).
 */
class SparkPredictorTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static SparkSession spark;

    @BeforeAll
    static void trainAndStart() throws Exception {
        data = dir.resolve("sounds");
        SyntheticSounds.write(data, 8, 8000, 5);
        Files.writeString(data.resolve("tone").resolve("broken.wav"), "not a wav file");
        run = dir.resolve("run");
        TrainSettings s = TrainSettings.builder(data, run).model("cnn").split("random:0.25").validation("none").epochs(2).batchSize(16)
                .features(new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0)).build();
        new TrainJob(s, new TrainListener() {}).run();
        spark = SparkSession.builder().master("local[2]").appName("cochlea-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void predictionsEqualSingleProcessPredictAndAreWrittenAsParquet() throws Exception {
        Dataset<Row> files = SparkPredictor.audioFiles(spark, data.toString()).repartition(3);
        Dataset<Row> out = SparkPredictor.of(run).topK(2).batch(5).predict(files);
        Path parquet = dir.resolve("predictions.parquet");
        out.write().parquet(parquet.toString());
        List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();

        Classifier single = Classifier.load(run);
        Map<String, Row> byPath = new HashMap<>();
        for (Row r : rows) byPath.put(Path.of(URI.create(r.getString(0))).toString(), r);
        long wavs;
        try (var s = Files.walk(data)) {
            wavs = s.filter(p -> p.toString().endsWith(".wav")).count();
        }
        assertEquals(wavs, rows.size(), "one row per file");
        int compared = 0;
        for (Map.Entry<String, Row> e : byPath.entrySet()) {
            Row r = e.getValue();
            if (e.getKey().endsWith("broken.wav")) {
                assertNull(r.getAs("label"));
                String error = r.getAs("error");
                assertTrue(error.contains("broken.wav") && error.contains("not an audio file"), error);
                continue;
            }
            assertNull(r.getAs("error"), e.getKey());
            Prediction p = single.predict(Path.of(e.getKey()));
            assertEquals(p.label(), r.getAs("label"), e.getKey());
            List<Float> all = r.getList(r.fieldIndex("probabilities"));
            assertEquals(single.labels().size(), all.size());
            for (int c = 0; c < all.size(); c++) {
                String label = single.labels().get(c);
                float expected = p.ranked().stream().filter(x -> x.label().equals(label)).findFirst().orElseThrow().probability();
                assertEquals(expected, all.get(c), 1e-5f, e.getKey() + " " + label);
            }
            assertEquals(p.top(2).get(1).label(), r.getList(r.fieldIndex("top_labels")).get(1));
            assertEquals(p.probability(), (Float) r.getAs("probability"), 1e-5f);
            compared++;
        }
        assertEquals(wavs - 1, compared);
        assertEquals(1, ExecutorModels.loaded(), "the model is loaded once per JVM, whatever the partitions");
    }

    @Test
    void featuresAreThoseTheModelTakes() throws Exception {
        Classifier single = Classifier.load(run);
        List<Row> rows = SparkPredictor.of(run).features(SparkPredictor.audioFiles(spark, data.resolve("chirp_up").toString())).collectAsList();
        assertEquals(8, rows.size());
        for (Row r : rows) {
            Path file = Path.of(URI.create(r.getString(0)));
            float[] expected = single.features(single.read(file)).toFloatArray();
            List<Float> got = r.getList(r.fieldIndex("features"));
            assertEquals(List.of(1, 20, 32), r.getList(r.fieldIndex("shape")));
            assertEquals(expected.length, got.size());
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got.get(i), 0f, file + " [" + i + "]");
        }
    }

    @Test
    void aFolderThatIsNotARunIsRefusedOnTheDriver() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkPredictor.of(data));
        assertTrue(e.getMessage().contains("not a run folder"), e.getMessage());
        Dataset<Row> noContent = spark.range(3).toDF("path");
        e = assertThrows(IllegalArgumentException.class, () -> SparkPredictor.of(run).predict(noContent));
        assertTrue(e.getMessage().contains("binaryFile"), e.getMessage());
    }
}
