package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The Vector API and scalar matrix products against a naive triple loop accumulated in double: all
 * transposes, odd sizes, offsets and padded leading dimensions, alpha/beta cases, NaN-filled C with
 * beta = 0, k = 0, and equality of multithreaded and single-threaded results.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class GemmTest {
    private static final Kernels VECTOR = KernelProvider.vector();
    private static final Kernels SCALAR = KernelProvider.scalar();
    private static final float SENTINEL = -12345.5f;

    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** One product: sizes, transposes, scalars and the layout of the three operands. */
    private record Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                        int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {
        static Case of(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int pad) {
            int aw = ta ? m : k, bw = tb ? k : n;
            return new Case(ta, tb, m, n, k, alpha, beta, pad, Math.max(1, aw) + pad, 2 * pad,
                    Math.max(1, bw) + (pad + 1) / 2, pad + 1, n + pad);
        }

        int aRows() { return ta ? k : m; }
        int bRows() { return tb ? n : k; }

        @Override
        public String toString() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " aOff=" + aOff + " lda=" + lda + " bOff=" + bOff + " ldb=" + ldb
                    + " cOff=" + cOff + " ldc=" + ldc;
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static float[] operandA(Case t, long seed) {
        return random(t.aOff + t.aRows() * t.lda + 3, seed);
    }

    private static float[] operandB(Case t, long seed) {
        return random(t.bOff + t.bRows() * t.ldb + 5, seed);
    }

    /** C with its window filled with values (or NaN when beta is 0) and everything else a sentinel. */
    private static float[] operandC(Case t, long seed) {
        float[] c = new float[t.cOff + t.m * t.ldc + 7];
        Arrays.fill(c, SENTINEL);
        float[] v = random(t.m * t.n, seed);
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                c[t.cOff + i * t.ldc + j] = t.beta == 0f ? Float.NaN : v[i * t.n + j];
            }
        }
        return c;
    }

    private static void run(Kernels kern, Case t, float[] a, float[] b, float[] c) {
        kern.gemm(t.ta, t.tb, t.m, t.n, t.k, t.alpha, a, t.aOff, t.lda, b, t.bOff, t.ldb, t.beta, c, t.cOff, t.ldc);
    }

    /** Checks {@code got} against a double-precision triple loop over the original C. */
    private static void checkNaive(String label, Case t, float[] a, float[] b, float[] c0, float[] got) {
        for (int idx = 0; idx < got.length; idx++) {
            int rel = idx - t.cOff;
            boolean inside = rel >= 0 && rel / t.ldc < t.m && rel % t.ldc < t.n;
            if (!inside) {
                if (Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(c0[idx])) {
                    fail(label + " " + t + ": wrote outside the C window at index " + idx);
                }
                continue;
            }
            int i = rel / t.ldc, j = rel % t.ldc;
            double s = 0, sAbs = 0;
            for (int p = 0; p < t.k; p++) {
                double x = t.ta ? a[t.aOff + p * t.lda + i] : a[t.aOff + i * t.lda + p];
                double y = t.tb ? b[t.bOff + j * t.ldb + p] : b[t.bOff + p * t.ldb + j];
                s += x * y;
                sAbs += Math.abs(x * y);
            }
            double expect = t.alpha * s;
            double scale = Math.abs(t.alpha) * sAbs;
            if (t.beta != 0f) {
                expect += t.beta * (double) c0[idx];
                scale += Math.abs(t.beta * c0[idx]);
            }
            double tol = 4e-7 * (t.k + 4) * scale + 1e-6;
            if (!(Math.abs(got[idx] - expect) <= tol)) {
                fail(label + " " + t + ": C[" + i + "][" + j + "] = " + got[idx] + ", expected " + expect
                        + " (tolerance " + tol + ")");
            }
        }
    }

    private static void checkCase(Case t, long seed) {
        float[] a = operandA(t, seed);
        float[] b = operandB(t, seed + 1);
        float[] c0 = operandC(t, seed + 2);
        float[] cv = c0.clone();
        float[] cs = c0.clone();
        run(VECTOR, t, a, b, cv);
        run(SCALAR, t, a, b, cs);
        checkNaive("vector", t, a, b, c0, cv);
        checkNaive("scalar", t, a, b, c0, cs);
    }

    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 3, 17}, {3, 17, 5}, {17, 3, 1}, {17, 65, 129}, {65, 129, 17}, {129, 3, 65},
            {4, 64, 256}, {5, 200, 300}, {33, 1030, 20}, {2, 70, 1100}, {300, 33, 9}, {7, 16, 128},
            // A·Bᵀ with whole 64-row panels of A and a wider B: computed transposed (VectorGemm.useSwap)
            {64, 130, 100}, {128, 300, 37}, {64, 65, 1300}, {64, 160, 48},
            // ... with 8 lanes, whole 16-row panels (VectorGemm.SWAP_ROWS)
            {32, 48, 300}, {16, 16, 70},
            // one row of A (batch-one inference): A·Bᵀ goes to VectorGemv, four rows of B at a time and a ragged end
            {1, 257, 1280}, {1, 10, 256}, {1, 7, 33}, {1, 4, 16},
            // few rows, long k: 256-bit tiles read B through a row-major copy of 512 columns (ragged
            // second block: 488 = 30 tiles and 8 columns; 37 rows: a ragged last row panel)
            {37, 300, 1000}, {64, 800, 520},
            // rows a 6-row tile leaves over computed by its 4-row tail (MicroTile.tail): 8 left, few rows and many
            {32, 300, 600}, {134, 40, 70}
    };

    @Test
    void allTransposesOddSizesPaddedLayouts() {
        Parallel.setThreads(1);
        long seed = 1;
        for (int[] s : SHAPES) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                int pad = (int) (seed % 4) * 3;
                checkCase(Case.of(ta, tb, s[0], s[1], s[2], 1f, 0f, pad), seed++);
                checkCase(Case.of(ta, tb, s[0], s[1], s[2], -0.5f, 1f, pad + 1), seed++);
                checkCase(Case.of(ta, tb, s[0], s[1], s[2], 1.5f, 0.75f, pad + 2), seed++);
            }
        }
    }

    @Test
    void transposingPackMatchesTheElementwiseOne() {
        java.util.Random r = new java.util.Random(3);
        int[][] cases = {{16, 64}, {17, 64}, {40, 130}, {256, 128}, {3, 64}, {100, 200}};
        for (int[] cs : cases) {
            int kc = cs[0], nc = cs[1], ldb = kc + 21, p0 = 5, j0 = 2;
            float[] b = new float[(j0 + nc) * ldb + 7];
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            int size = (nc + 63) / 64 * 64 * kc + 3;
            float[] expected = new float[size], actual = new float[size];
            java.util.Arrays.fill(actual, Float.NaN);
            GemmPacking.packB(true, b, 1, ldb, p0, kc, j0, nc, 64, expected, 3);
            VectorTranspose.packB(b, 1, ldb, p0, kc, j0, nc, 64, actual, 3);
            for (int i = 3; i < size; i++) assertEquals(expected[i], actual[i], 0f, "kc=" + kc + " nc=" + nc + " at " + i);
        }
    }

    @Test
    void denseDefaultLayouts() {
        Parallel.setThreads(1);
        long seed = 100;
        for (int[] s : new int[][] {{16, 64, 64}, {64, 128, 256}, {8, 192, 512}}) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                checkCase(Case.of(ta, tb, s[0], s[1], s[2], 1f, 0f, 0), seed++);
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNAndKZeroScalesC() {
        for (Kernels kern : new Kernels[] {VECTOR, SCALAR}) {
            for (float beta : new float[] {0f, 1f, 2f}) {
                Case t = Case.of(false, false, 5, 7, 0, 1f, beta, 2);
                float[] a = new float[4];
                float[] b = new float[4];
                float[] c0 = operandC(t, 9);
                float[] c = c0.clone();
                run(kern, t, a, b, c);
                for (int i = 0; i < t.m; i++) {
                    for (int j = 0; j < t.n; j++) {
                        int idx = t.cOff + i * t.ldc + j;
                        float expect = beta == 0f ? 0f : beta * c0[idx];
                        assertEquals(expect, c[idx], 0f, kern.name() + " k=0 beta=" + beta);
                    }
                }
                // alpha = 0 must not read A or B (BLAS semantics): NaN operands change nothing.
                float[] an = new float[5 * 3];
                float[] bn = new float[3 * 7];
                Arrays.fill(an, Float.NaN);
                Arrays.fill(bn, Float.NaN);
                float[] c2 = c0.clone();
                kern.gemm(false, false, 5, 7, 3, 0f, an, 0, 3, bn, 0, 7, beta, c2, t.cOff, t.ldc);
                assertEquals(beta == 0f ? 0f : beta * c0[t.cOff], c2[t.cOff], 0f, kern.name() + " alpha=0");
            }
            // beta = 0 with NaN in C and a real product: no NaN may leak through.
            Case t = Case.of(false, true, 9, 130, 200, 1f, 0f, 3);
            float[] a = operandA(t, 3), b = operandB(t, 4), c = operandC(t, 5);
            run(kern, t, a, b, c);
            for (int i = 0; i < t.m; i++) {
                for (int j = 0; j < t.n; j++) {
                    assertTrue(Float.isFinite(c[t.cOff + i * t.ldc + j]), kern.name() + " NaN leaked");
                }
            }
        }
    }

    @Test
    void emptyProductsAndBadArguments() {
        for (Kernels kern : new Kernels[] {VECTOR, SCALAR}) {
            float[] c = {1f, 2f};
            kern.gemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
            kern.gemm(false, false, 1, 0, 3, 1f, new float[3], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
            assertArrayEquals(new float[] {1f, 2f}, c);
            assertThrows(IllegalArgumentException.class,
                    () -> kern.gemm(false, false, -1, 2, 2, 1f, c, 0, 2, c, 0, 2, 0f, c, 0, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> kern.gemm(false, false, 2, 2, 3, 1f, new float[6], 0, 2, new float[6], 0, 2, 0f,
                            new float[4], 0, 2));
        }
    }

    @Test
    void multithreadedEqualsSingleThreaded() {
        // Splits over columns (wide C; the widest in units handed out dynamically), over rows (narrow C)
        // and the A·Bᵀ dot-product and transposed paths.
        int[][] shapes = {{96, 300, 257}, {2000, 20, 200}, {40, 2000, 100}, {200, 8, 5000}, {20, 5000, 80},
                {64, 2000, 300}};
        long seed = 500;
        for (int[] s : shapes) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                Case t = Case.of(ta, tb, s[0], s[1], s[2], 0.5f, tr == 1 ? 0.25f : 0f, 1);
                float[] a = operandA(t, seed++), b = operandB(t, seed++), c0 = operandC(t, seed++);
                for (Kernels kern : new Kernels[] {VECTOR, SCALAR}) {
                    Parallel.setThreads(1);
                    float[] c1 = c0.clone();
                    run(kern, t, a, b, c1);
                    Parallel.setThreads(2);
                    float[] c2 = c0.clone();
                    run(kern, t, a, b, c2);
                    Parallel.setThreads(3);
                    float[] c3 = c0.clone();
                    run(kern, t, a, b, c3);
                    assertArrayEquals(c1, c2, kern.name() + " 2 threads " + t);
                    assertArrayEquals(c1, c3, kern.name() + " 3 threads " + t);
                    if (tr == 0 && s[0] * s[1] <= 40_000) checkNaive(kern.name() + " threaded", t, a, b, c0, c2);
                }
            }
        }
    }

    @Test
    void warmUpRuns() {
        VectorGemm.warmUp();
        ScalarGemm.warmUp();
        KernelProvider.warmUp();
    }
}
