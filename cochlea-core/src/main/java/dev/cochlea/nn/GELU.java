package dev.cochlea.nn;

import dev.cochlea.nn.functional.Activations;
import dev.cochlea.tensor.Tensor;

/**
 * The Gaussian error linear unit {@code x · Φ(x)} ({@code torch.nn.GELU}), exact ({@code "none"})
 * or with the tanh approximation ({@code "tanh"}). Any shape in, the same shape out.
 *
 * <pre>{@code
 * Tensor y = new GELU().forward(Tensor.tensor(1f));          // [0.8413]
 * Tensor z = new GELU("tanh").forward(Tensor.tensor(1f));    // [0.8412]
 * }</pre>
 */
public class GELU extends Module {
    private final String approximate;

    /** The exact form. */
    public GELU() {
        this("none");
    }

    /** {@code "none"} or {@code "tanh"}. */
    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', found '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.gelu(x, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
