package dev.cochlea.nn;

import dev.cochlea.tensor.Generator;

/**
 * What the dropout layers share (PyTorch's {@code _DropoutNd}): the probability, checked to lie in
 * [0, 1], an optional generator for the masks, and the {@code extra_repr}.
 *
 * <pre>{@code
 * DropoutNd d = new Dropout2d(0.1);
 * d.p();            // 0.1
 * d.toString();     // Dropout2d(p=0.1, inplace=False)
 * }</pre>
 */
public abstract class DropoutNd extends Module {
    private final double p;
    private Generator generator;

    /** Drops with probability {@code p} in [0, 1]. */
    protected DropoutNd(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    /** Draws the masks from {@code generator} (null: the default generator); returns this. */
    public DropoutNd generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    /** The generator the masks are drawn from, or null for the default. */
    protected Generator generator() {
        return generator;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }
}
