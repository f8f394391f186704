package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code C = alpha * A · Bᵀ + beta * C} product (A m×k and B n×k, both row-major) as dot products
 * vectorised along the shared inner dimension: a 4 × 4 tile of C is 16 dot products of four rows of A
 * with four rows of B, accumulated in 16 vector registers and reduced (in a fixed lane order, so the
 * result never depends on the JIT's state) once per block of k: on 16-lane hardware by a tree of
 * blends and lane swaps that leaves the 16 sums in one vector. This is the shape of a layer's weight
 * gradient ({@code dW = dY · Xᵀ} with k the batch × positions), where packing a transposed B for the
 * broadcast kernel of {@link VectorGemm} would cost about as much as the product.
 *
 * <p>A block of A ({@code mc × kc}, kept in L2; the fewer the rows, the longer the block, up to 4096)
 * is copied into a zero-padded buffer whose rows are one vector longer than the block, so that rows a
 * power of two apart do not share cache sets and every block is a whole number of vectors. Four rows
 * of B at a time are copied the same way by the first tile that uses them, while it computes.
 *
 * <pre>{@code
 * // dW (out×in) = dY (out×t) · X (in×t)ᵀ
 * VectorGemmDot.gemm(1, out, in, t, 1f, dy, 0, t, x, 0, t, 0f, dw, 0, in);
 * }</pre>
 */
public final class VectorGemmDot {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;
    /** Longest inner-dimension block: one reduction of the 16 accumulators per 4 × 4 tile and block. */
    static final int KC = Math.max(L, Tuning.get().gemmDotKc() / L * L);
    /** Floats of the A block kept in L2 (512 KiB). */
    static final int A_BLOCK = Tuning.get().gemmDotABlock();
    /** Rows of A per block ({@code MC × KC} floats stay in L2). */
    static final int MC = Math.max(4, Tuning.get().gemmDotMc() / 4 * 4);

    // With 16 lanes the 16 sums of a tile are folded into one vector (see fold); HI_h selects the lanes
    // whose bit h is set, SWAP_h exchanges lanes l and l ^ h.
    private static final VectorMask<Float> HI8 = L == 16 ? hi(8) : null, HI4 = L == 16 ? hi(4) : null,
            HI2 = L == 16 ? hi(2) : null, HI1 = L == 16 ? hi(1) : null;
    private static final VectorShuffle<Float> SWAP8 = L == 16 ? swap(8) : null, SWAP4 = L == 16 ? swap(4) : null,
            SWAP2 = L == 16 ? swap(2) : null, SWAP1 = L == 16 ? swap(1) : null;

    private VectorGemmDot() {}

    private static VectorMask<Float> hi(int h) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l & h) != 0;
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> swap(int h) {
        return VectorShuffle.fromOp(S, l -> l ^ h);
    }

    /**
     * Lane {@code l} of the result is {@code a[l] + a[l ^ h]} where bit h of l is clear and
     * {@code b[l] + b[l ^ h]} where it is set: one level of a transposing reduction tree, which after
     * four levels leaves the full sum of the 16 lanes of input vector {@code t} in lane {@code t}. Every
     * step is an exact lane-wise operation, so the sums do not depend on the JIT's state.
     */
    private static FloatVector fold(FloatVector a, FloatVector b, VectorMask<Float> hi, VectorShuffle<Float> swap) {
        return a.blend(b, hi).add(b.blend(a, hi).rearrange(swap));
    }

    /**
     * {@code C = alpha * A · Bᵀ + beta * C} on up to {@code threads} threads (the caller included);
     * {@code k} must be positive. Arguments as in {@link Kernels#gemm} with {@code transB = true}.
     */
    public static void gemm(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (threads <= 1) {
            block(m, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int groupsN = (n + 3) / 4;
        int groupsM = (m + 3) / 4;
        // One unit per thread: every unit packs its own copy of the A blocks it needs, which for a weight
        // gradient (long k) is far from free.
        if (groupsN >= 2 * threads || groupsN >= groupsM) {
            int units = Math.min(threads, groupsN);
            ParallelUnits.run(threads, units, u -> {
                int g0 = (int) ((long) groupsN * u / units), g1 = (int) ((long) groupsN * (u + 1) / units);
                block(m, 0, m, g0 * 4, Math.min(n, g1 * 4), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        } else {
            int units = Math.min(threads, groupsM);
            ParallelUnits.run(threads, units, u -> {
                int g0 = (int) ((long) groupsM * u / units), g1 = (int) ((long) groupsM * (u + 1) / units);
                block(m, g0 * 4, Math.min(m, g1 * 4), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        }
    }

    private static void block(int m, int i0, int i1, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int rows = i1 - i0;
        int mBlocks = (rows + MC - 1) / MC;
        int mcStep = ((rows + mBlocks - 1) / mBlocks + 3) / 4 * 4;
        // The A block (mc × kc) stays in L2: fewer rows allow a longer k block and fewer reductions. The
        // block length depends on the whole product's rows only, so results do not depend on the split.
        int kcMax = Math.max(256, Math.min(KC, A_BLOCK / ((Math.min(m, MC) + 3) / 4 * 4)));
        int kBlocks = (k + kcMax - 1) / kcMax;
        int kcStep = ((k + kBlocks - 1) / kBlocks + L - 1) / L * L;
        GemmWorkspace ws = GemmWorkspace.get();
        // Row strides one vector longer than the block, so rows a power of two apart in k do not all fall
        // into the same cache sets.
        float[] ap = ws.a(mcStep * (kcStep + L));
        float[] bq = ws.b(4 * (kcStep + L));
        float[] tile = ws.tile(16 + 16 * L);
        for (int ic = i0; ic < i1; ic += mcStep) {
            int mc = Math.min(mcStep, i1 - ic);
            int mcp = (mc + 3) / 4 * 4;
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                int kcp = (kc + L - 1) / L * L;
                int ld = kcp + L;
                int kcFull = kc / L * L;
                GemmPacking.packRows(a, aOff, lda, ic, mc, pc, kc, kcp, mcp, ap, 0, ld);
                float betaEff = pc == 0 ? beta : 1f;
                for (int jg = j0; jg < j1; jg += 4) {
                    int nr = Math.min(4, j1 - jg);
                    boolean fuse = nr == 4 && kcFull > 0;
                    if (fuse) {
                        // Only the ragged end of the four rows is copied here; the first row panel of A
                        // copies the rest while it computes.
                        GemmPacking.packRows(b, bOff, ldb, jg, 4, pc + kcFull, kc - kcFull, kcp - kcFull, 4, bq, kcFull, ld);
                    } else {
                        GemmPacking.packRows(b, bOff, ldb, jg, nr, pc, kc, kcp, 4, bq, 0, ld);
                    }
                    for (int ir = 0; ir < mc; ir += 4) {
                        kernel(kcp, ap, ir * ld, ld, fuse && ir == 0 ? b : null, bOff + jg * ldb + pc, ldb, kcFull,
                                bq, ld, c, cOff + (ic + ir) * ldc + jg, ldc, Math.min(4, mc - ir), nr, alpha, betaEff, tile);
                    }
                }
            }
        }
    }

    /**
     * {@code tile[t] = sum of tile[16 + 16t .. 16 + 16(t+1))} for t < 16 (16 lanes): a tree of
     * {@link #fold}s leaves the 16 sums in one vector.
     */
    private static void foldLanes(float[] tile) {
        FloatVector w0 = fold(FloatVector.fromArray(S, tile, 16), FloatVector.fromArray(S, tile, 16 + 8 * 16), HI8, SWAP8);
        FloatVector w1 = fold(FloatVector.fromArray(S, tile, 32), FloatVector.fromArray(S, tile, 16 + 9 * 16), HI8, SWAP8);
        FloatVector w2 = fold(FloatVector.fromArray(S, tile, 48), FloatVector.fromArray(S, tile, 16 + 10 * 16), HI8, SWAP8);
        FloatVector w3 = fold(FloatVector.fromArray(S, tile, 64), FloatVector.fromArray(S, tile, 16 + 11 * 16), HI8, SWAP8);
        FloatVector w4 = fold(FloatVector.fromArray(S, tile, 80), FloatVector.fromArray(S, tile, 16 + 12 * 16), HI8, SWAP8);
        FloatVector w5 = fold(FloatVector.fromArray(S, tile, 96), FloatVector.fromArray(S, tile, 16 + 13 * 16), HI8, SWAP8);
        FloatVector w6 = fold(FloatVector.fromArray(S, tile, 112), FloatVector.fromArray(S, tile, 16 + 14 * 16), HI8, SWAP8);
        FloatVector w7 = fold(FloatVector.fromArray(S, tile, 128), FloatVector.fromArray(S, tile, 16 + 15 * 16), HI8, SWAP8);
        FloatVector x0 = fold(w0, w4, HI4, SWAP4), x1 = fold(w1, w5, HI4, SWAP4);
        FloatVector x2 = fold(w2, w6, HI4, SWAP4), x3 = fold(w3, w7, HI4, SWAP4);
        fold(fold(x0, x2, HI2, SWAP2), fold(x1, x3, HI2, SWAP2), HI1, SWAP1).intoArray(tile, 0);
    }

    /** {@code tile[i] = sum of tile[16 + i*L .. 16 + (i+1)*L)} for i < 16, lanes in order, two at a time. */
    private static void sumLanes(float[] tile) {
        for (int i = 0; i < 16; i++) {
            int o = 16 + i * L;
            float s0 = 0f, s1 = 0f;
            for (int l = 0; l < L; l += 2) {
                s0 += tile[o + l];
                s1 += tile[o + l + 1];
            }
            tile[i] = s0 + s1;
        }
    }

    /**
     * 16 dot products of rows {@code ao + i*ld} of {@code ap} with rows {@code j*ld} of {@code bq}, over
     * {@code kcp} (a whole number of vectors). When {@code src} is not null, the first {@code kcFull}
     * values of the B rows are read from {@code src} (rows {@code ldb} apart from {@code so}) instead and
     * copied into {@code bq} on the way.
     */
    private static void kernel(int kcp, float[] ap, int ao, int ld, float[] src, int so, int ldb, int kcFull,
                               float[] bq, int lbq, float[] c, int co, int ldc, int mr, int nr, float alpha,
                               float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int a1 = ao + ld, a2 = ao + 2 * ld, a3 = ao + 3 * ld;
        int b1 = lbq, b2 = 2 * lbq, b3 = 3 * lbq;
        int p = 0;
        if (src != null) {
            int s1 = so + ldb, s2 = so + 2 * ldb, s3 = so + 3 * ldb;
            for (; p < kcFull; p += L) {
                FloatVector y0 = FloatVector.fromArray(S, src, so + p);
                FloatVector y1 = FloatVector.fromArray(S, src, s1 + p);
                FloatVector y2 = FloatVector.fromArray(S, src, s2 + p);
                FloatVector y3 = FloatVector.fromArray(S, src, s3 + p);
                y0.intoArray(bq, p);
                y1.intoArray(bq, b1 + p);
                y2.intoArray(bq, b2 + p);
                y3.intoArray(bq, b3 + p);
                FloatVector x = FloatVector.fromArray(S, ap, ao + p);
                c00 = x.fma(y0, c00);
                c01 = x.fma(y1, c01);
                c02 = x.fma(y2, c02);
                c03 = x.fma(y3, c03);
                x = FloatVector.fromArray(S, ap, a1 + p);
                c10 = x.fma(y0, c10);
                c11 = x.fma(y1, c11);
                c12 = x.fma(y2, c12);
                c13 = x.fma(y3, c13);
                x = FloatVector.fromArray(S, ap, a2 + p);
                c20 = x.fma(y0, c20);
                c21 = x.fma(y1, c21);
                c22 = x.fma(y2, c22);
                c23 = x.fma(y3, c23);
                x = FloatVector.fromArray(S, ap, a3 + p);
                c30 = x.fma(y0, c30);
                c31 = x.fma(y1, c31);
                c32 = x.fma(y2, c32);
                c33 = x.fma(y3, c33);
            }
        }
        for (; p < kcp; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, bq, p);
            FloatVector y1 = FloatVector.fromArray(S, bq, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, bq, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, bq, b3 + p);
            FloatVector x = FloatVector.fromArray(S, ap, ao + p);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            c03 = x.fma(y3, c03);
            x = FloatVector.fromArray(S, ap, a1 + p);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            c13 = x.fma(y3, c13);
            x = FloatVector.fromArray(S, ap, a2 + p);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            c23 = x.fma(y3, c23);
            x = FloatVector.fromArray(S, ap, a3 + p);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
            c33 = x.fma(y3, c33);
        }
        // Reduce each accumulator in a fixed lane order (the same in compiled and interpreted code, so a result
        // never depends on the JIT's state): spill the 16 vectors, then sum each one's lanes. The sums live in a
        // method of their own: inside this one, already at the compiler's node limit, the vector operations
        // would not be inlined.
        int t = 16;
        c00.intoArray(tile, t);
        c01.intoArray(tile, t + L);
        c02.intoArray(tile, t + 2 * L);
        c03.intoArray(tile, t + 3 * L);
        c10.intoArray(tile, t + 4 * L);
        c11.intoArray(tile, t + 5 * L);
        c12.intoArray(tile, t + 6 * L);
        c13.intoArray(tile, t + 7 * L);
        c20.intoArray(tile, t + 8 * L);
        c21.intoArray(tile, t + 9 * L);
        c22.intoArray(tile, t + 10 * L);
        c23.intoArray(tile, t + 11 * L);
        c30.intoArray(tile, t + 12 * L);
        c31.intoArray(tile, t + 13 * L);
        c32.intoArray(tile, t + 14 * L);
        c33.intoArray(tile, t + 15 * L);
        if (L == 16) foldLanes(tile);
        else sumLanes(tile);
        VectorMicroKernels.storeTile(tile, 4, c, co, ldc, mr, nr, alpha, beta);
    }
}
