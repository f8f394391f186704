package dev.cochlea.nn.functional;

import java.util.Locale;

/**
 * What a convolution layer pads its input with, PyTorch's
 * {@code padding_mode='zeros'|'reflect'|'replicate'|'circular'}: zeros (the default), the input
 * mirrored at its edge without repeating the edge, the edge value repeated, or the input wrapped
 * around. Any mode but zeros pads the input explicitly ({@code F.pad}) and then convolves without
 * padding, as PyTorch does; transposed convolutions take zeros only.
 *
 * <pre>{@code
 * Conv1d smooth = new Conv1d(1, 1, 5, Conv1d.options().padding(2).paddingMode(PaddingMode.REFLECT));
 * smooth.toString();   // Conv1d(1, 1, kernel_size=(5,), stride=(1,), padding=(2,), padding_mode=reflect)
 * }</pre>
 */
public enum PaddingMode {
    /** Pad with zeros (inside the convolution, no copy of the input). */
    ZEROS,
    /** {@code [a, b, c]} padded by 2 reads {@code [c, b, a, b, c, b, a]}. */
    REFLECT,
    /** {@code [a, b, c]} padded by 2 reads {@code [a, a, a, b, c, c, c]}. */
    REPLICATE,
    /** {@code [a, b, c]} padded by 2 reads {@code [b, c, a, b, c, a, b]}. */
    CIRCULAR;

    /** PyTorch's name: {@code "zeros"}, {@code "reflect"}, {@code "replicate"} or {@code "circular"}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode PyTorch names {@code name}.
     *
     * <pre>{@code
     * PaddingMode.of("reflect");   // REFLECT
     * }</pre>
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    public static PaddingMode of(String name) {
        if (name != null) {
            for (PaddingMode m : values()) if (m.torchName().equals(name)) return m;
        }
        throw new IllegalArgumentException("padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, found "
                + (name == null ? "null" : "'" + name + "'"));
    }
}
