package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Vector API's im2col-free stride-1 convolution against a naive loop, and against the im2col path. */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class DirectConvTest {
    private static final DirectConv DIRECT = VectorDirectConv.INSTANCE;

    /** {in h, in w, kernel h, kernel w, pad h, pad w, channels in, channels out}. */
    private static final int[][] CASES = {
            {16, 16, 3, 3, 1, 1, 3, 8}, {18, 20, 3, 5, 0, 0, 5, 4}, {32, 32, 5, 5, 2, 2, 2, 12}, {4, 16, 1, 1, 0, 0, 7, 4},
            {14, 14, 3, 3, 2, 2, 1, 4},
            // Outputs narrower than a vector (shifted copies): 8 × 8, 16 × 4
            {8, 8, 5, 5, 2, 2, 32, 8}, {10, 10, 3, 3, 0, 0, 3, 4}, {16, 4, 3, 3, 1, 1, 5, 4},
            // Other widths (a spectrogram's 63 frames...): computed on a grid of whole vectors, extra dropped
            {40, 63, 3, 3, 1, 1, 1, 8}, {20, 31, 3, 3, 1, 1, 16, 4}, {7, 13, 3, 3, 1, 1, 2, 4}, {5, 20, 1, 5, 0, 0, 3, 4}
    };

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void weightGradientMatchesNaiveSum() {
        Random r = new Random(12);
        for (int pass = 0; pass < 2; pass++) weightGradientCases(r);
    }

    private static void weightGradientCases(Random r) {
        // {in h, in w, kernel h, kernel w, pad h, pad w, channels in, channels out}: 16 × 16 and 20 × 13 outputs.
        int[][] cases = {{16, 16, 5, 5, 2, 2, 32, 8}, {22, 15, 3, 3, 0, 0, 16, 4}, {16, 16, 3, 3, 1, 1, 48, 4},
                // Few channels, one kernel row per vector: RGB 5 × 5 (the CIFAR model's first layer), 4 × 4, 5 × 3 × 5 channels
                {32, 32, 5, 5, 2, 2, 3, 8}, {20, 17, 4, 4, 1, 2, 3, 4}, {18, 20, 5, 3, 0, 1, 5, 12}};
        for (int[] cs : cases) {
            int ih = cs[0], iw = cs[1], kh = cs[2], kw = cs[3], ph = cs[4], pw = cs[5], c = cs[6], m = cs[7];
            int oh = ih + 2 * ph - kh + 1, ow = iw + 2 * pw - kw + 1, p = oh * ow, kk = kh * kw, k = kk * c;
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {kh, kw},
                    new int[] {1, 1}, new int[] {ph, pw}, new int[] {1, 1});
            // 16 lanes: every case; 8 lanes: channels a multiple of 8 (the few-channel tile needs 32 registers)
            assertEquals(VectorDirectConv.available() && (VectorGemm.L == 16 || c % VectorGemm.L == 0),
                    DIRECT.supportsWeightGrad(g, 1, c, m), java.util.Arrays.toString(cs));
            if (!DIRECT.supportsWeightGrad(g, 1, c, m)) continue;
            float[] x = random(r, 2 + 2 * c * ih * iw), dy = random(r, 1 + 2 * m * p);
            float[] dw = random(r, 3 + m * k);
            // Two images: the first overwrites, the second adds.
            DIRECT.weightGradItem(g, c, m, dy, 1, x, 2, dw, 3, false);
            DIRECT.weightGradItem(g, c, m, dy, 1 + m * p, x, 2 + c * ih * iw, dw, 3, true);
            for (int o = 0; o < m; o++) {
                for (int t = 0; t < kk; t++) {
                    for (int ci = 0; ci < c; ci++) {
                        double s = 0;
                        for (int n = 0; n < 2; n++) {
                            for (int q = 0; q < p; q++) {
                                int iy = q / ow + t / kw - ph, ix = q % ow + t % kw - pw;
                                if (iy < 0 || iy >= ih || ix < 0 || ix >= iw) continue;
                                s += (double) dy[1 + (n * m + o) * p + q] * x[2 + ((n * c + ci) * ih + iy) * iw + ix];
                            }
                        }
                        assertEquals(s, dw[3 + o * k + t * c + ci], 1e-3 * Math.max(1, Math.abs(s)),
                                java.util.Arrays.toString(cs) + " at " + o + "," + t + "," + ci);
                    }
                }
            }
        }
    }

    @Test
    void weightGradientWithFewChannelsNeedsHalfTheLanes() {
        Im2col.Geometry g = Im2col.Geometry.of(new int[] {32, 32}, new int[] {32, 32}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        assertFalse(DIRECT.supportsWeightGrad(g, 1, 1, 8), "mono 3 × 3: 9 of 80 lanes");
        assertFalse(DIRECT.supportsWeightGrad(g, 1, 7, 8), "7 × 3 channels do not fit a vector");
        assertEquals(VectorGemm.L == 16, DIRECT.supportsWeightGrad(g, 1, 5, 8), "5 × 3 × 3: 45 of 80 lanes");
    }

    @Test
    void narrowOutputsThatWasteTooMuchAreLeftToIm2col() {
        Im2col.Geometry twelve = Im2col.Geometry.of(new int[] {12, 12}, new int[] {12, 12}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        assertFalse(DIRECT.supports(twelve, 1, 4), "12 wide: a 16-wide grid wastes a quarter");
        Im2col.Geometry strided = Im2col.Geometry.of(new int[] {32, 32}, new int[] {16, 16}, new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1});
        assertFalse(DIRECT.supports(strided, 1, 4), "stride 2");
    }

    @Test
    void matchesNaiveConvolution() {
        Random r = new Random(11);
        // Twice through: the padded-image scratch keeps its zero border per geometry and must be right
        // when a geometry comes back after others (with other images).
        for (int pass = 0; pass < 2; pass++) for (int[] cs : CASES) {
            int ih = cs[0], iw = cs[1], kh = cs[2], kw = cs[3], ph = cs[4], pw = cs[5], c = cs[6], m = cs[7];
            int oh = ih + 2 * ph - kh + 1, ow = iw + 2 * pw - kw + 1;
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {kh, kw},
                    new int[] {1, 1}, new int[] {ph, pw}, new int[] {1, 1});
            // At 8 lanes a tile is 24 positions: outputs narrower than a vector need a whole number of them.
            boolean expected = VectorDirectConv.available() && (VectorGemm.L == 16 || ow >= VectorGemm.L || oh * ow % 24 == 0);
            assertEquals(expected, DIRECT.supports(g, 1, m),
                    "direct path applies to " + java.util.Arrays.toString(cs) + " at " + VectorGemm.L + " lanes");
            if (!DIRECT.supports(g, 1, m)) continue;
            int k = c * kh * kw;
            float[] x = random(r, 3 + c * ih * iw), w = random(r, 2 + m * k), bias = random(r, 1 + m);
            float[] out = new float[5 + m * oh * ow];
            DIRECT.forwardItem(g, c, m, x, 3, DIRECT.packWeights(w, 2, m, k, new float[m * k]), bias, 1, out, 5);
            for (int o = 0; o < m; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double s = bias[1 + o];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = y + ky - ph, ix = xx + kx - pw;
                                    if (iy < 0 || iy >= ih || ix < 0 || ix >= iw) continue;
                                    s += (double) w[2 + ((o * c + ci) * kh + ky) * kw + kx] * x[3 + (ci * ih + iy) * iw + ix];
                                }
                            }
                        }
                        float got = out[5 + (o * oh + y) * ow + xx];
                        assertEquals(s, got, 1e-4 * Math.max(1, Math.abs(s)), java.util.Arrays.toString(cs) + " at " + o + "," + y + "," + xx);
                    }
                }
            }
            // Through ConvKernels on the vector kernels (batch of 3, which takes the direct path) equals the
            // im2col path.
            int in = c * ih * iw, p = oh * ow;
            float[] xs = random(r, 3 * in), y1 = new float[3 * m * p], y2 = new float[3 * m * p];
            ConvKernels.forward(KernelProvider.vector(), 3, 1, c, m, g, xs, 0, w, 2, bias, 1, y1, 0);
            Parallel.serially(() -> {
                for (int n = 0; n < 3; n++) {
                    float[] col = new float[k * p];
                    Im2col.im2col(g, xs, n * in, 0, c, col, 0, p);
                    KernelProvider.vector().gemm(false, false, m, p, k, 1f, w, 2, k, col, 0, p, 0f, y2, n * m * p, p);
                    for (int o = 0; o < m; o++) {
                        for (int q = 0; q < p; q++) y2[n * m * p + o * p + q] += bias[1 + o];
                    }
                }
            });
            for (int i = 0; i < y1.length; i++) assertEquals(y2[i], y1[i], 1e-5f * Math.max(1, Math.abs(y2[i])), "batch at " + i);
        }
    }
}
