package dev.cochlea.nn;

/**
 * 1-D max pooling ({@code torch.nn.MaxPool1d}): the maximum of each window, input {@code [N, C, L]},
 * output {@code [N, C, L_out]} with {@code out = floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}
 * (ceil with {@code ceilMode}); the stride defaults to the kernel size.
 *
 * <pre>{@code
 * MaxPool1d pool = new MaxPool1d(2);
 * Tensor y = pool.forward(Tensor.randn(8, 64, 100));   // [8, 64, 50]
 * }</pre>
 */
public class MaxPool1d extends MaxPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1, false);
    }

    /** Window {@code kernelSize} moved by {@code stride}. */
    public MaxPool1d(int kernelSize, int stride) {
        this(kernelSize, stride, 0, 1, false);
    }

    /** Window, stride and padding (padded positions never win). */
    public MaxPool1d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, 1, false);
    }

    /** Every option (PyTorch's order); {@code stride <= 0} means the kernel size. */
    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        super(1, kernelSize, stride, padding, dilation, ceilMode);
    }
}
