package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.cochlea.onnx.TestGraphs.node;
import static dev.cochlea.onnx.TestGraphs.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files made to break a runtime: truncated, cyclic, dangling, huge or unsupported graphs give an error
 * naming the file (and node) when loaded or run, never an OutOfMemoryError or a hang. (Tensors that
 * declare more than their data and external data leaving the model's folder: OnnxTensorsTest.)
 */
class OnnxHostileFilesTest {
    @Test
    void aTruncatedFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(PyTorchExportsTest.DIR.resolve("cnn2d.onnx"));
        for (int cut : new int[] {whole.length / 2, whole.length - 3, 7}) {
            Path f = dir.resolve("cut" + cut + ".onnx");
            Files.write(f, Arrays.copyOf(whole, cut));
            IOException e = assertThrows(IOException.class, () -> OnnxModel.read(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void aCycleIsFoundBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path f = TestGraphs.write(dir.resolve("cycle.onnx"), List.of(
                node("Add", "a", List.of("x", "c"), List.of("b")),
                node("Relu", "r", List.of("b"), List.of("c")),
                node("Relu", "out", List.of("c"), List.of("y"))),
                List.of(value("x", 1, 2)), List.of(value("y", 1, 2)), List.of());
        IOException e = assertThrows(IOException.class, () -> OnnxModel.read(f));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("'a'") && e.getMessage().contains("cycle.onnx"), e.getMessage());
    }

    @Test
    void valuesNothingProducesAndValuesProducedTwiceAreRefused(@TempDir Path dir) throws IOException {
        Path dangling = TestGraphs.write(dir.resolve("dangling.onnx"), List.of(node("Add", "a", List.of("x", "ghost"), List.of("y"))),
                List.of(value("x", 1, 2)), List.of(value("y", 1, 2)), List.of());
        IOException e = assertThrows(IOException.class, () -> OnnxModel.read(dangling));
        assertTrue(e.getMessage().contains("'ghost'"), e.getMessage());
        Path twice = TestGraphs.write(dir.resolve("twice.onnx"), List.of(node("Relu", "a", List.of("x"), List.of("y")),
                node("Neg", "b", List.of("x"), List.of("y"))), List.of(value("x", 1, 2)), List.of(value("y", 1, 2)), List.of());
        IOException t = assertThrows(IOException.class, () -> OnnxModel.read(twice));
        assertTrue(t.getMessage().contains("'y'") && t.getMessage().contains("twice"), t.getMessage());
    }

    @Test
    void everyUnsupportedOperatorIsListedAtOnce(@TempDir Path dir) throws IOException {
        Path f = TestGraphs.write(dir.resolve("odd.onnx"), List.of(
                node("NonMaxSuppression", "nms", List.of("x"), List.of("a")),
                node("Relu", "fine", List.of("a"), List.of("b")),
                node("Loop", "loop", List.of("b"), List.of("y"))),
                List.of(value("x", 1, 2)), List.of(value("y", 1, 2)), List.of());
        UnsupportedOperatorsException e = assertThrows(UnsupportedOperatorsException.class, () -> OnnxModel.read(f));
        assertEquals(List.of("NonMaxSuppression (node 'nms')", "Loop (node 'loop')"), e.unsupported());
        assertTrue(e.getMessage().contains("odd.onnx"), e.getMessage());
    }

    @Test
    void aTenThousandNodeGraphLoadsAndRunsWithoutRecursionOrHang(@TempDir Path dir) throws IOException {
        List<OnnxProto.NodeProto> nodes = new ArrayList<>();
        String prev = "x";
        for (int i = 0; i < 10_000; i++) {
            String next = i == 9_999 ? "y" : "v" + i;
            nodes.add(node(i % 2 == 0 ? "Relu" : "Neg", "n" + i, List.of(prev), List.of(next)));
            prev = next;
        }
        // Written in reverse: the order comes from the data flow, not the file.
        java.util.Collections.reverse(nodes);
        Path f = TestGraphs.write(dir.resolve("long.onnx"), nodes, List.of(value("x", 1, "batch", 4)), List.of(value("y", 1, "batch", 4)),
                List.of());
        Tensor y = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> OnnxModel.read(f).run(Map.of("x", Tensor.tensor(1, -2, 3, -4)
                .reshape(1, 4))).get("y"));
        // relu then neg 5,000 times: the positives become 0 after the first neg... relu(-relu(v)) = 0 for all v.
        assertArrayEquals(new float[] {0, 0, 0, 0}, y.toFloatArray(), 0f);
    }

    @Test
    void shapesAskingForMoreThanMemoryHoldsGiveAnErrorNamingTheNode(@TempDir Path dir) throws IOException {
        Path f = TestGraphs.write(dir.resolve("huge.onnx"), List.of(
                node("ConstantOfShape", "fill", List.of("shape"), List.of("z")),
                node("Add", "add", List.of("x", "z"), List.of("y"))),
                List.of(value("x", 1, 1)), List.of(value("y", 1, "?", "?", "?")),
                List.of(TestGraphs.longs("shape", 1_000_000, 1_000_000, 1_000_000)));
        OnnxModel m = OnnxModel.read(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("x", Tensor.zeros(1))));
        assertTrue(e.getMessage().contains("'fill'") && e.getMessage().contains("would not fit in memory"), e.getMessage());
        Path g = TestGraphs.write(dir.resolve("expand.onnx"), List.of(node("Expand", "grow", List.of("x", "shape"), List.of("y"))),
                List.of(value("x", 1, 1)), List.of(value("y", 1, "?", "?")), List.of(TestGraphs.longs("shape", 200_000, 200_000)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> OnnxModel.read(g).run(Map.of("x", Tensor.zeros(1))));
        assertTrue(ex.getMessage().contains("'grow'") && ex.getMessage().contains("would not fit"), ex.getMessage());
    }

    @Test
    void inputsAreCheckedAgainstTheirDeclaration() throws IOException {
        OnnxModel m = OnnxModel.read(PyTorchExportsTest.DIR.resolve("cnn2d.onnx"));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("features", Tensor.zeros(2, 1, 40, 31))));
        assertTrue(shape.getMessage().contains("[batch, 1, 40, 32]") && shape.getMessage().contains("[2, 1, 40, 31]"), shape.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("x", Tensor.zeros(1))));
        assertTrue(missing.getMessage().contains("'features' is not given"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("features",
                Tensor.zerosLong(2, 1, 40, 32))));
        assertTrue(type.getMessage().contains("float32"), type.getMessage());
    }
}
