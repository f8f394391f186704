package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Element-wise the sigmoid-weighted linear unit {@code x · sigmoid(x)} ({@code torch.nn.SiLU}, also
 * called Swish); any shape in, the same shape out. The backward pass is fused
 * ({@code sigmoid(x) · (1 + x · (1 - sigmoid(x)))}), no intermediate tensors.
 *
 * <pre>{@code
 * Tensor y = new SiLU().forward(Tensor.tensor(-1f, 1f));   // [-0.2689, 0.7311]
 * }</pre>
 */
public class SiLU extends Module {
    /** The activation. */
    public SiLU() {}

    @Override
    public Tensor forward(Tensor x) {
        return F.silu(x);
    }
}
