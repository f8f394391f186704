package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.MaxPoolOptions;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;

/**
 * What the max-pooling layers share (PyTorch's {@code _MaxPoolNd}): kernel size and the
 * {@link MaxPoolOptions} (stride, defaulting to the kernel size, padding, dilation, ceil mode),
 * printed as they were given (one number, or a tuple when given per dim). The forward pass is
 * the matching {@code F.maxPool*} op.
 *
 * <pre>{@code
 * MaxPoolNd pool = new MaxPool2d(2);
 * pool.toString();   // MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
 * ValuesIndices vi = pool.forwardWithIndices(Tensor.randn(1, 1, 4, 4));   // values and argmax positions [1, 1, 2, 2]
 * }</pre>
 */
public abstract class MaxPoolNd extends Module {
    private final int rank;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;
    /** The options with every per-dimension value given once per spatial dim. */
    private final MaxPoolOptions options;
    private final boolean tupleKernel, tupleStride, tuplePadding, tupleDilation;

    /**
     * PyTorch's defaults of a max-pooling layer, to change with the withers of {@link MaxPoolOptions}.
     *
     * <pre>{@code
     * new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1));
     * }</pre>
     */
    public static MaxPoolOptions options() {
        return MaxPoolOptions.defaults();
    }

    /** Max pooling over {@code rank} spatial dims with a kernel of 1 or {@code rank} sizes. */
    protected MaxPoolNd(int rank, int[] kernelSize, MaxPoolOptions options) {
        String layer = getClass().getSimpleName();
        if (options == null) throw new IllegalArgumentException(layer + ": options must not be null (" + layer + ".options())");
        if (kernelSize == null) throw new IllegalArgumentException(layer + ": kernel_size must not be null");
        this.rank = rank;
        int[] givenStride = options.stride(), givenPadding = options.padding(), givenDilation = options.dilation();
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        this.stride = givenStride == null ? this.kernelSize.clone() : Repr.expand(layer, "stride", givenStride, rank);
        this.padding = Repr.expand(layer, "padding", givenPadding, rank);
        this.dilation = Repr.expand(layer, "dilation", givenDilation, rank);
        this.ceilMode = options.ceilMode();
        this.tupleKernel = kernelSize.length > 1;
        this.tupleStride = givenStride == null ? kernelSize.length > 1 : givenStride.length > 1;
        this.tuplePadding = givenPadding.length > 1;
        this.tupleDilation = givenDilation.length > 1;
        for (int i = 0; i < rank; i++) {
            if (this.kernelSize[i] <= 0) {
                throw new IllegalArgumentException(layer + ": kernel_size must be positive, found " + Repr.tuple(this.kernelSize));
            }
            int effective = (this.kernelSize[i] - 1) * this.dilation[i] + 1;
            if (2 * this.padding[i] > effective) {
                throw new IllegalArgumentException(layer + ": pad should be at most half of effective kernel size, but got pad="
                        + this.padding[i] + ", kernel_size=" + this.kernelSize[i] + " and dilation=" + this.dilation[i]);
            }
        }
        this.options = options.stride(stride).padding(padding).dilation(dilation);
    }

    /** Kernel size per spatial dim. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** Stride per spatial dim. */
    public int[] stride() {
        return stride.clone();
    }

    /** Padding per spatial dim (with -inf). */
    public int[] padding() {
        return padding.clone();
    }

    /** Dilation per spatial dim. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Whether the output size rounds up. */
    public boolean ceilMode() {
        return ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (rank) {
            case 1 -> F.maxPool1d(x, kernelSize[0], options);
            case 2 -> F.maxPool2d(x, kernelSize, options);
            default -> F.maxPool3d(x, kernelSize, options);
        };
    }

    /** The pooled values and the flat positions of the maxima in each input plane ({@code return_indices=True}). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        try {
            return switch (rank) {
                case 1 -> F.maxPool1dWithIndices(x, kernelSize[0], options);
                case 2 -> F.maxPool2dWithIndices(x, kernelSize, options);
                default -> F.maxPool3dWithIndices(x, kernelSize, options);
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw LayerError.wrap(this, e);
        }
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Repr.intOrTuple(kernelSize, tupleKernel) + ", stride=" + Repr.intOrTuple(stride, tupleStride)
                + ", padding=" + Repr.intOrTuple(padding, tuplePadding) + ", dilation=" + Repr.intOrTuple(dilation, tupleDilation)
                + ", ceil_mode=" + Repr.bool(ceilMode);
    }
}
