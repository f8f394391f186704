package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.ConvPadding;

/**
 * A 2-D convolution over images and spectrograms ({@code torch.nn.Conv2d}): input {@code [N, C_in, H, W]}
 * (or {@code [C_in, H, W]}), weight {@code [out, in/groups, kH, kW]}, output {@code [N, C_out, H_out, W_out]}, with
 * {@code L_out = floor((L_in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} per spatial dim.
 * Padding may be numbers, {@link ConvPadding#SAME} (stride 1) or {@link ConvPadding#VALID}; see {@link ConvOptions}.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 32, 5, Conv2d.options().padding(2));
 * Tensor y = conv.forward(Tensor.randn(64, 3, 32, 32));     // [64, 32, 32, 32]
 * conv.toString();  // Conv2d(3, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
 * Conv2d down = new Conv2d(32, 64, new int[] {3, 1}, Conv2d.options().stride(2, 1).padding(1, 0).bias(false));
 * }</pre>
 */
public class Conv2d extends ConvNd {
    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    /** A kernel of the same size in every spatial dim, with the given options, e.g. {@code Conv2d.options().stride(2).padding(1)}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** A kernel of 1 or 2 sizes with the given options. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(2, false, inChannels, outChannels, kernelSize, options);
    }
}
