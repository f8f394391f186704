package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * Binary cross entropy between probabilities in [0, 1] and targets of the same shape
 * ({@code torch.nn.BCELoss}): {@code -w·(y·log x + (1-y)·log(1-x))}, logs clamped at -100.
 * Prefer {@link BCEWithLogitsLoss} on raw scores.
 *
 * <pre>{@code
 * Tensor p = new Sigmoid().forward(scores);                 // [N, K]
 * Tensor loss = new BCELoss().forward(p, labels);           // labels float [N, K] -> scalar
 * }</pre>
 */
public class BCELoss extends Loss {
    private final Tensor weight;

    /** Unweighted, mean. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** Element weights broadcast to the input (or null). */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
    }

    /** Element weights broadcast to the input (or null), with PyTorch's reduction string. */
    public BCELoss(Tensor weight, String reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.bceLoss(input, target, weight, reduction()));
    }
}
