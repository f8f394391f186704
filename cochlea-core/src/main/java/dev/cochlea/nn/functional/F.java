package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;

/**
 * Every stateless neural-network operation, like {@code torch.nn.functional}: the one public
 * entry to the functional ops, each with its forward and backward. Names are PyTorch's in camel
 * case ({@code F.cross_entropy} is {@link #crossEntropy}); options that PyTorch passes as keywords
 * come as typed values ({@link ConvOptions}, {@link MaxPoolOptions}, {@link AvgPoolOptions},
 * {@link Reduction}, {@link GeluApproximation}), with PyTorch's strings accepted where PyTorch
 * takes a string. Where each op's forward and backward live is listed in {@code docs/ops.md}.
 *
 * <pre>{@code
 * import dev.cochlea.nn.functional.F;
 *
 * Tensor h = F.relu(F.conv2d(x, w1, b1, ConvOptions.defaults().padding(2)));   // x [N, 3, 32, 32] -> [N, 32, 32, 32]
 * h = F.maxPool2d(h, 2);                                                       // [N, 32, 16, 16]
 * Tensor logits = F.linear(h.flatten(1), w2, b2);                              // [N, 10]
 * Tensor loss = F.crossEntropy(logits, labels);                                // scalar
 * }</pre>
 */
public final class F {
    /** PyTorch's default {@code ignore_index} of {@link #crossEntropy} and {@link #nllLoss}: -100. */
    public static final long DEFAULT_IGNORE_INDEX = Losses.DEFAULT_IGNORE_INDEX;

    private F() {}

    // ------------------------------------------------------------------ activations

    /** {@code F.relu}: {@code max(x, 0)}, any shape. <pre>{@code F.relu(x)}</pre> */
    public static Tensor relu(Tensor x) {
        return Activations.relu(x);
    }

