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

class Ch01PipelineTest {
    @TempDir
    Path dir;

    @Test
    void pipelineClassifiesAndRegresses() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch01Pipeline().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        String printed = text.toString(StandardCharsets.UTF_8);

        double mean = (double) r.get("durationMean"), median = (double) r.get("durationMedian");
        assertTrue(mean > 0.5 && mean < 1.0 && median > 0.5 && median < 1.0, "synthetic clips last 0.6–1 s: " + mean + ", " + median);
        assertEquals(0, (double) r.get("standardisedMean"), 1e-4);
        assertEquals(1, (double) r.get("standardisedVariance"), 0.05);

        assertTrue((double) r.get("classifierLastLoss") < 0.5 * (double) r.get("classifierFirstLoss"), "the classifier's loss goes down");
        assertTrue((double) r.get("accuracy") > 2 * (double) r.get("chance"), "accuracy " + r.get("accuracy") + " beats chance");

        assertTrue((double) r.get("regressionLastLoss") < 0.01 * (double) r.get("regressionFirstLoss"), "the regression's loss goes down");
        assertTrue((double) r.get("regressionMaeHz") < 0.1 * (double) r.get("regressionBaselineHz"),
                "pitch error " + r.get("regressionMaeHz") + " Hz is far below guessing the mean");
        assertTrue(printed.contains("confusion matrix") && printed.contains("mean absolute error"), printed);
    }
}
