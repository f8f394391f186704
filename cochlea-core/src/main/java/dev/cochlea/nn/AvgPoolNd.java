package dev.cochlea.nn;

import dev.cochlea.nn.functional.Pooling;
import dev.cochlea.tensor.Tensor;

/**
 * What the average-pooling layers share (PyTorch's {@code _AvgPoolNd}): kernel size, stride
 * (defaults to the kernel size), padding, ceil mode, whether padded zeros count in the average,
 * and an optional divisor override (2-D and 3-D).
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
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final int divisorOverride;
    private final boolean tupleKernel, tupleStride, tuplePadding;

    /**
     * Per-dimension options (arrays of 1 or {@code rank} entries; {@code stride} null means the kernel
     * size); {@code tuples} prints them as tuples, {@code divisorOverride} 0 means none.
     */
    protected AvgPoolNd(int rank, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                        int divisorOverride, boolean tuples) {
        String layer = getClass().getSimpleName();
        this.rank = rank;
        this.kernelSize = Repr.expand(layer, "kernel_size", kernelSize, rank);
        this.stride = stride == null ? this.kernelSize.clone() : Repr.expand(layer, "stride", stride, rank);
        this.padding = Repr.expand(layer, "padding", padding, rank);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        boolean forceTuple = tuples && rank == 1;
        this.tupleKernel = forceTuple || tuples && kernelSize.length > 1;
        this.tupleStride = forceTuple || tuples && (stride == null ? kernelSize.length > 1 : stride.length > 1);
        this.tuplePadding = forceTuple || tuples && padding.length > 1;
        for (int i = 0; i < rank; i++) {
            if (this.kernelSize[i] <= 0 || this.stride[i] <= 0) {
                throw new IllegalArgumentException(layer + ": kernel_size and stride must be positive, found "
                        + Repr.tuple(this.kernelSize) + " and " + Repr.tuple(this.stride));
            }
            if (this.padding[i] < 0 || 2 * this.padding[i] > this.kernelSize[i]) {
                throw new IllegalArgumentException(layer + ": pad should be at most half of kernel size, but got pad="
                        + this.padding[i] + ", kernel_size=" + this.kernelSize[i]);
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
            case 1 -> Pooling.avgPool1d(x, kernelSize[0], stride[0], padding[0], ceilMode, countIncludePad);
            case 2 -> Pooling.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
            default -> Pooling.avgPool3d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
        };
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Repr.intOrTuple(kernelSize, tupleKernel) + ", stride=" + Repr.intOrTuple(stride, tupleStride)
                + ", padding=" + Repr.intOrTuple(padding, tuplePadding);
    }
}
