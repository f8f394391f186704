package dev.cochlea.kernels;

/**
 * The settings of one RMSprop update, for {@link Kernels#rmsprop}: {@code torch.optim.RMSprop}'s options.
 *
 * <pre>{@code
 * KernelProvider.get().rmsprop(p, 0, g, 0, sq, null, null, 0, n, new RmspropStep(0.01f, 0.99, 1e-8f, 0f, 0f, false, false));
 * }</pre>
 *
 * @param lr          learning rate
 * @param alpha       smoothing constant of the squared-gradient average
 * @param eps         added to the denominator
 * @param weightDecay L2 penalty added to the gradient
 * @param momentum    momentum factor; 0 for none (the momentum buffer is then not used)
 * @param centered    divide by the estimated variance instead of the second moment (needs the gradient average)
 * @param maximize    ascend instead of descend
 */
public record RmspropStep(float lr, double alpha, float eps, float weightDecay, float momentum, boolean centered,
                          boolean maximize) {}
