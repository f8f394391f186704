package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;

/**
 * The one home of softmax, log-softmax and logsumexp, forward and backward: the {@link Tensor}
 * methods land here, and the fused losses of {@code nn.functional} use {@link #logSumExp} for the
 * same maths on one row of logits.
 *
 * <p>All three subtract the row maximum before exponentiating ({@code log Σ e^x = m + log Σ e^(x - m)}),
 * so large logits do not overflow; a row of {@code -inf} gives a maximum of 0 instead of NaN.
 * Backward: {@code d softmax = y ⊙ (g - Σ g ⊙ y)}, {@code d logSoftmax = g - e^y Σ g}.
 *
 * <pre>{@code
 * Tensor logits = Tensor.randn(8, 10);
 * Tensor p = logits.softmax(1);                  // rows sum to 1
 * Tensor logp = logits.logSoftmax(1);            // = logits - logits.logsumexp(1, true)
 * double z = SoftmaxOps.logSumExp(logits.toFloatArray(), 0, 10, 1);   // row 0's log-partition
 * }</pre>
 */
public final class SoftmaxOps {
    private static final Kernels K = KernelProvider.get();

    private SoftmaxOps() {}

    /**
     * {@code log Σ_c exp(x[offset + c * stride])} over {@code n} values, in double precision after
     * subtracting their maximum: the log-partition of one row of logits (class {@code c} at
     * {@code offset + c * stride}), as the fused cross-entropy losses need it.
     */
    public static double logSumExp(float[] x, int offset, int n, int stride) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) m = Math.max(m, x[offset + c * stride]);
        if (Float.isInfinite(m)) m = 0f;
        double se = 0;
        for (int c = 0; c < n; c++) se += Math.exp(x[offset + c * stride] - m);
        return m + Math.log(se);
    }

    /** {@code log(sum(exp(t), dim))}, stable for large values and for ±infinity. */
    static Tensor logsumexp(Tensor t, int dim, boolean keepDim) {
        int d = Shape.dim("logsumexp", dim, t.dim());
        Tensor m = t.detach().max(d, true).values();
        Tensor safe = Tensor.where(m.abs().eq(Float.POSITIVE_INFINITY), Tensor.zeros(m.shape), m);
        Tensor s = t.sub(safe).exp().sum(d, true).log().add(safe);
        return keepDim ? s : s.squeeze(d);
    }

    /** Softmax (or log-softmax) over dim, computed on contiguous rows. */
    static Tensor softmax(Tensor t, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        t.requireFloat(op);
        int r = t.dim();
        if (r == 0) return softmax(t.reshape(1), 0, log).reshape();
        int d = Shape.dim(op, dim, r);
        boolean last = d == r - 1;
        Tensor x = last ? t.detach() : t.detach().transpose(d, r - 1);
        Tensor c = x.isContiguous() ? x : Copy.contiguous(x);
        int inner = c.shape[r - 1];
        int outer = inner == 0 ? 0 : c.numel() / inner;
        float[] out = new float[c.numel()];
        float[] src = c.data;
        int off = c.offset;
        Parallel.forRange(outer, Math.max(1, (1 << 14) / Math.max(inner, 1)), (from, to) -> {
            for (int i = from; i < to; i++) {
                int b = off + i * inner, o = i * inner;
                float m = K.max(src, b, inner);
                if (m == Float.NEGATIVE_INFINITY) m = 0f;
                K.binaryScalar(Kernels.Binary.SUB, src, b, m, out, o, inner);
                if (log) {
                    float[] tmp = new float[inner];
                    K.unary(Kernels.Unary.EXP, out, o, tmp, 0, inner);
                    float lse = (float) Math.log(K.sum(tmp, 0, inner));
                    K.binaryScalar(Kernels.Binary.SUB, out, o, lse, out, o, inner);
                } else {
                    K.unary(Kernels.Unary.EXP, out, o, out, o, inner);
                    float s = K.sum(out, o, inner);
                    K.binaryScalar(Kernels.Binary.MUL, out, o, 1f / s, out, o, inner);
                }
            }
        });
        Tensor y = Tensor.contiguousOf(out, c.shape.clone());
        if (!last) y = y.transpose(d, r - 1);
        Tensor yd = y.detach();
        return Autograd.record(y, log ? "LogSoftmaxBackward" : "SoftmaxBackward", new Tensor[] {t}, g -> {
            if (log) {
                return new Tensor[] {g.sub(yd.exp().mul(g.sum(d, true)))};
            }
            Tensor gy = g.mul(yd);
            return new Tensor[] {gy.sub(yd.mul(gy.sum(d, true)))};
        });
    }
}
