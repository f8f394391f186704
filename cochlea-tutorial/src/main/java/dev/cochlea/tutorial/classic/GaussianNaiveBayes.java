package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

/**
 * Gaussian naive Bayes: models each feature of each class as an independent normal distribution
 * (its mean and variance in that class) and picks the class with the highest posterior
 * {@code log P(class) + Σ log N(x_j; μ_cj, σ²_cj)}. Variances get a small floor (1e-9 times the
 * largest feature variance, as scikit-learn) so that no feature divides by zero.
 *
 * <pre>{@code
 * GaussianNaiveBayes nb = new GaussianNaiveBayes().fit(trainX, trainY);
 * Tensor logPost = nb.jointLogLikelihood(testX);   // [m, classes]
 * }</pre>
 */
public final class GaussianNaiveBayes implements Estimator {
    private Tensor means;      // [classes, d]
    private Tensor variances;  // [classes, d]
    private Tensor logPriors;  // [classes]

    @Override
    public GaussianNaiveBayes fit(Tensor x, Tensor y) {
        int classes = Estimator.classCount(y), n = x.size(0);
        long[] labels = y.toLongArray();
        float epsilon = 1e-9f * x.var(new int[] {0}, false, false).max().item();
        Tensor[] mu = new Tensor[classes], var = new Tensor[classes];
        float[] priors = new float[classes];
        for (int c = 0; c < classes; c++) {
            Tensor rows = x.indexSelect(0, rowsOf(labels, c));
            mu[c] = rows.mean(0);
            var[c] = rows.var(new int[] {0}, false, false).add(epsilon);
            priors[c] = (float) Math.log(rows.size(0) / (double) n);
        }
        means = Tensor.stack(0, mu);
        variances = Tensor.stack(0, var);
        logPriors = Tensor.tensor(priors);
        return this;
    }

    private static Tensor rowsOf(long[] labels, int c) {
        int count = 0;
        for (long l : labels) if (l == c) count++;
        if (count == 0) throw new IllegalArgumentException("naive Bayes: class " + c + " has no training example");
        long[] idx = new long[count];
        for (int i = 0, j = 0; i < labels.length; i++) if (labels[i] == c) idx[j++] = i;
        return Tensor.ofLongs(idx, count);
    }

    /** {@code log P(class) + log P(x | class)} for every row and class, [m, classes]. */
    public Tensor jointLogLikelihood(Tensor x) {
        Tensor diff = x.unsqueeze(1).sub(means.unsqueeze(0));                     // [m, classes, d]
        Tensor logLik = diff.square().div(variances).add(variances.mul((float) (2 * Math.PI)).log())
                .sum(2).mul(-0.5f);                                                // [m, classes]
        return logLik.add(logPriors);
    }

    @Override
    public Tensor predict(Tensor x) {
        return jointLogLikelihood(x).argmax(1, false);
    }
}
