package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;

/** Small matrix helpers: {@code diag}, {@code trace} and {@code outer}, each with its backward rule. */
final class Matrices {
    private Matrices() {}

    /** The main diagonal of a matrix as a strided view of its storage (not recorded). */
    private static Tensor diagonalView(Tensor m) {
        int k = Math.min(m.shape[0], m.shape[1]);
        return m.viewOf(new int[] {k}, new int[] {m.strides[0] + m.strides[1]}, m.offset);
    }

    static Tensor diag(Tensor t) {
        if (t.dim() == 1) {
            int n = t.shape[0];
            Tensor out = t.dtype == DType.FLOAT32 ? Tensor.zeros(n, n) : Tensor.zerosLong(n, n);
            Copy.copyInto(diagonalView(out), t.detach());
            return Autograd.record(out, "DiagBackward", new Tensor[] {t}, g -> new Tensor[] {Copy.contiguous(diagonalView(g))});
        }
        if (t.dim() == 2) {
            Tensor out = Copy.contiguous(diagonalView(t));
            int[] inShape = t.shape;
            return Autograd.record(out, "DiagBackward", new Tensor[] {t}, g -> {
                Tensor full = Tensor.zeros(inShape);
                Copy.copyInto(diagonalView(full), g);
                return new Tensor[] {full};
            });
        }
        throw new IllegalArgumentException("diag: expects a 1-D or 2-D tensor, found shape " + Shape.str(t.shape));
    }

    static Tensor trace(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("trace: expects a matrix, found shape " + Shape.str(t.shape));
        return diag(t).sum();
    }

    static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expects two 1-D tensors, found shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape));
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }
}
