package dev.cochlea.nn;

import dev.cochlea.nn.functional.AvgPoolOptions;

/**
 * 3-D average pooling ({@code torch.nn.AvgPool3d}): the mean of each window, input {@code [N, C, D, H, W]},
 * output {@code [N, C, D_out, H_out, W_out]} with {@code out = floor((in + 2·padding - kernel) / stride) + 1}; the stride
 * defaults to the kernel size and padded zeros count in the average unless {@code countIncludePad} is false.
 * Options: {@link AvgPoolOptions}.
 *
 * <pre>{@code
 * AvgPool3d pool = new AvgPool3d(2);
 * Tensor y = pool.forward(Tensor.randn(1, 4, 8, 8, 8));   // [1, 4, 4, 4, 4]
 * }</pre>
 */
public class AvgPool3d extends AvgPoolNd {
    /** Window {@code kernelSize} in every spatial dim, stride = kernel size. */
    public AvgPool3d(int kernelSize) {
        this(kernelSize, options());
    }

    /** Window {@code kernelSize} in every spatial dim with the given options, e.g. {@code AvgPool3d.options().stride(2)}. */
    public AvgPool3d(int kernelSize, AvgPoolOptions options) {
        this(new int[] {kernelSize}, options);
    }

    /** A window of 1 or 3 sizes with the given options. */
    public AvgPool3d(int[] kernelSize, AvgPoolOptions options) {
        super(3, kernelSize, options);
    }
}
