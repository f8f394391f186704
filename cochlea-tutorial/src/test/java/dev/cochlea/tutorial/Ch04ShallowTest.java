package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch04ShallowTest {
    @TempDir
    Path dir;

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void twoLayersAndAnAutoencoder() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch04Shallow().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        double h1 = sigmoid(0.2 - 0.2 + 1.2 - 0.5), h2 = sigmoid(-0.3 + 1.0 + 0.3 + 0.1);
        double y = sigmoid(1.5 * h1 - 2.0 * h2 + 0.3);
        assertEquals(y, (double) r.get("plain"), 1e-12);
        assertEquals(y, (double) r.get("tensor"), 1e-6);

        @SuppressWarnings("unchecked")
        List<Double> losses = (List<Double>) r.get("testLosses");
        assertTrue(losses.size() >= 5);
        double first = losses.get(0), last = losses.get(losses.size() - 1);
        assertTrue(last < 0.5 * first, "the reconstruction loss goes down: " + losses);
        for (int i = 2; i < losses.size(); i++) assertTrue(losses.get(i) < losses.get(1), "below the first epoch's: " + losses);
        assertTrue((double) r.get("pcaLoss") < first, "PCA reconstructs better than an untrained autoencoder");
    }
}
