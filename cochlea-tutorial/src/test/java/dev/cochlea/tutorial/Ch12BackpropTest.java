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

class Ch12BackpropTest {
    @TempDir
    Path dir;

    @Test
    void handStepEqualsSgdAndTheFilterIsFound() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch12Backprop().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        // d/db of (prediction - labels).sum() is the number of rows; d/dw_i is the sum of input column i
        assertEquals(500.0, (double) r.get("sumLossBiasGrad"));
        assertTrue((double) r.get("sumLossWeightGradError") < 1e-5);
        assertTrue((double) r.get("finiteDifferenceError") < 1e-3, "finite differences: " + r.get("finiteDifferenceError"));
        assertEquals(0.0, (double) r.get("stepDifference"), "w - lr * grad by hand and SGD.step() agree exactly");
        assertTrue((double) r.get("accumulationError") < 1e-5);
        assertTrue((double) r.get("lastLoss") < 0.01 * (double) r.get("firstLoss"));
        assertTrue((double) r.get("filterError") < 1e-2, "filter error " + r.get("filterError"));
    }
}
