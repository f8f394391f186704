package dev.cochlea.cli.progress;

import dev.cochlea.train.EpochResult;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLinesTest {

    /** A clock that moves forward by a fixed step each time it is read. */
    static final class FakeClock implements java.util.function.LongSupplier {
        long now;
        final long stepNanos;

        FakeClock(double stepSeconds) {
            stepNanos = (long) (stepSeconds * 1e9);
        }

        @Override
        public long getAsLong() {
            long t = now;
            now += stepNanos;
            return t;
        }
    }

    static List<String> lines(StringWriter w) {
        return Arrays.asList(w.toString().split("\n"));
    }

    @Test
    void lineEveryTenthOfASlowEpoch() {
        StringWriter w = new StringWriter();
        ProgressLines p = new ProgressLines(w, new FakeClock(1));   // one second per step
        p.epochStart(3, 10, 79);
        for (int s = 1; s <= 79; s++) p.step(3, s, 79, 0.4123, 0.875, 312);
        List<String> out = lines(w);
        assertEquals(10, out.size(), w.toString());
        // step 8 is the first past a tenth of 79; 8 s for 8 steps, 71 to go: eta 1:11
        assertEquals("epoch 3/10  step 8/79  loss 0.4123  acc 87.5%  312 samples/s  eta 1:11", out.get(0));
        assertEquals("epoch 3/10  step 40/79  loss 0.4123  acc 87.5%  312 samples/s  eta 0:39", out.get(4));
        assertEquals("epoch 3/10  step 79/79  loss 0.4123  acc 87.5%  312 samples/s  eta 0:00", out.get(9));
    }

    @Test
    void fastEpochPrintsOnlyItsLastStepAndSummary() {
        StringWriter w = new StringWriter();
        ProgressLines p = new ProgressLines(w, new FakeClock(0.001));
        p.epochStart(1, 2, 100);
        for (int s = 1; s <= 100; s++) p.step(1, s, 100, 1.5, 0.25, 4000);
        p.epochEnd(new EpochResult(1, 1.5, 0.25, 1.25, 0.5, 1e-3, 4.2), true);
        assertEquals(List.of(
                "epoch 1/2  step 100/100  loss 1.5000  acc 25.0%  4000 samples/s  eta 0:00",
                "epoch 1/2 done  train loss 1.5000  acc 25.0%  val loss 1.2500  acc 50.0%  lr 1.00e-03  4.2s  (best)"), lines(w));
    }

    @Test
    void heartbeatWhenATenthTakesLong() {
        StringWriter w = new StringWriter();
        ProgressLines p = new ProgressLines(w, new FakeClock(61));
        p.epochStart(1, 1, 1000);
        for (int s = 1; s <= 3; s++) p.step(1, s, 1000, 2, 0.1, 1);
        List<String> out = lines(w);
        assertEquals(3, out.size(), w.toString());
        assertEquals("epoch 1/1  step 2/1000  loss 2.0000  acc 10.0%  1 samples/s  eta 16:54:38", out.get(1));
    }

    @Test
    void messagesAndPrintStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLines p = new ProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.message("1000 clips, 10 classes");
        p.epochStart(1, 0, 1);
        p.step(1, 1, 1, 0.5, 1, 10);
        p.close();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("1000 clips, 10 classes" + System.lineSeparator()), s);
        assertTrue(s.contains("epoch 1  step 1/1  loss 0.5000  acc 100.0%  10 samples/s  eta 0:00"), s);
    }

    @Test
    void progressBarDrawsAndEndsWithSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120)) {
            bar.epochStart(1, 2, 10);
            for (int s = 1; s <= 10; s++) bar.step(1, s, 10, 0.5, 0.75, 100);
            bar.epochEnd(new EpochResult(1, 0.5, 0.75, 0.6, 0.7, 0.01, 1.0), false);
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("epoch 1/2"), s);
        assertTrue(s.contains("10/10"), s);
        assertTrue(s.contains("loss 0.5000 acc 75.0% 100 samples/s\n"), s);
        assertTrue(s.contains("epoch 1/2 done  train loss 0.5000  acc 75.0%  val loss 0.6000  acc 70.0%  lr 1.00e-02  1.0s"), s);
    }
}
