package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * A layer that returns its input unchanged ({@code torch.nn.Identity}), handy as a placeholder.
 *
 * <pre>{@code
 * Module head = useProjection ? new Linear(64, 64) : new Identity();
 * Tensor y = head.forward(x);   // same shape as x
 * }</pre>
 */
public class Identity extends Module {
    /** An identity layer. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
