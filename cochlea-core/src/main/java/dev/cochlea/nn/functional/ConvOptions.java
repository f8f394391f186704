package dev.cochlea.nn.functional;

import java.util.Arrays;
import java.util.Objects;

/**
 * The options of a convolution besides its channels and kernel, PyTorch's keyword arguments of
 * {@code nn.Conv2d} / {@code F.conv2d} and their transposed forms, with PyTorch's defaults: stride
 * 1, padding 0, dilation 1, one group, a bias, zero padding, output padding 0. One immutable value
 * serves the layers ({@code Conv1d/2d/3d}, {@code ConvTranspose1d/2d}) and the functional forms
 * ({@link F#conv2d(dev.cochlea.tensor.Tensor, dev.cochlea.tensor.Tensor, dev.cochlea.tensor.Tensor, ConvOptions)} ...);
 * each wither returns a new value.
 *
 * <p>Per-dimension options (stride, padding, dilation, output padding) take one value for every
 * spatial dim or one value per dim. Padding is either numbers or a {@link ConvPadding} rule
 * ({@code "same"} / {@code "valid"}); setting one clears the other. {@link #bias} and
 * {@link #paddingMode} are layer options: the functional forms take the bias tensor (null for
 * none) and reject {@code bias(false)} with a bias tensor; they honour a padding mode like the
 * layers do. {@link #outputPadding} applies to transposed convolutions only.
 *
 * <pre>{@code
 * Conv2d down = new Conv2d(32, 64, 3, Conv2d.options().stride(2).padding(1).bias(false));
 * Tensor y = F.conv2d(x, w, b, ConvOptions.defaults().stride(2, 1).padding(0, 2).dilation(1, 2));
 * ConvTranspose1d up = new ConvTranspose1d(64, 32, 4, ConvTranspose1d.options().stride(2).padding(1));
 * }</pre>
 *
 * @param stride        step of the kernel per spatial dim (1 or rank entries, each positive)
 * @param padding       zeros (or {@link #paddingMode} values) added on both sides per spatial dim
 *                      (1 or rank entries, each {@code >= 0}), or null when {@code namedPadding} is set
 * @param namedPadding  {@link ConvPadding#SAME} or {@link ConvPadding#VALID}, or null when padding is numbers
 * @param dilation      spacing of the kernel taps per spatial dim (1 or rank entries, each positive)
 * @param groups        channel groups; both channel counts must be divisible by it
 * @param bias          whether a layer has a learnable bias
 * @param paddingMode   what a layer pads with (transposed convolutions: zeros only)
 * @param outputPadding size added to one side of a transposed convolution's output per spatial
 *                      dim (1 or rank entries, each {@code >= 0} and smaller than stride or dilation)
 */
