package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * Cross entropy between logits and class indices (or class probabilities)
 * ({@code torch.nn.CrossEntropyLoss}): {@code log_softmax} then negative log likelihood, with
 * optional per-class {@code weight}, an {@code ignoreIndex} (default -100) and label smoothing.
 * Input {@code [N, C]} or {@code [N, C, d1, ...]}; target int64 {@code [N]} / {@code [N, d1, ...]},
 * or float of the input's shape.
 *
 * <pre>{@code
 * CrossEntropyLoss ce = new CrossEntropyLoss();
 * Tensor loss = ce.forward(Tensor.randn(8, 10), Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 8));   // scalar
 * CrossEntropyLoss smooth = new CrossEntropyLoss(null, F.DEFAULT_IGNORE_INDEX, 0.1, Reduction.MEAN);
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    /** Unweighted, mean over the batch. */
    public CrossEntropyLoss() {
        this(null, F.DEFAULT_IGNORE_INDEX, 0.0, Reduction.MEAN);
    }

    /** Every option, with PyTorch's reduction string. */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, double labelSmoothing, String reduction) {
        this(weight, ignoreIndex, labelSmoothing, parse("CrossEntropyLoss", reduction));
    }

    /** Every option; {@code weight} {@code [C]} or null, {@code labelSmoothing} in [0, 1]. */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], found " + labelSmoothing);
        }
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.crossEntropy(input, target, weight, ignoreIndex, (float) labelSmoothing, reduction()));
    }
}
