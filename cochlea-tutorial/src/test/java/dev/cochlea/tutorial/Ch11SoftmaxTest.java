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

class Ch11SoftmaxTest {
    @TempDir
    Path dir;

    @Test
    void probabilitiesFromLogits() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch11Softmax().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        float[] expected = softmax(2.0, 1.0, 0.1);
        assertArrayEquals(expected, (float[]) r.get("softmax"), 1e-6f);
        assertArrayEquals(expected, (float[]) r.get("shiftedSoftmax"), 1e-5f);
        assertArrayEquals(softmax(2, 1, 0), (float[]) r.get("largeSoftmax"), 1e-6f);   // 1000, 999, 998 without overflow
        assertTrue((double) r.get("sigmoidSoftmaxGap") < 1e-6);

        assertTrue((double) r.get("lastLoss") < (double) r.get("firstLoss"));
        assertTrue((double) r.get("accuracy") > 2 * (double) r.get("chance"), "accuracy " + r.get("accuracy"));
        assertTrue((double) r.get("rowSumError") < 1e-5);
        int[] shape = (int[]) r.get("probabilitiesShape");
        assertEquals(30, shape[0]);   // 6 synthetic classes x 5 test clips
        assertEquals(6, shape[1]);
        assertTrue((double) r.get("binaryLastLoss") < (double) r.get("binaryFirstLoss"));
        assertTrue((double) r.get("binaryAccuracy") > 0.5, "binary accuracy " + r.get("binaryAccuracy"));
    }

    private static float[] softmax(double... z) {
        double sum = 0;
        for (double v : z) sum += Math.exp(v);
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) p[i] = (float) (Math.exp(z[i]) / sum);
        return p;
    }
}
