package dev.cochlea.nn;

import dev.cochlea.nn.functional.AvgPoolOptions;

/**
 * 1-D average pooling ({@code torch.nn.AvgPool1d}): the mean of each window, input {@code [N, C, L]},
 * output {@code [N, C, L_out]} with {@code out = floor((in + 2·padding - kernel) / stride) + 1}; the stride
 * defaults to the kernel size and padded zeros count in the average unless {@code countIncludePad} is false.
 * Options: {@link AvgPoolOptions}.
 *
 * <pre>{@code
 * AvgPool1d pool = new AvgPool1d(2);
 * Tensor y = pool.forward(Tensor.randn(8, 64, 100));   // [8, 64, 50]
 * pool.toString();   // AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
 * AvgPool1d smooth = new AvgPool1d(3, AvgPool1d.options().stride(1).padding(1));
 * }</pre>
 */
public class AvgPool1d extends AvgPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public AvgPool1d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} with the given options, e.g. {@code AvgPool1d.options().stride(2)}. */
    public AvgPool1d(int kernelSize, AvgPoolOptions options) {
        super(1, new int[] {kernelSize}, options);
    }
}
