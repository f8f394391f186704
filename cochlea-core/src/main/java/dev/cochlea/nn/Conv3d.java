package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.ConvPadding;

/**
 * A 3-D convolution over volumes ({@code torch.nn.Conv3d}): input {@code [N, C_in, D, H, W]}, weight
 * {@code [out, in/groups, kD, kH, kW]}, output {@code [N, C_out, D_out, H_out, W_out]}, with
 * {@code L_out = floor((L_in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} per spatial dim.
 * Padding may be numbers, {@link ConvPadding#SAME} (stride 1) or {@link ConvPadding#VALID}; see {@link ConvOptions}.
 *
 * <pre>{@code
 * Conv3d conv = new Conv3d(2, 4, 3, Conv3d.options().padding(1));
 * Tensor y = conv.forward(Tensor.randn(1, 2, 5, 6, 7));     // [1, 4, 5, 6, 7]
 * }</pre>
 */
public class Conv3d extends ConvNd {
    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    /** A kernel of the same size in every spatial dim, with the given options, e.g. {@code Conv3d.options().stride(2).padding(1)}. */
    public Conv3d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** A kernel of 1 or 3 sizes with the given options. */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(3, false, inChannels, outChannels, kernelSize, options);
    }
}
