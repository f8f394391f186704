package dev.cochlea.train;

import dev.cochlea.tensor.Generator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small CNN trained on three kinds of whistle (steady, rising, falling; 0.3-0.5 s, recorded as
 * takes with at most 100 ms of quiet before and after) listens to a stream of new whistles with
 * quiet noise between them; what it
 * reports, and when, is checked against where each whistle was put.
 */
class StreamingClassifierTest {
    static final int RATE = 8000;
    @TempDir
    static Path dir;
    static Classifier model;

    @BeforeAll
    static void train() throws Exception {
        Path data = dir.resolve("whistles");
        Generator g = new Generator(5);
        for (String label : LABELS) {
            java.nio.file.Files.createDirectories(data.resolve(label));
            for (int i = 0; i < 30; i++) {
                float[] w = take(whistle(label, g), g);
                dev.cochlea.audio.Wav.write16(data.resolve(label).resolve(i + ".wav"), dev.cochlea.tensor.Tensor.wrap(w, 1, w.length), RATE);
            }
        }
        FeatureConfig f = new FeatureConfig("mel", RATE, RATE, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0);
        TrainSettings s = TrainSettings.builder(data, dir.resolve("run")).model("cnn").split("random:0.2").validation("none").normalize("dataset").epochs(15)
                .batchSize(16).lr(3e-3).seed(3).features(f).build();
        new TrainJob(s, new TrainListener() {}).run();
        model = Classifier.load(dir.resolve("run"));
    }

    static final List<String> LABELS = List.of("falling", "rising", "steady");

    /** 0.3-0.5 s of a sine whose pitch stays, rises or falls by an octave, swelling and fading like a syllable, peak -26 to -12 dBFS. */
    static float[] whistle(String label, Generator g) {
        int n = (int) (RATE * (0.3 + 0.2 * g.nextFloat()));
        double f0 = 300 + 700 * g.nextFloat(), amp = 0.05 + 0.2 * g.nextFloat();
        double f1 = switch (label) {
            case "rising" -> 2 * f0;
            case "falling" -> f0 / 2;
            default -> f0;
        };
        float[] x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            phase += 2 * Math.PI * (f0 + (f1 - f0) * i / n) / RATE;
            double env = Math.sin(Math.PI * i / n);
            x[i] = (float) (amp * env * Math.sin(phase));
        }
        return x;
    }

    /** A recorded take of {@code sound}: 0-100 ms of quiet noise (-70 dBFS) before and after it. */
    static float[] take(float[] sound, Generator g) {
        int before = (int) (0.1 * RATE * g.nextFloat()), after = (int) (0.1 * RATE * g.nextFloat());
        float[] x = new float[before + sound.length + after];
        System.arraycopy(sound, 0, x, before, sound.length);
        for (int i = 0; i < x.length; i++) x[i] += (float) (3e-4 * g.nextGaussian());
        return x;
    }

    record Placed(String label, double start, double end) {
    }

    /** Sounds with 0.6-1.0 s of quiet noise (-70 dBFS) between them; fills {@code truth}. */
    static float[] stream(int count, List<Placed> truth) {
        Random r = new Random(11);
        Generator g = new Generator(11);
        List<float[]> parts = new ArrayList<>();
        int pos = 0;
        for (int k = 0; k < count; k++) {
            int gap = (int) ((0.6 + 0.4 * r.nextDouble()) * RATE);
            parts.add(new float[gap]);
            pos += gap;
            String label = LABELS.get(r.nextInt(LABELS.size()));
            float[] clip = whistle(label, g);
            parts.add(clip);
            truth.add(new Placed(label, (double) pos / RATE, (double) (pos + clip.length) / RATE));
            pos += clip.length;
        }
        parts.add(new float[RATE]);
        float[] x = new float[pos + RATE];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, x, o, p.length);
            o += p.length;
        }
        for (int i = 0; i < x.length; i++) x[i] += (float) (3e-4 * r.nextGaussian());
        return x;
    }

    static List<Detection> listen(float[] x, int chunk, StreamingOptions o) {
        StreamingClassifier s = new StreamingClassifier(model, o);
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < x.length; i += chunk) out.addAll(s.accept(x, i, Math.min(chunk, x.length - i)));
        out.addAll(s.finish());
        return out;
    }

    @Test
    void reportsEachSoundOnceInOrderSoonAfterItEnds() {
        List<Placed> truth = new ArrayList<>();
        float[] x = stream(12, truth);
        List<Detection> d = listen(x, 333, StreamingOptions.defaults());
        assertEquals(truth.size(), d.size(), "one detection per sound: " + d);
        int right = 0;
        for (int k = 0; k < d.size(); k++) {
            Detection det = d.get(k);
            Placed p = truth.get(k);
            assertTrue(det.time() >= p.end() - 0.05 && det.time() <= p.end() + 0.3, "decided within 300 ms of the end: " + det + " " + p);
            assertTrue(Math.abs(det.start() - p.start()) < 0.1, "starts where the sound starts: " + det + " " + p);
            if (det.label().equals(p.label())) right++;
        }
        assertTrue(right >= 11, right + " of 12 right: " + d + " truth " + truth);
    }

    @Test
    void theChunkSizeChangesNothing() {
        float[] x = stream(6, new ArrayList<>());
        List<Detection> a = listen(x, 1, StreamingOptions.defaults());
        assertEquals(a, listen(x, 4096, StreamingOptions.defaults()));
        assertEquals(a, listen(x, 800, StreamingOptions.defaults()));
    }

    @Test
    void silenceAndSteadyNoiseAreNeverReportedAndCostNothing() {
        Random r = new Random(5);
        float[] noise = new float[RATE * 20];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (0.003 * r.nextGaussian() + 0.02 * Math.sin(2 * Math.PI * 60 * i / RATE));
        StreamingClassifier s = new StreamingClassifier(model, StreamingOptions.defaults());
        assertEquals(List.of(), s.accept(noise, 0, noise.length));
        assertEquals(List.of(), s.accept(new float[RATE * 5], 0, RATE * 5));
        assertEquals(0, s.evaluations());
    }

    @Test
    void slidingWindowsFollowRecognizeCommands() {
        List<Placed> truth = new ArrayList<>();
        float[] x = stream(6, truth);
        List<Detection> d = listen(x, 512, StreamingOptions.defaults().align(StreamingOptions.Align.SLIDING).threshold(0.5));
        assertTrue(!d.isEmpty());
        for (int k = 1; k < d.size(); k++) assertTrue(d.get(k).time() - d.get(k - 1).time() >= 0.5, "suppressed: " + d);
        for (Detection det : d) {
            // A window holds a clip-length (1 s) of audio; every decision is on one that held a whistle.
            assertTrue(truth.stream().anyMatch(p -> det.time() > p.start() && det.time() - 1.0 < p.end()), "not in silence: " + det);
        }
    }

    @Test
    void hostileSamplesAreClippedAndBadRangesRefused() {
        StreamingClassifier s = new StreamingClassifier(model, StreamingOptions.defaults());
        float[] bad = new float[RATE];
        java.util.Arrays.fill(bad, Float.NaN);
        bad[5] = Float.POSITIVE_INFINITY;
        bad[6] = 1e30f;
        s.accept(bad, 0, bad.length);
        s.finish();
        assertThrows(IndexOutOfBoundsException.class, () -> s.accept(bad, RATE - 2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> s.accept(bad, -1, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamingOptions.defaults().threshold(2)).getMessage()
                .startsWith("threshold"));
    }
}
