package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.GeluApproximation;
import dev.cochlea.tensor.Tensor;

/**
 * The Gaussian error linear unit {@code x · Φ(x)} ({@code torch.nn.GELU}), exact
 * ({@link GeluApproximation#NONE}) or with the tanh approximation ({@link GeluApproximation#TANH}).
 * Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new GELU().forward(Tensor.tensor(1f));                          // [0.8413]
 * Tensor z = new GELU(GeluApproximation.TANH).forward(Tensor.tensor(1f));    // [0.8412]
 * new GELU("tanh").toString();                                               // GELU(approximate='tanh')
 * }</pre>
 */
public class GELU extends Module {
    private final GeluApproximation approximate;

    /** The exact form. */
    public GELU() {
        this(GeluApproximation.NONE);
    }

    /** The exact form or the tanh approximation. */
    public GELU(GeluApproximation approximate) {
        if (approximate == null) throw new IllegalArgumentException("GELU: approximate must be NONE or TANH, found null");
        this.approximate = approximate;
    }

    /** PyTorch's {@code "none"} or {@code "tanh"}. */
    public GELU(String approximate) {
        try {
            this.approximate = GeluApproximation.of(approximate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GELU: " + e.getMessage());
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.gelu(x, approximate);
    }

    /** The exact form or the tanh approximation. */
    public GeluApproximation approximate() {
        return approximate;
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate.torchName() + "'";
    }
}
