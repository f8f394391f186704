package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * The exponential linear unit, {@code x > 0 ? x : alpha · (e^x - 1)} ({@code torch.nn.ELU}).
 * Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new ELU().forward(Tensor.tensor(-1f, 2f));   // [-0.6321, 2]
 * }</pre>
 */
public class ELU extends Module {
    private final double alpha;

    /** {@code alpha = 1}. */
    public ELU() {
        this(1.0);
    }

    /** The given {@code alpha}. */
    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.elu(x, (float) alpha);
    }

    /** The scale {@code alpha} of the negative part. */
    public double alpha() {
        return alpha;
    }

    @Override
    public String extraRepr() {
        return "alpha=" + Repr.pyFloat(alpha);
    }
}
