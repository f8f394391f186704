package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * {@code e^x_i / Σ_j e^x_j} along {@code dim}: non-negative values summing to 1 ({@code torch.nn.Softmax}). Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor p = new Softmax(1).forward(Tensor.randn(8, 10));   // [8, 10], rows sum to 1
 * }</pre>
 */
public class Softmax extends Module {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    /** The dimension normalised. */
    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.softmax(x, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
