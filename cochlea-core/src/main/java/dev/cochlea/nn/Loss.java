package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * The base of the loss modules (PyTorch's {@code _Loss}): a module of two inputs, prediction and
 * target, with a reduction {@code "mean"} (default), {@code "sum"} or {@code "none"}.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(logits, labels);   // logits [N, C], labels int64 [N] -> scalar
 * loss.backward();
 * }</pre>
 */
public abstract class Loss extends Module {
    private final String reduction;

    /** A loss with the given reduction. */
    protected Loss(String reduction) {
        if (!"mean".equals(reduction) && !"sum".equals(reduction) && !"none".equals(reduction)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must be 'mean', 'sum' or 'none', found '"
                    + reduction + "'");
        }
        this.reduction = reduction;
    }

    /** {@code "mean"}, {@code "sum"} or {@code "none"}. */
    public String reduction() {
        return reduction;
    }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** Expects exactly two tensors: input and target. */
    @Override
    public Tensor forward(Tensor... xs) {
        if (xs.length != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward: expected (input, target), got "
                    + xs.length + " tensor(s)");
        }
        return forward(xs[0], xs[1]);
    }

    /** Always fails: a loss needs a target. */
    @Override
    public Tensor forward(Tensor x) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ".forward: missing target (call forward(input, target))");
    }

    /** Runs {@code body}, naming this loss in front of any argument error. */
    protected Tensor guarded(java.util.function.Supplier<Tensor> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw LayerError.wrap(this, e);
        }
    }
}
