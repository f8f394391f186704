package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capabilities the audio front end and the convolution and pooling drivers take from {@link Kernels},
 * Vector API against scalar: STFT frames, decibels, clamp, finiteness, weighted row sums, and the
 * vector-only direct convolution and 2 × 2 max pooling against the general paths the scalar kernels use.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class VectorScalarParityTest {
    private static final Kernels VECTOR = KernelProvider.vector();
    private static final Kernels SCALAR = KernelProvider.scalar();

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static void close(float[] expected, float[] actual, double rel, double abs, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) || Float.isInfinite(expected[i])) {
                assertEquals(expected[i], actual[i], 0f, what + " at " + i);
                continue;
            }
            assertEquals(expected[i], actual[i], rel * Math.abs(expected[i]) + abs, what + " at " + i);
        }
    }

    @Test
    void stftFramesAgreeInEveryChunking() {
        Random r = new Random(21);
        // lengths with a four-lane plan (radix 8, 4, 2, 3, 5 stages) and without (the vector kernels' fallback)
        int[] lengths = {8, 12, 20, 30, 64, 96, 400, 512, 14, 9};
        double[] powers = {Double.NaN, 1.0, 2.0, 0.7};
        int seed = 0;
        for (int nFft : lengths) {
            for (SpectralKernels.Pad pad : SpectralKernels.Pad.values()) {
                double power = powers[seed++ % powers.length];
                boolean onesided = seed % 3 != 0;
                int hop = Math.max(1, nFft / 3), len = 5 * nFft + 7, batch = 2, padLeft = nFft / 2;
                int frames = 1 + (len + 2 * padLeft - nFft) / hop;
                int freqs = onesided ? nFft / 2 + 1 : nFft;
                float[] x = gaussian(r, 3 + batch * len), window = new float[nFft];
                for (int i = 0; i < nFft; i++) window[i] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / nFft));
                int size = batch * freqs * frames;
                boolean complex = Double.isNaN(power);
                float[] sRe = new float[1 + size], sIm = complex ? new float[1 + size] : null;
                float[] vRe = new float[1 + size], vIm = complex ? new float[1 + size] : null;
                SCALAR.stftFrames(new StftFrames(x, 3, len, len, padLeft, pad, window, nFft, hop, frames, freqs, 0.5,
                        power, sRe, sIm, 1), 0, batch * frames);
                StftFrames job = new StftFrames(x, 3, len, len, padLeft, pad, window, nFft, hop, frames, freqs, 0.5,
                        power, vRe, vIm, 1);
                // uneven chunks: groups of four frames cut short, and chunks across the signals' boundary
                for (int from = 0, step = 1; from < batch * frames; from += step, step = step % 7 + 2) {
                    VECTOR.stftFrames(job, from, Math.min(batch * frames, from + step));
                }
                double max = 0;
                for (float v : sRe) max = Math.max(max, Math.abs(v));
                String what = "n_fft=" + nFft + " pad=" + pad + " power=" + power + " onesided=" + onesided;
                close(sRe, vRe, 2.4e-7, max * 1e-12, what + " re");
                if (complex) close(sIm, vIm, 2.4e-7, max * 1e-12, what + " im");
            }
        }
    }

    @Test
    void decibelsClampAndFinitenessAgree() {
        Random r = new Random(22);
        for (int n = 0; n <= 70; n++) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (Math.pow(10, r.nextDouble() * 24 - 14) * (r.nextInt(10) == 0 ? -1 : 1));
            }
            if (n > 6) {
                x[4] = 0f;
                x[5] = Float.POSITIVE_INFINITY;
            }
            for (double amin : new double[] {1e-10, 1e-50}) {
                float[] sOut = new float[n + 2], vOut = new float[n + 2];
                float sMax = SCALAR.toDecibels(x, 3, sOut, 2, n, 20, amin, 3.0);
                float vMax = VECTOR.toDecibels(x, 3, vOut, 2, n, 20, amin, 3.0);
                close(sOut, vOut, 5e-7, 5e-6, "decibels n=" + n + " amin=" + amin);
                assertEquals(sMax, vMax, 5e-7 * Math.abs(sMax) + 5e-6, "max n=" + n);
                float[] sc = sOut.clone(), vc = vOut.clone();
                SCALAR.clampMin(sc, 2, n, sMax - 80f);
                VECTOR.clampMin(vc, 2, n, sMax - 80f);
                close(sc, vc, 5e-7, 5e-6, "clamp n=" + n);
            }
            if (n > 0) x[3 + r.nextInt(n)] = Float.NaN;
            float[] sOut = new float[n], vOut = new float[n];
            float sMax = SCALAR.toDecibels(x, 3, sOut, 0, n, 10, 1e-10, 0);
            float vMax = VECTOR.toDecibels(x, 3, vOut, 0, n, 10, 1e-10, 0);
            assertEquals(Float.isNaN(sMax), Float.isNaN(vMax), "NaN max n=" + n);
            for (int i = 0; i < n; i++) assertEquals(Float.isNaN(sOut[i]), Float.isNaN(vOut[i]), "NaN at " + i);
            for (int from = 0; from <= n; from += 5) {
                assertEquals(SCALAR.allFinite(x, from, n + 3 - from), VECTOR.allFinite(x, from, n + 3 - from),
                        "allFinite n=" + n + " from " + from);
            }
        }
    }

    @Test
    void weightedRowSumsAreBitIdentical() {
        Random r = new Random(23);
        for (int n : new int[] {0, 1, 5, 8, 9, 16, 27, 161}) {
            for (int rows : new int[] {0, 1, 3, 12}) {
                int stride = n + 3;
                float[] x = gaussian(r, 2 + rows * stride), w = gaussian(r, 1 + rows);
                float[] s = gaussian(r, 4 + n), v = s.clone();
                SCALAR.weightedRowSum(x, 2, stride, rows, w, 1, s, 4, n);
                VECTOR.weightedRowSum(x, 2, stride, rows, w, 1, v, 4, n);
                assertArrayEquals(s, v, "n=" + n + " rows=" + rows);
                for (int t = 0; t < n; t++) {
                    double e = 0;
                    for (int j = 0; j < rows; j++) e += (double) w[1 + j] * x[2 + j * stride + t];
                    assertEquals(e, s[4 + t], 1e-5 * Math.max(1, Math.abs(e)), "against double at " + t);
                }
            }
        }
    }

    @Test
    void onlyTheVectorKernelsOfferDirectConvolutionAndPooling() {
        assertFalse(SCALAR.directConv().isPresent());
        assertFalse(SCALAR.maxPool2x2().isPresent());
        assertEquals(VectorDirectConv.available(), VECTOR.directConv().isPresent(), "16 or 8 lanes");
        assertEquals(VectorGemm.L == 16, VECTOR.maxPool2x2().isPresent());
    }

    /** {in h, in w, kernel h, kernel w, pad h, pad w, channels in, channels out}: the direct path's shapes. */
    private static final int[][] CONV_CASES = {
            {16, 16, 3, 3, 1, 1, 3, 8}, {8, 8, 5, 5, 2, 2, 32, 8}, {40, 63, 3, 3, 1, 1, 1, 8}, {20, 31, 3, 3, 1, 1, 16, 4},
            {32, 32, 5, 5, 2, 2, 3, 8}, {16, 16, 3, 3, 1, 1, 16, 16}
    };

    @Test
    void directConvolutionAgreesWithIm2colOnScalarKernels() {
        Random r = new Random(24);
        int batch = 3;
        for (int[] cs : CONV_CASES) {
            int ih = cs[0], iw = cs[1], kh = cs[2], kw = cs[3], ph = cs[4], pw = cs[5], c = cs[6], m = cs[7];
            int oh = ih + 2 * ph - kh + 1, ow = iw + 2 * pw - kw + 1, k = c * kh * kw, p = oh * ow, in = ih * iw;
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {kh, kw},
                    new int[] {1, 1}, new int[] {ph, pw}, new int[] {1, 1});
            String what = Arrays.toString(cs);
            VECTOR.directConv().ifPresent(d -> assertTrue(d.supports(g, 1, m), "direct forward for " + what));
            float[] x = gaussian(r, batch * c * in), w = gaussian(r, m * k), bias = gaussian(r, m);
            float[] vy = new float[batch * m * p], sy = new float[vy.length];
            ConvKernels.forward(VECTOR, batch, 1, c, m, g, x, 0, w, 0, bias, 0, vy, 0);
            ConvKernels.forward(SCALAR, batch, 1, c, m, g, x, 0, w, 0, bias, 0, sy, 0);
            close(sy, vy, 1e-4, 1e-4, "forward " + what);
            // the input gradient runs as a forward convolution with the flipped kernel
            float[] dy = gaussian(r, batch * m * p), vdx = new float[batch * c * in], sdx = new float[vdx.length];
            ConvKernels.backwardData(VECTOR, batch, 1, c, m, g, dy, 0, w, 0, null, 0, vdx, 0);
            ConvKernels.backwardData(SCALAR, batch, 1, c, m, g, dy, 0, w, 0, null, 0, sdx, 0);
            close(sdx, vdx, 1e-4, 1e-4, "input gradient " + what);
            float[] vdw = new float[m * k], sdw = new float[m * k];
            ConvKernels.backwardWeight(VECTOR, batch, 1, c, m, g, dy, 0, x, 0, vdw, 0);
            ConvKernels.backwardWeight(SCALAR, batch, 1, c, m, g, dy, 0, x, 0, sdw, 0);
            close(sdw, vdw, 1e-4, 1e-3, "weight gradient " + what);
        }
    }

    @Test
    void maxPoolingAgreesBitForBitWithTiesNanAndInfinities() {
        Random r = new Random(25);
        int planes = 3;
        for (int[] sz : new int[][] {{32, 32}, {16, 16}, {8, 16}, {40, 63}, {21, 35}, {5, 3}, {64, 4}}) {
            int ih = sz[0], iw = sz[1], oh = ih / 2, ow = iw / 2;
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {2, 2},
                    new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
            for (int trial = 0; trial < 3; trial++) {
                float[] x = new float[planes * ih * iw];
                for (int i = 0; i < x.length; i++) x[i] = trial == 0 ? (float) r.nextGaussian() : r.nextInt(3) - 1f;
                if (trial == 2) {
                    for (int i = 0; i < 10; i++) {
                        x[r.nextInt(x.length)] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    }
                }
                String what = ih + "x" + iw + " trial " + trial;
                float[] vy = new float[planes * oh * ow], sy = new float[vy.length];
                int[] vi = new int[vy.length], si = new int[vy.length];
                PoolingKernels.maxPool(VECTOR, g, planes, x, 0, vy, 0, vi);
                PoolingKernels.maxPool(SCALAR, g, planes, x, 0, sy, 0, si);
                for (int i = 0; i < vy.length; i++) {
                    assertEquals(Float.floatToIntBits(sy[i]), Float.floatToIntBits(vy[i]), what + " at " + i);
                }
                assertArrayEquals(si, vi, what + " indices");
                float[] gy = gaussian(r, vy.length), vgx = new float[x.length], sgx = new float[x.length];
                PoolingKernels.maxPoolBackward(VECTOR, g, planes, gy, 0, vi, vgx, 0);
                PoolingKernels.maxPoolBackward(SCALAR, g, planes, gy, 0, si, sgx, 0);
                assertArrayEquals(sgx, vgx, what + " gradient");
            }
        }
    }
}
