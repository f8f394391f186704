package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * What the batch-normalisation layers share (PyTorch's {@code _BatchNorm}): per-channel scale
 * {@code weight} and shift {@code bias} (when affine), buffers {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked} (int64) when tracking running statistics.
 * In training the batch statistics normalise and the running ones are updated with
 * {@code r = (1 - momentum)·r + momentum·stat} (unbiased variance), or as a cumulative average
 * when {@code momentum} is null; in evaluation the running statistics are used.
 *
 * <pre>{@code
 * BatchNormNd bn = new BatchNorm2d(32);
 * Tensor y = bn.forward(Tensor.randn(8, 32, 16, 16));   // [8, 32, 16, 16]
 * bn.stateDict().keySet();  // weight, bias, running_mean, running_var, num_batches_tracked
 * }</pre>
 */
public abstract class BatchNormNd extends Module {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;
    /** Scale γ {@code [C]}, or null when not affine. */
    public final Tensor weight;
    /** Shift β {@code [C]}, or null when not affine. */
    public final Tensor bias;
    /** Running mean {@code [C]}, or null when not tracking. */
    public final Tensor runningMean;
    /** Running (unbiased) variance {@code [C]}, or null when not tracking. */
    public final Tensor runningVar;
    /** Number of training batches seen (0-d int64), or null when not tracking. */
    public final Tensor numBatchesTracked;

    /**
     * A layer over {@code numFeatures} channels; {@code momentum} null means a cumulative moving
     * average ({@code momentum=None}).
     */
    protected BatchNormNd(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, found " + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.weight = registerParameter("weight", affine ? Tensor.ones(numFeatures) : null);
        this.bias = registerParameter("bias", affine ? Tensor.zeros(numFeatures) : null);
        this.runningMean = registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        this.runningVar = registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        this.numBatchesTracked = registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.zerosLong() : null);
    }

    /** Checks the input's rank, throwing PyTorch's message otherwise. */
    protected abstract void checkInputDim(Tensor x);

    /** Resets the running statistics (mean 0, variance 1, no batches seen). */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (NoGrad ignored = NoGrad.enter()) {
            runningMean.fill(0f);
            runningVar.fill(1f);
            numBatchesTracked.longStorage()[numBatchesTracked.offset()] = 0;
        }
    }

    /** Resets the running statistics and sets γ = 1, β = 0. */
    public void resetParameters() {
        resetRunningStats();
        if (affine) {
            try (NoGrad ignored = NoGrad.enter()) {
                weight.fill(1f);
                bias.fill(0f);
            }
        }
    }

    /** The number of channels. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The {@code eps} added to the variance. */
    public double eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInputDim(x);
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            long n = ++numBatchesTracked.longStorage()[numBatchesTracked.offset()];
            if (momentum == null) factor = 1.0 / n;
        }
        boolean useBatchStats = isTraining() || (runningMean == null && runningVar == null);
        boolean passStats = !isTraining() || trackRunningStats;
        return F.batchNorm(x, passStats ? runningMean : null, passStats ? runningVar : null, weight, bias,
                useBatchStats, factor, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : Repr.pyFloat(momentum))
                + ", affine=" + Repr.bool(affine) + ", track_running_stats=" + Repr.bool(trackRunningStats);
    }
}
