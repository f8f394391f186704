package dev.cochlea.nn;

import dev.cochlea.nn.functional.MaxPoolOptions;

/**
 * 3-D max pooling ({@code torch.nn.MaxPool3d}): the maximum of each window, input {@code [N, C, D, H, W]},
 * output {@code [N, C, D_out, H_out, W_out]} with {@code out = floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}
 * (ceil with {@code ceilMode}); the stride defaults to the kernel size. Options: {@link MaxPoolOptions}.
 *
 * <pre>{@code
 * MaxPool3d pool = new MaxPool3d(2);
 * Tensor y = pool.forward(Tensor.randn(1, 4, 8, 8, 8));   // [1, 4, 4, 4, 4]
 * }</pre>
 */
public class MaxPool3d extends MaxPoolNd {
    /** Window {@code kernelSize} in every spatial dim, stride = kernel size. */
    public MaxPool3d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} in every spatial dim with the given options, e.g. {@code MaxPool3d.options().stride(2)}. */
    public MaxPool3d(int kernelSize, MaxPoolOptions options) {
        this(new int[] {kernelSize}, options);
    }

    /** A window of 1 or 3 sizes with the given options. */
    public MaxPool3d(int[] kernelSize, MaxPoolOptions options) {
        super(3, kernelSize, options);
    }
}
