package dev.cochlea.nn;

/**
 * 2-D average pooling ({@code torch.nn.AvgPool2d}): the mean of each window, input {@code [N, C, H, W]},
 * output {@code [N, C, H_out, W_out]} with {@code out = floor((in + 2·padding - kernel) / stride) + 1}; the stride
 * defaults to the kernel size and padded zeros count in the average unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * AvgPool2d pool = new AvgPool2d(2);
 * Tensor y = pool.forward(Tensor.randn(64, 32, 32, 32));   // [64, 32, 16, 16]
 * }</pre>
 */
public class AvgPool2d extends AvgPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** Window, stride and zero padding. */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, false, true, 0);
    }

    /** Every option as numbers (PyTorch's order); {@code stride <= 0} means the kernel size, {@code divisorOverride} 0 none. */
    public AvgPool2d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad,
                     int divisorOverride) {
        super(2, new int[] {kernelSize}, stride <= 0 ? null : new int[] {stride}, new int[] {padding}, ceilMode,
                countIncludePad, divisorOverride, false);
    }

    /** Per-dimension options (arrays of 1 or 2 entries; {@code stride} null means the kernel size). */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                     int divisorOverride) {
        super(2, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride, true);
    }
}