    /** {@code F.leaky_relu(x, negative_slope)}: {@code x} where positive, else {@code slope · x}. <pre>{@code F.leakyRelu(x, 0.2f)}</pre> */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** {@code F.leaky_relu(x)} with slope 0.01. <pre>{@code F.leakyRelu(x)}</pre> */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x);
    }

    /** {@code F.elu(x, alpha)}: {@code x} where positive, else {@code alpha · (e^x - 1)}. <pre>{@code F.elu(x, 1f)}</pre> */
    public static Tensor elu(Tensor x, float alpha) {
        return Activations.elu(x, alpha);
    }

    /** {@code F.elu(x)} with alpha 1. <pre>{@code F.elu(x)}</pre> */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x);
    }

    /** {@code F.gelu(x)}: the exact {@code x · Φ(x)}. <pre>{@code F.gelu(x)}</pre> */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x);
    }

    /** {@code F.gelu(x, approximate)}, exact or with the tanh approximation. <pre>{@code F.gelu(x, GeluApproximation.TANH)}</pre> */
    public static Tensor gelu(Tensor x, GeluApproximation approximate) {
        return Activations.gelu(x, approximate);
    }

    /** {@code F.gelu(x, approximate)} with PyTorch's {@code "none"} or {@code "tanh"}. <pre>{@code F.gelu(x, "tanh")}</pre> */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, GeluApproximation.of(approximate));
    }

    /** {@code torch.tanh}. <pre>{@code F.tanh(x)}</pre> */
    public static Tensor tanh(Tensor x) {
        return Activations.tanh(x);
    }

    /** {@code torch.sigmoid}: {@code 1 / (1 + e^-x)}. <pre>{@code F.sigmoid(x)}</pre> */
    public static Tensor sigmoid(Tensor x) {
        return Activations.sigmoid(x);
    }

    /** {@code F.softmax(x, dim)}: along {@code dim}, same shape. <pre>{@code F.softmax(logits, 1)}</pre> */
    public static Tensor softmax(Tensor x, int dim) {
        return Activations.softmax(x, dim);
    }

    /** {@code F.log_softmax(x, dim)}: along {@code dim}, same shape. <pre>{@code F.logSoftmax(logits, 1)}</pre> */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Activations.logSoftmax(x, dim);
    }

    /** {@code F.hardtanh(x, min_val, max_val)}: {@code x} clamped to the range. <pre>{@code F.hardtanh(x, -2f, 2f)}</pre> */
    public static Tensor hardtanh(Tensor x, float minVal, float maxVal) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    /** {@code F.hardtanh(x)} on [-1, 1]. <pre>{@code F.hardtanh(x)}</pre> */
    public static Tensor hardtanh(Tensor x) {
        return Activations.hardtanh(x);
    }

    /** {@code F.relu6(x)}: {@code min(max(x, 0), 6)}. <pre>{@code F.relu6(x)}</pre> */
    public static Tensor relu6(Tensor x) {
        return Activations.relu6(x);
    }

    /** {@code F.silu(x)}: {@code x · sigmoid(x)}. <pre>{@code F.silu(x)}</pre> */
    public static Tensor silu(Tensor x) {
        return Activations.silu(x);
    }

    /** {@code F.softplus(x, beta, threshold)}: {@code log(1 + e^(βx)) / β}, linear above the threshold. <pre>{@code F.softplus(x, 1f, 20f)}</pre> */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    /** {@code F.softplus(x)} with beta 1, threshold 20. <pre>{@code F.softplus(x)}</pre> */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x);
    }

    // ------------------------------------------------------------------ linear

    /**
     * {@code F.linear(input, weight, bias)}: {@code input @ weight.T + bias}, input {@code [*, in]},
     * weight {@code [out, in]}, bias {@code [out]} or null, result {@code [*, out]}.
     * <pre>{@code F.linear(Tensor.randn(64, 1280), w, b)   // w [10, 1280] -> [64, 10]}</pre>
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return LinearOps.linear(input, weight, bias);
    }

    /** {@code F.linear(input, weight)} without a bias. <pre>{@code F.linear(x, w)}</pre> */
    public static Tensor linear(Tensor input, Tensor weight) {
        return LinearOps.linear(input, weight);
    }

    // ------------------------------------------------------------------ losses

    /**
     * {@code F.cross_entropy(input, target)}: logits {@code [N, C]} (or {@code [N, C, d1, ...]},
     * or {@code [C]}) against int64 class indices {@code [N]} (or {@code [N, d1, ...]}) or float
     * class probabilities of the input's shape; the mean over the batch.
     * <pre>{@code F.crossEntropy(logits, labels)}</pre>
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target);
    }

    /** {@code F.cross_entropy(input, target, reduction=...)}. <pre>{@code F.crossEntropy(logits, labels, Reduction.SUM)}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return Losses.crossEntropy(input, target, reduction);
    }

    /** {@code F.cross_entropy(input, target, reduction=...)} with PyTorch's string. <pre>{@code F.crossEntropy(logits, labels, "sum")}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target, String reduction) {
        return Losses.crossEntropy(input, target, Reduction.parse("crossEntropy", reduction));
    }

    /**
     * {@code F.cross_entropy(input, target, weight, ignore_index=..., reduction=..., label_smoothing=...)}:
     * per-class {@code weight} {@code [C]} or null, targets equal to {@code ignoreIndex} skipped,
     * label smoothing ε in [0, 1].
     * <pre>{@code F.crossEntropy(logits, labels, w, F.DEFAULT_IGNORE_INDEX, 0.1f, Reduction.MEAN)}</pre>
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, float labelSmoothing,
                                      Reduction reduction) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** As {@link #crossEntropy(Tensor, Tensor, Tensor, long, float, Reduction)} with PyTorch's reduction string. <pre>{@code F.crossEntropy(logits, labels, w, -100, 0.1f, "mean")}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, float labelSmoothing,
                                      String reduction) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, Reduction.parse("crossEntropy", reduction));
    }

    /** {@code F.nll_loss(input, target)}: log-probabilities {@code [N, C]} at class indices {@code [N]}, averaged. <pre>{@code F.nllLoss(F.logSoftmax(logits, 1), labels)}</pre> */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target);
    }

    /** {@code F.nll_loss(input, target, weight, ignore_index=..., reduction=...)}. <pre>{@code F.nllLoss(logp, labels, null, F.DEFAULT_IGNORE_INDEX, Reduction.NONE)}</pre> */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /** As {@link #nllLoss(Tensor, Tensor, Tensor, long, Reduction)} with PyTorch's reduction string. <pre>{@code F.nllLoss(logp, labels, null, -100, "none")}</pre> */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, Reduction.parse("nllLoss", reduction));
    }

    /** {@code F.mse_loss(input, target)}: {@code mean((input - target)²)}, shapes broadcast. <pre>{@code F.mseLoss(pred, y)}</pre> */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target);
    }

    /** {@code F.mse_loss(input, target, reduction=...)}. <pre>{@code F.mseLoss(pred, y, Reduction.NONE)}</pre> */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.mseLoss(input, target, reduction);
    }

    /** {@code F.mse_loss(input, target, reduction=...)} with PyTorch's string. <pre>{@code F.mseLoss(pred, y, "none")}</pre> */
    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        return Losses.mseLoss(input, target, Reduction.parse("mseLoss", reduction));
    }

    /** {@code F.l1_loss(input, target)}: {@code mean(|input - target|)}, shapes broadcast. <pre>{@code F.l1Loss(pred, y)}</pre> */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target);
    }

    /** {@code F.l1_loss(input, target, reduction=...)}. <pre>{@code F.l1Loss(pred, y, Reduction.SUM)}</pre> */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /** {@code F.l1_loss(input, target, reduction=...)} with PyTorch's string. <pre>{@code F.l1Loss(pred, y, "sum")}</pre> */
    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        return Losses.l1Loss(input, target, Reduction.parse("l1Loss", reduction));
    }

    /** {@code F.binary_cross_entropy(input, target)}: probabilities in [0, 1], same shape as the target, averaged. <pre>{@code F.bceLoss(F.sigmoid(z), y)}</pre> */
    public static Tensor bceLoss(Tensor input, Tensor target) {
        return Losses.bceLoss(input, target);
    }

    /** {@code F.binary_cross_entropy(input, target, weight, reduction=...)}; weight broadcasts to the input or is null. <pre>{@code F.bceLoss(p, y, w, Reduction.MEAN)}</pre> */
    public static Tensor bceLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.bceLoss(input, target, weight, reduction);
    }

    /** As {@link #bceLoss(Tensor, Tensor, Tensor, Reduction)} with PyTorch's reduction string. <pre>{@code F.bceLoss(p, y, w, "mean")}</pre> */
    public static Tensor bceLoss(Tensor input, Tensor target, Tensor weight, String reduction) {
        return Losses.bceLoss(input, target, weight, Reduction.parse("bceLoss", reduction));
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target)}: logits and targets of one shape, averaged. <pre>{@code F.bceWithLogits(z, y)}</pre> */
    public static Tensor bceWithLogits(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target, weight, reduction=..., pos_weight=...)};
     * weight and posWeight broadcast to the input or are null.
     * <pre>{@code F.bceWithLogits(z, y, null, posWeight, Reduction.MEAN)}</pre>
     */
    public static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction);
    }

    /** As {@link #bceWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)} with PyTorch's reduction string. <pre>{@code F.bceWithLogits(z, y, null, posWeight, "mean")}</pre> */
    public static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, String reduction) {
        return Losses.bceWithLogits(input, target, weight, posWeight, Reduction.parse("bceWithLogits", reduction));
    }

    // ------------------------------------------------------------------ normalisation and dropout

    /**
     * {@code F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)}
     * over dim 1 of {@code [N, C, *]}; the running buffers {@code [C]} (or null) are updated in
     * place in training.
     * <pre>{@code F.batchNorm(x, rm, rv, g, b, true, 0.1, 1e-5)}</pre>
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** {@code F.layer_norm(input, normalized_shape, weight, bias, eps)} over the trailing dims. <pre>{@code F.layerNorm(h, new int[] {256}, g, b, 1e-5)}</pre> */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    /** {@code F.dropout(x, p, training)} with a generator (null for the default). <pre>{@code F.dropout(h, 0.5f, true, gen)}</pre> */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator generator) {
        return Dropouts.dropout(x, p, training, generator);
    }

    /** {@code F.dropout(x, p, training)}. <pre>{@code F.dropout(h, 0.5f, model.isTraining())}</pre> */
    public static Tensor dropout(Tensor x, float p, boolean training) {
        return Dropouts.dropout(x, p, training);
    }

    /** {@code F.dropout2d(x, p, training)}: whole channels of {@code [N, C, *]}, with a generator (null for the default). <pre>{@code F.dropout2d(h, 0.1f, true, gen)}</pre> */
    public static Tensor dropout2d(Tensor x, float p, boolean training, Generator generator) {
        return Dropouts.dropout2d(x, p, training, generator);
    }

    /** {@code F.dropout2d(x, p, training)} (whole channels). <pre>{@code F.dropout2d(h, 0.1f, model.isTraining())}</pre> */
    public static Tensor dropout2d(Tensor x, float p, boolean training) {
        return Dropouts.dropout2d(x, p, training, null);
    }

    // ------------------------------------------------------------------ convolution

    /** {@code F.conv1d(input, weight, bias)}: input {@code [N, C_in, L]}, weight {@code [C_out, C_in, kL]}, stride 1, no padding. <pre>{@code F.conv1d(x, w, b)}</pre> */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv(1, input, weight, bias, ConvOptions.defaults());
    }

    /**
     * {@code F.conv1d(input, weight, bias, stride=..., padding=..., dilation=..., groups=...)}:
     * input {@code [N, C_in, L]} or {@code [C_in, L]}, weight {@code [C_out, C_in/groups, kL]},
     * bias {@code [C_out]} or null.
     * <pre>{@code F.conv1d(x, w, b, ConvOptions.defaults().padding(ConvPadding.SAME).dilation(2))}</pre>
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.conv(1, input, weight, bias, options);
    }

    /** {@code F.conv2d(input, weight, bias)}: input {@code [N, C_in, H, W]}, weight {@code [C_out, C_in, kH, kW]}, stride 1, no padding. <pre>{@code F.conv2d(x, w, b)}</pre> */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv(2, input, weight, bias, ConvOptions.defaults());
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride=..., padding=..., dilation=..., groups=...)}:
     * input {@code [N, C_in, H, W]} or {@code [C_in, H, W]}, weight {@code [C_out, C_in/groups, kH, kW]},
     * bias {@code [C_out]} or null.
     * <pre>{@code F.conv2d(x, w, b, ConvOptions.defaults().stride(2, 1).padding(0, 2).dilation(1, 2))}</pre>
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.conv(2, input, weight, bias, options);
    }

    /** {@code F.conv3d(input, weight, bias)}: input {@code [N, C_in, D, H, W]}, stride 1, no padding. <pre>{@code F.conv3d(x, w, b)}</pre> */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv(3, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv3d(input, weight, bias, ...)}: weight {@code [C_out, C_in/groups, kD, kH, kW]}. <pre>{@code F.conv3d(x, w, b, ConvOptions.defaults().padding(1))}</pre> */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.conv(3, input, weight, bias, options);
    }

    /** {@code F.conv_transpose1d(input, weight, bias)}: weight {@code [C_in, C_out, kL]}, stride 1. <pre>{@code F.convTranspose1d(x, w, b)}</pre> */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(1, input, weight, bias, ConvOptions.defaults());
    }

    /**
     * {@code F.conv_transpose1d(input, weight, bias, stride=..., padding=..., output_padding=..., groups=..., dilation=...)}:
     * weight {@code [C_in, C_out/groups, kL]}, output length
     * {@code (L-1)·stride - 2·padding + dilation·(kL-1) + output_padding + 1}.
     * <pre>{@code F.convTranspose1d(x, w, b, ConvOptions.defaults().stride(2).padding(1))}</pre>
     */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.convTranspose(1, input, weight, bias, options);
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}: weight {@code [C_in, C_out, kH, kW]}, stride 1. <pre>{@code F.convTranspose2d(x, w, b)}</pre> */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(2, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv_transpose2d(input, weight, bias, ...)}: weight {@code [C_in, C_out/groups, kH, kW]}. <pre>{@code F.convTranspose2d(x, w, b, ConvOptions.defaults().stride(2).padding(1).outputPadding(1))}</pre> */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.convTranspose(2, input, weight, bias, options);
    }

    /** {@code F.conv_transpose3d(input, weight, bias, ...)}: weight {@code [C_in, C_out/groups, kD, kH, kW]}. <pre>{@code F.convTranspose3d(x, w, b, ConvOptions.defaults().stride(2))}</pre> */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return Convolution.convTranspose(3, input, weight, bias, options);
    }

    // ------------------------------------------------------------------ pooling

    /** {@code F.max_pool1d(input, kernel)}: {@code [N, C, L]}, stride = kernel. <pre>{@code F.maxPool1d(x, 2)}</pre> */
    public static Tensor maxPool1d(Tensor input, int kernel) {
        return maxPool1d(input, kernel, MaxPoolOptions.defaults());
    }

    /** {@code F.max_pool1d(input, kernel, stride=..., padding=..., dilation=..., ceil_mode=...)}. <pre>{@code F.maxPool1d(x, 3, MaxPoolOptions.defaults().stride(2).padding(1))}</pre> */
    public static Tensor maxPool1d(Tensor input, int kernel, MaxPoolOptions options) {
        return Pooling.maxPool(1, input, new int[] {kernel}, options, false).values();
    }

    /** {@code F.max_pool1d(..., return_indices=True)}: the values and the argmax positions in each row. <pre>{@code F.maxPool1dWithIndices(x, 3, MaxPoolOptions.defaults().stride(2)).indices()}</pre> */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int kernel, MaxPoolOptions options) {
        return Pooling.maxPool(1, input, new int[] {kernel}, options, true);
    }

    /** {@code F.max_pool2d(input, kernel)}: {@code [N, C, H, W]}, stride = kernel. <pre>{@code F.maxPool2d(x, 2)   // [64, 32, 32, 32] -> [64, 32, 16, 16]}</pre> */
    public static Tensor maxPool2d(Tensor input, int kernel) {
        return maxPool2d(input, kernel, MaxPoolOptions.defaults());
    }

    /** {@code F.max_pool2d(input, kernel, stride=..., padding=..., dilation=..., ceil_mode=...)} with a square kernel. <pre>{@code F.maxPool2d(x, 3, MaxPoolOptions.defaults().stride(2).padding(1))}</pre> */
    public static Tensor maxPool2d(Tensor input, int kernel, MaxPoolOptions options) {
        return maxPool2d(input, new int[] {kernel}, options);
    }

    /** {@code F.max_pool2d} with a kernel of 1 or 2 sizes. <pre>{@code F.maxPool2d(x, new int[] {2, 3}, MaxPoolOptions.defaults())}</pre> */
    public static Tensor maxPool2d(Tensor input, int[] kernel, MaxPoolOptions options) {
        return Pooling.maxPool(2, input, kernel, options, false).values();
    }

    /** {@code F.max_pool2d(..., return_indices=True)}: indices are flat positions in each {@code H·W} plane. <pre>{@code F.maxPool2dWithIndices(x, new int[] {2}, MaxPoolOptions.defaults())}</pre> */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernel, MaxPoolOptions options) {
        return Pooling.maxPool(2, input, kernel, options, true);
    }

    /** {@code F.max_pool3d(input, kernel)}: {@code [N, C, D, H, W]}, stride = kernel. <pre>{@code F.maxPool3d(x, 2)}</pre> */
    public static Tensor maxPool3d(Tensor input, int kernel) {
        return maxPool3d(input, new int[] {kernel}, MaxPoolOptions.defaults());
    }

    /** {@code F.max_pool3d} with a kernel of 1 or 3 sizes. <pre>{@code F.maxPool3d(x, new int[] {2}, MaxPoolOptions.defaults().padding(1))}</pre> */
    public static Tensor maxPool3d(Tensor input, int[] kernel, MaxPoolOptions options) {
        return Pooling.maxPool(3, input, kernel, options, false).values();
    }

    /** {@code F.max_pool3d(..., return_indices=True)}. <pre>{@code F.maxPool3dWithIndices(x, new int[] {2}, MaxPoolOptions.defaults())}</pre> */
    public static ValuesIndices maxPool3dWithIndices(Tensor input, int[] kernel, MaxPoolOptions options) {
        return Pooling.maxPool(3, input, kernel, options, true);
    }

    /** {@code F.avg_pool1d(input, kernel)}: {@code [N, C, L]}, stride = kernel. <pre>{@code F.avgPool1d(x, 4)}</pre> */
    public static Tensor avgPool1d(Tensor input, int kernel) {
        return avgPool1d(input, kernel, AvgPoolOptions.defaults());
    }

    /** {@code F.avg_pool1d(input, kernel, stride=..., padding=..., ceil_mode=..., count_include_pad=...)}. <pre>{@code F.avgPool1d(x, 4, AvgPoolOptions.defaults().stride(2))}</pre> */
    public static Tensor avgPool1d(Tensor input, int kernel, AvgPoolOptions options) {
        return Pooling.avgPool(1, input, new int[] {kernel}, options);
    }

    /** {@code F.avg_pool2d(input, kernel)}: {@code [N, C, H, W]}, stride = kernel. <pre>{@code F.avgPool2d(x, 2)}</pre> */
    public static Tensor avgPool2d(Tensor input, int kernel) {
        return avgPool2d(input, kernel, AvgPoolOptions.defaults());
    }

    /** {@code F.avg_pool2d(input, kernel, stride=..., padding=..., ceil_mode=..., count_include_pad=..., divisor_override=...)} with a square kernel. <pre>{@code F.avgPool2d(x, 3, AvgPoolOptions.defaults().stride(1).padding(1).countIncludePad(false))}</pre> */
    public static Tensor avgPool2d(Tensor input, int kernel, AvgPoolOptions options) {
        return avgPool2d(input, new int[] {kernel}, options);
    }

    /** {@code F.avg_pool2d} with a kernel of 1 or 2 sizes. <pre>{@code F.avgPool2d(x, new int[] {2, 1}, AvgPoolOptions.defaults())}</pre> */
    public static Tensor avgPool2d(Tensor input, int[] kernel, AvgPoolOptions options) {
        return Pooling.avgPool(2, input, kernel, options);
    }

    /** {@code F.avg_pool3d(input, kernel)}: {@code [N, C, D, H, W]}, stride = kernel. <pre>{@code F.avgPool3d(x, 2)}</pre> */
    public static Tensor avgPool3d(Tensor input, int kernel) {
        return avgPool3d(input, new int[] {kernel}, AvgPoolOptions.defaults());
    }

    /** {@code F.avg_pool3d} with a kernel of 1 or 3 sizes. <pre>{@code F.avgPool3d(x, new int[] {2}, AvgPoolOptions.defaults().ceilMode(true))}</pre> */
    public static Tensor avgPool3d(Tensor input, int[] kernel, AvgPoolOptions options) {
        return Pooling.avgPool(3, input, kernel, options);
    }

    /** {@code F.adaptive_avg_pool1d(input, output_size)}: {@code [N, C, L]} to {@code [N, C, outputSize]}. <pre>{@code F.adaptiveAvgPool1d(x, 1)}</pre> */
    public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        return Pooling.adaptiveAvgPool1d(input, outputSize);
    }

    /** {@code F.adaptive_avg_pool2d(input, output_size)}: one size for both dims, or two. <pre>{@code F.adaptiveAvgPool2d(x, 1, 1)   // global average pooling}</pre> */
    public static Tensor adaptiveAvgPool2d(Tensor input, int... outputSize) {
        return Pooling.adaptiveAvgPool2d(input, outputSize);
    }

    /** {@code F.adaptive_avg_pool3d(input, output_size)}: one size for all dims, or three. <pre>{@code F.adaptiveAvgPool3d(x, 1, 1, 1)}</pre> */
    public static Tensor adaptiveAvgPool3d(Tensor input, int... outputSize) {
        return Pooling.adaptiveAvgPool3d(input, outputSize);
    }

    /** {@code F.adaptive_max_pool1d(input, output_size)}. <pre>{@code F.adaptiveMaxPool1d(x, 1)}</pre> */
    public static Tensor adaptiveMaxPool1d(Tensor input, int outputSize) {
        return Pooling.adaptiveMaxPool1d(input, outputSize);
    }

    /** {@code F.adaptive_max_pool2d(input, output_size)}. <pre>{@code F.adaptiveMaxPool2d(x, 1, 1)}</pre> */
    public static Tensor adaptiveMaxPool2d(Tensor input, int... outputSize) {
        return Pooling.adaptiveMaxPool2d(input, outputSize);
    }

    /** {@code F.adaptive_max_pool2d(..., return_indices=True)}. <pre>{@code F.adaptiveMaxPool2dWithIndices(x, 4, 4)}</pre> */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int... outputSize) {
        return Pooling.adaptiveMaxPool2dWithIndices(input, outputSize);
    }

    // ------------------------------------------------------------------ recurrent

    /**
     * One recurrent layer in one direction over a time-major sequence (the step PyTorch's
     * {@code nn.RNN/LSTM/GRU} run per layer and direction), with PyTorch's equations and gate order.
     *
     * <pre>{@code
     * RecurrentOutput r = F.recurrentLayer(RecurrentMode.LSTM, x, wIh, wHh, bIh, bHh, null, null, false);
     * r.output();   // x [T, B, 4], wIh [24, 4], wHh [24, 6] -> [T, B, 6]; r.hidden(), r.cell(): [B, 6]
     * }</pre>
     *
     * @param input   {@code [T, B, in]}
     * @param wIh     {@code [G*H, in]} with G = {@code mode.gates()}
     * @param wHh     {@code [G*H, H]}
     * @param bIh     {@code [G*H]} or null
     * @param bHh     {@code [G*H]} or null
     * @param h0      {@code [B, H]} or null for zeros
     * @param c0      {@code [B, H]} or null for zeros (LSTM only)
     * @param reverse whether to run from the last step to the first; the output stays in input order
     * @return output {@code [T, B, H]}, hidden {@code [B, H]} and, for LSTM, cell {@code [B, H]}
     */
    public static RecurrentOutput recurrentLayer(RecurrentMode mode, Tensor input, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                                 Tensor h0, Tensor c0, boolean reverse) {
        return Recurrent.layer(mode, input, wIh, wHh, bIh, bHh, h0, c0, reverse);
    }

    // ------------------------------------------------------------------ frequency axis (BC-ResNet)

    /**
     * {@code x.mean(2, keepdim=True)} of {@code x [N, C, F, T]}: {@code [N, C, 1, T]}, fused with its
     * backward (faster than the general reduction over a middle dim).
     * <pre>{@code Tensor m = F.frequencyMean(Tensor.randn(8, 16, 20, 63));   // [8, 16, 1, 63]}</pre>
     */
    public static Tensor frequencyMean(Tensor x) {
        return FrequencyAxis.mean(x);
    }

    /**
     * {@code a + b} of {@code a [N, C, F, T]} and {@code b [N, C, 1, T]} broadcast over frequency:
     * {@code [N, C, F, T]}, fused with its backward.
     * <pre>{@code Tensor y = F.frequencyBroadcastAdd(aux, F.frequencyMean(aux));}</pre>
     */
    public static Tensor frequencyBroadcastAdd(Tensor a, Tensor b) {
        return FrequencyAxis.addBroadcast(a, b);
    }
}
