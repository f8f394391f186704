package dev.cochlea.nn;

import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;

/**
 * The base of the loss modules (PyTorch's {@code _Loss}): a module of two inputs, prediction and
 * target, with a {@link Reduction}: {@code MEAN} (default), {@code SUM} or {@code NONE} (PyTorch's
 * {@code "mean"}, {@code "sum"}, {@code "none"}, accepted as strings too).
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(logits, labels);   // logits [N, C], labels int64 [N] -> scalar
 * loss.backward();
 * Loss perSample = new MSELoss(Reduction.NONE);        // the same as new MSELoss("none")
 * }</pre>
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    /** A loss with the given reduction. */
    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must be MEAN, SUM or NONE, found null");
        }
        this.reduction = reduction;
    }

    /** A loss with PyTorch's reduction string {@code "mean"}, {@code "sum"} or {@code "none"}. */
    protected Loss(String reduction) {
        this.reduction = parse(getClass().getSimpleName(), reduction);
    }

    /** {@link Reduction#of} with {@code layer} in front of the error, for subclasses' String constructors. */
    static Reduction parse(String layer, String reduction) {
        try {
            return Reduction.of(reduction);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage());
        }
    }

    /** How the per-element losses are reduced. */
    public Reduction reduction() {
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
