package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.ConvPadding;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.PaddingMode;
import dev.cochlea.nn.init.Init;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * What every convolution layer shares (PyTorch's {@code _ConvNd}): channel counts, per-dimension
 * kernel size, the {@link ConvOptions} (stride, padding as numbers or {@code "same"} /
 * {@code "valid"}, dilation, groups, bias, padding mode, output padding for transposed ones), the
 * parameters and their default initialisation (weight Kaiming-uniform with {@code a = √5}, bias
 * {@code U(-1/√fan_in, 1/√fan_in)}). The forward pass is the matching {@code F.conv*} op.
 *
 * <p>Weight shapes: {@code [out, in/groups, *kernel]}, transposed {@code [in, out/groups, *kernel]}.
 *
 * <pre>{@code
 * ConvNd conv = new Conv2d(3, 32, 5, Conv2d.options().padding(2));
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
    /** The options with every per-dimension value given once per spatial dim. */
    private final ConvOptions options;
    /** The weight: {@code [out, in/groups, *kernel]} (transposed: {@code [in, out/groups, *kernel]}). */
    public final Tensor weight;
    /** The bias {@code [out]}, or null. */
    public final Tensor bias;

    /**
     * PyTorch's defaults of a convolution layer, to change with the withers of {@link ConvOptions}.
     *
     * <pre>{@code
     * new Conv2d(16, 33, new int[] {3, 5}, Conv2d.options().stride(2, 1).padding(4, 2));
     * }</pre>
     */
    public static ConvOptions options() {
        return ConvOptions.defaults();
    }

    /**
     * A convolution of {@code rank} spatial dims, transposed or not, with {@code kernelSize} of 1
     * or {@code rank} entries.
     */
    protected ConvNd(int rank, boolean transposed, int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        String layer = getClass().getSimpleName();
        this.rank = rank;
        this.transposed = transposed;
        if (options == null) throw new IllegalArgumentException(layer + ": options must not be null (" + layer + ".options())");
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(layer + ": in_channels and out_channels must be positive, found "
                    + inChannels + " and " + outChannels);
        }
        this.options = options.forRank(layer, rank, transposed);
        int groups = this.options.groups();
        if (inChannels % groups != 0) throw new IllegalArgumentException(layer + ": in_channels (" + inChannels + ") must be divisible by groups (" + groups + ")");
        if (outChannels % groups != 0) throw new IllegalArgumentException(layer + ": out_channels (" + outChannels + ") must be divisible by groups (" + groups + ")");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        for (int k : this.kernelSize) {
            if (k <= 0) throw new IllegalArgumentException(layer + ": kernel_size must be positive, found " + Repr.tuple(this.kernelSize));
        }
        int[] wShape = new int[rank + 2];
        wShape[0] = transposed ? inChannels : outChannels;
        wShape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, rank);
        this.weight = registerParameter("weight", Tensor.zeros(wShape));
        this.bias = registerParameter("bias", this.options.bias() ? Tensor.zeros(outChannels) : null);
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
        return options.stride();
    }

    /** Padding per spatial dim, or null when given as {@link ConvPadding#SAME} / {@link ConvPadding#VALID}. */
    public int[] padding() {
        return options.padding();
    }

    /** {@link ConvPadding#SAME} or {@link ConvPadding#VALID} when padding was given by rule, else null. */
    public ConvPadding namedPadding() {
        return options.namedPadding();
    }

    /** What the input is padded with ({@link PaddingMode#ZEROS} unless set). */
    public PaddingMode paddingMode() {
        return options.paddingMode();
    }

    /** Dilation per spatial dim. */
    public int[] dilation() {
        return options.dilation();
    }

    /** Output padding per spatial dim (zeros for ordinary convolutions). */
    public int[] outputPadding() {
        return options.outputPadding();
    }

    /** Number of groups. */
    public int groups() {
        return options.groups();
    }

    /** Whether this is a transposed convolution. */
    public boolean transposed() {
        return transposed;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (transposed) {
            return switch (rank) {
                case 1 -> F.convTranspose1d(x, weight, bias, options);
                case 2 -> F.convTranspose2d(x, weight, bias, options);
                default -> F.convTranspose3d(x, weight, bias, options);
            };
        }
        return switch (rank) {
            case 1 -> F.conv1d(x, weight, bias, options);
            case 2 -> F.conv2d(x, weight, bias, options);
            default -> F.conv3d(x, weight, bias, options);
        };
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(Repr.tuple(kernelSize))
                .append(", stride=").append(Repr.tuple(options.stride()));
        if (options.namedPadding() != null) {
            sb.append(", padding=").append(options.namedPadding().torchName());
        } else if (!allEqual(options.padding(), 0)) {
            sb.append(", padding=").append(Repr.tuple(options.padding()));
        }
        if (!allEqual(options.dilation(), 1)) sb.append(", dilation=").append(Repr.tuple(options.dilation()));
        if (!allEqual(options.outputPadding(), 0)) sb.append(", output_padding=").append(Repr.tuple(options.outputPadding()));
        if (options.groups() != 1) sb.append(", groups=").append(options.groups());
        if (bias == null) sb.append(", bias=False");
        if (options.paddingMode() != PaddingMode.ZEROS) sb.append(", padding_mode=").append(options.paddingMode().torchName());
        return sb.toString();
    }

    private static boolean allEqual(int[] v, int value) {
        for (int x : v) if (x != value) return false;
        return true;
    }
}
