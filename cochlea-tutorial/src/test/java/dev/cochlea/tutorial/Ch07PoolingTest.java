package dev.cochlea.tutorial;

import dev.cochlea.vision.Images;
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

class Ch07PoolingTest {
    @TempDir
    Path dir;

    @Test
    void poolingValuesSizesAndImages() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch07Pooling().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        // the 5x5 input with 3x3 windows, by hand
        assertArrayEquals(new float[] {2}, (float[]) r.get("maxFloor"));
        assertArrayEquals(new float[] {2, 3, 5, 1}, (float[]) r.get("maxCeil"));
        assertArrayEquals(new float[] {10 / 9f, 8 / 6f, 13 / 6f, 1}, (float[]) r.get("avgCeil"), 1e-5f);
        assertArrayEquals(new int[] {3, 3}, (int[]) r.get("defaultStride"));
        assertEquals(16, (int) r.get("formulaRows"));
        assertEquals(r.get("formulaRows"), r.get("formulaAgree"));
        assertEquals(true, r.get("shiftInvariant"));
        assertArrayEquals(new int[] {1, 16, 32, 32}, (int[]) r.get("convShape"));
        assertArrayEquals(new int[] {1, 3, 16, 16}, (int[]) r.get("poolShape"));
        assertEquals(0L, (long) r.get("poolParameters"));
        assertArrayEquals(new int[] {1, 1, 2, 4, 4}, (int[]) r.get("pool3dShape"));
        assertTrue((int) r.get("envelopeLength") > 0);

        int[] image = (int[]) r.get("imageShape");
        int[] expected = {1, 3, (image[2] + 2) / 3, (image[3] + 2) / 3};   // ceil(H / 3), ceil(W / 3)
        assertArrayEquals(expected, (int[]) r.get("maxPooledShape"));
        assertArrayEquals(expected, (int[]) r.get("avgPooledShape"));
        assertTrue((float) r.get("maxPooledMean") > (float) r.get("inputMean"), "max pooling keeps each window's brightest value");
        for (String png : new String[] {"input.png", "maxpool.png", "avgpool.png"}) assertTrue(Images.isPng(dir.resolve(png)), png);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")), "a TensorBoard event file");
        }
        assertEquals(2, Ch07Pooling.outputSize(5, 3, 3, 0, true));
        assertEquals(1, Ch07Pooling.outputSize(5, 3, 3, 0, false));
    }
}
