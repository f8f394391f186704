package dev.cochlea.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cochlea onnx info} on the model PyTorch exported for cochlea-onnx's tests, and on a file that is not one. */
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
}
