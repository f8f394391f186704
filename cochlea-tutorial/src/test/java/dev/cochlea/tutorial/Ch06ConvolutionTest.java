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

class Ch06ConvolutionTest {
    @TempDir
    Path dir;

    @Test
    void convolutionValuesSizesAndImages() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch06Convolution().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        // 5x5 input, kernel [[1, 2], [0, 1]], by hand
        assertArrayEquals(new float[] {6, 4, 9, 6, 4, 6, 8, 5, 7, 7, 2, 1, 10, 8, 6, 4}, (float[]) r.get("output"));
        assertArrayEquals(new int[] {1, 1, 4, 4}, (int[]) r.get("outputShape"));
        assertArrayEquals(new int[] {1, 1, 2, 2}, (int[]) r.get("strideShape"));
        assertArrayEquals(new int[] {1, 1, 6, 6}, (int[]) r.get("paddingShape"));
        assertEquals(r.get("formulaRows"), r.get("formulaAgree"));
        assertEquals(15, (int) r.get("formulaRows"));
        assertArrayEquals(new float[] {1, 2, 2, 1, 0, -1, -2, -2, -1}, (float[]) r.get("conv1d"));
        assertArrayEquals(new int[] {1, 1, 3, 4, 4}, (int[]) r.get("conv3dShape"));
        assertEquals(124f, (float) r.get("conv3dFirst"));
        assertArrayEquals(new int[] {1, 1, 4, 4}, (int[]) r.get("transposeShape"));
        assertEquals(true, r.get("transposeMatchesConv"));
        assertArrayEquals(new int[] {1, 1, 3, 3}, (int[]) r.get("dilatedShape"));
        assertEquals(15, (int) r.get("receptiveField"));

        int[] image = (int[]) r.get("imageShape"), conv = (int[]) r.get("convOutputShape");
        assertEquals(3, image[1]);
        assertArrayEquals(new int[] {1, 6, image[2] - 2, image[3] - 2}, conv);
        assertTrue(Images.isPng(dir.resolve("input.png")) && Images.isPng(dir.resolve("output.png")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")), "a TensorBoard event file");
        }
        assertEquals(16, Ch06Convolution.outputSize(32, 5, 2, 2, 1));   // floor(31 / 2 + 1)
    }
}
