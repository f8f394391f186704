package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Element-wise the rectified linear unit, {@code max(0, x)} ({@code torch.nn.ReLU}); any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new ReLU().forward(Tensor.tensor(-1f, 2f));   // [0, 2]
 * }</pre>
 */
public class ReLU extends Module {
    /** The activation. */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor x) {
        return F.relu(x);
    }
}
