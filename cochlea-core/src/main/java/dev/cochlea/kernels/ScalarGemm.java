package dev.cochlea.kernels;

/**
 * Portable matrix product used by {@link ScalarKernels} (no Vector API): {@code C = alpha * op(A) *
 * op(B) + beta * C}, row-major.
 *
 * <p>Blocks of {@code op(B)} are copied into one small array per row ({@code KB × NB}), and rows of C
 * are accumulated in offset-0 arrays of their own, so the innermost loop is a small static method over
 * offset-0 arrays that the JIT auto-vectorises ({@code y[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] +
 * a3*b3[j]}: four inner steps per pass over the row). Large products are split over {@link Parallel}
 * by columns (or rows when C is narrow). Scratch arrays are kept per thread.
 *
 * <pre>{@code
 * ScalarGemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
 * }</pre>
 */
public final class ScalarGemm {
    /** Columns of C per block. */
    static final int NB = 512;
    /** Inner-dimension block. */
    static final int KB = 128;
    /** Rows of C per block (accumulated in scratch rows). */
    static final int MB = 64;
    /** Column chunks handed to threads are multiples of this. */
    private static final int SPLIT = 16;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread scratch: packed B rows, accumulator rows, one row of A. */
    private static final class Scratch {
        final float[][] b = new float[KB][NB];
        final float[][] acc = new float[MB][NB];
        final float[] aRow = new float[KB];
    }

    private ScalarGemm() {}

    /** See {@link Kernels#gemm}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        int threads = GemmArgs.threadsFor(m, n, k);
        if (threads <= 1) {
            block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int colChunks = (n + SPLIT - 1) / SPLIT;
        if (colChunks >= 4 * threads || colChunks >= m) {
            int units = Math.min(threads, colChunks);
            ParallelUnits.run(threads, units, u -> {
                int c0 = (int) ((long) colChunks * u / units), c1 = (int) ((long) colChunks * (u + 1) / units);
                block(transA, transB, 0, m, c0 * SPLIT, Math.min(n, c1 * SPLIT), k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        } else {
            int units = Math.min(threads, m);
            ParallelUnits.run(threads, units, u -> {
                int r0 = (int) ((long) m * u / units), r1 = (int) ((long) m * (u + 1) / units);
                block(transA, transB, r0, r1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        }
    }

    /**
     * Runs small products until the JIT has compiled them (see {@link KernelProvider#warmUp()}).
     */
    public static void warmUp() {
        KernelProvider.warmUpGemm(ScalarKernels.INSTANCE);
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of C on the calling thread. */
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        float[][] bRows = s.b;
        float[][] acc = s.acc;
        float[] aRow = s.aRow;
        for (int jc = j0; jc < j1; jc += NB) {
            int nb = Math.min(NB, j1 - jc);
            for (int ic = i0; ic < i1; ic += MB) {
                int mb = Math.min(MB, i1 - ic);
                for (int i = 0; i < mb; i++) zero(acc[i], nb);
                for (int pc = 0; pc < k; pc += KB) {
                    int kb = Math.min(KB, k - pc);
                    packB(transB, b, bOff, ldb, pc, kb, jc, nb, bRows);
                    for (int i = 0; i < mb; i++) {
                        int row = ic + i;
                        if (transA) {
                            for (int p = 0; p < kb; p++) aRow[p] = a[aOff + (pc + p) * lda + row];
                        } else {
                            System.arraycopy(a, aOff + row * lda + pc, aRow, 0, kb);
                        }
                        accumulateRow(aRow, kb, bRows, acc[i], nb);
                    }
                }
                for (int i = 0; i < mb; i++) {
                    storeRow(acc[i], nb, alpha, beta, c, cOff + (ic + i) * ldc + jc);
                }
            }
        }
    }

    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kb, int jc, int nb,
                              float[][] bRows) {
        if (!transB) {
            for (int p = 0; p < kb; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, bRows[p], 0, nb);
        } else {
            for (int j = 0; j < nb; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kb; p++) bRows[p][j] = b[src + p];
            }
        }
    }

    /** {@code y += sum_p aRow[p] * bRows[p]} over {@code kb} rows of length {@code nb}. */
    private static void accumulateRow(float[] aRow, int kb, float[][] bRows, float[] y, int nb) {
        int p = 0;
        for (; p + 4 <= kb; p += 4) {
            axpy4(aRow[p], aRow[p + 1], aRow[p + 2], aRow[p + 3], bRows[p], bRows[p + 1], bRows[p + 2],
                    bRows[p + 3], y, nb);
        }
        for (; p < kb; p++) axpy1(aRow[p], bRows[p], y, nb);
    }

    private static void axpy4(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2,
                              float[] b3, float[] y, int n) {
        for (int j = 0; j < n; j++) y[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void axpy1(float a0, float[] b0, float[] y, int n) {
        for (int j = 0; j < n; j++) y[j] += a0 * b0[j];
    }

    private static void zero(float[] y, int n) {
        for (int j = 0; j < n; j++) y[j] = 0f;
    }

    private static void storeRow(float[] acc, int n, float alpha, float beta, float[] c, int co) {
        if (beta == 0f) {
            for (int j = 0; j < n; j++) c[co + j] = alpha * acc[j];
        } else if (beta == 1f) {
            for (int j = 0; j < n; j++) c[co + j] += alpha * acc[j];
        } else {
            for (int j = 0; j < n; j++) c[co + j] = alpha * acc[j] + beta * c[co + j];
        }
    }
}
