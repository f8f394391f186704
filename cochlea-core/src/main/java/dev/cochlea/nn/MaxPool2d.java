package dev.cochlea.nn;

import dev.cochlea.nn.functional.MaxPoolOptions;

/**
 * 2-D max pooling ({@code torch.nn.MaxPool2d}): the maximum of each window, input {@code [N, C, H, W]},
 * output {@code [N, C, H_out, W_out]} with {@code out = floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}
 * (ceil with {@code ceilMode}); the stride defaults to the kernel size. Options: {@link MaxPoolOptions}.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);
 * Tensor y = pool.forward(Tensor.randn(64, 32, 32, 32));   // [64, 32, 16, 16]
 * MaxPool2d overlapping = new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1).ceilMode(true));
 * }</pre>
 */
public class MaxPool2d extends MaxPoolNd {
    /** Window {@code kernelSize} in every spatial dim, stride = kernel size. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} in every spatial dim with the given options, e.g. {@code MaxPool2d.options().stride(2)}. */
    public MaxPool2d(int kernelSize, MaxPoolOptions options) {
        this(new int[] {kernelSize}, options);
    }

    /** A window of 1 or 2 sizes with the given options. */
    public MaxPool2d(int[] kernelSize, MaxPoolOptions options) {
        super(2, kernelSize, options);
    }
}
