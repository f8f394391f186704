package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

/**
 * Standardises features: subtracts each column's mean and divides by its standard deviation, both
 * measured on the training set, so that every feature has mean 0 and variance 1 there.
 *
 * <pre>{@code
 * StandardScaler scaler = new StandardScaler().fit(trainX);   // [n, d]
 * Tensor a = scaler.transform(trainX), b = scaler.transform(testX);
 * }</pre>
 */
public final class StandardScaler {
    private Tensor mean;
    private Tensor std;

    /** Measures the mean and standard deviation of each column of {@code x} [n, d]. */
    public StandardScaler fit(Tensor x) {
        mean = x.mean(0, true);
        std = x.std(new int[] {0}, false, true).clampMin(1e-6f);
        return this;
    }

    /** {@code (x - mean) / std}, column by column. */
    public Tensor transform(Tensor x) {
        if (mean == null) throw new IllegalStateException("StandardScaler: call fit first");
        return x.sub(mean).div(std);
    }

    /** The column means, [1, d]. */
    public Tensor mean() {
        return mean;
    }

    /** The column standard deviations, [1, d]. */
    public Tensor std() {
        return std;
    }
}
