package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.ConvPadding;

/**
 * A 1-D convolution over sequences ({@code torch.nn.Conv1d}): input {@code [N, C_in, L]} (or
 * {@code [C_in, L]}), weight {@code [out, in/groups, kL]}, output {@code [N, C_out, L_out]}, with
 * {@code L_out = floor((L_in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}.
 * Padding may be numbers, {@link ConvPadding#SAME} (stride 1) or {@link ConvPadding#VALID}; see {@link ConvOptions}.
 *
 * <pre>{@code
 * Conv1d tdnn = new Conv1d(40, 64, 3, Conv1d.options().dilation(2));   // dilated (TDNN) layer
 * Tensor y = tdnn.forward(Tensor.randn(8, 40, 100));                     // [8, 64, 96]
 * tdnn.toString();  // Conv1d(40, 64, kernel_size=(3,), stride=(1,), dilation=(2,))
 * }</pre>
 */
public class Conv1d extends ConvNd {
    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    /** The given options, e.g. {@code Conv1d.options().stride(2).padding(1)}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** The kernel size as a one-entry array, with the given options. */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(1, false, inChannels, outChannels, kernelSize, options);
    }
}
