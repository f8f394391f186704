package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;

/**
 * One place for every stateless operation, like {@code torch.nn.functional}: static one-liners
 * that delegate to {@link Activations}, {@link Losses}, {@link Normalization}, {@link Dropouts},
 * {@link Linear}, {@link Convolution} and {@link Pooling}. Names are PyTorch's in camel case
 * ({@code F.cross_entropy} is {@link #crossEntropy}); see the delegate for the details of each.
 *
 * <pre>{@code
 * import dev.cochlea.nn.functional.F;
 *
 * Tensor h = F.relu(F.conv2d(x, w1, b1, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1}, 1));
 * h = F.maxPool2d(h, 2);
 * Tensor logits = F.linear(h.flatten(1), w2, b2);
 * Tensor loss = F.crossEntropy(logits, labels);
 * }</pre>
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ activations

    /** {@code F.relu}; see {@link Activations#relu}. <pre>{@code F.relu(x)}</pre> */
    public static Tensor relu(Tensor x) {
        return Activations.relu(x);
    }

    /** {@code F.leaky_relu(x, negative_slope)}; see {@link Activations#leakyRelu(Tensor, float)}. <pre>{@code F.leakyRelu(x, 0.2f)}</pre> */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** {@code F.leaky_relu(x)} with slope 0.01. <pre>{@code F.leakyRelu(x)}</pre> */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x);
    }

    /** {@code F.elu(x, alpha)}; see {@link Activations#elu(Tensor, float)}. <pre>{@code F.elu(x, 1f)}</pre> */
    public static Tensor elu(Tensor x, float alpha) {
        return Activations.elu(x, alpha);
    }

    /** {@code F.elu(x)} with alpha 1. <pre>{@code F.elu(x)}</pre> */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x);
    }

    /** {@code F.gelu(x)} (exact); see {@link Activations#gelu(Tensor)}. <pre>{@code F.gelu(x)}</pre> */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x);
    }

    /** {@code F.gelu(x, approximate)} with {@code "none"} or {@code "tanh"}. <pre>{@code F.gelu(x, "tanh")}</pre> */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, approximate);
    }

    /** {@code torch.tanh}. <pre>{@code F.tanh(x)}</pre> */
    public static Tensor tanh(Tensor x) {
        return Activations.tanh(x);
    }

    /** {@code torch.sigmoid}. <pre>{@code F.sigmoid(x)}</pre> */
    public static Tensor sigmoid(Tensor x) {
        return Activations.sigmoid(x);
    }

    /** {@code F.softmax(x, dim)}. <pre>{@code F.softmax(logits, 1)}</pre> */
    public static Tensor softmax(Tensor x, int dim) {
        return Activations.softmax(x, dim);
    }

    /** {@code F.log_softmax(x, dim)}. <pre>{@code F.logSoftmax(logits, 1)}</pre> */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Activations.logSoftmax(x, dim);
    }

    /** {@code F.hardtanh(x, min_val, max_val)}. <pre>{@code F.hardtanh(x, -2f, 2f)}</pre> */
    public static Tensor hardtanh(Tensor x, float minVal, float maxVal) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    /** {@code F.hardtanh(x)} on [-1, 1]. <pre>{@code F.hardtanh(x)}</pre> */
    public static Tensor hardtanh(Tensor x) {
        return Activations.hardtanh(x);
    }

    /** {@code F.relu6(x)}. <pre>{@code F.relu6(x)}</pre> */
    public static Tensor relu6(Tensor x) {
        return Activations.relu6(x);
    }

    /** {@code F.silu(x)}. <pre>{@code F.silu(x)}</pre> */
    public static Tensor silu(Tensor x) {
        return Activations.silu(x);
    }

    /** {@code F.softplus(x, beta, threshold)}. <pre>{@code F.softplus(x, 1f, 20f)}</pre> */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    /** {@code F.softplus(x)}. <pre>{@code F.softplus(x)}</pre> */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x);
    }

    // ------------------------------------------------------------------ linear

    /** {@code F.linear(input, weight, bias)}; see {@link Linear#linear}. <pre>{@code F.linear(x, w, b)}</pre> */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return Linear.linear(input, weight, bias);
    }

    /** {@code F.linear(input, weight)}. <pre>{@code F.linear(x, w)}</pre> */
    public static Tensor linear(Tensor input, Tensor weight) {
        return Linear.linear(input, weight);
    }

    // ------------------------------------------------------------------ losses

    /** {@code F.cross_entropy(input, target)}; see {@link Losses#crossEntropy(Tensor, Tensor, Tensor, long, float, String)}. <pre>{@code F.crossEntropy(logits, labels)}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target);
    }

    /** {@code F.cross_entropy(input, target, reduction=...)}. <pre>{@code F.crossEntropy(logits, labels, "sum")}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target, String reduction) {
        return Losses.crossEntropy(input, target, reduction);
    }

    /** {@code F.cross_entropy(input, target, weight, ignore_index=..., reduction=..., label_smoothing=...)}. <pre>{@code F.crossEntropy(logits, labels, w, -100, 0.1f, "mean")}</pre> */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, float labelSmoothing,
                                      String reduction) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** {@code F.nll_loss(input, target)}. <pre>{@code F.nllLoss(F.logSoftmax(logits, 1), labels)}</pre> */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target);
    }

    /** {@code F.nll_loss(input, target, weight, ignore_index=..., reduction=...)}. <pre>{@code F.nllLoss(logp, labels, null, -100, "none")}</pre> */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /** {@code F.mse_loss(input, target)}. <pre>{@code F.mseLoss(pred, y)}</pre> */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target);
    }

    /** {@code F.mse_loss(input, target, reduction=...)}. <pre>{@code F.mseLoss(pred, y, "none")}</pre> */
    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        return Losses.mseLoss(input, target, reduction);
    }

    /** {@code F.l1_loss(input, target)}. <pre>{@code F.l1Loss(pred, y)}</pre> */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target);
    }

    /** {@code F.l1_loss(input, target, reduction=...)}. <pre>{@code F.l1Loss(pred, y, "sum")}</pre> */
    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /** {@code F.binary_cross_entropy(input, target)}. <pre>{@code F.bceLoss(F.sigmoid(z), y)}</pre> */
    public static Tensor bceLoss(Tensor input, Tensor target) {
        return Losses.bceLoss(input, target);
    }

    /** {@code F.binary_cross_entropy(input, target, weight, reduction=...)}. <pre>{@code F.bceLoss(p, y, w, "mean")}</pre> */
    public static Tensor bceLoss(Tensor input, Tensor target, Tensor weight, String reduction) {
        return Losses.bceLoss(input, target, weight, reduction);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target)}. <pre>{@code F.bceWithLogits(z, y)}</pre> */
    public static Tensor bceWithLogits(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target, weight, reduction=..., pos_weight=...)}. <pre>{@code F.bceWithLogits(z, y, null, posWeight, "mean")}</pre> */
    public static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, String reduction) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction);
    }

    // ------------------------------------------------------------------ normalisation and dropout

    /** {@code F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)}. <pre>{@code F.batchNorm(x, rm, rv, g, b, true, 0.1, 1e-5)}</pre> */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** {@code F.layer_norm(input, normalized_shape, weight, bias, eps)}. <pre>{@code F.layerNorm(h, new int[] {256}, g, b, 1e-5)}</pre> */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    /** {@code F.dropout(x, p, training)} with a generator (null for the default). <pre>{@code F.dropout(h, 0.5f, true, gen)}</pre> */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator generator) {
        return Dropouts.dropout(x, p, training, generator);
    }

    /** {@code F.dropout2d(x, p, training)} (whole channels). <pre>{@code F.dropout2d(h, 0.1f, model.isTraining())}</pre> */
    public static Tensor dropout2d(Tensor x, float p, boolean training) {
        return Dropouts.dropout2d(x, p, training, null);
    }

    /** {@code F.dropout(x, p, training)}. <pre>{@code F.dropout(h, 0.5f, model.isTraining())}</pre> */
    public static Tensor dropout(Tensor x, float p, boolean training) {
        return Dropouts.dropout(x, p, training);
    }

    // ------------------------------------------------------------------ convolution

    /** {@code F.conv1d(input, weight, bias)}. <pre>{@code F.conv1d(x, w, b)}</pre> */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv1d(input, weight, bias);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}. <pre>{@code F.conv1d(x, w, b, 2, 1, 1, 1)}</pre> */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv1d} with padding {@code "same"} or {@code "valid"}. <pre>{@code F.conv1d(x, w, b, new int[] {1}, "same", new int[] {1}, 1)}</pre> */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv2d(input, weight, bias)}. <pre>{@code F.conv2d(x, w, b)}</pre> */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv2d(input, weight, bias);
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding)} with square values. <pre>{@code F.conv2d(x, w, b, 1, 2)}</pre> */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(input, weight, bias, stride, padding);
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}. <pre>{@code F.conv2d(x, w, b, new int[] {2, 1}, new int[] {0, 2}, new int[] {1, 2}, 1)}</pre> */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv2d} with padding {@code "same"} or {@code "valid"}. <pre>{@code F.conv2d(x, w, b, new int[] {1, 1}, "same", new int[] {2, 1}, 1)}</pre> */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv3d(input, weight, bias)}. <pre>{@code F.conv3d(x, w, b)}</pre> */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv3d(input, weight, bias);
    }

    /** {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}. <pre>{@code F.conv3d(x, w, b, new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 1)}</pre> */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv3d} with padding {@code "same"} or {@code "valid"}. <pre>{@code F.conv3d(x, w, b, new int[] {1, 1, 1}, "same", new int[] {1, 1, 1}, 1)}</pre> */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv_transpose1d(input, weight, bias)}. <pre>{@code F.convTranspose1d(x, w, b)}</pre> */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.convTranspose1d(input, weight, bias);
    }

    /** {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)} (PyTorch's order). <pre>{@code F.convTranspose1d(x, w, b, 3, 0, 0, 1, 1)}</pre> */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int outputPadding,
                                         int groups, int dilation) {
        return Convolution.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}. <pre>{@code F.convTranspose2d(x, w, b)}</pre> */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.convTranspose2d(input, weight, bias);
    }

    /** {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)} (PyTorch's order). <pre>{@code F.convTranspose2d(x, w, b, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1, new int[] {1, 1})}</pre> */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. <pre>{@code F.convTranspose3d(x, w, b, s, p, op, 1, d)}</pre> */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    // ------------------------------------------------------------------ pooling

    /** {@code F.max_pool1d(input, kernel)}. <pre>{@code F.maxPool1d(x, 2)}</pre> */
    public static Tensor maxPool1d(Tensor input, int kernel) {
        return Pooling.maxPool1d(input, kernel);
    }

    /** {@code F.max_pool1d(input, kernel, stride, padding, dilation, ceil_mode)}. <pre>{@code F.maxPool1d(x, 3, 2, 1, 1, false)}</pre> */
    public static Tensor maxPool1d(Tensor input, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1d(input, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@code F.max_pool1d(..., return_indices=True)}. <pre>{@code F.maxPool1dWithIndices(x, 3, 2, 1, 1, false).indices()}</pre> */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1dWithIndices(input, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@code F.max_pool2d(input, kernel)}. <pre>{@code F.maxPool2d(x, 2)}</pre> */
    public static Tensor maxPool2d(Tensor input, int kernel) {
        return Pooling.maxPool2d(input, kernel);
    }

    /** {@code F.max_pool2d(input, kernel, stride, padding, dilation, ceil_mode)}; stride null means kernel. <pre>{@code F.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false)}</pre> */
    public static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2d(input, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@code F.max_pool2d(..., return_indices=True)}. <pre>{@code F.maxPool2dWithIndices(x, k, s, p, d, false)}</pre> */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                     boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(input, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@code F.max_pool3d(input, kernel)}. <pre>{@code F.maxPool3d(x, 2)}</pre> */
    public static Tensor maxPool3d(Tensor input, int kernel) {
        return Pooling.maxPool3d(input, kernel);
    }

    /** {@code F.max_pool3d(input, kernel, stride, padding, dilation, ceil_mode)}. <pre>{@code F.maxPool3d(x, k, s, p, d, false)}</pre> */
    public static Tensor maxPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool3d(input, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@code F.avg_pool1d(input, kernel)}. <pre>{@code F.avgPool1d(x, 4)}</pre> */
    public static Tensor avgPool1d(Tensor input, int kernel) {
        return Pooling.avgPool1d(input, kernel);
    }

    /** {@code F.avg_pool1d(input, kernel, stride, padding, ceil_mode, count_include_pad)}. <pre>{@code F.avgPool1d(x, 4, 4, 0, false, true)}</pre> */
    public static Tensor avgPool1d(Tensor input, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling.avgPool1d(input, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** {@code F.avg_pool2d(input, kernel)}. <pre>{@code F.avgPool2d(x, 2)}</pre> */
    public static Tensor avgPool2d(Tensor input, int kernel) {
        return Pooling.avgPool2d(input, kernel);
    }

    /** {@code F.avg_pool2d(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)} (0: none). <pre>{@code F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false, false, 0)}</pre> */
    public static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                                   int divisorOverride) {
        return Pooling.avgPool2d(input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code F.avg_pool3d(input, kernel)}. <pre>{@code F.avgPool3d(x, 2)}</pre> */
    public static Tensor avgPool3d(Tensor input, int kernel) {
        return Pooling.avgPool3d(input, kernel);
    }

    /** {@code F.avg_pool3d(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)}. <pre>{@code F.avgPool3d(x, k, s, p, false, true, 0)}</pre> */
    public static Tensor avgPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                                   int divisorOverride) {
        return Pooling.avgPool3d(input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code F.adaptive_avg_pool1d(input, output_size)}. <pre>{@code F.adaptiveAvgPool1d(x, 1)}</pre> */
    public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        return Pooling.adaptiveAvgPool1d(input, outputSize);
    }

    /** {@code F.adaptive_avg_pool2d(input, output_size)}. <pre>{@code F.adaptiveAvgPool2d(x, 1, 1)}</pre> */
    public static Tensor adaptiveAvgPool2d(Tensor input, int... outputSize) {
        return Pooling.adaptiveAvgPool2d(input, outputSize);
    }

    /** {@code F.adaptive_avg_pool3d(input, output_size)}. <pre>{@code F.adaptiveAvgPool3d(x, 1, 1, 1)}</pre> */
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
}
