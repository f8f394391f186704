package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;

/**
 * A 1-D transposed convolution ({@code torch.nn.ConvTranspose1d}), the gradient of a convolution with
 * respect to its input, used to up-sample: input {@code [N, C_in, L]}, weight {@code [in, out/groups, kL]},
 * output length {@code (L-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1}. Padding is
 * numbers only and the padding mode zeros only; see {@link ConvOptions}.
 *
 * <pre>{@code
 * ConvTranspose1d up = new ConvTranspose1d(64, 32, 4, ConvTranspose1d.options().stride(2).padding(1));
 * Tensor y = up.forward(Tensor.randn(8, 64, 50));   // [8, 32, 100]
 * }</pre>
 */
public class ConvTranspose1d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    /** The given options, e.g. {@code ConvTranspose1d.options().stride(2).padding(1)}. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** The kernel size as a one-entry array, with the given options. */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(1, true, inChannels, outChannels, kernelSize, options);
    }
}
