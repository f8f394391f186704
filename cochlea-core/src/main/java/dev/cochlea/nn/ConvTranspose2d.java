package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;

/**
 * A 2-D transposed convolution ({@code torch.nn.ConvTranspose2d}), the gradient of a convolution with
 * respect to its input, used to up-sample: input {@code [N, C_in, H, W]}, weight {@code [in, out/groups, kH, kW]},
 * output size per dim {@code (in-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1}. Padding
 * is numbers only and the padding mode zeros only; see {@link ConvOptions}.
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(16, 8, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1));
 * Tensor y = up.forward(Tensor.randn(2, 16, 10, 10));   // [2, 8, 20, 20]
 * up.toString();   // ConvTranspose2d(16, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))
 * }</pre>
 */
public class ConvTranspose2d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    /** A kernel of the same size in every spatial dim, with the given options, e.g. {@code ConvTranspose2d.options().stride(2).padding(1)}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** A kernel of 1 or 2 sizes with the given options. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(2, true, inChannels, outChannels, kernelSize, options);
    }
}
