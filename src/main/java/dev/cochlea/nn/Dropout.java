package dev.cochlea.nn;

import dev.cochlea.nn.functional.Dropouts;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Randomly zeroes elements with probability {@code p} during training and scales the survivors
 * by {@code 1/(1-p)} ({@code torch.nn.Dropout}); in {@link #eval()} mode it returns its input.
 * Any shape in, the same shape out.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5);
 * Tensor y = drop.forward(Tensor.ones(4, 8));   // about half zeros, the rest 2.0
 * drop.eval();
 * Tensor z = drop.forward(Tensor.ones(4, 8));   // all ones
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private Generator generator;

    /** {@code p = 0.5}. */
    public Dropout() {
        this(0.5);
    }

    /** Drops with probability {@code p} in [0, 1]. */
    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    /** Draws the masks from {@code generator} (null: the default generator); returns this. */
    public Dropout generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Dropouts.dropout(x, (float) p, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }
}
