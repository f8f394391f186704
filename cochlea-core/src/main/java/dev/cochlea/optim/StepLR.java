package dev.cochlea.optim;

/**
 * Decays each group's learning rate by {@code gamma} every {@code stepSize} epochs
 * ({@code torch.optim.lr_scheduler.StepLR}): {@code lr = initial_lr · gamma^⌊epoch / stepSize⌋}.
 *
 * <pre>{@code
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..59, 0.0005 for 60..89
 * StepLR sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * A step decay every {@code stepSize} epochs by {@code gamma} (PyTorch's default gamma is 0.1).
     *
     * <pre>{@code
     * new StepLR(opt, 10, 0.5);
     * }</pre>
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, found " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /** {@link #StepLR(Optimizer, int, double)} with gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double computeLr(int i, double currentLr) {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return currentLr;
        return currentLr * gamma;
    }
}
