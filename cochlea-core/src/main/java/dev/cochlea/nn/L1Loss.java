package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * The element-wise mean absolute error {@code |x - y|} between input and target of the same shape, reduced
 * ({@code torch.nn.L1Loss}).
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);          // both [N, *] -> scalar
 * Tensor each = new L1Loss("none").forward(prediction, target);    // [N, *]
 * }</pre>
 */
public class L1Loss extends Loss {
    /** Mean reduction. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    /** PyTorch's reduction string: {@code "mean"}, {@code "sum"} or {@code "none"}. */
    public L1Loss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.l1Loss(input, target, reduction()));
    }
}