public record ConvOptions(int[] stride, int[] padding, ConvPadding namedPadding, int[] dilation, int groups, boolean bias,
                          PaddingMode paddingMode, int[] outputPadding) {
    private static final ConvOptions DEFAULTS =
            new ConvOptions(new int[] {1}, new int[] {0}, null, new int[] {1}, 1, true, PaddingMode.ZEROS, new int[] {0});

    /** Checks every value and keeps its own copies of the arrays. */
    public ConvOptions {
        stride = Support.optionValues("ConvOptions", "stride", stride, 1);
        dilation = Support.optionValues("ConvOptions", "dilation", dilation, 1);
        outputPadding = Support.optionValues("ConvOptions", "output_padding", outputPadding, 0);
        if ((padding == null) == (namedPadding == null)) {
            throw new IllegalArgumentException("ConvOptions: give padding as numbers or as a ConvPadding rule, exactly one, found "
                    + (padding == null ? "neither" : Arrays.toString(padding) + " and " + namedPadding));
        }
        if (padding != null) padding = Support.optionValues("ConvOptions", "padding", padding, 0);
        if (groups < 1) throw new IllegalArgumentException("ConvOptions: groups must be a positive integer, found " + groups);
        Objects.requireNonNull(paddingMode, "ConvOptions: paddingMode must not be null (ZEROS is the default)");
    }

    /**
     * PyTorch's defaults: stride 1, padding 0, dilation 1, one group, bias, zeros, output padding 0.
     *
     * <pre>{@code
     * Tensor y = F.conv1d(x, w, null, ConvOptions.defaults().padding(ConvPadding.SAME));
     * }</pre>
     */
    public static ConvOptions defaults() {
        return DEFAULTS;
    }

    /** The stride as given (1 or rank entries). */
    @Override
    public int[] stride() {
        return stride.clone();
    }

    /** The padding as given (1 or rank entries), or null when it is a {@link ConvPadding} rule. */
    @Override
    public int[] padding() {
        return padding == null ? null : padding.clone();
    }

    /** The dilation as given (1 or rank entries). */
    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** The output padding as given (1 or rank entries). */
    @Override
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /** These options with {@code stride} (one value for every spatial dim, or one per dim). <pre>{@code options.stride(2)}</pre> */
    public ConvOptions stride(int... stride) {
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with numeric {@code padding} on both sides (one value, or one per dim). <pre>{@code options.padding(0, 2)}</pre> */
    public ConvOptions padding(int... padding) {
        return new ConvOptions(stride, padding, null, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with padding by rule. <pre>{@code options.padding(ConvPadding.SAME)}</pre> */
    public ConvOptions padding(ConvPadding padding) {
        if (padding == null) throw new IllegalArgumentException("ConvOptions: padding rule must be SAME or VALID, found null");
        return new ConvOptions(stride, null, padding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with padding {@code "same"} or {@code "valid"} (PyTorch's strings). <pre>{@code options.padding("same")}</pre> */
    public ConvOptions padding(String padding) {
        return padding(ConvPadding.of(padding));
    }

    /** These options with {@code dilation} (one value, or one per dim). <pre>{@code options.dilation(2)}</pre> */
    public ConvOptions dilation(int... dilation) {
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with {@code groups} channel groups. <pre>{@code options.groups(channels)   // depthwise}</pre> */
    public ConvOptions groups(int groups) {
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with or without a layer bias. <pre>{@code options.bias(false)}</pre> */
    public ConvOptions bias(boolean bias) {
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /** These options with padding mode {@code mode}. <pre>{@code options.paddingMode(PaddingMode.CIRCULAR)}</pre> */
    public ConvOptions paddingMode(PaddingMode mode) {
        if (mode == null) throw new IllegalArgumentException("ConvOptions: paddingMode must not be null (ZEROS is the default)");
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, mode, outputPadding);
    }

    /** These options with PyTorch's padding mode string ({@code "zeros"}, {@code "reflect"}, ...). <pre>{@code options.paddingMode("reflect")}</pre> */
    public ConvOptions paddingMode(String mode) {
        return paddingMode(PaddingMode.of(mode));
    }

    /** These options with a transposed convolution's {@code outputPadding} (one value, or one per dim). <pre>{@code options.outputPadding(1)}</pre> */
    public ConvOptions outputPadding(int... outputPadding) {
        return new ConvOptions(stride, padding, namedPadding, dilation, groups, bias, paddingMode, outputPadding);
    }

    /**
     * These options for a convolution of {@code rank} spatial dims: every per-dimension value
     * given once per dim, and checked against each other. {@code "same"} needs stride 1;
     * transposed convolutions take neither a padding rule nor a padding mode other than zeros,
     * and their output padding must be smaller than stride or dilation; ordinary convolutions
     * take no output padding. Errors start with {@code op}.
     *
     * <pre>{@code
     * ConvOptions.defaults().stride(2).forRank("conv2d", 2, false).stride();   // {2, 2}
     * }</pre>
     *
     * @throws IllegalArgumentException naming the option, what was expected and what was found
     */
    public ConvOptions forRank(String op, int rank, boolean transposed) {
        int[] s = Convolution.perDim(op, "stride", stride, rank);
        int[] d = Convolution.perDim(op, "dilation", dilation, rank);
        int[] p = padding == null ? null : Convolution.perDim(op, "padding", padding, rank);
        int[] o = Convolution.perDim(op, "output_padding", outputPadding, rank);
        if (transposed) {
            if (namedPadding != null) {
                throw new IllegalArgumentException(op + ": padding='" + namedPadding.torchName()
                        + "' is not supported for transposed convolutions; give the padding as numbers");
            }
            if (paddingMode != PaddingMode.ZEROS) {
                throw new IllegalArgumentException(op + ": only padding_mode 'zeros' is supported for transposed convolutions, found '"
                        + paddingMode.torchName() + "'");
            }
            for (int i = 0; i < rank; i++) {
                if (o[i] >= s[i] && o[i] >= d[i]) {
                    throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(o)
                            + " must be smaller than either stride " + Arrays.toString(s) + " or dilation " + Arrays.toString(d));
                }
            }
        } else {
            for (int v : o) {
                if (v != 0) {
                    throw new IllegalArgumentException(op + ": output_padding applies to transposed convolutions only, found "
                            + Arrays.toString(o));
                }
            }
            if (namedPadding == ConvPadding.SAME) {
                for (int v : s) {
                    if (v != 1) {
                        throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions"
                                + " (stride " + Arrays.toString(s) + ")");
                    }
                }
            }
        }
        return new ConvOptions(s, p, namedPadding, d, groups, bias, paddingMode, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvOptions c && Arrays.equals(stride, c.stride) && Arrays.equals(padding, c.padding)
                && namedPadding == c.namedPadding && Arrays.equals(dilation, c.dilation) && groups == c.groups && bias == c.bias
                && paddingMode == c.paddingMode && Arrays.equals(outputPadding, c.outputPadding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), Arrays.hashCode(padding), namedPadding, Arrays.hashCode(dilation), groups, bias,
                paddingMode, Arrays.hashCode(outputPadding));
    }

    /** {@code ConvOptions[stride=[2], padding=[1], dilation=[1], groups=1, bias=true, paddingMode=zeros, outputPadding=[0]]}. */
    @Override
    public String toString() {
        return "ConvOptions[stride=" + Arrays.toString(stride) + ", padding="
                + (padding != null ? Arrays.toString(padding) : namedPadding.torchName()) + ", dilation=" + Arrays.toString(dilation)
                + ", groups=" + groups + ", bias=" + bias + ", paddingMode=" + paddingMode.torchName() + ", outputPadding="
                + Arrays.toString(outputPadding) + "]";
    }
}
