package dev.cochlea.optim;

import java.util.List;

/**
 * Reduces the learning rate when a metric stops improving
 * ({@code torch.optim.lr_scheduler.ReduceLROnPlateau}): after more than {@code patience} epochs
 * without improvement, each group's lr becomes {@code max(lr · factor, minLr)}, followed by
 * {@code cooldown} epochs in which bad epochs are not counted.
 *
 * <p>Improvement: in mode {@code "min"} with threshold mode {@code "rel"}, a value is better when
 * below {@code best · (1 - threshold)}; with {@code "abs"}, below {@code best - threshold}. Mode
 * {@code "max"} mirrors this. Reductions smaller than {@code eps} are skipped.
 *
 * <pre>{@code
 * ReduceLROnPlateau sched = new ReduceLROnPlateau(opt, "min", 0.5, 3);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train();
 *     sched.step(validationLoss());
 * }
 * }</pre>
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean maxMode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private final double[] lastLrs;

    /**
     * A scheduler with PyTorch's defaults for threshold (1e-4, relative), cooldown (0), minLr (0)
     * and eps (1e-8).
     *
     * <pre>{@code
     * new ReduceLROnPlateau(opt, "max", 0.1, 10);   // for an accuracy
     * }</pre>
     */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, "rel", 0, 0.0, 1e-8);
    }

    /**
     * A scheduler with every option.
     *
     * @param mode {@code "min"} (lower is better) or {@code "max"}
     * @param factor multiplier of the lr on a reduction, below 1
     * @param patience bad epochs tolerated before reducing
     * @param threshold the least change that counts as an improvement
     * @param thresholdMode {@code "rel"} or {@code "abs"}
     * @param cooldown epochs to wait after a reduction before counting bad epochs again
     * @param minLr the lower bound of every group's lr
     * @param eps the smallest reduction that is applied
     */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        if (optimizer == null) throw new IllegalArgumentException("ReduceLROnPlateau: optimizer must not be null");
        if (!(factor < 1.0)) throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, found " + factor);
        if (!"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: mode " + mode + " is unknown (expected 'min' or 'max')");
        }
        if (!"rel".equals(thresholdMode) && !"abs".equals(thresholdMode)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + thresholdMode + " is unknown (expected 'rel' or 'abs')");
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, found " + patience + " and " + cooldown);
        }
        this.optimizer = optimizer;
        this.maxMode = "max".equals(mode);
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = "rel".equals(thresholdMode);
        this.cooldown = cooldown;
        int n = optimizer.paramGroups().size();
        this.minLrs = new double[n];
        java.util.Arrays.fill(minLrs, minLr);
        this.eps = eps;
        this.best = maxMode ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.lastLrs = new double[n];
        for (int i = 0; i < n; i++) lastLrs[i] = optimizer.paramGroups().get(i).lr();
    }

    /**
     * Records one epoch's metric and reduces the learning rates if it has plateaued.
     *
     * <pre>{@code
     * sched.step(valLoss);
     * }</pre>
     */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            List<ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double old = groups.get(i).lr();
                double nv = Math.max(old * factor, minLrs[i]);
                if (old - nv > eps) groups.get(i).setLr(nv);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        for (int i = 0; i < lastLrs.length; i++) lastLrs[i] = optimizer.paramGroups().get(i).lr();
    }

    private boolean isBetter(double a, double best) {
        if (!maxMode) return relative ? a < best * (1.0 - threshold) : a < best - threshold;
        return relative ? a > best * (threshold + 1.0) : a > best + threshold;
    }

    /** The best metric seen so far. */
    public double best() {
        return best;
    }

    /** Consecutive epochs without improvement (since the last reduction or cooldown). */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /** The learning rate of the first group after the last step ({@code get_last_lr()[0]}). */
    public double lastLr() {
        return lastLrs[0];
    }

    /** The learning rates of all groups after the last step. */
    public double[] lastLrs() {
        return lastLrs.clone();
    }

    /** The number of {@link #step(double)} calls so far. */
    public int lastEpoch() {
        return lastEpoch;
    }
}
