package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Winograd F(2×2, r×r) and F(4×4, r×r) convolution and the pooled direct convolution of few channels
 * (with the fused bias, ReLU and 2×2 max pooling) against a direct sum in double precision, for the
 * scalar and the Vector API loops, and the two against each other.
 */
class WinogradConvTest {

    /** {in h, in w, kernel, padding, channels in, channels out}. */
    private static final int[][] CASES = {
            {20, 31, 3, 1, 16, 32}, {10, 15, 3, 1, 32, 64}, {40, 63, 3, 1, 1, 16},   // AudioCnn's three
            {20, 31, 5, 2, 32, 32}, {10, 15, 5, 2, 32, 64}, {40, 63, 5, 2, 1, 32},   // CifarQuick's three
            {7, 9, 3, 0, 3, 5}, {6, 6, 5, 0, 2, 3}, {3, 3, 3, 1, 1, 1}, {1, 1, 3, 1, 2, 7}, {2, 40, 5, 2, 5, 6},
            {33, 17, 3, 2, 4, 4}, {9, 70, 5, 4, 3, 9}
    };

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static Im2col.Geometry geometry(int ih, int iw, int kk, int p) {
        int oh = ih + 2 * p - kk + 1, ow = iw + 2 * p - kk + 1;
        return Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {kk, kk}, new int[] {1, 1},
                new int[] {p, p}, new int[] {1, 1});
    }

    /** The reference: direct sum in double, bias, ReLU, then 2×2 max pooling (floor). */
    private static double[] reference(int batch, int c, int k, Im2col.Geometry g, float[] x, float[] w, float[] b,
                                      boolean relu, boolean pool) {
        int oh = g.oh, ow = g.ow, kk = g.kh, p = g.ph;
        double[] y = new double[batch * k * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int ki = 0; ki < k; ki++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = b == null ? 0 : b[ki];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ky = 0; ky < kk; ky++) {
                                int iy = oy + ky - p;
                                if (iy < 0 || iy >= g.ih) continue;
                                for (int kx = 0; kx < kk; kx++) {
                                    int ix = ox + kx - p;
                                    if (ix < 0 || ix >= g.iw) continue;
                                    s += (double) x[((n * c + ci) * g.ih + iy) * g.iw + ix] * w[((ki * c + ci) * kk + ky) * kk + kx];
                                }
                            }
                        }
                        y[((n * k + ki) * oh + oy) * ow + ox] = relu ? Math.max(s, 0) : s;
                    }
                }
            }
        }
        if (!pool) return y;
        int ph = oh / 2, pw = ow / 2;
        double[] z = new double[batch * k * ph * pw];
        for (int nk = 0; nk < batch * k; nk++) {
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int o = nk * oh * ow + 2 * py * ow + 2 * px;
                    z[(nk * ph + py) * pw + px] = Math.max(Math.max(y[o], y[o + 1]), Math.max(y[o + ow], y[o + ow + 1]));
                }
            }
        }
        return z;
    }

    private static float[] run(Kernels kern, int tile, int batch, int c, int k, Im2col.Geometry g, float[] x, float[] w, float[] b,
                               boolean relu, boolean pool) {
        int size = pool ? (g.oh / 2) * (g.ow / 2) : g.oh * g.ow;
        float[] out = new float[3 + batch * k * size];
        java.util.Arrays.fill(out, Float.NaN);
        WinogradConv.forward(kern, tile, batch, c, k, g, x, 0, w, 0, b, 0, relu, pool, out, 3);
        return java.util.Arrays.copyOfRange(out, 3, out.length);
    }

    @Test
    void matchesTheDirectSumWithAndWithoutReluAndPooling() {
        Random r = new Random(5);
        Kernels[] impls = KernelProvider.vectorModulePresent()
                ? new Kernels[] {KernelProvider.scalar(), KernelProvider.vector()} : new Kernels[] {KernelProvider.scalar()};
        for (int[] cs : CASES) {
            Im2col.Geometry g = geometry(cs[0], cs[1], cs[2], cs[3]);
            int c = cs[4], k = cs[5], batch = 3;
            float[] x = random(r, batch * c * cs[0] * cs[1]);
            float[] w = random(r, k * c * cs[2] * cs[2]);
            float[] b = random(r, k);
            for (int mode = 0; mode < 8; mode++) {
                boolean relu = (mode & 1) != 0, pool = (mode & 2) != 0;
                int tile = (mode & 4) != 0 ? 4 : 2;
                if (pool && (g.oh < 2 || g.ow < 2)) continue;
                float[] bias = mode == 1 ? null : b;
                double[] ref = reference(batch, c, k, g, x, w, bias, relu, pool);
                // F(4, 5)'s 8-point transforms amplify rounding most: a few 1e-5 of the output's scale.
                double scale = Math.sqrt(c * cs[2] * cs[2]) * (tile == 4 && cs[2] == 5 ? 3 : 1);
                float[][] got = new float[impls.length][];
                for (int i = 0; i < impls.length; i++) {
                    got[i] = run(impls[i], tile, batch, c, k, g, x, w, bias, relu, pool);
                    assertEquals(ref.length, got[i].length);
                    for (int j = 0; j < ref.length; j++) {
                        assertEquals(ref[j], got[i][j], 2e-5 * scale,
                                impls[i].name() + " F(" + tile + "," + cs[2] + ") " + java.util.Arrays.toString(cs)
                                        + " relu=" + relu + " pool=" + pool + " at " + j);
                    }
                }
                if (got.length == 2) {
                    for (int j = 0; j < ref.length; j++) assertEquals(got[0][j], got[1][j], 2e-5 * scale, "scalar against vector");
                }
            }
        }
    }

    @Test
    void nanInTheInputReachesThePooledOutputAsInPyTorch() {
        Im2col.Geometry g = geometry(8, 8, 3, 1);
        float[] x = new float[64];
        x[9] = Float.NaN;
        float[] w = new float[9];
        w[4] = 1f;
        for (Kernels kern : new Kernels[] {KernelProvider.scalar(), KernelProvider.get()}) {
            float[] y = run(kern, 2, 1, 1, 1, g, x, w, null, true, true);
            assertTrue(Float.isNaN(y[0]), kern.name());
            assertEquals(0f, y[15], kern.name());
        }
    }

    @Test
    void transformsReproduceTheCorrelationExactly() {
        for (int rr : new int[] {3, 5}) {
            WinogradTransform t = WinogradTransform.of(4, rr);
            assertEquals(rr + 3, t.alpha);
            float[] w = new float[rr * rr];
            w[0] = 1f;
            float[] u = t.transformWeights(w, 0, 1, 1, new float[t.alpha * t.alpha]);
            assertEquals(t.alpha * t.alpha, u.length);
        }
        assertThrows(IllegalArgumentException.class, () -> WinogradTransform.of(2, 7));
        assertThrows(IllegalArgumentException.class, () -> WinogradTransform.of(6, 3));
    }

    @Test
    void pooledDirectConvolutionMatchesTheDirectSum() {
        Random r = new Random(9);
        Kernels[] impls = KernelProvider.vectorModulePresent()
                ? new Kernels[] {KernelProvider.scalar(), KernelProvider.vector()} : new Kernels[] {KernelProvider.scalar()};
        // {in h, in w, kernel, padding, channels in, channels out}
        int[][] cases = {{40, 63, 3, 1, 1, 16}, {40, 63, 5, 2, 1, 32}, {7, 9, 3, 0, 3, 5}, {2, 2, 3, 1, 2, 4},
                {3, 5, 7, 3, 1, 6}, {20, 31, 5, 2, 4, 9}, {17, 100, 3, 1, 1, 8}};
        for (int[] cs : cases) {
            Im2col.Geometry g = geometry(cs[0], cs[1], cs[2], cs[3]);
            int c = cs[4], k = cs[5], batch = 3;
            float[] x = random(r, batch * c * cs[0] * cs[1]);
            float[] w = random(r, k * c * cs[2] * cs[2]);
            float[] b = random(r, k);
            for (int mode = 0; mode < 3; mode++) {
                boolean relu = mode != 0;
                float[] bias = mode == 2 ? null : b;
                double[] ref = reference(batch, c, k, g, x, w, bias, relu, true);
                for (Kernels kern : impls) {
                    float[] out = new float[2 + ref.length];
                    java.util.Arrays.fill(out, Float.NaN);
                    PooledConv.forward(kern, batch, c, k, g, x, 0, w, 0, bias, 0, relu, out, 2);
                    for (int j = 0; j < ref.length; j++) {
                        assertEquals(ref[j], out[2 + j], 1e-5 * Math.sqrt(c * cs[2] * cs[2]),
                                kern.name() + " " + java.util.Arrays.toString(cs) + " relu=" + relu + " at " + j);
                    }
                    assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]), "nothing written before the output");
                }
            }
        }
    }
}
