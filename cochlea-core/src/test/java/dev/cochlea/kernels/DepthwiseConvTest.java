package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DepthwiseConv} with the scalar and the Vector API {@link Kernels} against each other and
 * against a direct loop over every output position and tap (forward, input gradient, weight
 * gradient), over the geometries of BC-ResNet and the awkward ones: strides in both dimensions,
 * dilations, padding wider than the kernel reach, a depth multiplier of 2, 1-D inputs, rows shorter
 * and longer than a vector.
 */
class DepthwiseConvTest {
    /** {in h, in w, kh, kw, sh, sw, ph, pw, dh, dw, multiplier}. */
    private static final int[][] CASES = {
            {20, 63, 3, 1, 1, 1, 1, 0, 1, 1, 1},   // frequency-wise 3x1
            {20, 63, 3, 1, 2, 1, 1, 0, 1, 1, 1},   // with frequency stride 2
            {1, 63, 1, 3, 1, 1, 0, 8, 1, 8, 1},    // temporal 1x3, dilation 8
            {1, 101, 1, 3, 1, 1, 0, 2, 1, 2, 1},
            {5, 63, 5, 5, 1, 1, 0, 2, 1, 1, 1},    // the classifier's 5x5
            {9, 17, 3, 3, 2, 2, 1, 1, 1, 1, 2},    // column stride 2, multiplier 2
            {7, 5, 3, 5, 1, 1, 3, 4, 2, 1, 1},     // padding beyond the kernel reach, short rows
            {6, 40, 2, 4, 1, 3, 0, 1, 1, 2, 3},
            {1, 9, 1, 9, 1, 1, 0, 4, 1, 1, 1},     // kernel as wide as the row
    };

    @Test
    void scalarAndVectorMatchTheDirectLoops() {
        Random r = new Random(7);
        boolean vector = KernelProvider.vectorModulePresent();
        for (int[] c : CASES) {
            int ih = c[0], iw = c[1], kh = c[2], kw = c[3], sh = c[4], sw = c[5], ph = c[6], pw = c[7], dh = c[8], dw = c[9];
            int m = c[10];
            int oh = (ih + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (iw + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {kh, kw},
                    new int[] {sh, sw}, new int[] {ph, pw}, new int[] {dh, dw});
            assertTrue(DepthwiseConv.supports(g, 3, 1));
            int batch = 2, groups = 3, in = ih * iw, p = oh * ow, kk = kh * kw;
            float[] x = random(r, batch * groups * in), w = random(r, groups * m * kk), b = random(r, groups * m);
            float[] gy = random(r, batch * groups * m * p), bx = random(r, groups);
            float[][] ref = direct(batch, groups, m, g, x, w, b, gy, bx);
            String what = java.util.Arrays.toString(c);
            check(KernelProvider.scalar(), batch, groups, m, g, x, w, b, gy, bx, ref, what + " scalar");
            if (vector) check(KernelProvider.vector(), batch, groups, m, g, x, w, b, gy, bx, ref, what + " vector");
        }
    }

    @Test
    void onlyOneInputChannelPerGroupIn1dOr2d() {
        Im2col.Geometry g2 = Im2col.Geometry.of(new int[] {4, 4}, new int[] {4, 4}, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1});
        Im2col.Geometry g3 = Im2col.Geometry.of(new int[] {4, 4, 4}, new int[] {4, 4, 4}, new int[] {3, 3, 3},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        assertTrue(DepthwiseConv.supports(g2, 8, 1));
        assertFalse(DepthwiseConv.supports(g2, 4, 2), "two input channels per group");
        assertFalse(DepthwiseConv.supports(g2, 1, 1), "a single group is a plain convolution");
        assertFalse(DepthwiseConv.supports(g3, 8, 1), "3-D");
    }

    private static void check(Kernels k, int batch, int groups, int m, Im2col.Geometry g, float[] x, float[] w, float[] b,
                              float[] gy, float[] bx, float[][] ref, String what) {
        float[] y = new float[ref[0].length + 3];
        java.util.Arrays.fill(y, Float.NaN);   // overwritten, not accumulated
        DepthwiseConv.forward(k, batch, groups, m, g, x, 0, w, 0, b, 0, y, 3);
        assertClose(ref[0], y, 3, what + " forward");
        float[] dx = new float[ref[1].length + 1];
        java.util.Arrays.fill(dx, Float.NaN);
        DepthwiseConv.backwardData(k, batch, groups, m, g, gy, 0, w, 0, bx, 0, dx, 1);
        assertClose(ref[1], dx, 1, what + " input gradient");
        float[] dw = new float[ref[2].length + 2];
        java.util.Arrays.fill(dw, Float.NaN);
        DepthwiseConv.backwardWeight(k, batch, groups, m, g, gy, 0, x, 0, dw, 2);
        assertClose(ref[2], dw, 2, what + " weight gradient");
    }

    /** Forward (with bias), input gradient (with bias bx on the image side) and weight gradient by direct loops in double. */
    private static float[][] direct(int batch, int groups, int m, Im2col.Geometry g, float[] x, float[] w, float[] b,
                                    float[] gy, float[] bx) {
        int in = g.inSize(), p = g.outSize(), kk = g.kernelSize();
        double[] y = new double[batch * groups * m * p], dx = new double[batch * groups * in], dw = new double[groups * m * kk];
        for (int n = 0; n < batch; n++) {
            for (int gr = 0; gr < groups; gr++) {
                for (int i = 0; i < in; i++) dx[(n * groups + gr) * in + i] = bx[gr];
                for (int j = 0; j < m; j++) {
                    int o = gr * m + j;
                    for (int oy = 0; oy < g.oh; oy++) {
                        for (int ox = 0; ox < g.ow; ox++) {
                            int yi = (n * groups * m + o) * p + oy * g.ow + ox;
                            double s = b[o];
                            for (int a = 0; a < g.kh; a++) {
                                for (int c = 0; c < g.kw; c++) {
                                    int iy = oy * g.sh - g.ph + a * g.dh, ix = ox * g.sw - g.pw + c * g.dw;
                                    if (iy < 0 || iy >= g.ih || ix < 0 || ix >= g.iw) continue;
                                    int xi = (n * groups + gr) * in + iy * g.iw + ix, wi = o * kk + a * g.kw + c;
                                    s += (double) w[wi] * x[xi];
                                    dx[xi] += (double) w[wi] * gy[yi];
                                    dw[wi] += (double) gy[yi] * x[xi];
                                }
                            }
                            y[yi] = s;
                        }
                    }
                }
            }
        }
        return new float[][] {toFloat(y), toFloat(dx), toFloat(dw)};
    }

    private static void assertClose(float[] expected, float[] actual, int off, String what) {
        assertEquals(expected.length, actual.length - off, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[off + i];
            assertTrue(Math.abs(e - a) <= 1e-4 + 1e-4 * Math.abs(e), what + " at " + i + ": expected " + e + ", found " + a);
        }
        for (int i = 0; i < off; i++) assertTrue(Float.isNaN(actual[i]), what + ": wrote before its offset");
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
