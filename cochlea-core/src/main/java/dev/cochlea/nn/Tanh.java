package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Element-wise the hyperbolic tangent, output in (-1, 1) ({@code torch.nn.Tanh}); any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new Tanh().forward(Tensor.tensor(0f, 100f));   // [0, 1]
 * }</pre>
 */
public class Tanh extends Module {
    /** The activation. */
    public Tanh() {}

    @Override
    public Tensor forward(Tensor x) {
        return F.tanh(x);
    }
}
