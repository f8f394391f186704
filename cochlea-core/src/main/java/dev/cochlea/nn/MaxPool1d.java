package dev.cochlea.nn;

import dev.cochlea.nn.functional.MaxPoolOptions;

/**
 * 1-D max pooling ({@code torch.nn.MaxPool1d}): the maximum of each window, input {@code [N, C, L]},
 * output {@code [N, C, L_out]} with {@code out = floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}
 * (ceil with {@code ceilMode}); the stride defaults to the kernel size. Options: {@link MaxPoolOptions}.
 *
 * <pre>{@code
 * MaxPool1d pool = new MaxPool1d(2);
 * Tensor y = pool.forward(Tensor.randn(8, 64, 100));   // [8, 64, 50]
 * MaxPool1d overlapping = new MaxPool1d(3, MaxPool1d.options().stride(2).padding(1));
 * }</pre>
 */
public class MaxPool1d extends MaxPoolNd {
    /** Window {@code kernelSize}, stride = kernel size. */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} with the given options, e.g. {@code MaxPool1d.options().stride(2)}. */
    public MaxPool1d(int kernelSize, MaxPoolOptions options) {
        super(1, new int[] {kernelSize}, options);
    }
}
