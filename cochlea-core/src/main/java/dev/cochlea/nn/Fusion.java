package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Rewrites for inference that keep what a model computes, like PyTorch's
 * {@code torch.nn.utils.fusion.fuse_conv_bn_eval}: a batch norm in evaluation mode right after a
 * convolution in a {@link Sequential} is folded into the convolution's weight and bias and replaced
 * by an {@link Identity}, which saves a pass over every activation of that layer; and a 2-D
 * convolution followed by ReLU and 2×2 max pooling becomes one {@link FusedConv2d}, which computes
 * the pooled output directly (by Winograd's algorithm where it pays).
 *
 * <pre>{@code
 * model.eval();
 * int folded = Fusion.foldBatchNorms(model);      // AudioCnn: 3 (conv → batch norm, three times)
 * int fused = Fusion.fuseConvolutions(model);     // AudioCnn: 3 (conv → ReLU → max pool, three times)
 * }</pre>
 *
 * <p>The model changes in place and must not be trained afterwards: the batch norms are gone.
 */
public final class Fusion {
    private Fusion() {}

    /**
     * Folds every batch norm that directly follows a convolution with a bias in a {@link Sequential}
     * anywhere in {@code model}; returns how many. Convolutions without a bias, transposed ones and
     * batch norms without running statistics are left as they are.
     *
     * @throws IllegalStateException when {@code model} is in training mode
     */
    public static int foldBatchNorms(Module model) {
        if (model.isTraining()) {
            throw new IllegalStateException("foldBatchNorms: the model is in training mode; call eval() first "
                    + "(batch norm uses its running statistics only in evaluation)");
        }
        int folded = 0;
        for (Module m : model.namedModules().values()) {
            if (!(m instanceof Sequential seq)) continue;
            for (int i = 0; i + 1 < seq.size(); i++) {
                if (seq.get(i) instanceof ConvNd conv && seq.get(i + 1) instanceof BatchNormNd bn && fold(conv, bn)) {
                    seq.set(i + 1, new Identity());
                    folded++;
                }
            }
        }
        return folded;
    }

    /**
     * Replaces every {@link Conv2d} in a {@link Sequential} that is followed by a 2×2, stride-2 max
     * pooling ({@link MaxPool2d} without padding, dilation or ceil mode), with or without a
     * {@link ReLU} between them (and any {@link Identity} left by {@link #foldBatchNorms}), by one
     * {@link FusedConv2d}; the ReLU and pooling become {@link Identity}, so the module names of the
     * rest of the model stay. Returns how many. Gradients still flow through a fused block (it then
     * runs its layers one by one), but the point is inference.
     */
    public static int fuseConvolutions(Module model) {
        int fused = 0;
        for (Module m : model.namedModules().values()) {
            if (!(m instanceof Sequential seq)) continue;
            for (int i = 0; i < seq.size(); i++) {
                if (!(seq.get(i) instanceof Conv2d conv) || conv.transposed()) continue;
                int j = skipIdentities(seq, i + 1), reluAt = -1;
                if (j < seq.size() && seq.get(j) instanceof ReLU) {
                    reluAt = j;
                    j = skipIdentities(seq, j + 1);
                }
                if (j >= seq.size() || !(seq.get(j) instanceof MaxPool2d pool) || !poolsTwoByTwo(pool)) continue;
                seq.set(i, new FusedConv2d(conv, reluAt >= 0, true));
                if (reluAt >= 0) seq.set(reluAt, new Identity());
                seq.set(j, new Identity());
                fused++;
            }
        }
        return fused;
    }

    private static int skipIdentities(Sequential seq, int i) {
        while (i < seq.size() && seq.get(i).getClass() == Identity.class) i++;
        return i;
    }

    private static boolean poolsTwoByTwo(MaxPool2d pool) {
        for (int v : pool.kernelSize()) if (v != 2) return false;
        for (int v : pool.stride()) if (v != 2) return false;
        for (int v : pool.padding()) if (v != 0) return false;
        for (int v : pool.dilation()) if (v != 1) return false;
        return !pool.ceilMode();
    }

    /** Folds {@code bn} into {@code conv} when it can (see {@link #foldedConvBatchNorm}). */
    static boolean fold(ConvNd conv, BatchNormNd bn) {
        int out = conv.outChannels();
        if (conv.transposed() || conv.bias == null || bn.isTraining() || bn.runningMean == null || bn.runningVar == null
                || bn.numFeatures() != out) {
            return false;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor[] folded = foldedConvBatchNorm(conv.weight, conv.bias, bn.runningMean, bn.runningVar,
                    bn.weight == null ? Tensor.ones(out) : bn.weight, bn.bias == null ? Tensor.zeros(out) : bn.bias, (float) bn.eps());
            conv.weight.copyFrom(folded[0]);
            conv.bias.copyFrom(folded[1]);
        }
        return true;
    }

    /**
     * The weight and bias of a convolution whose output a batch norm in evaluation then normalises:
     * {@code W·s} and {@code (b − μ)·s + β} with {@code s = γ / √(σ² + ε)} per output channel (dim 0 of
     * {@code weight}); {@code bias} null counts as zeros. The ONNX importer folds its graphs with it too.
     */
    public static Tensor[] foldedConvBatchNorm(Tensor weight, Tensor bias, Tensor mean, Tensor var, Tensor gamma, Tensor beta,
                                               float eps) {
        int out = weight.size(0);
        Tensor s = gamma.div(var.add(eps).sqrt());
        int[] perChannel = new int[weight.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[0] = out;
        Tensor b = bias == null ? Tensor.zeros(out) : bias;
        return new Tensor[] {weight.mul(s.reshape(perChannel)).contiguous(), b.sub(mean).mul(s).add(beta).contiguous()};
    }
}
