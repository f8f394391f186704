package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * Rewrites for inference that keep what a model computes, like PyTorch's
 * {@code torch.nn.utils.fusion.fuse_conv_bn_eval}: a batch norm in evaluation mode right after a
 * convolution in a {@link Sequential} is folded into the convolution's weight and bias and replaced
 * by an {@link Identity}, which saves a pass over every activation of that layer.
 *
 * <pre>{@code
 * model.eval();
 * int folded = Fusion.foldBatchNorms(model);   // AudioCnn: 3 (conv → batch norm, three times)
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

    /** Folds {@code bn} into {@code conv} when it can: {@code W·s} and {@code (b − μ)·s + β} with {@code s = γ / √(σ² + ε)}. */
    static boolean fold(ConvNd conv, BatchNormNd bn) {
        int out = conv.outChannels();
        if (conv.transposed() || conv.bias == null || bn.isTraining() || bn.runningMean == null || bn.runningVar == null
                || bn.numFeatures() != out) {
            return false;
        }
        float[] mean = bn.runningMean.toFloatArray(), var = bn.runningVar.toFloatArray();
        float[] gamma = bn.weight == null ? null : bn.weight.toFloatArray(), beta = bn.bias == null ? null : bn.bias.toFloatArray();
        Tensor w = conv.weight, b = conv.bias;
        if (!w.isContiguous() || !b.isContiguous()) return false;
        float[] wd = w.storage(), bd = b.storage();
        int per = w.numel() / out, wo = w.offset(), bo = b.offset();
        for (int c = 0; c < out; c++) {
            double scale = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(var[c] + bn.eps());
            for (int j = 0; j < per; j++) wd[wo + c * per + j] = (float) (wd[wo + c * per + j] * scale);
            bd[bo + c] = (float) ((bd[bo + c] - mean[c]) * scale + (beta == null ? 0.0 : beta[c]));
        }
        return true;
    }
}
