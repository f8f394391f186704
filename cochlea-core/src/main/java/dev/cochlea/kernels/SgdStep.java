package dev.cochlea.kernels;

/**
 * The settings of one SGD update, for {@link Kernels#sgd}: {@code torch.optim.SGD}'s options plus whether
 * this is the parameter's first step (the momentum buffer then starts as the gradient itself).
 *
 * <pre>{@code
 * KernelProvider.get().sgd(p, 0, g, 0, buf, 0, n, new SgdStep(0.01f, 0.9f, 0f, 0f, false, false, false));
 * }</pre>
 *
 * @param lr          learning rate
 * @param momentum    momentum factor; 0 for none (the buffer is then not used)
 * @param dampening   dampening of the momentum
 * @param weightDecay L2 penalty added to the gradient
 * @param nesterov    Nesterov momentum
 * @param maximize    ascend instead of descend
 * @param first       first step of this parameter (the buffer is initialised, not read)
 */
public record SgdStep(float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                      boolean maximize, boolean first) {}
