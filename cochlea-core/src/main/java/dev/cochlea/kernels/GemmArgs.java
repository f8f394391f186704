package dev.cochlea.kernels;

import java.util.Arrays;

/**
 * What both matrix-product implementations share before any arithmetic: argument checks, the
 * trivial cases ({@code k == 0} or {@code alpha == 0}: only {@code C = beta * C}) and the choice of
 * how many threads a product deserves.
 *
 * <pre>{@code
 * GemmArgs.check(false, false, m, n, k, lda, ldb, ldc);
 * int threads = GemmArgs.threadsFor(m, n, k); // 1 for small products
 * }</pre>
 */
public final class GemmArgs {
    /**
     * Products smaller than this many floating-point operations stay on the calling thread (the scalar
     * kernels; the vector kernels take theirs from the machine's {@link GemmPlan}).
     */
    public static final long MIN_PARALLEL_FLOPS = Tuning.get().gemmMinParallelFlops() > 0
            ? Tuning.get().gemmMinParallelFlops() : GemmPlan.DEFAULT_MIN_PARALLEL_FLOPS;

    private GemmArgs() {}

    /**
     * Throws {@link IllegalArgumentException} for negative sizes or leading dimensions smaller than
     * the rows they must hold.
     */
    public static void check(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        boolean bad = ldc < n;
        if (k > 0) {
            bad |= lda < (transA ? m : k);
            bad |= ldb < (transB ? k : n);
        }
        if (bad) {
            throw new IllegalArgumentException("gemm: leading dimension too small (lda=" + lda + ", ldb=" + ldb
                    + ", ldc=" + ldc + " for m=" + m + " n=" + n + " k=" + k
                    + ", transA=" + transA + ", transB=" + transB + ")");
        }
    }

    /**
     * Handles the products with nothing to multiply ({@code k == 0} or {@code alpha == 0}) by scaling C
     * with {@code beta} (zeros when {@code beta == 0}, whatever C held); returns whether it did.
     */
    public static boolean trivial(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return true;
        if (k != 0 && alpha != 0f) return false;
        if (beta == 1f) return true;
        for (int i = 0; i < m; i++) {
            int co = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, co, co + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[co + j] *= beta;
            }
        }
        return true;
    }

    /**
     * The number of threads for an m×k by k×n product: 1 below {@link #MIN_PARALLEL_FLOPS} or when
     * already running on a kernel thread, otherwise {@link Parallel#threads()}.
     */
    public static int threadsFor(int m, int n, int k) {
        return threadsFor(m, n, k, MIN_PARALLEL_FLOPS);
    }

    /** {@link #threadsFor(int, int, int)} with another threshold. */
    public static int threadsFor(int m, int n, int k, long minParallelFlops) {
        int threads = Parallel.threads();
        if (threads <= 1 || 2L * m * n * k < minParallelFlops
                || Parallel.insideKernel()) {
            return 1;
        }
        return threads;
    }
}
