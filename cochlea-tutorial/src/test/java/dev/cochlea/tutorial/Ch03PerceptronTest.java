package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch03PerceptronTest {
    @TempDir
    Path dir;

    @Test
    void perceptronFollowsTheFormula() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch03Perceptron().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        double y = 1 / (1 + Math.exp(-(1 * 0.2 + 2 * -0.1 + 3 * 0.4 - 0.5)));
        assertEquals(y, (double) r.get("plain"), 1e-12);
        assertEquals(y, (double) r.get("tensor"), 1e-6);
        assertArrayEquals(new int[] {4}, (int[]) r.get("batchShape"));
        float[] grad = (float[]) r.get("gradient");
        for (int i = 0; i < 3; i++) assertEquals(y * (1 - y) * (i + 1), grad[i], 1e-6, "dy/dw = y(1-y) x");
        assertTrue((double) r.get("lastLoss") < 0.01 * (double) r.get("firstLoss"), "gradient descent lowers the loss");
        assertEquals(0.5, Ch03Perceptron.perceptron(new double[] {1, -1}, new double[] {1, 1}, 0), 1e-12);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("0.668188"));
    }
}
