package dev.cochlea.nn;

/**
 * 1-D average pooling ({@code torch.nn.AvgPool1d}): the mean of each window, input {@code [N, C, L]},
 * output {@code [N, C, L_out]} with {@code out = floor((in + 2·padding - kernel) / stride) + 1}; the stride
 * defaults to the kernel size and padded zeros count in the average unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * AvgPool1d pool = new AvgPool1d(2);
 * Tensor y = pool.forward(Tensor.randn(8, 64, 100));   // [8, 64, 50]
 * pool.toString();   // AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
 * }</pre>
 */
public class AvgPool1d extends AvgPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public AvgPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** Window, stride and zero padding. */
    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, false, true);
    }

    /** Every option (PyTorch's order); {@code stride <= 0} means the kernel size. */
    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        super(1, new int[] {kernelSize}, stride <= 0 ? null : new int[] {stride}, new int[] {padding}, ceilMode,
                countIncludePad, 0, true);
    }
}
