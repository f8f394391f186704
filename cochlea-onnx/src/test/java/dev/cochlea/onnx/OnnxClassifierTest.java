package dev.cochlea.onnx;

import dev.cochlea.audio.AudioData;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model PyTorch exported (make_models.py's cnn2d.onnx, input [batch, 1, 40, 32]) labels WAV files
 * end to end in pure Java: Cochlea's feature front end from a run configuration (cnn2d.config.json,
 * whose features are [1, 40, 32]), the graph imported from ONNX.
 */
class OnnxClassifierTest {
    static final Path DIR = PyTorchExportsTest.DIR;
    static final Path WAV = Path.of("../shared/data/fsdd/recordings/3_theo_0.wav");

    @Test
    void aPyTorchExportLabelsRecordingsWithTheRunsFeatures() throws IOException {
        Classifier c = OnnxClassifier.load(DIR.resolve("cnn2d.onnx"), DIR.resolve("cnn2d.config.json"));
        assertEquals(10, c.labels().size());
        Prediction p = c.predict(WAV);
        assertTrue(c.labels().contains(p.label()), p.label());
        // The same numbers as the graph run by hand on the features the classifier computes.
        AudioData audio = c.read(WAV);
        Tensor features = c.features(audio).unsqueeze(0);
        Tensor direct = OnnxModel.read(DIR.resolve("cnn2d.onnx")).run(Map.of("features", features)).get("logits").softmax(1);
        assertArrayEquals(direct.toFloatArray(), c.probabilities(audio).toFloatArray(), 1e-6f);
    }

    @Test
    void theConfigurationIsFoundBesideTheModelOrItsAbsenceExplained(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("kws.onnx");
        Files.copy(DIR.resolve("cnn2d.onnx"), model);
        IOException none = assertThrows(IOException.class, () -> OnnxClassifier.load(model, null));
        assertTrue(none.getMessage().contains("no feature configuration") && none.getMessage().contains("kws.onnx"), none.getMessage());
        Files.copy(DIR.resolve("cnn2d.config.json"), dir.resolve("config.json"));
        assertEquals(10, OnnxClassifier.load(model, null).labels().size());
    }

    @Test
    void aModelThatDoesNotFitTheFeaturesIsRefusedWhenLoaded() {
        IOException e = assertThrows(IOException.class, () -> OnnxClassifier.load(DIR.resolve("tiny_cnn.onnx"), DIR.resolve("cnn2d.config.json")));
        assertTrue(e.getMessage().contains("tiny_cnn.onnx") && e.getMessage().contains("[1, 1, 40, 32]") && e.getMessage().contains("[batch, 1, 8, 8]"),
                e.getMessage());
        IOException labels = assertThrows(IOException.class, () -> OnnxClassifier.load(DIR.resolve("bcresnet.onnx"),
                DIR.resolve("cnn2d.config.json")));
        assertTrue(labels.getMessage().contains("10 labels") && labels.getMessage().contains("[1, 12]"), labels.getMessage());
    }
}
