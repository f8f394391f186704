package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * The element-wise mean squared error {@code (x - y)²} between input and target of the same shape, reduced
 * ({@code torch.nn.MSELoss}).
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);          // both [N, *] -> scalar
 * Tensor each = new MSELoss("none").forward(prediction, target);    // [N, *]
 * }</pre>
 */
public class MSELoss extends Loss {
    /** Mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    /** PyTorch's reduction string: {@code "mean"}, {@code "sum"} or {@code "none"}. */
    public MSELoss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.mseLoss(input, target, reduction()));
    }
}
