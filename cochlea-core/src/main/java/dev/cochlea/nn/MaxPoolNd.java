package dev.cochlea.nn;

import dev.cochlea.nn.functional.Pooling;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;

/**
 * What the max-pooling layers share (PyTorch's {@code _MaxPoolNd}): kernel size, stride (defaults to
 * the kernel size), padding, dilation and ceil mode, printed as they were given.
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
    private final boolean tupleKernel, tupleStride, tuplePadding, tupleDilation;

    /** Scalar options; {@code stride <= 0} means "same as the kernel". */
    protected MaxPoolNd(int rank, int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        this(rank, new int[] {kernelSize}, stride <= 0 ? null : new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode, false);
    }

    /** Per-dimension options (arrays of 1 or {@code rank} entries; {@code stride} null means the kernel size). */
    protected MaxPoolNd(int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this(rank, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    private MaxPoolNd(int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
                      boolean tuples) {
        String layer = getClass().getSimpleName();
        this.rank = rank;
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        this.stride = stride == null ? this.kernelSize.clone() : Repr.expand(layer, "stride", stride, rank);
        this.padding = Repr.expand(layer, "padding", padding, rank);
        this.dilation = Repr.expand(layer, "dilation", dilation, rank);
        this.ceilMode = ceilMode;
        this.tupleKernel = tuples && kernelSize.length > 1;
        this.tupleStride = tuples && (stride == null ? kernelSize.length > 1 : stride.length > 1);
        this.tuplePadding = tuples && padding.length > 1;
        this.tupleDilation = tuples && dilation.length > 1;
        for (int i = 0; i < rank; i++) {
            if (this.kernelSize[i] <= 0 || this.stride[i] <= 0 || this.dilation[i] <= 0) {
                throw new IllegalArgumentException(layer + ": kernel_size, stride and dilation must be positive, found "
                        + Repr.tuple(this.kernelSize) + ", " + Repr.tuple(this.stride) + ", " + Repr.tuple(this.dilation));
            }
            int effective = (this.kernelSize[i] - 1) * this.dilation[i] + 1;
            if (this.padding[i] < 0 || 2 * this.padding[i] > effective) {
                throw new IllegalArgumentException(layer + ": pad should be at most half of effective kernel size, but got pad="
                        + this.padding[i] + ", kernel_size=" + this.kernelSize[i] + " and dilation=" + this.dilation[i]);
            }
        }
    }

    /** Kernel size per spatial dim. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** Stride per spatial dim. */
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (rank) {
            case 1 -> Pooling.maxPool1d(x, kernelSize[0], stride[0], padding[0], dilation[0], ceilMode);
            case 2 -> Pooling.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode);
            default -> Pooling.maxPool3d(x, kernelSize, stride, padding, dilation, ceilMode);
        };
    }

    /** The pooled values and the flat positions of the maxima in each input plane ({@code return_indices=True}). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        try {
            return switch (rank) {
                case 1 -> Pooling.maxPool1dWithIndices(x, kernelSize[0], stride[0], padding[0], dilation[0], ceilMode);
                case 2 -> Pooling.maxPool2dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode);
                default -> Pooling.maxPool3dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode);
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
