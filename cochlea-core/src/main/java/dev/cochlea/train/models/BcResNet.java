package dev.cochlea.train.models;

import dev.cochlea.nn.AdaptiveAvgPool2d;
import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ModuleList;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;

/**
 * BC-ResNet-τ (Kim et al. 2021, "Broadcasted Residual Learning for Efficient Keyword Spotting"),
 * laid out like the reference code (Qualcomm-AI-research/bcresnet) so state_dict names match:
 * {@code cnn_head} (5×5 convolution, frequency stride 2, BN, ReLU), {@code BCBlocks} (four stages
 * of 2, 2, 4, 4 {@link BcResBlock}s; stages 1 and 2 halve the frequency axis; stage {@code i} dilates
 * its temporal convolutions by {@code 2^i}) and {@code classifier} (depthwise 5×5 convolution without
 * frequency padding, 1×1 convolution, BN, ReLU, global average pool, 1×1 convolution to the logits).
 * Channels for base width {@code b = 8τ}: head {@code 2b}, stages {@code b, 1.5b, 2b, 2.5b},
 * classifier {@code 4b} (τ = 1: 16, 8, 12, 16, 20, 32; about 9.2k parameters).
 *
 * <p>Shapes: input [N, 1, bands, frames] (bands at least 33, so that 5 rows remain after the
 * three frequency halvings; 40 gives 20, 10, 5), output [N, classes] logits. The time axis keeps its
 * length until the final pool, so any number of frames from 1 up works.
 *
 * <pre>{@code
 * Module m = new BcResNet(1.0, 10);                          // bcresnet-1
 * Tensor logits = m.forward(Tensor.randn(8, 1, 40, 63));    // [8, 10]
 * }</pre>
 */
public final class BcResNet extends Module {
    private static final int[] BLOCKS = {2, 2, 4, 4};

    private final double tau;
    private final Sequential cnnHead;
    private final ModuleList bcBlocks;
    private final Sequential classifier;

    /** BC-ResNet with width multiplier {@code tau} (base channels {@code (int) (8·tau)}) for {@code classes} classes. */
    public BcResNet(double tau, int classes) {
        if (!(tau > 0) || (int) (8 * tau) < 1) {
            throw new IllegalArgumentException("BcResNet: tau must give at least 1 base channel (8·tau >= 1), found " + tau);
        }
        if (classes <= 0) throw new IllegalArgumentException("BcResNet: classes must be positive, found " + classes);
        this.tau = tau;
        int b = (int) (8 * tau);
        int[] c = {b * 2, b, (int) (b * 1.5), b * 2, (int) (b * 2.5), b * 4};
        cnnHead = registerModule("cnn_head", new Sequential(
                new Conv2d(1, c[0], 5, Conv2d.options().stride(2, 1).padding(2).bias(false)),
                new BatchNorm2d(c[0]), new ReLU()));
        ModuleList stages = new ModuleList();
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            ModuleList blocks = new ModuleList();
            boolean strided = stage == 1 || stage == 2;
            for (int j = 0; j < BLOCKS[stage]; j++) {
                blocks.add(new BcResBlock(j == 0 ? c[stage] : c[stage + 1], c[stage + 1], stage, strided && j == 0 ? 2 : 1));
            }
            stages.add(blocks);
        }
        bcBlocks = registerModule("BCBlocks", stages);
        classifier = registerModule("classifier", new Sequential(
                new Conv2d(c[4], c[4], 5, Conv2d.options().padding(0, 2).groups(c[4]).bias(false)),
                new Conv2d(c[4], c[5], 1, Conv2d.options().bias(false)),
                new BatchNorm2d(c[5]), new ReLU(),
                new AdaptiveAvgPool2d(1, 1),
                new Conv2d(c[5], classes, 1)));
    }

    /** The width multiplier τ. */
    public double tau() {
        return tau;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = cnnHead.call(x);
        for (Module stage : bcBlocks) {
            for (Module block : (ModuleList) stage) h = block.call(h);
        }
        Tensor y = classifier.call(h);            // [N, classes, 1, 1]
        return y.reshape(y.size(0), y.size(1));
    }

    @Override
    public String extraRepr() {
        return "tau=" + tau;
    }
}
