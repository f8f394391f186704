package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Element-wise the logistic function {@code 1 / (1 + e^-x)}, output in (0, 1) ({@code torch.nn.Sigmoid}); any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new Sigmoid().forward(Tensor.tensor(0f));   // [0.5]
 * }</pre>
 */
public class Sigmoid extends Module {
    /** The activation. */
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor x) {
        return F.sigmoid(x);
    }
}
