package dev.cochlea.kernels;

import java.util.Arrays;

/**
 * Copies blocks of the operands of a matrix product into the contiguous "panel" layouts the
 * register-blocked micro-kernels of {@link VectorGemm} read, folding any transpose into the copy so
 * the caller's matrices are never transposed as a whole.
 *
 * <p>An A panel holds {@code mr} consecutive rows of {@code op(A)} for {@code kc} consecutive values
 * of the inner index, stored k-major: element {@code (i, p)} of the panel sits at {@code p * mr + i}.
 * A B panel holds {@code nr} consecutive columns of {@code op(B)}, also k-major: element
 * {@code (p, j)} sits at {@code p * nr + j}. Rows or columns past the edge of the matrix are filled
 * with zeros so the micro-kernel always computes a full tile.
 *
 * <pre>{@code
 * // op(A) = A (m×k, row stride lda): pack rows [i0, i0+mc) and columns [p0, p0+kc) into 4-row panels
 * GemmPacking.packA(false, a, aOff, lda, i0, mc, p0, kc, 4, ap, 0);
 * // op(B) = B (k×n, row stride ldb): pack rows [p0, p0+kc) and columns [j0, j0+nc) into 64-column panels
 * GemmPacking.packB(false, b, bOff, ldb, p0, kc, j0, nc, 64, bp, 0);
 * }</pre>
 */
public final class GemmPacking {
    private GemmPacking() {}

    /**
     * Packs rows {@code [i0, i0+mc)} and inner indices {@code [p0, p0+kc)} of {@code op(A)} into
     * {@code ceil(mc/mr)} panels of {@code mr × kc}, one after another in {@code ap} from index {@code apOff}.
     *
     * @param transA whether {@code op(A)} is the transpose of the stored A (stored k×m)
     */
    public static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                             int mr, float[] ap, int apOff) {
        int dst = apOff;
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            if (transA) {
                // op(A)[i][p] = a[p*lda + i]: the mr values of one p are adjacent in memory.
                int src = aOff + p0 * lda + i0 + ir;
                if (rows == 4 && mr == 4) {
                    // Four floats per step: element copies, which the JIT keeps in registers, where a call
                    // to arraycopy per step costs more than the copy.
                    for (int p = 0; p < kc; p++, src += lda, dst += 4) {
                        ap[dst] = a[src];
                        ap[dst + 1] = a[src + 1];
                        ap[dst + 2] = a[src + 2];
                        ap[dst + 3] = a[src + 3];
                    }
                } else if (rows == mr) {
                    for (int p = 0; p < kc; p++, src += lda, dst += mr) {
                        System.arraycopy(a, src, ap, dst, mr);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, dst += mr) {
                        for (int i = 0; i < rows; i++) ap[dst + i] = a[src + i];
                        for (int i = rows; i < mr; i++) ap[dst + i] = 0f;
                    }
                }
            } else {
                // op(A)[i][p] = a[i*lda + p]: read each row sequentially, write with stride mr.
                for (int i = 0; i < rows; i++) {
                    int src = aOff + (i0 + ir + i) * lda + p0;
                    int d = dst + i;
                    for (int p = 0; p < kc; p++, d += mr) ap[d] = a[src + p];
                }
                for (int i = rows; i < mr; i++) {
                    int d = dst + i;
                    for (int p = 0; p < kc; p++, d += mr) ap[d] = 0f;
                }
                dst += kc * mr;
            }
        }
    }

    /**
     * Packs inner indices {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of {@code op(B)} into
     * {@code ceil(nc/nr)} panels of {@code kc × nr}, one after another in {@code bp} from index {@code bpOff}.
     *
     * @param transB whether {@code op(B)} is the transpose of the stored B (stored n×k)
     */
    public static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                             int nr, float[] bp, int bpOff) {
        int panels = (nc + nr - 1) / nr;
        if (!transB) {
            // Row by row: each row of the block is read sequentially and scattered over the panels.
            int full = nc / nr;
            int rest = nc - full * nr;
            int panelSize = kc * nr;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (p0 + p) * ldb + j0;
                int dst = bpOff + p * nr;
                for (int jp = 0; jp < full; jp++, src += nr, dst += panelSize) {
                    System.arraycopy(b, src, bp, dst, nr);
                }
                if (rest > 0) {
                    System.arraycopy(b, src, bp, dst, rest);
                    Arrays.fill(bp, dst + rest, dst + nr, 0f);
                }
            }
        } else {
            // op(B)[p][j] = b[j*ldb + p]: read each stored row (a column of op(B)) sequentially.
            for (int jp = 0; jp < panels; jp++) {
                int base = bpOff + jp * kc * nr;
                int cols = Math.min(nr, nc - jp * nr);
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jp * nr + j) * ldb + p0;
                    int d = base + j;
                    for (int p = 0; p < kc; p++, d += nr) bp[d] = b[src + p];
                }
                for (int j = cols; j < nr; j++) {
                    int d = base + j;
                    for (int p = 0; p < kc; p++, d += nr) bp[d] = 0f;
                }
            }
        }
    }

    /**
     * Copies {@code kc} values from each of rows {@code [r0, r0+rows)} of a row-major matrix (row stride
     * {@code ld}), starting at column {@code p0}, into {@code dst} at {@code dstOff} with row stride
     * {@code dstLd}, zero-filling columns {@code [kc, width)} of each row and rows {@code [rows, padRows)};
     * the layout the dot-product kernel of {@link VectorGemmDot} reads.
     */
    public static void packRows(float[] src, int off, int ld, int r0, int rows, int p0, int kc, int width,
                                int padRows, float[] dst, int dstOff, int dstLd) {
        for (int r = 0; r < rows; r++) {
            int d = dstOff + r * dstLd;
            System.arraycopy(src, off + (r0 + r) * ld + p0, dst, d, kc);
            if (width > kc) Arrays.fill(dst, d + kc, d + width, 0f);
        }
        for (int r = rows; r < padRows; r++) {
            int d = dstOff + r * dstLd;
            Arrays.fill(dst, d, d + width, 0f);
        }
    }
}
