package dev.cochlea.nn;

/**
 * 3-D max pooling ({@code torch.nn.MaxPool3d}): the maximum of each window, input {@code [N, C, D, H, W]},
 * output {@code [N, C, D_out, H_out, W_out]} with {@code out = floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}
 * (ceil with {@code ceilMode}); the stride defaults to the kernel size.
 *
 * <pre>{@code
 * MaxPool3d pool = new MaxPool3d(2);
 * Tensor y = pool.forward(Tensor.randn(1, 4, 8, 8, 8));   // [1, 4, 4, 4, 4]
 * }</pre>
 */
public class MaxPool3d extends MaxPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public MaxPool3d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1, false);
    }

    /** Window {@code kernelSize} moved by {@code stride}. */
    public MaxPool3d(int kernelSize, int stride) {
        this(kernelSize, stride, 0, 1, false);
    }

    /** Window, stride and padding (padded positions never win). */
    public MaxPool3d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, 1, false);
    }

    /** Every option (PyTorch's order); {@code stride <= 0} means the kernel size. */
    public MaxPool3d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        super(3, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** Per-dimension options (arrays of 1 or 3 entries; {@code stride} null means the kernel size). */
    public MaxPool3d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(3, kernelSize, stride, padding, dilation, ceilMode);
    }
}
