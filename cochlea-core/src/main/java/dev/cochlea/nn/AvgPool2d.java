package dev.cochlea.nn;

import dev.cochlea.nn.functional.AvgPoolOptions;

/**
 * 2-D average pooling ({@code torch.nn.AvgPool2d}): the mean of each window, input {@code [N, C, H, W]},
 * output {@code [N, C, H_out, W_out]} with {@code out = floor((in + 2·padding - kernel) / stride) + 1}; the stride
 * defaults to the kernel size and padded zeros count in the average unless {@code countIncludePad} is false.
 * Options: {@link AvgPoolOptions}.
 *
 * <pre>{@code
 * AvgPool2d pool = new AvgPool2d(2);
 * Tensor y = pool.forward(Tensor.randn(64, 32, 32, 32));   // [64, 32, 16, 16]
 * AvgPool2d smooth = new AvgPool2d(3, AvgPool2d.options().stride(1).padding(1).countIncludePad(false));
 * }</pre>
 */
public class AvgPool2d extends AvgPoolNd {
    /** Window {@code kernelSize} in every spatial dim, stride = kernel size. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} in every spatial dim with the given options, e.g. {@code AvgPool2d.options().stride(2)}. */
    public AvgPool2d(int kernelSize, AvgPoolOptions options) {
        this(new int[] {kernelSize}, options);
    }

    /** A window of 1 or 2 sizes with the given options. */
    public AvgPool2d(int[] kernelSize, AvgPoolOptions options) {
        super(2, kernelSize, options);
    }
}
