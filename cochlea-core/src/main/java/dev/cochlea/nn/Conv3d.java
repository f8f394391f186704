package dev.cochlea.nn;

/**
 * A 3-D convolution over volumes ({@code torch.nn.Conv3d}): input {@code [N, C_in, D, H, W]}, weight
 * {@code [out, in/groups, kD, kH, kW]}, output {@code [N, C_out, D_out, H_out, W_out]}, with
 * {@code L_out = floor((L_in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} per spatial dim.
 * Padding may be numbers, {@code "same"} (stride 1) or {@code "valid"}.
 *
 * <pre>{@code
 * Conv3d conv = new Conv3d(2, 4, 3, 1, 1);
 * Tensor y = conv.forward(Tensor.randn(1, 2, 5, 6, 7));     // [1, 4, 5, 6, 7]
 * }</pre>
 */
public class Conv3d extends ConvNd {
    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /** The given stride and padding (same for every spatial dim). */
    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    /** Every option as one number per layer (PyTorch's argument order). */
    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, groups, bias);
    }

    /** Padding {@code "same"} or {@code "valid"}. */
    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, String padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, padding, new int[] {1}, 1, true);
    }

    /** Per-dimension options (arrays of 1 or 3 entries). */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        super(3, false, inChannels, outChannels, kernelSize, stride, padding, null, dilation, new int[] {0}, groups, bias);
    }

    /** Per-dimension options with padding {@code "same"} or {@code "valid"}. */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
                  int groups, boolean bias) {
        super(3, false, inChannels, outChannels, kernelSize, stride, null, padding, dilation, new int[] {0}, groups, bias);
    }
}
