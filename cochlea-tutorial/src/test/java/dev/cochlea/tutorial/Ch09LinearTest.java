package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch09LinearTest {
    @TempDir
    Path dir;

    @Test
    void linearLayerMatchesTheFormula() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch09Linear().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        int[] flat = (int[]) r.get("flatShape");
        assertEquals(2, flat.length);
        assertEquals(1, flat[0]);
        assertEquals(3 * 129 * 126, flat[1]);   // 3 colours x 129 frequency bins x 126 frames
        assertArrayEquals(new int[] {1, 10}, (int[]) r.get("outputShape"));
        assertEquals((long) flat[1] * 10 + 10, (long) r.get("parameters"));
        // y = x A^T + b: the layer, plain loops and matmul agree
        double scale = Math.max(1, (double) r.get("outputScale"));
        assertTrue((double) r.get("loopDifference") < 1e-5 * scale, "loops: " + r.get("loopDifference"));
        assertTrue((double) r.get("matmulDifference") < 1e-5 * scale, "matmul: " + r.get("matmulDifference"));
        assertArrayEquals(new int[] {4, 10}, (int[]) r.get("batchShape"));
        assertTrue((double) r.get("batchRowDifference") < 1e-5 * scale);
        assertArrayEquals(new int[] {1, 3, 129, 16}, (int[]) r.get("lastDimShape"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")), "a TensorBoard event file");
        }
    }
}
