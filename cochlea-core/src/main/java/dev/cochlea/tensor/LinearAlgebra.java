package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;

/** Matrix products with batch broadcasting, on the kernels' GEMM, without copying transposed operands. */
final class LinearAlgebra {
    private static final Kernels K = KernelProvider.get();

    private LinearAlgebra() {}

    static Tensor matmul(Tensor a, Tensor b) {
        a.requireFloat("matmul");
        b.requireFloat("matmul");
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, found shapes "
                    + Shape.str(a.shape) + " and " + Shape.str(b.shape));
        }
        if (ra == 1 && rb == 1) {
            if (a.shape[0] != b.shape[0]) {
                throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " @ " + Shape.str(b.shape)
                        + ": vectors of different lengths " + a.shape[0] + " and " + b.shape[0]);
            }
            return a.mul(b).sum();
        }
        if (ra == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (rb == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        int m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " @ " + Shape.str(b.shape)
                    + ": inner dimensions " + k + " and " + k2 + " differ");
        }
        // A batch of matrices times one matrix: fold the batch into M when A's rows are contiguous.
        if (rb == 2 && ra > 2 && a.isContiguous()) {
            Tensor flat = a.reshape(-1, k);
            Tensor out2 = matmul(flat, b);
            int[] os = a.shape.clone();
            os[ra - 1] = n;
            return out2.reshape(os);
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape, rb - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int nb = Shape.numel(batch);
        int[] os = java.util.Arrays.copyOf(batch, batch.length + 2);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        float[] out = new float[Shape.numel(os)];
        Operand ao = operand(a), bo = operand(b);
        Tensor am = ao.t, bm = bo.t;
        int[] aBatchStrides = Strided.broadcastStrides(batchA, java.util.Arrays.copyOf(am.strides, ra - 2), batch);
        int[] bBatchStrides = Strided.broadcastStrides(batchB, java.util.Arrays.copyOf(bm.strides, rb - 2), batch);
        boolean ta = ao.trans, tb = bo.trans;
        int lda = ao.ld, ldb = bo.ld;
        int[] aOffs = new int[nb], bOffs = new int[nb];
        batchOffsets(batch, aBatchStrides, am.offset, aOffs);
        batchOffsets(batch, bBatchStrides, bm.offset, bOffs);
        final boolean fta = ta, ftb = tb;
        final int flda = lda, fldb = ldb;
        float[] ad = am.data, bd = bm.data;
        long flops = 2L * m * n * k;
        if (nb > 1 && flops < 2_000_000) {
            Parallel.forRange(nb, Math.max(1, (int) (2_000_000 / Math.max(flops, 1))), (from, to) -> {
                for (int i = from; i < to; i++) {
                    K.gemm(fta, ftb, m, n, k, 1f, ad, aOffs[i], flda, bd, bOffs[i], fldb, 0f, out, i * m * n, n);
                }
            });
        } else {
            for (int i = 0; i < nb; i++) {
                K.gemm(fta, ftb, m, n, k, 1f, ad, aOffs[i], flda, bd, bOffs[i], fldb, 0f, out, i * m * n, n);
            }
        }
        Tensor result = Tensor.contiguousOf(out, os);
        Tensor aD = a.detach(), bD = b.detach();
        int[] as = a.shape, bs = b.shape;
        return Autograd.record(result, "MmBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.matmul(bD.mT()).sumTo(as) : null,
                b.requiresGrad() ? aD.mT().matmul(g).sumTo(bs) : null});
    }

    /** A matrix operand as GEMM sees it: storage, whether it is transposed, and its leading dimension. */
    private record Operand(Tensor t, boolean trans, int ld) {
    }

    /** Uses the tensor in place when its last two dims are row- or column-major, else a contiguous copy. */
    private static Operand operand(Tensor t) {
        int r = t.dim();
        int rows = t.shape[r - 2], cols = t.shape[r - 1];
        int s2 = t.strides[r - 2], s1 = t.strides[r - 1];
        if ((s1 == 1 || cols == 1) && (rows == 1 || s2 >= cols)) {
            return new Operand(t, false, rows == 1 ? Math.max(cols, 1) : s2);
        }
        if ((s2 == 1 || rows == 1) && (cols == 1 || s1 >= rows)) {
            return new Operand(t, true, cols == 1 ? Math.max(rows, 1) : s1);
        }
        Tensor c = Copy.contiguous(t);
        return new Operand(c, false, Math.max(cols, 1));
    }

    private static void batchOffsets(int[] batch, int[] strides, int base, int[] out) {
        int n = out.length;
        int[] pos = new int[batch.length];
        int cur = base;
        for (int i = 0; i < n; i++) {
            out[i] = cur;
            for (int d = batch.length - 1; d >= 0; d--) {
                pos[d]++;
                cur += strides[d];
                if (pos[d] < batch[d]) break;
                cur -= strides[d] * batch[d];
                pos[d] = 0;
            }
        }
    }
}
