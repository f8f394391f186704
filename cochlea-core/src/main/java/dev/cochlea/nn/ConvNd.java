package dev.cochlea.nn;

import dev.cochlea.nn.functional.Convolution;
import dev.cochlea.nn.init.Init;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * What every convolution layer shares (PyTorch's {@code _ConvNd}): channel counts, per-dimension
 * kernel size, stride, padding (numbers, {@code "same"} or {@code "valid"}), dilation, groups,
 * output padding (transposed only), the parameters and their default initialisation
 * (weight Kaiming-uniform with {@code a = √5}, bias {@code U(-1/√fan_in, 1/√fan_in)}).
 *
 * <p>Weight shapes: {@code [out, in/groups, *kernel]}, transposed {@code [in, out/groups, *kernel]}.
 *
 * <pre>{@code
 * ConvNd conv = new Conv2d(3, 32, 5, 1, 2);
 * int[] k = conv.kernelSize();   // {5, 5}
 * conv.resetParameters(new Generator(0));
 * }</pre>
 */
public abstract class ConvNd extends Module {
    private final int rank;
    private final boolean transposed;
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingMode;
    private final int[] dilation;
    private final int[] outputPadding;
    private final int groups;
    /** The weight: {@code [out, in/groups, *kernel]} (transposed: {@code [in, out/groups, *kernel]}). */
    public final Tensor weight;
    /** The bias {@code [out]}, or null. */
    public final Tensor bias;

    /**
     * A convolution of {@code rank} spatial dims. {@code padding} is used when {@code paddingString}
     * is null; otherwise {@code paddingString} must be {@code "same"} or {@code "valid"}.
     */
    protected ConvNd(int rank, boolean transposed, int inChannels, int outChannels, int[] kernelSize, int[] stride,
                     int[] padding, String paddingString, int[] dilation, int[] outputPadding, int groups, boolean bias) {
        String layer = getClass().getSimpleName();
        this.rank = rank;
        this.transposed = transposed;
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(layer + ": in_channels and out_channels must be positive, found "
                    + inChannels + " and " + outChannels);
        }
        if (groups <= 0) throw new IllegalArgumentException(layer + ": groups must be a positive integer, found " + groups);
        if (inChannels % groups != 0) throw new IllegalArgumentException(layer + ": in_channels (" + inChannels + ") must be divisible by groups (" + groups + ")");
        if (outChannels % groups != 0) throw new IllegalArgumentException(layer + ": out_channels (" + outChannels + ") must be divisible by groups (" + groups + ")");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        this.stride = Repr.expand(layer, "stride", stride, rank);
        this.dilation = Repr.expand(layer, "dilation", dilation, rank);
        this.outputPadding = Repr.expand(layer, "output_padding", outputPadding, rank);
        for (int i = 0; i < rank; i++) {
            if (this.kernelSize[i] <= 0) throw new IllegalArgumentException(layer + ": kernel_size must be positive, found " + Repr.tuple(this.kernelSize));
            if (this.stride[i] <= 0) throw new IllegalArgumentException(layer + ": stride must be positive, found " + Repr.tuple(this.stride));
            if (this.dilation[i] <= 0) throw new IllegalArgumentException(layer + ": dilation must be positive, found " + Repr.tuple(this.dilation));
        }
        if (paddingString != null) {
            if (!paddingString.equals("same") && !paddingString.equals("valid")) {
                throw new IllegalArgumentException(layer + ": invalid padding string '" + paddingString + "', should be one of {'valid', 'same'}");
            }
            if (transposed) throw new IllegalArgumentException(layer + ": padding='" + paddingString + "' is not supported for transposed convolutions");
            if (paddingString.equals("same")) {
                for (int s : this.stride) {
                    if (s != 1) throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided convolutions");
                }
            }
            this.paddingMode = paddingString;
            this.padding = null;
        } else {
            this.paddingMode = null;
            this.padding = Repr.expand(layer, "padding", padding, rank);
            for (int p : this.padding) if (p < 0) throw new IllegalArgumentException(layer + ": padding must be >= 0, found " + Repr.tuple(this.padding));
        }
        int[] wShape = new int[rank + 2];
        wShape[0] = transposed ? inChannels : outChannels;
        wShape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, rank);
        this.groups = groups;
        this.weight = registerParameter("weight", Tensor.zeros(wShape));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outChannels) : null);
        resetParameters(Generator.defaultGenerator());
    }

    /** Re-draws the parameters as PyTorch's {@code reset_parameters} does. */
    public void resetParameters(Generator generator) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.Mode.FAN_IN, "leaky_relu", generator);
        if (bias != null) {
            int fanIn = Init.fanInAndFanOut(weight)[0];
            if (fanIn != 0) {
                double bound = 1 / Math.sqrt(fanIn);
                Init.uniform(bias, -bound, bound, generator);
            }
        }
    }

    /** Input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** Kernel size per spatial dim. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** Stride per spatial dim. */
    public int[] stride() {
        return stride.clone();
    }

    /** Padding per spatial dim, or null when given as {@code "same"} / {@code "valid"}. */
    public int[] padding() {
        return padding == null ? null : padding.clone();
    }

    /** {@code "same"} or {@code "valid"} when padding was given as a string, else null. */
    public String paddingString() {
        return paddingMode;
    }

    /** Dilation per spatial dim. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Output padding per spatial dim (zeros for ordinary convolutions). */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /** Number of groups. */
    public int groups() {
        return groups;
    }

    @Override
    public Tensor forward(Tensor x) {
        return transposed ? convTranspose(x) : conv(x);
    }

    private Tensor conv(Tensor x) {
        return switch (rank) {
            case 1 -> paddingMode != null
                    ? Convolution.conv1d(x, weight, bias, stride, paddingMode, dilation, groups)
                    : Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups);
            case 2 -> paddingMode != null
                    ? Convolution.conv2d(x, weight, bias, stride, paddingMode, dilation, groups)
                    : Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
            default -> paddingMode != null
                    ? Convolution.conv3d(x, weight, bias, stride, paddingMode, dilation, groups)
                    : Convolution.conv3d(x, weight, bias, stride, padding, dilation, groups);
        };
    }

    private Tensor convTranspose(Tensor x) {
        return switch (rank) {
            case 1 -> Convolution.convTranspose1d(x, weight, bias, stride[0], padding[0], outputPadding[0], groups, dilation[0]);
            case 2 -> Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
            default -> Convolution.convTranspose3d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
        };
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(Repr.tuple(kernelSize))
                .append(", stride=").append(Repr.tuple(stride));
        if (paddingMode != null) {
            sb.append(", padding=").append(paddingMode);
        } else if (!allEqual(padding, 0)) {
            sb.append(", padding=").append(Repr.tuple(padding));
        }
        if (!allEqual(dilation, 1)) sb.append(", dilation=").append(Repr.tuple(dilation));
        if (!allEqual(outputPadding, 0)) sb.append(", output_padding=").append(Repr.tuple(outputPadding));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }

    private static boolean allEqual(int[] v, int value) {
        for (int x : v) if (x != value) return false;
        return true;
    }
}
