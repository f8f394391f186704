package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Channel dropout ({@code torch.nn.Dropout2d}): in training, each whole channel of each item is
 * zeroed with probability {@code p} and the surviving channels are scaled by {@code 1/(1-p)}; in
 * {@link #eval()} mode it returns its input. Input {@code [N, C, H, W]} (or any {@code [N, C, ...]}),
 * output the same shape.
 *
 * <pre>{@code
 * Dropout2d drop = new Dropout2d(0.1);
 * Tensor y = drop.forward(Tensor.ones(8, 16, 1, 63));   // about 10% of the 8·16 channels zero, the rest 1.111
 * }</pre>
 */
public class Dropout2d extends DropoutNd {
    /** {@code p = 0.5}. */
    public Dropout2d() {
        this(0.5);
    }

    /** Drops channels with probability {@code p} in [0, 1]. */
    public Dropout2d(double p) {
        super(p);
    }

    @Override
    public Dropout2d generator(Generator generator) {
        super.generator(generator);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout2d(x, (float) p(), isTraining(), generator());
    }
}
