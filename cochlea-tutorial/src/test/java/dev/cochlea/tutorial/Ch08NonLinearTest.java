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

class Ch08NonLinearTest {
    @TempDir
    Path dir;

    @Test
    void activationsDerivativesAndPictures() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch08NonLinear().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        // input [[1, -0.5], [-1, 3]]
        assertArrayEquals(new float[] {1, 0, 0, 3}, (float[]) r.get("small ReLU"));
        assertArrayEquals(new float[] {(float) Math.tanh(1), (float) Math.tanh(-0.5), (float) Math.tanh(-1), (float) Math.tanh(3)},
                (float[]) r.get("small Tanh"), 1e-6f);
        assertArrayEquals(new float[] {sigmoid(1), sigmoid(-0.5), sigmoid(-1), sigmoid(3)}, (float[]) r.get("small Sigmoid"), 1e-6f);
        assertArrayEquals(new float[] {1, -0.05f, -0.1f, 3}, (float[]) r.get("small LeakyReLU(0.1)"), 1e-6f);

        // autograd's derivatives agree with the closed forms
        assertTrue((double) r.get("sigmoidGradError") < 1e-6);
        assertTrue((double) r.get("tanhGradError") < 1e-6);
        assertEquals(0.0, (double) r.get("reluGradError"));
        assertEquals(0.25, (double) r.get("sigmoidMaxSlope"), 1e-6);
        assertEquals(1.0, (double) r.get("tanhMaxSlope"), 1e-6);
        // ten sigmoids shrink the gradient below 0.25^10; ten ReLUs pass it on
        assertTrue((double) r.get("depth10 Sigmoid") < Math.pow(0.25, 10));
        assertEquals(1.0, (double) r.get("depth10 ReLU"), 1e-6);
        // E[relu(z)] = 1/sqrt(2 pi) for z ~ N(0, 1)
        assertEquals(1 / Math.sqrt(2 * Math.PI), (double) r.get("mean ReLU"), 0.01);
        assertEquals(0.0, (double) r.get("mean Tanh"), 0.01);
        assertEquals(0.5, (double) r.get("mean Sigmoid"), 0.01);

        assertTrue((double) r.get("reluMin") >= 0);
        double[] sigmoidRange = (double[]) r.get("sigmoidRange");
        assertTrue(sigmoidRange[0] >= sigmoid(-1) - 1e-6 && sigmoidRange[1] <= sigmoid(1) + 1e-6);
        assertTrue(Images.isPng(dir.resolve("activations.png")) && Images.isPng(dir.resolve("derivatives.png")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")), "a TensorBoard event file");
        }
    }

    private static float sigmoid(double x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
