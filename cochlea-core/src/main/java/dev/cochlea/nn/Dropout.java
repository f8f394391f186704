package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
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
public class Dropout extends DropoutNd {
    /** {@code p = 0.5}. */
    public Dropout() {
        this(0.5);
    }

    /** Drops with probability {@code p} in [0, 1]. */
    public Dropout(double p) {
        super(p);
    }

    @Override
    public Dropout generator(Generator generator) {
        super.generator(generator);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, (float) p(), isTraining(), generator());
    }
}
