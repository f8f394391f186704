package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs a transposed B for {@link VectorGemm} (op(B) = Bᵀ, B stored n×k) with 16 × 16 in-register
 * transposes on 16-lane hardware: 16 rows of B are loaded as 16 vectors, transposed by four levels of
 * blends and lane swaps, and stored as 16 rows of a panel. The element-by-element copy of
 * {@link GemmPacking#packB} reads one stored row at a time and writes with a stride of a whole panel row,
 * about four times slower. Other widths, ragged panels and the last k values that do not fill 16 go to
 * {@link GemmPacking#packB}.
 *
 * <pre>{@code
 * // inner indices [p0, p0+kc), columns [j0, j0+nc) of Bᵀ into 64-column panels
 * VectorTranspose.packB(b, 0, k, p0, kc, j0, nc, 64, bp, 0);
 * }</pre>
 */
final class VectorTranspose {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;
    private static final VectorMask<Float> HI8 = L == 16 ? hi(8) : null, HI4 = L == 16 ? hi(4) : null,
            HI2 = L == 16 ? hi(2) : null, HI1 = L == 16 ? hi(1) : null;
    private static final VectorShuffle<Float> SWAP8 = L == 16 ? swap(8) : null, SWAP4 = L == 16 ? swap(4) : null,
            SWAP2 = L == 16 ? swap(2) : null, SWAP1 = L == 16 ? swap(1) : null;

    private VectorTranspose() {}

    /** Lanes whose bit {@code h} is set. */
    static VectorMask<Float> hi(int h) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l & h) != 0;
        return VectorMask.fromArray(S, bits, 0);
    }

    /** Exchanges lanes {@code l} and {@code l ^ h}. */
    static VectorShuffle<Float> swap(int h) {
        return VectorShuffle.fromOp(S, l -> l ^ h);
    }

    /** As {@link GemmPacking#packB} with {@code transB = true}. */
    static void packB(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr, float[] bp, int bpOff) {
        if (L != 16 || nr % 16 != 0) {
            GemmPacking.packB(true, b, bOff, ldb, p0, kc, j0, nc, nr, bp, bpOff);
            return;
        }
        int panels = (nc + nr - 1) / nr;
        int kFull = kc / 16 * 16;
        for (int jp = 0; jp < panels; jp++) {
            int base = bpOff + jp * kc * nr;
            int cols = Math.min(nr, nc - jp * nr);
            if (cols < nr) {
                GemmPacking.packB(true, b, bOff, ldb, p0, kc, j0 + jp * nr, cols, nr, bp, base);
                continue;
            }
            for (int jg = 0; jg < nr; jg += 16) {
                int row = bOff + (j0 + jp * nr + jg) * ldb + p0;
                for (int p = 0; p < kFull; p += 16) transpose16(b, row + p, ldb, bp, base + p * nr + jg, nr);
                for (int r = 0; r < 16; r++) {
                    int src = row + r * ldb;
                    for (int p = kFull; p < kc; p++) bp[base + p * nr + jg + r] = b[src + p];
                }
            }
        }
    }

    /**
     * Writes the transpose of the 16 × 16 block whose rows start at {@code so + r*ls} of {@code src} to rows
     * {@code dOff + q*ld} of {@code dst}: lane {@code l} of output row {@code q} is lane {@code q} of input row
     * {@code l}. Each level swaps the off-diagonal halves of 2 × 2 blocks of size h.
     */
    static void transpose16(float[] src, int so, int ls, float[] dst, int dOff, int ld) {
        FloatVector v0 = FloatVector.fromArray(S, src, so), v1 = FloatVector.fromArray(S, src, so + 1 * ls), v2 = FloatVector.fromArray(S, src, so + 2 * ls), v3 = FloatVector.fromArray(S, src, so + 3 * ls);
        FloatVector v4 = FloatVector.fromArray(S, src, so + 4 * ls), v5 = FloatVector.fromArray(S, src, so + 5 * ls), v6 = FloatVector.fromArray(S, src, so + 6 * ls), v7 = FloatVector.fromArray(S, src, so + 7 * ls);
        FloatVector v8 = FloatVector.fromArray(S, src, so + 8 * ls), v9 = FloatVector.fromArray(S, src, so + 9 * ls), v10 = FloatVector.fromArray(S, src, so + 10 * ls), v11 = FloatVector.fromArray(S, src, so + 11 * ls);
        FloatVector v12 = FloatVector.fromArray(S, src, so + 12 * ls), v13 = FloatVector.fromArray(S, src, so + 13 * ls), v14 = FloatVector.fromArray(S, src, so + 14 * ls), v15 = FloatVector.fromArray(S, src, so + 15 * ls);
        FloatVector a0 = v0.blend(v8.rearrange(SWAP8), HI8), a8 = v0.rearrange(SWAP8).blend(v8, HI8);
        FloatVector a1 = v1.blend(v9.rearrange(SWAP8), HI8), a9 = v1.rearrange(SWAP8).blend(v9, HI8);
        FloatVector a2 = v2.blend(v10.rearrange(SWAP8), HI8), a10 = v2.rearrange(SWAP8).blend(v10, HI8);
        FloatVector a3 = v3.blend(v11.rearrange(SWAP8), HI8), a11 = v3.rearrange(SWAP8).blend(v11, HI8);
        FloatVector a4 = v4.blend(v12.rearrange(SWAP8), HI8), a12 = v4.rearrange(SWAP8).blend(v12, HI8);
        FloatVector a5 = v5.blend(v13.rearrange(SWAP8), HI8), a13 = v5.rearrange(SWAP8).blend(v13, HI8);
        FloatVector a6 = v6.blend(v14.rearrange(SWAP8), HI8), a14 = v6.rearrange(SWAP8).blend(v14, HI8);
        FloatVector a7 = v7.blend(v15.rearrange(SWAP8), HI8), a15 = v7.rearrange(SWAP8).blend(v15, HI8);
        FloatVector b0 = a0.blend(a4.rearrange(SWAP4), HI4), b4 = a0.rearrange(SWAP4).blend(a4, HI4);
        FloatVector b1 = a1.blend(a5.rearrange(SWAP4), HI4), b5 = a1.rearrange(SWAP4).blend(a5, HI4);
        FloatVector b2 = a2.blend(a6.rearrange(SWAP4), HI4), b6 = a2.rearrange(SWAP4).blend(a6, HI4);
        FloatVector b3 = a3.blend(a7.rearrange(SWAP4), HI4), b7 = a3.rearrange(SWAP4).blend(a7, HI4);
        FloatVector b8 = a8.blend(a12.rearrange(SWAP4), HI4), b12 = a8.rearrange(SWAP4).blend(a12, HI4);
        FloatVector b9 = a9.blend(a13.rearrange(SWAP4), HI4), b13 = a9.rearrange(SWAP4).blend(a13, HI4);
        FloatVector b10 = a10.blend(a14.rearrange(SWAP4), HI4), b14 = a10.rearrange(SWAP4).blend(a14, HI4);
        FloatVector b11 = a11.blend(a15.rearrange(SWAP4), HI4), b15 = a11.rearrange(SWAP4).blend(a15, HI4);
        FloatVector c0 = b0.blend(b2.rearrange(SWAP2), HI2), c2 = b0.rearrange(SWAP2).blend(b2, HI2);
        FloatVector c1 = b1.blend(b3.rearrange(SWAP2), HI2), c3 = b1.rearrange(SWAP2).blend(b3, HI2);
        FloatVector c4 = b4.blend(b6.rearrange(SWAP2), HI2), c6 = b4.rearrange(SWAP2).blend(b6, HI2);
        FloatVector c5 = b5.blend(b7.rearrange(SWAP2), HI2), c7 = b5.rearrange(SWAP2).blend(b7, HI2);
        FloatVector c8 = b8.blend(b10.rearrange(SWAP2), HI2), c10 = b8.rearrange(SWAP2).blend(b10, HI2);
        FloatVector c9 = b9.blend(b11.rearrange(SWAP2), HI2), c11 = b9.rearrange(SWAP2).blend(b11, HI2);
        FloatVector c12 = b12.blend(b14.rearrange(SWAP2), HI2), c14 = b12.rearrange(SWAP2).blend(b14, HI2);
        FloatVector c13 = b13.blend(b15.rearrange(SWAP2), HI2), c15 = b13.rearrange(SWAP2).blend(b15, HI2);
        FloatVector d0 = c0.blend(c1.rearrange(SWAP1), HI1), d1 = c0.rearrange(SWAP1).blend(c1, HI1);
        FloatVector d2 = c2.blend(c3.rearrange(SWAP1), HI1), d3 = c2.rearrange(SWAP1).blend(c3, HI1);
        FloatVector d4 = c4.blend(c5.rearrange(SWAP1), HI1), d5 = c4.rearrange(SWAP1).blend(c5, HI1);
        FloatVector d6 = c6.blend(c7.rearrange(SWAP1), HI1), d7 = c6.rearrange(SWAP1).blend(c7, HI1);
        FloatVector d8 = c8.blend(c9.rearrange(SWAP1), HI1), d9 = c8.rearrange(SWAP1).blend(c9, HI1);
        FloatVector d10 = c10.blend(c11.rearrange(SWAP1), HI1), d11 = c10.rearrange(SWAP1).blend(c11, HI1);
        FloatVector d12 = c12.blend(c13.rearrange(SWAP1), HI1), d13 = c12.rearrange(SWAP1).blend(c13, HI1);
        FloatVector d14 = c14.blend(c15.rearrange(SWAP1), HI1), d15 = c14.rearrange(SWAP1).blend(c15, HI1);
        d0.intoArray(dst, dOff);
        d1.intoArray(dst, dOff + 1 * ld);
        d2.intoArray(dst, dOff + 2 * ld);
        d3.intoArray(dst, dOff + 3 * ld);
        d4.intoArray(dst, dOff + 4 * ld);
        d5.intoArray(dst, dOff + 5 * ld);
        d6.intoArray(dst, dOff + 6 * ld);
        d7.intoArray(dst, dOff + 7 * ld);
        d8.intoArray(dst, dOff + 8 * ld);
        d9.intoArray(dst, dOff + 9 * ld);
        d10.intoArray(dst, dOff + 10 * ld);
        d11.intoArray(dst, dOff + 11 * ld);
        d12.intoArray(dst, dOff + 12 * ld);
        d13.intoArray(dst, dOff + 13 * ld);
        d14.intoArray(dst, dOff + 14 * ld);
        d15.intoArray(dst, dOff + 15 * ld);
    }
}
