package dev.cochlea.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.audio.Wav;
import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-validation by group on synthetic "speakers" (each at its own level), and the classifier's test-time options. */
class CrossValidationTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void speakers() throws IOException {
        data = dir.resolve("clips");
        Files.createDirectories(data);
        Generator g = new Generator(5);
        String[] speakers = {"ann", "bob", "cyd"};
        for (int s = 0; s < speakers.length; s++) {
            for (int c = 0; c < SyntheticSounds.CLASSES.size(); c++) {
                for (int i = 0; i < 5; i++) {
                    float[] x = SyntheticSounds.clip(SyntheticSounds.CLASSES.get(c), 8000, g);
                    for (int k = 0; k < x.length; k++) x[k] *= 0.4f + 0.3f * s;
                    Wav.write16(data.resolve(c + "_" + speakers[s] + "_" + i + ".wav"), Tensor.wrap(x, 1, x.length), 8000);
                }
            }
        }
    }

    static TrainSettings recipe(Path out) {
        return TrainSettings.builder(data, out).labelPattern("^(\\d+)_").validation("groups:1").epochs(2).batchSize(16)
                .features(new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0)).build();
    }

    @Test
    void aManifestWithFoldsIsCrossValidatedOverItsFolds() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,fold\n");
        try (var files = Files.list(data)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                csv.append("clips/").append(name).append(',').append(name.charAt(0)).append(',').append(name.contains("_ann_") ? 1 : 2).append('\n');
            }
        }
        Path manifest = Files.writeString(dir.resolve("folds.csv"), csv);
        TrainSettings r = TrainSettings.builder(manifest, dir.resolve("cv-folds")).validation("none").epochs(1).batchSize(16)
                .features(recipe(dir).features()).build();
        CrossValidation.Result result = new CrossValidation(r, 0, new TrainListener() {}).run();
        assertEquals(List.of("fold 1", "fold 2"), List.copyOf(result.groups().keySet()));
        assertEquals(List.of("fold-1", "fold-2"), result.folds().stream().map(CrossValidation.Fold::name).toList());
        assertTrue(Files.isRegularFile(dir.resolve("cv-folds/fold-2/config.json")));
    }

    @Test
    void leaveOneGroupOutTrainsAFoldPerSpeakerAndWritesJson() throws Exception {
        Path out = dir.resolve("cv");
        CrossValidation.Result r = new CrossValidation(recipe(out), 0, new TrainListener() {}).run();
        assertEquals(3, r.folds().size());
        assertEquals(List.of("ann", "bob", "cyd"), List.copyOf(r.groups().keySet()));
        double mean = r.groups().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(mean, r.mean(), 1e-12);
        for (CrossValidation.Fold f : r.folds()) {
            assertEquals(1, f.validationGroups().size(), "validation is one of the two training speakers");
            assertTrue(!f.validationGroups().contains(f.heldOut().get(0)), "the test speaker never validates");
            assertTrue(Files.isRegularFile(out.resolve(f.name()).resolve("model.safetensors")));
            assertTrue(Files.isDirectory(out.resolve(f.name()).resolve("tensorboard")));
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("crossval.json").toFile());
        assertEquals(r.worst(), json.get("worst").asDouble(), 1e-12);
        assertEquals(3, json.get("folds").size());
        assertTrue(CrossValidation.table(r).contains("worst"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossValidation(recipe(out), 0, new TrainListener() {}).run());
        assertTrue(e.getMessage().contains("overwrite(true)"), e.getMessage());

        Classifier c = Classifier.load(out.resolve("ann"));
        Path clip = data.resolve("2_ann_0.wav");
        assertTrue(c.predict(clip).accepted());
        Prediction never = c.withThreshold(1.0).predict(clip);
        assertEquals(Prediction.UNKNOWN, never.label());
        assertEquals(c.predict(clip).ranked().get(0).label(), never.ranked().get(0).label(), "the ranking stays");
        Prediction three = c.withCrops(3).predict(clip);
        float sum = 0;
        for (Prediction.Ranked p : three.ranked()) sum += p.probability();
        assertEquals(1f, sum, 1e-4f);
        EvaluationJobResultCheck.check(out.resolve("ann"));
    }

    @Test
    void kFoldsDealWholeGroups() {
        AudioFolder f = AudioFolder.scan(data, java.util.regex.Pattern.compile("^(\\d+)_"), null);
        List<List<String>> folds = CrossValidation.folds(f.items(), 2, 0);
        assertEquals(2, folds.size());
        assertEquals(3, folds.get(0).size() + folds.get(1).size());
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.folds(f.items(), 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new CrossValidation(recipe(dir.resolve("x")), 1, new TrainListener() {}));
        assertEquals("a_b", CrossValidation.safe("a/b"));
    }

    /** evaluate reports accuracy per group, with and without crops. */
    static final class EvaluationJobResultCheck {
        static void check(Path run) throws IOException {
            EvaluationJob.Result plain = EvaluationJob.run(run, null, null, null, "all", null);
            assertEquals(List.of("ann", "bob", "cyd"), List.copyOf(plain.groups().keySet()));
            assertEquals(30, plain.groups().get("bob").clips());
            EvaluationJob.Result crops = EvaluationJob.run(run, null, null, null, "all", 3, null);
            assertEquals(90, crops.clips());
            assertEquals(90, crops.evaluation().predicted().length);
        }
    }
}
