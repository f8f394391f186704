package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * Negative log likelihood of log-probabilities at class indices ({@code torch.nn.NLLLoss}); pair it
 * with {@link LogSoftmax}. Input {@code [N, C]} (or {@code [N, C, d1, ...]}), target int64 {@code [N]}.
 *
 * <pre>{@code
 * Tensor logp = new LogSoftmax(1).forward(logits);                  // [N, C]
 * Tensor loss = new NLLLoss().forward(logp, labels);                // scalar
 * }</pre>
 */
public class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    /** Unweighted, mean. */
    public NLLLoss() {
        this(null, F.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /** Every option; {@code weight} {@code [C]} or null. */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    /** Every option, with PyTorch's reduction string. */
    public NLLLoss(Tensor weight, long ignoreIndex, String reduction) {
        this(weight, ignoreIndex, parse("NLLLoss", reduction));
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return guarded(() -> F.nllLoss(input, target, weight, ignoreIndex, reduction()));
    }
}
