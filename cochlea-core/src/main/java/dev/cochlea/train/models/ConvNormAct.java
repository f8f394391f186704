package dev.cochlea.train.models;

import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.SiLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.SubSpectralNorm;
import dev.cochlea.tensor.Tensor;

/**
 * BC-ResNet's {@code ConvBNReLU} building block: a bias-free 2-D convolution, then batch norm (or
 * {@link SubSpectralNorm} with 5 sub-bands), then ReLU, SiLU or no activation, all in the child
 * {@code block} so parameter names match the reference ({@code block.0.weight}, {@code block.1.*}).
 * Padding is {@code (k-1)/2 · dilation} per dimension, so stride 1 keeps the size.
 *
 * <p>Shapes: input [N, in, F, T], output [N, out, F', T'] with {@code F' = ceil(F / stride[0])}
 * and {@code T' = ceil(T / stride[1])}.
 *
 * <pre>{@code
 * // the frequency-wise depthwise convolution of a BC-ResBlock, with sub-spectral norm
 * Module f = new ConvNormAct(16, 16, new int[] {3, 1}, new int[] {1, 1}, new int[] {1, 1}, 16,
 *         ConvNormAct.Norm.SUB_SPECTRAL, ConvNormAct.Act.NONE);
 * Tensor y = f.forward(Tensor.randn(2, 16, 20, 63));   // [2, 16, 20, 63]
 * }</pre>
 */
public final class ConvNormAct extends Module {
    /** The normalisation after the convolution. */
    public enum Norm { BATCH, SUB_SPECTRAL }

    /** The activation at the end. */
    public enum Act { RELU, SILU, NONE }

    /** The number of frequency sub-bands of {@link Norm#SUB_SPECTRAL}, as in the paper. */
    public static final int SUB_BANDS = 5;

    private final Sequential block;

    /** A block with kernel, stride and dilation per dimension (frequency, time) and {@code groups}. */
    public ConvNormAct(int in, int out, int[] kernel, int[] stride, int[] dilation, int groups, Norm norm, Act act) {
        int[] padding = {(kernel[0] - 1) / 2 * dilation[0], (kernel[1] - 1) / 2 * dilation[1]};
        Sequential s = new Sequential(new Conv2d(in, out, kernel,
                Conv2d.options().stride(stride).padding(padding).dilation(dilation).groups(groups).bias(false)),
                norm == Norm.SUB_SPECTRAL ? new SubSpectralNorm(out, SUB_BANDS) : new BatchNorm2d(out));
        if (act == Act.RELU) s.add(new ReLU());
        if (act == Act.SILU) s.add(new SiLU());
        block = registerModule("block", s);
    }

    @Override
    public Tensor forward(Tensor x) {
        return block.call(x);
    }
}
