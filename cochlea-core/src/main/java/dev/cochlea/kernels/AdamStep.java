package dev.cochlea.kernels;

/**
 * The settings of one Adam / AdamW update, for {@link Kernels#adam}: the step's constants, already
 * folded with the bias corrections of this step.
 *
 * <pre>{@code
 * // step t of torch.optim.Adam(lr, betas=(b1, b2), eps): stepSize = lr / (1 - b1^t), bc2Sqrt = sqrt(1 - b2^t)
 * new AdamStep(0.9, 0.999, 1e-8f, 0f, 1f, (float) (lr / (1 - Math.pow(0.9, t))),
 *         (float) Math.sqrt(1 - Math.pow(0.999, t)), false, false);
 * }</pre>
 *
 * @param beta1       decay of the first moment
 * @param beta2       decay of the second moment
 * @param eps         added to the denominator
 * @param weightDecay L2 penalty added to the gradient (Adam); 0 for AdamW
 * @param decay       factor the parameter is multiplied by first ({@code 1 - lr·weight_decay} for AdamW, else 1)
 * @param stepSize    {@code lr / (1 - beta1^t)}
 * @param bc2Sqrt     {@code sqrt(1 - beta2^t)}
 * @param amsgrad     keep the maximum of the second moments
 * @param maximize    ascend instead of descend
 */
public record AdamStep(double beta1, double beta2, float eps, float weightDecay, float decay, float stepSize,
                       float bc2Sqrt, boolean amsgrad, boolean maximize) {}
