package dev.cochlea.train;

import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.ExponentialMovingAverage;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of the training recipe: normalisation, mixup, weight averaging, time shifts. */
class RecipePartsTest {
    @Test
    void utteranceNormalisationRemovesLevelAndTilt() {
        float[] f = new float[2 * 4];
        for (int t = 0; t < 4; t++) {
            f[t] = 10 + t;          // band 0
            f[4 + t] = -3 + 2 * t;  // band 1
        }
        Tensor x = Tensor.wrap(f.clone(), 1, 2, 4);
        Tensor louder = x.add(Tensor.scalar(25f));
        Tensor a = FeatureNormalization.UTTERANCE.apply(x, null), b = FeatureNormalization.UTTERANCE.apply(louder, null);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-5f, "a level change cancels out");
        float[] v = a.toFloatArray();
        double mean0 = (v[0] + v[1] + v[2] + v[3]) / 4, sq = 0;
        for (float y : v) sq += y * y;
        assertEquals(0, mean0, 1e-6);
        assertEquals(1, sq / v.length, 1e-5, "unit variance over the clip");
        assertEquals(FeatureNormalization.DATASET, FeatureNormalization.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureNormalization.parse("speaker"));
        assertTrue(e.getMessage().startsWith("normalize:"), e.getMessage());
        Tensor whole = FeatureNormalization.UTTERANCE.apply(x, null, 0, 2);
        assertArrayEquals(a.toFloatArray(), whole.toFloatArray(), 0f, "utterance statistics use every frame");
    }

    @Test
    void paddingTakesNoPartInUtteranceStatistics() {
        // Frames 0-1 hold the recording, frames 2-4 are padding at a floor of -80.
        float[] f = {10, 12, -80, -80, -80, /* band 1 */ 0, 4, -80, -80, -80};
        float[] same = {10, 12, -50, -50, -50, 0, 4, -50, -50, -50};
        Tensor a = FeatureNormalization.RECORDING.apply(Tensor.wrap(f, 1, 2, 5), null, 0, 2);
        Tensor b = FeatureNormalization.RECORDING.apply(Tensor.wrap(same, 1, 2, 5), null, 0, 2);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f, "the padding's level changes nothing");
        float[] v = a.toFloatArray();
        assertEquals(0, v[0] + v[1], 1e-6, "band 0 mean over the recording");
        assertEquals(0, v[5] + v[6], 1e-6, "band 1 mean over the recording");
        float quietest = Math.min(Math.min(v[0], v[1]), Math.min(v[5], v[6]));
        for (int t = 2; t < 5; t++) assertEquals(quietest, v[t], 0f, "padding is the quietest recorded value");
        assertArrayEquals(new int[] {0, 8}, FeatureNormalization.activeFrames(0, 1000, 128, 8000), "frames 0..7 centre on samples < 1000");
        assertArrayEquals(new int[] {2, 63}, FeatureNormalization.activeFrames(200, 8000, 128, 8000));
        assertArrayEquals(new int[] {0, 1}, FeatureNormalization.activeFrames(0, 0, 128, 8000), "at least one frame");
    }

    @Test
    void mixupBlendsInputsAndTargetsWithOneLambda() {
        Tensor x = Tensor.wrap(new float[] {0, 0, 10, 10, 20, 20}, 3, 2);
        Tensor y = Tensor.ofLongs(new long[] {0, 1, 2}, 3);
        Mixup.Mixed m = Mixup.mix(x, y, 3, 0.4, 0.1f, new Generator(3));
        float[] t = m.targets().toFloatArray();
        for (int i = 0; i < 3; i++) assertEquals(1.0, t[3 * i] + t[3 * i + 1] + t[3 * i + 2], 1e-6, "row " + i + " sums to 1");
        double lam = m.lambda();
        assertTrue(lam >= 0 && lam <= 1);
        float[] in = m.inputs().toFloatArray();
        // Each mixed row is lam * its own row + (1 - lam) * some row, so it lies between 0 and 20.
        for (float v : in) assertTrue(v >= -1e-4 && v <= 20 + 1e-4);
        double mean = 0;
        Generator g = new Generator(1);
        for (int i = 0; i < 4000; i++) mean += Mixup.beta(0.4, g);
        assertEquals(0.5, mean / 4000, 0.03, "Beta(a, a) has mean 1/2");
        double gm = 0;
        for (int i = 0; i < 4000; i++) gm += Mixup.gamma(2.5, g);
        assertEquals(2.5, gm / 4000, 0.15, "Gamma(k) has mean k");
    }

    @Test
    void emaFollowsTheFormulaWithWarmUp() {
        Tensor.manualSeed(0);
        Module m = new Linear(2, 1);
        float w0 = m.getParameter("weight").toFloatArray()[0];
        ExponentialMovingAverage ema = new ExponentialMovingAverage(m, 0.99);
        m.getParameter("weight").storage()[m.getParameter("weight").offset()] = w0 + 1;
        ema.update(m);                       // decay min(0.99, 1/10) = 0.1
        float avg = ema.stateDict(m).get("weight").toFloatArray()[0];
        assertEquals(0.1f * w0 + 0.9f * (w0 + 1), avg, 1e-6f);
        Module copy = new Linear(2, 1);
        ema.copyTo(copy);
        assertEquals(avg, copy.getParameter("weight").toFloatArray()[0], 0f);
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(m, 1.0));
    }

    @Test
    void emaStateRestoresTheAverageAndItsWarmUp() {
        Tensor.manualSeed(0);
        Module m = new Linear(2, 1);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(m, 0.99);
        for (int i = 0; i < 3; i++) {
            m.getParameter("weight").storage()[m.getParameter("weight").offset()] += 1;
            ema.update(m);
        }
        ExponentialMovingAverage restored = new ExponentialMovingAverage(new Linear(2, 1), 0.99);
        restored.loadStateDict(ema.stateDict());
        assertEquals(3, restored.updates());
        m.getParameter("weight").storage()[m.getParameter("weight").offset()] += 1;
        ema.update(m);
        restored.update(m);
        assertArrayEquals(ema.stateDict(m).get("weight").toFloatArray(), restored.stateDict(m).get("weight").toFloatArray());
        java.util.Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(ema.stateDict());
        wrong.put("average.weight", Tensor.zeros(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> restored.loadStateDict(wrong));
        assertTrue(e.getMessage().contains("average.weight"), e.getMessage());
    }

    @Test
    void pcenAndWarpedFeaturesHaveTheModelShape() {
        FeatureConfig pcen = new FeatureConfig("pcen", 8000, 8000, 256, 256, 128, 40, 0, 0, "htk", "none", 13, 80, true, 0);
        float[] w = new float[8000];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.1 * Math.sin(2 * Math.PI * 1500 * i / 8000.0));
        Tensor f = new FeatureExtractor(pcen).fromWaveform(Tensor.wrap(w, 8000));
        assertArrayEquals(new int[] {1, 40, 63}, f.shape());
        for (float v : f.toFloatArray()) assertTrue(Float.isFinite(v) && v >= 0, "PCEN of a sine is finite and non-negative");
        FeatureExtractor mel = new FeatureExtractor(FeatureConfig.defaults());
        Tensor plain = mel.fromWaveform(Tensor.wrap(w, 8000));
        assertArrayEquals(plain.toFloatArray(), mel.fromWaveform(Tensor.wrap(w, 8000), 1.0).toFloatArray(), 0f, "warp 1 is no warp");
        Tensor warped = mel.fromWaveform(Tensor.wrap(w, 8000), 1.1);
        assertArrayEquals(new int[] {1, 40, 63}, warped.shape());
        int peakPlain = argmaxBand(plain), peakWarped = argmaxBand(warped);
        assertTrue(peakWarped != peakPlain, "a 10 % warp moves a 1500 Hz tone to another band: " + peakPlain + " vs " + peakWarped);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureConfig("cqt", 8000, 8000, 256, 256, 128, 40, 0, 0, "htk", "none", 13, 80, true, 0));
        assertTrue(e.getMessage().contains("mel, mfcc or pcen"), e.getMessage());
    }

    private static int argmaxBand(Tensor f) {
        float[] v = f.toFloatArray();
        int frames = f.size(-1), best = 0;
        for (int b = 0; b < f.size(-2); b++) if (v[b * frames + 30] > v[best * frames + 30]) best = b;
        return best;
    }

    @Test
    void dcOffsetAndSilenceAreCut() {
        float[] x = new float[5600];
        for (int i = 1600; i < 4000; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 500 * i / 8000.0));
        for (int i = 0; i < x.length; i++) x[i] += 0.003f * (float) Math.sin(i * 0.37) - 0.02f;   // a hum 40 dB down and a DC offset
        FeatureConfig cfg = new FeatureConfig("mel", 8000, 8000, 256, 256, 128, 40, 0, 0, "htk", "none", 13, 80, true, 30);
        Tensor mono = new FeatureExtractor(cfg).mono(new dev.cochlea.audio.AudioData(Tensor.wrap(x, 1, x.length), 8000, null));
        assertEquals(2400, mono.size(0), 160, "the 0.3 s tone is kept, the silence around it cut (to 20 ms windows)");
        double mean = 0;
        for (float v : mono.toFloatArray()) mean += v;
        assertEquals(0, mean / mono.size(0), 0.005, "no DC left");
        FeatureConfig keep = new FeatureConfig("mel", 8000, 8000, 256, 256, 128, 40, 0, 0, "htk", "none", 13, 80, false, 0);
        assertEquals(5600, new FeatureExtractor(keep).mono(new dev.cochlea.audio.AudioData(Tensor.wrap(x, 1, x.length), 8000, null)).size(0));
        assertArrayEquals(new float[8], FeatureExtractor.trim(new float[8], 4, 30), "silence stays as it is");
    }

    /** The start-of-recording clicks of FSDD's 2_george_1 and 9_yweweler_3: 26-36 dB down, 200 ms before the word. */
    @Test
    void aClickSetApartBeforeTheWordIsCutButAClosureInsideItIsNot() {
        float[] x = new float[8000];
        for (int i = 0; i < 40; i++) x[i] = 0.05f;                                          // a 5 ms click
        for (int i = 1600; i < 3200; i++) x[i] = (float) (0.3 * Math.sin(0.4 * i));        // the vowel
        for (int i = 3840; i < 4800; i++) x[i] = (float) (0.1 * Math.sin(2.5 * i));        // /s/ after a 80 ms closure
        float[] cut = FeatureExtractor.trim(x, 160, 40);
        assertEquals(4800 - 1600, cut.length, "from the vowel to the end of the /s/");
        assertEquals(x[1600], cut[0]);
        float[] near = x.clone();
        java.util.Arrays.fill(near, 0, 40, 0f);
        for (int i = 1120; i < 1160; i++) near[i] = 0.05f;                                 // a sound 55 ms before the vowel
        assertEquals(4800 - 1120, FeatureExtractor.trim(near, 160, 40).length, "a sound this close is part of the word");
    }

    @Test
    void placeShiftsWithinTheClip() {
        float[] w = {1, 2, 3};
        assertArrayEquals(new float[] {1, 2, 3, 0, 0}, AugmentedDataset.place(w, 5, 0));
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, AugmentedDataset.place(w, 5, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, AugmentedDataset.place(w, 5, 4));
        assertArrayEquals(new float[] {2, 3, 0, 0, 0}, AugmentedDataset.place(w, 5, -1));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0}, AugmentedDataset.place(w, 5, -7));
        assertArrayEquals(new float[] {1, 2}, AugmentedDataset.place(w, 2, 0));
    }

    @Test
    void settingsNameTheBadOption() {
        String[][] cases = {{"labelSmoothing:", "ls"}, {"mixup:", "mix"}, {"ema:", "ema"}, {"patience:", "pat"}, {"validation:", "val"}};
        for (String[] c : cases) {
            TrainSettings.Builder x = TrainSettings.builder(java.nio.file.Path.of("d"), java.nio.file.Path.of("o"));
            switch (c[1]) {
                case "ls" -> x.labelSmoothing(1.0);
                case "mix" -> x.mixup(-1);
                case "ema" -> x.ema(1.5);
                case "pat" -> x.patience(-2);
                default -> x.validation("speakers");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, x::build);
            assertTrue(e.getMessage().startsWith(c[0]), e.getMessage());
        }
    }
}
