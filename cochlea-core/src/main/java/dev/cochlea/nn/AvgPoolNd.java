package dev.cochlea.nn;

import dev.cochlea.nn.functional.AvgPoolOptions;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * What the average-pooling layers share (PyTorch's {@code _AvgPoolNd}): kernel size and the
 * {@link AvgPoolOptions} (stride, defaulting to the kernel size, padding, ceil mode, whether padded
 * zeros count in the average, and an optional divisor override for 2-D and 3-D). The forward pass
 * is the matching {@code F.avgPool*} op.
 *
 * <pre>{@code
 * AvgPoolNd pool = new AvgPool2d(2);
 * Tensor y = pool.forward(Tensor.ones(1, 1, 4, 4));   // [1, 1, 2, 2], all ones
 * pool.toString();   // AvgPool2d(kernel_size=2, stride=2, padding=0)
 * }</pre>
 */
public abstract class AvgPoolNd extends Module {
    private final int rank;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    /** The options with every per-dimension value given once per spatial dim. */
    private final AvgPoolOptions options;
    private final boolean tupleKernel, tupleStride, tuplePadding;

    /**
     * PyTorch's defaults of an average-pooling layer, to change with the withers of {@link AvgPoolOptions}.
     *
     * <pre>{@code
     * new AvgPool2d(3, AvgPool2d.options().stride(1).padding(1).countIncludePad(false));
     * }</pre>
     */
    public static AvgPoolOptions options() {
        return AvgPoolOptions.defaults();
    }

    /**
     * Average pooling over {@code rank} spatial dims with a kernel of 1 or {@code rank} sizes;
     * sizes print as tuples when given per dim, and always for 1-D (as PyTorch).
     */
    protected AvgPoolNd(int rank, int[] kernelSize, AvgPoolOptions options) {
        String layer = getClass().getSimpleName();
        if (options == null) throw new IllegalArgumentException(layer + ": options must not be null (" + layer + ".options())");
        if (kernelSize == null) throw new IllegalArgumentException(layer + ": kernel_size must not be null");
        if (rank == 1 && options.divisorOverride() != 0) {
            throw new IllegalArgumentException(layer + ": divisor_override applies to 2-D and 3-D pooling only, found "
                    + options.divisorOverride());
        }
        this.rank = rank;
        int[] givenStride = options.stride(), givenPadding = options.padding();
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        this.stride = givenStride == null ? this.kernelSize.clone() : Repr.expand(layer, "stride", givenStride, rank);
        this.padding = Repr.expand(layer, "padding", givenPadding, rank);
        boolean always = rank == 1;
        this.tupleKernel = always || kernelSize.length > 1;
        this.tupleStride = always || (givenStride == null ? kernelSize.length > 1 : givenStride.length > 1);
        this.tuplePadding = always || givenPadding.length > 1;
        for (int i = 0; i < rank; i++) {
            if (this.kernelSize[i] <= 0) {
                throw new IllegalArgumentException(layer + ": kernel_size must be positive, found " + Repr.tuple(this.kernelSize));
            }
            if (2 * this.padding[i] > this.kernelSize[i]) {
                throw new IllegalArgumentException(layer + ": pad should be at most half of kernel size, but got pad="
                        + this.padding[i] + ", kernel_size=" + this.kernelSize[i]);
            }
        }
        this.options = options.stride(stride).padding(padding);
    }

    /** Kernel size per spatial dim. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** Stride per spatial dim. */
    public int[] stride() {
        return stride.clone();
    }

    /** Padding per spatial dim (with zeros). */
    public int[] padding() {
        return padding.clone();
    }

    /** Whether the output size rounds up. */
    public boolean ceilMode() {
        return options.ceilMode();
    }

    /** Whether padded zeros count in the average's divisor. */
    public boolean countIncludePad() {
        return options.countIncludePad();
    }

    /** The divisor used instead of the window size, or 0 for none. */
    public int divisorOverride() {
        return options.divisorOverride();
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (rank) {
            case 1 -> F.avgPool1d(x, kernelSize[0], options);
            case 2 -> F.avgPool2d(x, kernelSize, options);
            default -> F.avgPool3d(x, kernelSize, options);
        };
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Repr.intOrTuple(kernelSize, tupleKernel) + ", stride=" + Repr.intOrTuple(stride, tupleStride)
                + ", padding=" + Repr.intOrTuple(padding, tuplePadding);
    }
}
