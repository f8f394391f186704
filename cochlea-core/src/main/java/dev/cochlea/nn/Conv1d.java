package dev.cochlea.nn;

/**
 * A 1-D convolution over sequences ({@code torch.nn.Conv1d}): input {@code [N, C_in, L]}, weight
 * {@code [out, in/groups, kL]}, output {@code [N, C_out, L_out]}, with
 * {@code L_out = floor((L_in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} per spatial dim.
 * Padding may be numbers, {@code "same"} (stride 1) or {@code "valid"}.
 *
 * <pre>{@code
 * Conv1d tdnn = new Conv1d(40, 64, 3, 1, 0, 2, 1, true);   // dilated (TDNN) layer
 * Tensor y = tdnn.forward(Tensor.randn(8, 40, 100));        // [8, 64, 96]
 * }</pre>
 */
public class Conv1d extends ConvNd {
    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /** The given stride and padding (same for every spatial dim). */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    /** Every option as one number per layer (PyTorch's argument order). */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, groups, bias);
    }

    /** Padding {@code "same"} or {@code "valid"}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, padding, new int[] {1}, 1, true);
    }

    /** Per-dimension options (arrays of 1 or 1 entries). */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        super(1, false, inChannels, outChannels, kernelSize, stride, padding, null, dilation, new int[] {0}, groups, bias);
    }

    /** Per-dimension options with padding {@code "same"} or {@code "valid"}. */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
                  int groups, boolean bias) {
        super(1, false, inChannels, outChannels, kernelSize, stride, null, padding, dilation, new int[] {0}, groups, bias);
    }
}
