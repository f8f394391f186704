package dev.cochlea.optim;

/**
 * Cosine annealing of the learning rate ({@code torch.optim.lr_scheduler.CosineAnnealingLR}):
 * {@code lr_t = eta_min + (initial_lr - eta_min) · (1 + cos(π t / T_max)) / 2}, reaching
 * {@code etaMin} at {@code t = tMax} and rising again after it (period {@code 2 tMax}). The
 * update uses PyTorch's recursive (chainable) form, so it composes with other changes to the
 * learning rate the same way.
 *
 * <pre>{@code
 * CosineAnnealingLR sched = new CosineAnnealingLR(opt, 50, 1e-5);
 * for (int epoch = 0; epoch < 50; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * Anneals from each group's initial lr to {@code etaMin} over {@code tMax} epochs.
     *
     * <pre>{@code
     * new CosineAnnealingLR(opt, 100, 0);
     * }</pre>
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, found " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    /** {@link #CosineAnnealingLR(Optimizer, int, double)} with {@code etaMin = 0}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    @Override
    protected double computeLr(int i, double lr) {
        if (lastEpoch == 0) return lr;
        if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0) {
            return lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax)) * (lr - etaMin) + etaMin;
    }
}
