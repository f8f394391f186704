package dev.cochlea.train.models;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * One residual block of TC-ResNet (Choi et al. 2019): two temporal convolutions of width 9
 * (the first with stride {@code stride}), each followed by batch norm, ReLU after the first, and a
 * shortcut that is the identity or, when the stride or channel count changes, a 1-wide
 * convolution + BN + ReLU; the sum goes through ReLU:
 * {@code y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. Convolutions have no bias and
 * pad 4 on each side.
 *
 * <p>Shapes: input [N, in, T], output [N, out, floor((T - 1) / stride) + 1].
 *
 * <pre>{@code
 * Module b = new TcResBlock(16, 24, 2);
 * Tensor y = b.forward(Tensor.randn(4, 16, 63));   // [4, 24, 32]
 * }</pre>
 */
public final class TcResBlock extends Module {
    private final Conv1d conv1;
    private final BatchNorm1d bn1;
    private final Conv1d conv2;
    private final BatchNorm1d bn2;
    private final Sequential shortcut;

    /** A block from {@code in} to {@code out} channels with the given temporal stride. */
    public TcResBlock(int in, int out, int stride) {
        conv1 = registerModule("conv1", new Conv1d(in, out, 9, Conv1d.options().stride(stride).padding(4).bias(false)));
        bn1 = registerModule("bn1", new BatchNorm1d(out));
        conv2 = registerModule("conv2", new Conv1d(out, out, 9, Conv1d.options().padding(4).bias(false)));
        bn2 = registerModule("bn2", new BatchNorm1d(out));
        shortcut = in == out && stride == 1 ? null : registerModule("shortcut", new Sequential(
                new Conv1d(in, out, 1, Conv1d.options().stride(stride).bias(false)), new BatchNorm1d(out), new ReLU()));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = bn2.call(conv2.call(F.relu(bn1.call(conv1.call(x)))));
        return F.relu(h.add(shortcut == null ? x : shortcut.call(x)));
    }
}
