package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch05DeepTest {
    @TempDir
    Path dir;

    @Test
    void arraysAndTensorsAgreeAndTheNetworkLearns() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch05Deep().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        double[] plain = (double[]) r.get("plainOutput");
        float[] tensor = (float[]) r.get("tensorOutput");
        assertEquals(2, plain.length);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], tensor[i], 1e-5);
            assertTrue(plain[i] > 0 && plain[i] < 1, "a sigmoid output");
        }
        assertTrue((double) r.get("lastLoss") < 0.5 * (double) r.get("firstLoss"), "the loss goes down");
        assertTrue((double) r.get("accuracy") > 2 * (double) r.get("chance"), "accuracy " + r.get("accuracy") + " beats chance");
    }

    @Test
    void plainNetworkIsTheSlidesFormula() {
        Ch05Deep.DeepNetwork net = new Ch05Deep.DeepNetwork(2, new int[] {3}, 1, 7);
        double[] x = {0.5, -1};
        double[] hidden = new double[3];
        for (int j = 0; j < 3; j++) hidden[j] = 1 / (1 + Math.exp(-(x[0] * net.weights[0][0][j] + x[1] * net.weights[0][1][j])));
        double sum = 0;
        for (int j = 0; j < 3; j++) sum += hidden[j] * net.weights[1][j][0];
        assertEquals(1 / (1 + Math.exp(-sum)), net.forward(x)[0], 1e-12);
    }
}
