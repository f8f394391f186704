package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpectralKernels#stft} on both kernels ({@link Kernels#stftFrames}: the Vector API kernels run
 * {@link VectorStft}, four frames per vector through {@link VectorFft4}, for most lengths; the scalar ones {@link ScalarStft})
 * against a frame-by-frame reference built on {@link Fft#rfft}: every plan shape (radix-8, 4, 2, 3 and
 * 5 stages), partial groups of frames, frames overhanging either end with each padding mode, two-sided
 * and complex output, the powers 1, 2 and others, scaling and batches.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class StftFramesTest {

    static List<Kernels> kernels() {
        return List.of(KernelProvider.vector(), KernelProvider.scalar());
    }

    /** The STFT one frame at a time with {@link Fft#rfft} in double, as the kernel is specified. */
    static void reference(float[] x, int batch, int len, int padLeft, SpectralKernels.Pad pad, float[] window, int nFft,
                          int hop, int frames, boolean onesided, double scale, double power, double[] outRe,
                          double[] outIm) {
        Fft fft = Fft.of(nFft);
        int bins = fft.bins();
        int freqs = onesided ? bins : nFft;
        double[] frame = new double[nFft];
        double[] re = new double[bins];
        double[] im = new double[bins];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < nFft; j++) {
                    int i = SpectralKernels.padIndex(t * hop - padLeft + j, len, pad);
                    frame[j] = i < 0 ? 0.0 : (double) x[b * len + i] * window[j];
                }
                fft.rfft(frame, 0, re, im);
                for (int k = 0; k < freqs; k++) {
                    int src = k < bins ? k : nFft - k;
                    double sign = k < bins ? 1.0 : -1.0;
                    double r = re[src] * scale;
                    double m = sign * im[src] * scale;
                    int o = (b * freqs + k) * frames + t;
                    if (Double.isNaN(power)) {
                        outRe[o] = r;
                        outIm[o] = m;
                    } else {
                        outRe[o] = Math.pow(Math.hypot(r, m), power);
                    }
                }
            }
        }
    }

    static void check(Kernels kernels, int nFft, int hop, int len, int batch, boolean onesided, double power,
                      SpectralKernels.Pad pad, double scale, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[batch * len];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        float[] window = new float[nFft];
        for (int i = 0; i < nFft; i++) window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft)) + 0.1f;
        int padLeft = nFft / 2;
        int frames = 1 + (len + 2 * padLeft - nFft) / hop;
        int freqs = onesided ? nFft / 2 + 1 : nFft;
        double[] eRe = new double[batch * freqs * frames];
        double[] eIm = new double[eRe.length];
        reference(x, batch, len, padLeft, pad, window, nFft, hop, frames, onesided, scale, power, eRe, eIm);
        boolean complex = Double.isNaN(power);
        float[] aRe = new float[eRe.length];
        float[] aIm = complex ? new float[eRe.length] : null;
        SpectralKernels.stft(kernels, x, 0, len, batch, len, padLeft, pad, window, nFft, hop, frames, onesided, scale,
                power, aRe, aIm, 0);
        double max = 0;
        for (int i = 0; i < eRe.length; i++) max = Math.max(max, Math.max(Math.abs(eRe[i]), Math.abs(eIm[i])));
        String what = kernels.name() + " n_fft=" + nFft + " hop=" + hop + " len=" + len + " batch=" + batch + " onesided=" + onesided
                + " power=" + power + " pad=" + pad;
        for (int i = 0; i < eRe.length; i++) {
            // float rounding of the output plus double rounding relative to the largest value
            assertEquals(eRe[i], aRe[i], Math.abs(eRe[i]) * 1.2e-7 + max * 1e-13, what + " re[" + i + "]");
            if (complex) assertEquals(eIm[i], aIm[i], Math.abs(eIm[i]) * 1.2e-7 + max * 1e-13, what + " im[" + i + "]");
        }
    }

    @Test
    void plansExistForHalfLengthsOfTwoThreeAndFive() {
        for (int n : new int[] {8, 10, 12, 16, 20, 30, 64, 96, 256, 400, 480, 512, 1024, 2048}) {
            assertNotNull(VectorFft4.of(n), "plan for " + n);
        }
        for (int n : new int[] {1, 2, 4, 6, 7, 9, 14, 255, 257, 514}) assertNull(VectorFft4.of(n), "no plan for " + n);
    }

    @Test
    void bothExecutorsRunTheSamePlan() {
        assertArrayEquals(new int[] {8, 2, 5, 5}, FftPlan.of(400).radices, "8 first, then 4s, a lone 2, odd primes");
        assertArrayEquals(new int[] {8, 4, 4, 2}, FftPlan.of(256).radices);
        assertArrayEquals(new int[] {4, 3, 7}, FftPlan.of(84).radices);
        assertTrue(FftPlan.of(1009).bluestein());
        for (int n : new int[] {8, 30, 256, 400, 512}) {
            assertSame(FftPlan.of(n / 2), VectorFft4.of(n).plan(), "vector plan of " + n);
            assertSame(FftPlan.of(n / 2), Fft.of(n / 2).plan(), "scalar plan of " + n / 2);
        }
    }

    /** {@link VectorFft4} alone (no framing): four packed real inputs against {@link Fft#rfft} of each. */
    @Test
    void vectorExecutorMatchesScalarExecutor() {
        Random rnd = new Random(5);
        int lanes = VectorFft4.LANES;
        for (int n : new int[] {8, 10, 12, 16, 20, 48, 64, 250, 256, 400, 480, 1024}) {
            VectorFft4 v = VectorFft4.of(n);
            int h = n / 2;
            double[][] x = new double[lanes][n];
            double[] ar = new double[(h + 1) * lanes], ai = ar.clone(), br = ar.clone(), bi = ar.clone();
            for (int c = 0; c < lanes; c++) {
                for (int i = 0; i < n; i++) x[c][i] = rnd.nextGaussian();
                for (int m = 0; m < h; m++) {
                    ar[m * lanes + c] = x[c][2 * m];
                    ai[m * lanes + c] = x[c][2 * m + 1];
                }
            }
            boolean inB = v.transform(ar, ai, br, bi);
            double[] xr = new double[(h + 1) * lanes], xi = xr.clone();
            v.postTwiddle(inB ? br : ar, inB ? bi : ai, xr, xi);
            double[] re = new double[h + 1], im = new double[h + 1];
            for (int c = 0; c < lanes; c++) {
                Fft.of(n).rfft(x[c], 0, re, im);
                for (int k = 0; k <= h; k++) {
                    assertEquals(re[k], xr[k * lanes + c], 1e-12 * n, "re n=" + n + " lane " + c + " bin " + k);
                    assertEquals(im[k], xi[k * lanes + c], 1e-12 * n, "im n=" + n + " lane " + c + " bin " + k);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyPlanShapeMatchesTheReference(Kernels kernels) {
        long seed = 1;
        // radix-8 first stages, 4s, a lone 2, 3s and 5s; lengths that fall back to Fft as well
        for (int n : new int[] {8, 10, 12, 16, 18, 20, 24, 30, 32, 48, 50, 64, 96, 128, 200, 256, 384, 400, 512, 1024,
                                14, 22, 9, 7}) {
            for (int hop : new int[] {1, n / 4 + 1, n / 2, n, n + 3}) {
                if (hop < 1) continue;
                check(kernels, n, hop, 3 * n + 17, 1, true, 2.0, SpectralKernels.Pad.REFLECT, 1.0, seed++);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void outputKindsPaddingAndBatches(Kernels kernels) {
        long seed = 100;
        for (SpectralKernels.Pad pad : SpectralKernels.Pad.values()) {
            for (double power : new double[] {Double.NaN, 1.0, 2.0, 0.7}) {
                for (boolean onesided : new boolean[] {true, false}) {
                    check(kernels, 256, 128, 3280, 1, onesided, power, pad, 1.0, seed++);
                    check(kernels, 400, 160, 1999, 3, onesided, power, pad, 0.05, seed++);
                    check(kernels, 16, 5, 47, 2, onesided, power, pad, 1.0 / 3, seed++);
                    check(kernels, 16, 5, 5, 2, onesided, power, pad, 1.0, seed++); // shorter than the frame
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void parallelChunksMatchOneThread(Kernels kernels) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(3);
            check(kernels, 256, 64, 200_000, 2, true, 2.0, SpectralKernels.Pad.REFLECT, 1.0, 7);
            check(kernels, 512, 128, 100_003, 1, false, Double.NaN, SpectralKernels.Pad.CONSTANT, 1.0, 8);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sineLandsInItsBin(Kernels kernels) {
        int n = 256, len = 4096;
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) Math.cos(2 * Math.PI * 20 * i / n);
        float[] window = new float[n];
        java.util.Arrays.fill(window, 1f);
        int frames = 1 + (len - n) / 128;
        float[] p = new float[(n / 2 + 1) * frames];
        SpectralKernels.stft(kernels, x, 0, len, 1, len, 0, SpectralKernels.Pad.CONSTANT, window, n, 128, frames, true,
                1.0, 2.0, p, null, 0);
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k <= n / 2; k++) {
                double v = p[k * frames + t];
                if (k == 20) assertEquals(n * n / 4.0, v, 1e-2);
                else assertTrue(v < 1e-6, "bin " + k + " frame " + t + ": " + v);
            }
        }
    }
}
