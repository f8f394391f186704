package dev.cochlea.train.models;

import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Dropout2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * One broadcasted residual block of BC-ResNet (Kim et al. 2021). The 2-D part {@code f2} is a
 * frequency-wise depthwise 3×1 convolution with sub-spectral norm (preceded, in a transition block
 * that changes the channel count, by a 1×1 convolution + BN + ReLU); its output is averaged over
 * frequency to {@code [N, C, 1, T]} and goes through the 1-D part {@code f1}: a temporal depthwise
 * 1×3 convolution with dilation {@code 2^stage}, BN, SiLU, a 1×1 convolution and channel dropout
 * (0.1). The result is broadcast back over frequency and added to the 2-D output (and, in a
 * normal block, to the input), then ReLU:
 * {@code y = relu(f2(x) + f1(avgpool_F(f2(x))) [+ x])}.
 *
 * <p>Shapes: input [N, in, F, T], output [N, out, ceil(F / freqStride), T].
 *
 * <pre>{@code
 * Module b = new BcResBlock(8, 12, 2, 2);                 // transition block of stage 2
 * Tensor y = b.forward(Tensor.randn(2, 8, 10, 63));       // [2, 12, 5, 63]
 * }</pre>
 */
public final class BcResBlock extends Module {
    private final boolean transition;
    private final Sequential f2;
    private final Sequential f1;

    /** A block from {@code in} to {@code out} channels in stage {@code stage} (dilation 2^stage), frequency stride 1 or 2. */
    public BcResBlock(int in, int out, int stage, int freqStride) {
        transition = in != out;
        Sequential two = new Sequential();
        if (transition) {
            two.add(new ConvNormAct(in, out, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1,
                    ConvNormAct.Norm.BATCH, ConvNormAct.Act.RELU));
        }
        two.add(new ConvNormAct(out, out, new int[] {3, 1}, new int[] {freqStride, 1}, new int[] {1, 1}, out,
                ConvNormAct.Norm.SUB_SPECTRAL, ConvNormAct.Act.NONE));
        f2 = registerModule("f2", two);
        f1 = registerModule("f1", new Sequential(
                new ConvNormAct(out, out, new int[] {1, 3}, new int[] {1, 1}, new int[] {1, 1 << stage}, out,
                        ConvNormAct.Norm.BATCH, ConvNormAct.Act.SILU),
                new Conv2d(out, out, 1, Conv2d.options().bias(false)),
                new Dropout2d(0.1)));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor aux = f2.call(x);                                                  // [N, C, F, T]
        Tensor y = F.frequencyBroadcastAdd(aux, f1.call(F.frequencyMean(aux)));   // f1: [N, C, 1, T]
        if (!transition) y = y.add(x);
        return F.relu(y);
    }

    @Override
    public String extraRepr() {
        return "transition=" + (transition ? "True" : "False");
    }
}
