package dev.cochlea.audio;

import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Stft} and {@link ComplexSpectrum} on self-generated signals. */
class StftTest {
    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static float[] sine(int n, double freq, double sampleRate, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * freq * i / sampleRate));
        return x;
    }

    @Test
    void sinePeaksInItsBin() {
        // 1 kHz at 16 kHz with nFft 512: bin 1000 / (16000 / 512) = 32 exactly
        Tensor x = Tensor.of(sine(16000, 1000, 16000, 0.5), 16000);
        Tensor mag = new Stft(StftOptions.of(512).hopLength(128).window(Windows.hann(512))).apply(x).magnitude();
        assertArrayEquals(new int[] {257, 126}, mag.shape());
        for (int t = 2; t < 124; t++) {
            int best = 0;
            for (int k = 1; k < 257; k++) if (mag.get(k, t) > mag.get(best, t)) best = k;
            assertEquals(32, best, "frame " + t);
            // a periodic Hann window has coherent gain 0.5: |X| = amp * N / 2 * 0.5
            assertEquals(0.5 * 512 / 2 * 0.5, mag.get(32, t), 1e-3);
        }
    }

    @Test
    void parsevalPerFrame() {
        int nFft = 100;
        float[] x = noise(1000, 1);
        ComplexSpectrum s = new Stft(StftOptions.of(nFft).hopLength(100).center(false).onesided(false))
                .apply(Tensor.of(x, 1000));
        Tensor power = s.power();
        assertArrayEquals(new int[] {100, 10}, power.shape());
        for (int t = 0; t < 10; t++) {
            double time = 0;
            for (int i = 0; i < nFft; i++) time += (double) x[t * 100 + i] * x[t * 100 + i];
            double freq = 0;
            for (int k = 0; k < nFft; k++) freq += power.get(k, t);
            assertEquals(time, freq / nFft, 1e-4 * time, "frame " + t);
        }
    }

    @Test
    void fullSpectrumIsHermitianAndExtendsTheOnesidedOne() {
        Tensor x = Tensor.of(noise(700, 2), 700);
        StftOptions b = StftOptions.of(63).hopLength(20).window(Windows.hann(63));
        ComplexSpectrum half = new Stft(b).apply(x);
        ComplexSpectrum full = new Stft(b.onesided(false)).apply(x);
        assertEquals(32, half.real().size(0));
        assertEquals(63, full.real().size(0));
        for (int t = 0; t < full.real().size(1); t += 7) {
            for (int k = 1; k < 63; k++) {
                assertEquals(full.real().get(k, t), full.real().get(63 - k, t), 1e-5);
                assertEquals(full.imag().get(k, t), -full.imag().get(63 - k, t), 1e-5);
                if (k < 32) assertEquals(half.real().get(k, t), full.real().get(k, t), 0f);
            }
        }
    }

    @Test
    void roundTripsThroughTheInverse() {
        Tensor x = Tensor.of(noise(2 * 3 * 2000, 3), 2, 3, 2000);
        Stft[] configs = {
            new Stft(StftOptions.of(256).hopLength(64).window(Windows.hann(256))),
            new Stft(StftOptions.of(256).winLength(200).hopLength(50).window(Windows.hann(200))),
            new Stft(StftOptions.of(255).hopLength(60).window(Windows.Kind.HANN)),
            new Stft(StftOptions.of(128).hopLength(32).window(Windows.hamming(128)).center(false)),
            new Stft(StftOptions.of(400).hopLength(100).window(Windows.blackman(400))
                    .normalized(StftOptions.Normalization.FRAME_LENGTH).padMode(PadMode.CONSTANT)),
            new Stft(StftOptions.of(64).hopLength(16).window(Windows.hann(64)).onesided(false)),
        };
        for (Stft stft : configs) {
            ComplexSpectrum s = stft.apply(x);
            assertEquals(stft.frames(2000), s.real().size(-1), stft.toString());
            int length = stft.center() ? 2000 : stft.nFft() + stft.hopLength() * (s.real().size(-1) - 1);
            Tensor y = stft.inverse(s, length);
            assertArrayEquals(new int[] {2, 3, length}, y.shape(), stft.toString());
            float[] a = x.toFloatArray();
            float[] b = y.toFloatArray();
            for (int row = 0; row < 6; row++) {
                for (int i = 0; i < length; i++) {
                    assertEquals(a[row * 2000 + i], b[row * length + i], 2e-5, stft + " row " + row + " sample " + i);
                }
            }
        }
    }

    @Test
    void inverseDefaultLengthAndZeroFill() {
        Stft stft = new Stft(StftOptions.of(256).hopLength(64).window(Windows.hann(256)));
        Tensor x = Tensor.of(noise(1000, 4), 1000);
        ComplexSpectrum s = stft.apply(x);
        int frames = s.real().size(-1);
        assertEquals(1 + 1000 / 64, frames);
        assertEquals(64 * (frames - 1), stft.inverse(s).size(-1), "default length: hop * (frames - 1)");
        Tensor longer = stft.inverse(s, 1500);
        for (int i = 64 * (frames - 1) + 128; i < 1500; i++) assertEquals(0f, longer.get(i), "zero past the frames");
    }

    @Test
    void padModesEqualExplicitPadding() {
        float[] x = noise(300, 5);
        int nFft = 64;
        int pad = nFft / 2;
        for (PadMode mode : PadMode.values()) {
            float[] padded = new float[300 + 2 * pad];
            for (int i = 0; i < padded.length; i++) {
                int j = i - pad;
                padded[i] = switch (mode) {
                    case CONSTANT -> j < 0 || j >= 300 ? 0f : x[j];
                    case REFLECT -> x[j < 0 ? -j : j >= 300 ? 2 * 299 - j : j];
                    case REPLICATE -> x[Math.max(0, Math.min(299, j))];
                    case CIRCULAR -> x[Math.floorMod(j, 300)];
                };
            }
            StftOptions b = StftOptions.of(nFft).hopLength(16).window(Windows.hann(nFft));
            ComplexSpectrum centred = new Stft(b.padMode(mode)).apply(Tensor.of(x, 300));
            ComplexSpectrum manual = new Stft(b.center(false)).apply(Tensor.of(padded, padded.length));
            assertArrayEquals(manual.real().toFloatArray(), centred.real().toFloatArray(), 1e-6f, mode.toString());
            assertArrayEquals(manual.imag().toFloatArray(), centred.imag().toFloatArray(), 1e-6f, mode.toString());
        }
        assertEquals(PadMode.REFLECT, PadMode.of("reflect"));
        assertEquals("replicate", PadMode.REPLICATE.torchName());
        assertThrows(IllegalArgumentException.class, () -> PadMode.of("mirror"));
    }

    @Test
    void batchDimensionsAreIndependent() {
        float[] data = noise(2 * 3 * 800, 6);
        Stft stft = new Stft(StftOptions.of(128).hopLength(40).window(Windows.hann(128)));
        ComplexSpectrum all = stft.apply(Tensor.of(data, 2, 3, 800));
        assertArrayEquals(new int[] {2, 3, 65, 21}, all.real().shape());
        ComplexSpectrum flat = stft.apply(Tensor.of(data, 6, 800));
        assertArrayEquals(all.real().toFloatArray(), flat.real().toFloatArray(), 0f);
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                float[] row = new float[800];
                System.arraycopy(data, (b * 3 + c) * 800, row, 0, 800);
                ComplexSpectrum one = stft.apply(Tensor.of(row, 800));
                assertArrayEquals(one.real().toFloatArray(), all.real().select(0, b).select(0, c).toFloatArray(), 0f);
                assertArrayEquals(one.imag().toFloatArray(), all.imag().select(0, b).select(0, c).toFloatArray(), 0f);
            }
        }
        // a non-contiguous view is read correctly
        Tensor strided = Tensor.of(data, 6, 800).t().t().narrow(1, 100, 600);
        ComplexSpectrum v = stft.apply(strided);
        float[] row0 = new float[600];
        System.arraycopy(data, 100, row0, 0, 600);
        assertArrayEquals(stft.apply(Tensor.of(row0, 600)).real().toFloatArray(), v.real().select(0, 0).toFloatArray(), 0f);
    }

    @Test
    void multithreadedEqualsSingleThreaded() {
        Tensor x = Tensor.of(noise(4 * 48000, 7), 4, 48000);
        Stft stft = new Stft(StftOptions.of(512).hopLength(128).window(Windows.hann(512)));
        float[] par = stft.power(x, 2.0).toFloatArray();
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] seq = stft.power(x, 2.0).toFloatArray();
            assertArrayEquals(seq, par, 0f);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void complexSpectrumViews() {
        Tensor re = Tensor.of(new float[] {3, 0, -1, 0}, 2, 2);
        Tensor im = Tensor.of(new float[] {4, 2, 0, -0.5f}, 2, 2);
        ComplexSpectrum z = new ComplexSpectrum(re, im);
        assertArrayEquals(new float[] {5, 2, 1, 0.5f}, z.magnitude().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {25, 4, 1, 0.25f}, z.power().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {(float) Math.sqrt(5), (float) Math.sqrt(2), 1, (float) Math.sqrt(0.5)},
                z.pow(0.5).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.atan2(4, 3), (float) (Math.PI / 2), (float) Math.PI, (float) (-Math.PI / 2)},
                z.phase().toFloatArray(), 1e-6f);
        Tensor ri = z.viewAsReal();
        assertArrayEquals(new int[] {2, 2, 2}, ri.shape());
        assertArrayEquals(new float[] {3, 4, 0, 2, -1, 0, 0, -0.5f}, ri.toFloatArray());
        ComplexSpectrum back = ComplexSpectrum.viewAsComplex(ri);
        assertArrayEquals(re.toFloatArray(), back.real().toFloatArray());
        ComplexSpectrum p = ComplexSpectrum.polar(z.magnitude(), z.phase());
        assertArrayEquals(re.toFloatArray(), p.real().toFloatArray(), 1e-6f);
        assertArrayEquals(im.toFloatArray(), p.imag().toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new ComplexSpectrum(re, Tensor.zeros(3)));
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Stft(StftOptions.of(0)));
        assertThrows(IllegalArgumentException.class, () -> new Stft(StftOptions.of(64).winLength(65)));
        assertThrows(IllegalArgumentException.class, () -> new Stft(StftOptions.of(64).window(Windows.hann(32))));
        assertThrows(IllegalArgumentException.class, () -> new Stft(StftOptions.of(64).hopLength(0)));
        Stft noCenter = new Stft(StftOptions.of(64).center(false));
        assertThrows(IllegalArgumentException.class, () -> noCenter.apply(Tensor.zeros(10)));
        // a rectangular default window (torch.stft's) and nFft / 4 hop
        Stft d = new Stft(StftOptions.of(64));
        assertEquals(16, d.hopLength());
        assertArrayEquals(Windows.ones(64).toFloatArray(), d.window().toFloatArray());
        // Hann with hop nFft (no overlap) violates NOLA at frame edges
        Stft bad = new Stft(StftOptions.of(64).hopLength(64).window(Windows.hann(64)).center(false));
        ComplexSpectrum s = bad.apply(Tensor.of(noise(640, 8), 640));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.inverse(s));
        assertTrue(e.getMessage().contains("NOLA"), e.getMessage());
    }
}
