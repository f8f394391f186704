package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * A sigmoid and binary cross entropy in one numerically stable step
 * ({@code torch.nn.BCEWithLogitsLoss}), for multi-label outputs; {@code posWeight} (typically
 * {@code [K]}) scales the positive term of each label.
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().forward(scores, labels);   // both [N, K] -> scalar
 * Tensor weighted = new BCEWithLogitsLoss(null, Tensor.full(3f, 5), Reduction.MEAN).forward(scores, labels);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    /** Unweighted, mean. */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /** Element weights and positive-class weights (either may be null). */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.posWeight = registerBuffer("pos_weight", posWeight);
    }

    /** Element weights and positive-class weights (either may be null), with PyTorch's reduction string. */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, String reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.posWeight = registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.bceWithLogits(input, target, weight, posWeight, reduction()));
    }
}
