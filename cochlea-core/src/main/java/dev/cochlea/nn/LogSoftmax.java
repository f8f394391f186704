package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * {@code log softmax(x)} along {@code dim}, computed stably ({@code torch.nn.LogSoftmax}). Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor logp = new LogSoftmax(1).forward(Tensor.randn(8, 10));   // [8, 10]
 * }</pre>
 */
public class LogSoftmax extends Module {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    /** The dimension normalised. */
    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.logSoftmax(x, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
