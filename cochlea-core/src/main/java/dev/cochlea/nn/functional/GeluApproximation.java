package dev.cochlea.nn.functional;

import java.util.Locale;

/**
 * The form of GELU, PyTorch's {@code approximate='none'|'tanh'}: {@link #NONE} is the exact
 * {@code x · Φ(x)} (through erf), {@link #TANH} is
 * {@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}.
 *
 * <pre>{@code
 * Tensor y = F.gelu(x, GeluApproximation.TANH);   // the same as F.gelu(x, "tanh")
 * Module act = new GELU(GeluApproximation.TANH);  // GELU(approximate='tanh')
 * }</pre>
 */
public enum GeluApproximation {
    /** The exact form {@code x · Φ(x)}. */
    NONE,
    /** The tanh approximation. */
    TANH;

    /** PyTorch's name: {@code "none"} or {@code "tanh"}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The approximation PyTorch names {@code name}.
     *
     * <pre>{@code
     * GeluApproximation.of("tanh");   // TANH
     * }</pre>
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    public static GeluApproximation of(String name) {
        if (name != null) {
            for (GeluApproximation a : values()) if (a.torchName().equals(name)) return a;
        }
        throw new IllegalArgumentException("approximate must be 'none' or 'tanh', found " + (name == null ? "null" : "'" + name + "'"));
    }
}
