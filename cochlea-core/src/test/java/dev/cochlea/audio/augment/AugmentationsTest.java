package dev.cochlea.audio.augment;

import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waveform augmentations and the {@code --augment} pipeline. */
class AugmentationsTest {
    private static final int SR = 8000;

    private static List<WaveAugmentation> all() {
        return List.of(
                SpeedPerturbation.builder().build(),
                PitchShift.builder().build(),
                RandomGain.builder().build(),
                AdditiveNoise.builder().build(),
                Reverberation.builder().build());
    }

    @Test
    void sameSeedSameBitsOnAnyThreadDifferentSeedDifferentOutput() throws Exception {
        float[] x = Signals.clip(SR);
        for (WaveAugmentation a : all()) {
            float[] first = a.apply(x, new Generator(123));
            AtomicReference<float[]> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(a.apply(x, new Generator(123))));
            t.start();
            t.join();
            assertArrayEquals(first, other.get(), a.description());
            boolean differs = false;
            for (long seed = 1; seed < 6 && !differs; seed++) {
                float[] y = a.apply(x, new Generator(seed));
                differs = y.length != first.length || !java.util.Arrays.equals(y, first);
            }
            assertTrue(differs, a.description() + " gives the same output for every seed");
        }
        WaveAugmentations p = WaveAugmentations.parse("default", SR, null, null);
        AugmentedClip c1 = p.apply(x, new Generator(77));
        AugmentedClip c2 = p.apply(x, new Generator(77));
        assertArrayEquals(c1.waveform(), c2.waveform());
        assertEquals(c1.vtlpAlpha(), c2.vtlpAlpha());
    }

    @Test
    void noiseHitsTheRequestedSnrForEveryColour() {
        float[] x = Signals.clip(SR);
        for (NoiseColor colour : NoiseColor.values()) {
            for (double snr : new double[] {-5, 0, 12.3, 30}) {
                AdditiveNoise n = AdditiveNoise.builder().minSnrDb(snr).maxSnrDb(snr).colors(colour).build();
                float[] y = n.apply(x, new Generator(5));
                float[] noise = new float[x.length];
                for (int i = 0; i < x.length; i++) noise[i] = y[i] - x[i];
                assertEquals(snr, Signals.powerDb(x) - Signals.powerDb(noise), 0.1, colour + " " + snr);
            }
        }
        // silence stays silent
        assertArrayEquals(new float[100], AdditiveNoise.builder().build().apply(new float[100], new Generator(1)));
    }

    @Test
    void colouredNoiseHasTheExpectedSlope() {
        float[] white = new float[1 << 16], pink = new float[1 << 16], brown = new float[1 << 16];
        dev.cochlea.kernels.WaveKernels.noise(dev.cochlea.kernels.WaveKernels.WHITE, 1, white, 0, white.length);
        dev.cochlea.kernels.WaveKernels.noise(dev.cochlea.kernels.WaveKernels.PINK, 1, pink, 0, pink.length);
        dev.cochlea.kernels.WaveKernels.noise(dev.cochlea.kernels.WaveKernels.BROWN, 1, brown, 0, brown.length);
        assertEquals(1.0, Math.pow(10, Signals.powerDb(white) / 10), 0.02);
        // band power per octave: 250-500 vs 1000-2000 Hz (two octaves apart)
        // two octaves: white 0 dB, pink (-3 dB/octave) -6 dB, brown (-6 dB/octave) -12 dB
        assertEquals(0, octaveDrop(white), 1.0);
        assertEquals(-6, octaveDrop(pink), 1.0);
        assertEquals(-12, octaveDrop(brown), 1.5);
    }

    /** Power density at 1000-2000 Hz relative to 250-500 Hz, in dB (band power ratio minus the 6 dB of a flat spectrum). */
    private static double octaveDrop(float[] x) {
        dev.cochlea.kernels.Fft fft = dev.cochlea.kernels.Fft.of(x.length);
        double[] buf = new double[x.length];
        for (int i = 0; i < x.length; i++) buf[i] = x[i];
        double[] re = new double[fft.bins()], im = new double[fft.bins()];
        fft.rfft(buf, 0, re, im);
        double lo = 0, hi = 0;
        for (int k = 0; k < re.length; k++) {
            double hz = (double) k * SR / x.length, p = re[k] * re[k] + im[k] * im[k];
            if (hz >= 250 && hz < 500) lo += p;
            if (hz >= 1000 && hz < 2000) hi += p;
        }
        return 10 * Math.log10(hi / lo) - 6.0206;
    }

    @Test
    void gainIsExact() {
        float[] x = Signals.clip(1000);
        RandomGain fixed = RandomGain.builder().minDb(6).maxDb(6).build();
        float[] y = fixed.apply(x, new Generator(3));
        float g = (float) Math.pow(10, 6 / 20.0);
        for (int i = 0; i < x.length; i++) assertEquals(x[i] * g, y[i], 0f);
        RandomGain random = RandomGain.builder().minDb(-10).maxDb(10).build();
        double db = random.sampleDb(new Generator(9));
        assertTrue(db >= -10 && db <= 10);
        float[] z = random.apply(x, new Generator(9));
        float gz = (float) Math.pow(10, db / 20);
        for (int i = 0; i < x.length; i++) assertEquals(x[i] * gz, z[i], 0f);
    }

    @Test
    void speedChangesLengthAndFrequencyByTheFactor() {
        float[] x = Signals.sine(440, SR, SR, 0.5);
        for (double f : new double[] {0.9, 0.95, 1.05, 1.1}) {
            SpeedPerturbation s = SpeedPerturbation.builder().minFactor(f).maxFactor(f).build();
            float[] y = s.apply(x, new Generator(1));
            assertEquals((int) Math.ceil(SR / f - 1e-9), y.length, "factor " + f);
            assertEquals(440 * f, Signals.peakHz(y, SR), 440 * f * 0.003, "factor " + f);
        }
        assertArrayEquals(new double[] {0.9, 0.95, 1.0, 1.05, 1.1}, SpeedPerturbation.builder().build().factors(), 1e-12);
    }

    @Test
    void pitchShiftKeepsLengthAndMovesThePeakBySemitones() {
        float[] x = Signals.sine(440, SR, SR, 0.5);
        PitchShift p = PitchShift.builder().minSemitones(-4).maxSemitones(4).step(1).build();
        for (double st : new double[] {-4, -2, -1, 1, 2, 4}) {
            float[] y = p.shiftBy(x, st);
            assertEquals(x.length, y.length);
            double want = 440 * Math.pow(2, st / 12);
            assertEquals(want, Signals.peakHz(y, SR), want * 0.005, "semitones " + st);
            // the level is kept (WSOLA with a constant-overlap window)
            assertEquals(Signals.powerDb(x), Signals.powerDb(y), 1.0, "semitones " + st);
        }
        for (int i = 0; i < 20; i++) assertEquals(x.length, p.apply(x, new Generator(i)).length);
    }

    @Test
    void reverbHasTheRequestedDecayAndKeepsLength() {
        for (double rt60 : new double[] {0.3, 0.6}) {
            Reverberation r = Reverberation.builder().minRt60(rt60).maxRt60(rt60).minPreDelay(0).maxPreDelay(0)
                    .minDrrDb(0).maxDrrDb(0).build();
            float[] impulse = new float[SR];
            impulse[0] = 1;
            float[] y = r.apply(impulse, new Generator(21));
            assertEquals(SR, y.length);
            float[] h = r.sampleRir(new Generator(21));
            // apply() drew the same RIR: the impulse response is the RIR itself (first n samples)
            for (int i = 0; i < Math.min(h.length, SR); i++) assertEquals(h[i], y[i], 1e-5f);
            assertEquals(rt60, Signals.rt60(y, 1, SR), rt60 * 0.1, "rt60 " + rt60);
            double e = 0;
            for (float v : h) e += v * v;
            assertEquals(1.0, e, 1e-4);
        }
        float[] x = Signals.clip(6000);
        assertEquals(6000, Reverberation.builder().build().apply(x, new Generator(2)).length);
    }

    @Test
    void fftConvolutionMatchesTheDirectSum() {
        float[] x = Signals.clip(300), h = new float[57];
        for (int i = 0; i < h.length; i++) h[i] = (float) Math.exp(-i / 10.0) * ((i % 3) - 1);
        float[] y = dev.cochlea.kernels.WaveKernels.fftConvolveHead(x, x.length, h, h.length);
        for (int n = 0; n < x.length; n++) {
            double s = 0;
            for (int k = 0; k < h.length && k <= n; k++) s += h[k] * x[n - k];
            assertEquals(s, y[n], 1e-5);
        }
    }

    @Test
    void noneIsTheIdentity() {
        WaveAugmentations none = WaveAugmentations.parse("none", SR, null, null);
        assertTrue(none.isIdentity());
        float[] x = Signals.clip(SR);
        AugmentedClip c = none.apply(x, new Generator(1));
        assertArrayEquals(x, c.waveform());
        assertNotSame(x, c.waveform());
        assertEquals(1.0, c.vtlpAlpha());
        assertEquals("none", none.description());
        assertArrayEquals(new double[] {1.0}, none.vtlpAlphas());
    }

    @Test
    void parsesItemsProbabilitiesAndTheDefault() {
        WaveAugmentations p = WaveAugmentations.parse("speed=0.9:1.1,pitch=2,gain=6,noise=5:25,reverb=0.5,vtlp=0.9:1.1", SR, null, null);
        assertEquals(5, p.steps().size());
        assertEquals("speed=0.9:1.1x5@1, pitch=-2:2st/0.5@1, gain=-6:6dB@1, noise=5:25dB[white+pink+brown]@1, "
                + "reverb=0.5:0.5s[synthetic]@1, vtlp=0.9:1.1x5@1", p.description());
        assertArrayEquals(new double[] {0.9, 0.95, 1.0, 1.05, 1.1}, p.vtlpAlphas(), 1e-12);
        WaveAugmentations q = WaveAugmentations.parse(" gain=-3:1@0.25 , vtlp=0.92:1.08:3@0.5 ", SR, null, null);
        assertEquals("gain=-3:1dB@0.25, vtlp=0.92:1.08x3@0.5", q.description());
        assertArrayEquals(new double[] {0.92, 1.0, 1.08}, q.vtlpAlphas(), 1e-12);
        WaveAugmentations d = WaveAugmentations.parse("default", SR, null, null);
        assertEquals(WaveAugmentations.parse(WaveAugmentations.DEFAULT_RECIPE, SR, null, null).description(), d.description());
        assertFalse(d.isIdentity());
        // probability 0 never applies, and the VTLP factor is drawn from the grid
        WaveAugmentations off = WaveAugmentations.parse("gain=6@0,vtlp=0.9:1.1", SR, null, null);
        float[] x = Signals.clip(100);
        for (int s = 0; s < 10; s++) {
            AugmentedClip c = off.apply(x, new Generator(s));
            assertArrayEquals(x, c.waveform());
            assertTrue(c.vtlpAlpha() >= 0.9 && c.vtlpAlpha() <= 1.1);
        }
    }

    @Test
    void parseErrorsNameTheOptionAndTheItem() {
        String[][] cases = {
                {"noise=30:5", "augment: 'noise=30:5': the SNR range must be low:high in dB with low <= high"},
                {"loud=3", "augment: 'loud=3': unknown augmentation 'loud'"},
                {"gain=six", "augment: 'gain=six': the largest gain must be a number, found 'six'"},
                {"gain=6@2", "augment: 'gain=6@2': the probability after @ must be in [0, 1]"},
                {"gain=6,gain=3", "augment: 'gain=3': gain is given twice"},
                {"speed=0.9:1.1:0", "augment: 'speed=0.9:1.1:0': steps must be in 1..41"},
                {"noise=5:25:files", "augment: 'noise=5:25:files': the 'files' source needs a noise folder"},
                {"noise=5:25:purple", "unknown noise source 'purple'"},
                {"reverb=0", "augment: 'reverb=0': RT60 must lie in (0, 5] seconds"},
                {"gain=6,,noise", "empty item"},
                {"", "augment: expected none, default or a list of items"},
                {"gain=", "expected values after '='"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WaveAugmentations.parse(c[0], SR, null, null), c[0]);
            assertTrue(e.getMessage().startsWith("augment"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), "'" + e.getMessage() + "' should contain '" + c[1] + "'");
        }
    }

    @Test
    void folderErrorsNameThePath(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-folder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaveAugmentations.parse("noise=5:25", SR, missing, null));
        assertTrue(e.getMessage().contains("augment") && e.getMessage().contains(missing.toString()), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no audio here");
        e = assertThrows(IllegalArgumentException.class, () -> WaveAugmentations.parse("reverb=0.3", SR, null, empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("no"), e.getMessage());
        Path bad = Files.createDirectory(dir.resolve("bad"));
        Path junk = bad.resolve("broken.wav");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        e = assertThrows(IllegalArgumentException.class, () -> WaveAugmentations.parse("noise", SR, bad, null));
        assertTrue(e.getMessage().contains(junk.toString()) && e.getMessage().startsWith("augment"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WaveAugmentations.parse("gain=6", SR, empty, null));
        assertTrue(e.getMessage().contains("no noise item"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WaveAugmentations.parse("noise=5:25:white", SR, empty, null));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("no noise item that uses it"), e.getMessage());
    }

    @Test
    void noiseAndRirFoldersAreResampledLoopedAndUsed(@TempDir Path dir) throws Exception {
        Path noise = Files.createDirectory(dir.resolve("noise"));
        // 0.25 s of a 16 kHz stereo recording: resampled to 8 kHz, looped to fill a 1 s clip
        float[] st = new float[2 * 4000];
        for (int i = 0; i < 4000; i++) {
            st[i] = (float) Math.sin(i * 0.37) * 0.3f;
            st[4000 + i] = (float) Math.cos(i * 0.11) * 0.2f;
        }
        Wav.write16(noise.resolve("hum.wav"), Tensor.of(st, 2, 4000), 16000);
        Path rirs = Files.createDirectory(dir.resolve("rirs"));
        float[] rir = new float[800];
        rir[10] = 1;
        rir[300] = 0.5f;
        Wav.write16(rirs.resolve("room.WAV"), Tensor.of(rir, 1, 800), 8000);
        WaveAugmentations p = WaveAugmentations.parse("noise=10:10:files,reverb=0.3:0.3:files", SR, noise, rirs);
        assertTrue(p.description().contains("1 files"), p.description());
        float[] x = Signals.clip(SR);
        AdditiveNoise n = (AdditiveNoise) p.steps().get(0);
        float[] y = n.apply(x, new Generator(4));
        float[] diff = new float[x.length];
        for (int i = 0; i < x.length; i++) diff[i] = y[i] - x[i];
        assertEquals(10, Signals.powerDb(x) - Signals.powerDb(diff), 0.1);
        Reverberation r = (Reverberation) p.steps().get(1);
        float[] h = r.sampleRir(new Generator(1));
        assertEquals(1 / Math.sqrt(1.25), h[0], 1e-3); // trimmed to the peak, unit energy
        assertEquals(0.5 / Math.sqrt(1.25), h[290], 1e-3);
    }
}
