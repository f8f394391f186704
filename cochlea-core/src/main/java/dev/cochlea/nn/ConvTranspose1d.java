package dev.cochlea.nn;

/**
 * A 1-D transposed convolution ({@code torch.nn.ConvTranspose1d}), the gradient of a convolution with
 * respect to its input, used to up-sample: input {@code [N, C_in, L]}, weight {@code [in, out/groups, kL]},
 * output size per dim {@code (in-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1}.
 *
 * <pre>{@code
 * ConvTranspose1d up = new ConvTranspose1d(64, 32, 4, 2, 1, 0);
 * Tensor y = up.forward(Tensor.randn(8, 64, 50));   // [8, 32, 100]
 * }</pre>
 */
public class ConvTranspose1d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 0, 1, true, 1);
    }

    /** The given stride, padding and output padding. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding) {
        this(inChannels, outChannels, kernelSize, stride, padding, outputPadding, 1, true, 1);
    }

    /** Every option as one number (PyTorch's argument order: ..., output_padding, groups, bias, dilation). */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding,
                           int groups, boolean bias, int dilation) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {outputPadding}, groups, bias, new int[] {dilation});
    }

    /** Per-dimension options (arrays of 1 or 1 entries). */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        super(1, true, inChannels, outChannels, kernelSize, stride, padding, null, dilation, outputPadding, groups, bias);
    }
}
