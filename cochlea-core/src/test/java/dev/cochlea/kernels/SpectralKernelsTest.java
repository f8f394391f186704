package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decibel conversion, clamp, finiteness check and weighted row sums of both {@link Kernels}, and the
 * banded filter-bank product of {@link SpectralKernels} built on them, against double-precision formulas.
 */
class SpectralKernelsTest {

    static List<Kernels> kernels() {
        return List.of(KernelProvider.vector(), KernelProvider.scalar());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void decibelsMatchTheDoubleFormulaAtEveryLengthAndOffset(Kernels k) {
        Random r = new Random(1);
        for (int n = 0; n <= 70; n++) {
            for (double multiplier : new double[] {10.0, 20.0}) {
                float[] x = new float[n + 3];
                for (int i = 0; i < x.length; i++) {
                    double e = r.nextDouble() * 24 - 14; // 1e-14 .. 1e10, below and above amin
                    x[i] = (float) (Math.pow(10, e) * (r.nextInt(10) == 0 ? -1 : 1));
                }
                if (n > 4) x[5] = 0f;
                float[] out = new float[n + 2];
                double offset = multiplier * Math.log10(2.0);
                float max = k.toDecibels(x, 3, out, 2, n, multiplier, 1e-10, offset);
                float want = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double e = multiplier * Math.log10(Math.max(x[3 + i], 1e-10)) - offset;
                    // float32 like torch: within a few ulp of the value
                    assertEquals(e, out[2 + i], 4e-7 * Math.abs(e) + 4e-6, k.name() + " n=" + n + " i=" + i + " x=" + x[3 + i]);
                    want = Math.max(want, out[2 + i]);
                }
                assertEquals(want, max, 0f, "max, n=" + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void decibelsKeepNanInfinityAndTinyAmin(Kernels k) {
        float[] x = {1f, Float.NaN, 100f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 1e-3f, 10f, 1f, 1f, 1f,
                     1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        float[] out = new float[x.length];
        assertTrue(Float.isNaN(k.toDecibels(x, 0, out, 0, x.length, 10, 1e-10, 0)));
        assertEquals(0f, out[0], 1e-6f);
        assertTrue(Float.isNaN(out[1]));
        assertEquals(20f, out[2], 1e-5f);
        assertEquals(Float.POSITIVE_INFINITY, out[3]);
        assertEquals(-100f, out[4], 1e-4f);
        assertEquals(-100f, out[5], 1e-4f);
        assertEquals(-30f, out[6], 1e-5f);
        // no NaN: the maximum is +inf
        assertEquals(Float.POSITIVE_INFINITY, k.toDecibels(x, 2, out, 0, 3, 10, 1e-10, 0));
        // an amin below float's normal range is honoured in double precision
        float[] z = {0f, 1e-30f};
        k.toDecibels(z, 0, out, 0, 2, 10, 1e-50, 0);
        assertEquals(-500f, out[0], 1e-3f);
        assertEquals(-300f, out[1], 1e-3f);
        assertEquals(Float.NEGATIVE_INFINITY, k.toDecibels(z, 0, out, 0, 0, 10, 1e-10, 0));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void clampMinKeepsNanAtEveryLength(Kernels k) {
        for (int n = 0; n <= 40; n++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = i % 7 == 3 ? Float.NaN : i - 20f;
            k.clampMin(x, 0, n, -5f);
            for (int i = 0; i < n; i++) {
                if (i % 7 == 3) assertTrue(Float.isNaN(x[i]));
                else assertEquals(Math.max(i - 20f, -5f), x[i], 0f);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void allFiniteFindsNanAndInfinityAnywhere(Kernels k) {
        for (int n = 0; n <= 40; n++) {
            float[] x = new float[n + 1];
            java.util.Arrays.fill(x, 3e38f);
            assertTrue(k.allFinite(x, 1, n));
            for (int i = 1; i <= n; i++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    x[i] = bad;
                    assertFalse(k.allFinite(x, 1, n), "n=" + n + " i=" + i + " " + bad);
                    x[i] = -3e38f;
                }
            }
            x[0] = Float.NaN; // outside the range
            assertTrue(k.allFinite(x, 1, n));
        }
    }

    @Test
    void bandedProjectIsTheDenseProductOfTheBands() {
        Random r = new Random(2);
        int rows = 20, cols = 5, batch = 3;
        int[] lo = {0, 3, 7, 7, 0};
        int[] hi = {4, 9, 20, 7, 1}; // the fourth band is empty
        int[] wOff = new int[cols];
        int total = 0;
        for (int m = 0; m < cols; m++) {
            wOff[m] = total;
            total += hi[m] - lo[m];
        }
        float[] w = new float[total];
        for (int i = 0; i < total; i++) w[i] = r.nextFloat();
        for (int time : new int[] {1, 5, 8, 9, 16, 27}) {
            float[] x = new float[2 + batch * rows * time];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            float[] out = new float[1 + batch * cols * time];
            SpectralKernels.bandedProject(x, 2, batch, rows, time, cols, lo, hi, w, wOff, out, 1);
            for (int b = 0; b < batch; b++) {
                for (int m = 0; m < cols; m++) {
                    for (int t = 0; t < time; t++) {
                        double s = 0;
                        for (int f = lo[m]; f < hi[m]; f++) s += w[wOff[m] + f - lo[m]] * x[2 + (b * rows + f) * time + t];
                        assertEquals(s, out[1 + (b * cols + m) * time + t], 1e-5, "time=" + time + " b=" + b + " m=" + m + " t=" + t);
                    }
                }
            }
        }
    }
}
