package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Element-wise {@code x >= 0 ? x : negativeSlope · x} ({@code torch.nn.LeakyReLU}); keeps a small
 * gradient for negative inputs. Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.1).forward(Tensor.tensor(-10f, 3f));   // [-1, 3]
 * }</pre>
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Slope 0.01 for negative inputs. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.leakyRelu(x, (float) negativeSlope);
    }

    /** The slope for negative inputs. */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + Repr.pyFloat(negativeSlope);
    }
}
