package dev.cochlea.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reading an ONNX file exported by PyTorch itself (src/test/resources/onnx/make_models.py: torch
 * 1.13 {@code torch.onnx.export}, opset 13, versions.json), and refusing files that are not models.
 */
class OnnxInfoTest {
    static final Path TINY = Path.of("cochlea-onnx/src/test/resources/onnx/tiny_cnn.onnx");

    @Test
    void readsWhatPyTorchExported() throws IOException {
        assertTrue(Files.isRegularFile(TINY), "reference model missing: run make_models.py (" + TINY + ")");
        OnnxInfo info = OnnxInfo.read(TINY);
        assertTrue(info.producer().startsWith("pytorch"), info.producer());
        assertEquals(13L, info.opsets().get(""));
        assertEquals(List.of(new OnnxInfo.Value("features", "float32", List.of("batch", "1", "8", "8"))), info.inputs());
        assertEquals(List.of(new OnnxInfo.Value("logits", "float32", List.of("batch", "3"))), info.outputs());
        assertEquals(Map.of("Conv", 1, "Relu", 1, "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1), info.operators());
        assertEquals(4, info.weights(), "conv and linear weights and biases");
        assertTrue(info.describe().contains("input  features: float32 [batch, 1, 8, 8]"), info.describe());
    }

    @Test
    void filesThatAreNotModelsAreRefusedNamingThem(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(TINY);
        Path cut = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(good, good.length / 2));
        IOException e = assertThrows(IOException.class, () -> OnnxInfo.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.onnx"), "this is not a model");
        e = assertThrows(IOException.class, () -> OnnxInfo.read(text));
        assertTrue(e.getMessage().contains("notes.onnx") && e.getMessage().contains("ONNX"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        e = assertThrows(IOException.class, () -> OnnxInfo.read(empty));
        assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> OnnxInfo.read(dir.resolve("missing.onnx")));
    }
}
