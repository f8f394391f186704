package dev.cochlea.nn.functional;

import java.util.Locale;

/**
 * Padding of a convolution given by rule instead of numbers, PyTorch's {@code padding='same'|'valid'}:
 * {@link #SAME} pads {@code dilation·(kernel-1)} per spatial dim in total, half before and the rest
 * after, so the output keeps the input's size (stride 1 only); {@link #VALID} pads nothing.
 *
 * <pre>{@code
 * Conv1d tdnn = new Conv1d(40, 64, 3, Conv1d.options().padding(ConvPadding.SAME).dilation(2));
 * Tensor y = tdnn.forward(Tensor.randn(8, 40, 100));   // [8, 64, 100]
 * }</pre>
 */
public enum ConvPadding {
    /** Output size = input size (stride 1). */
    SAME,
    /** No padding. */
    VALID;

    /** PyTorch's name: {@code "same"} or {@code "valid"}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rule PyTorch names {@code name}.
     *
     * <pre>{@code
     * ConvPadding.of("same");   // SAME
     * }</pre>
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    public static ConvPadding of(String name) {
        if (name != null) {
            for (ConvPadding p : values()) if (p.torchName().equals(name)) return p;
        }
        throw new IllegalArgumentException("invalid padding string " + (name == null ? "null" : "'" + name + "'")
                + ", should be one of {'valid', 'same'}");
    }
}
