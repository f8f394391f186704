package dev.cochlea.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cochlea onnx info} and {@code run} on models PyTorch exported for cochlea-onnx's tests
 * (cochlea-onnx/src/test/resources/onnx/make_models.py, which also saved the inputs and torch's outputs).
 */
class OnnxCommandTest {
    @Test
    void infoPrintsShapesAndOperatorsAndRefusesWhatIsNotAModel() {
        TrainCommandsTest.Result r = TrainCommandsTest.cli("onnx", "info", "cochlea-onnx/src/test/resources/onnx/tiny_cnn.onnx");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("input  features: float32 [batch, 1, 8, 8]") && r.out().contains("output logits: float32 [batch, 3]"),
                r.out());
        assertTrue(r.out().contains("Conv") && r.out().contains("Gemm") && r.out().contains("ai.onnx 13"), r.out());
        TrainCommandsTest.Result bad = TrainCommandsTest.cli("onnx", "info", "README.md");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("README.md") && bad.err().contains("ONNX"), bad.err());
    }

    @Test
    void runWritesTheOutputsByNameAndComparesThoseGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.safetensors");
        String model = "cochlea-onnx/src/test/resources/onnx/cnn2d.onnx";
        String io = "cochlea-onnx/src/test/resources/onnx/cnn2d.io.safetensors";
        TrainCommandsTest.Result r = TrainCommandsTest.cli("onnx", "run", model, "--input", io, "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("logits [3, 10] max_abs_diff"), r.out());
        double diff = Double.parseDouble(r.out().replaceAll("(?s).*max_abs_diff (\\S+).*", "$1"));
        assertTrue(diff < 1e-4, r.out());
        assertTrue(dev.cochlea.io.Safetensors.load(out).containsKey("logits"));
        TrainCommandsTest.Result again = TrainCommandsTest.cli("onnx", "run", model, "--input", io, "--out", out.toString());
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("--force"), again.err());
        Path wrong = dir.resolve("wrong.safetensors");
        dev.cochlea.io.Safetensors.save(wrong, java.util.Map.of("features", dev.cochlea.tensor.Tensor.zeros(3, 1, 40, 31)));
        TrainCommandsTest.Result bad = TrainCommandsTest.cli("onnx", "run", model, "--input", wrong.toString(), "--out",
                dir.resolve("o2.safetensors").toString());
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("features") && bad.err().contains("[3, 1, 40, 31]"), bad.err());
        assertTrue(Files.notExists(dir.resolve("o2.safetensors")));
        TrainCommandsTest.Result info = TrainCommandsTest.cli("onnx", "info", model);
        assertTrue(info.out().contains("every operator runs in Cochlea"), info.out());
    }

    @Test
    void predictRunsAnOnnxModelWithARunsFeatureSettings() {
        String dir = "cochlea-onnx/src/test/resources/onnx/";
        TrainCommandsTest.Result r = TrainCommandsTest.cli("predict", dir + "cnn2d.onnx", "../shared/data/fsdd/recordings/3_theo_0.wav",
                "--config", dir + "cnn2d.config.json", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"label\":") && r.out().contains("3_theo_0.wav"), r.out());
        TrainCommandsTest.Result none = TrainCommandsTest.cli("predict", dir + "cnn2d.onnx", "../shared/data/fsdd/recordings/3_theo_0.wav");
        assertEquals(2, none.code(), none.out());
        assertTrue(none.err().contains("no feature configuration"), none.err());
    }
}
