package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

/**
 * Linear discriminant analysis (LDA): models every class as a normal distribution with its own mean
 * and one covariance shared by all classes. Two uses of one fit:
 *
 * <ul>
 *   <li><b>Classifier.</b> With a shared covariance the log-posterior of each class is linear in
 *       {@code x}: {@code δ_c(x) = x·w_c + b_c}, the {@link #decisionFunction decision function};
 *       {@link #predict} picks the largest, {@link #probabilities} is its softmax.</li>
 *   <li><b>Projection.</b> {@link #transform} maps {@code x} onto at most {@code classes - 1}
 *       directions that separate the class means best relative to the spread within the classes
 *       (Fisher's criterion); unlike PCA's they are found with the labels.
 *       {@link #explainedVarianceRatio} is each direction's share of the between-class variance.</li>
 * </ul>
 *
 * <p>Computed as scikit-learn's {@code LinearDiscriminantAnalysis(solver="svd")}, in double
 * precision: priors are the class frequencies; the deviations from the class means, scaled per
 * feature to unit spread, are decomposed (singular values below {@code 1e-4} are dropped, so
 * constant or collinear features do no harm); in that whitened space the weighted class means are
 * decomposed again, keeping directions whose singular value exceeds {@code 1e-4} times the first.
 * {@code SklearnParityTest} checks the results against scikit-learn's. The sign of each projection
 * direction is arbitrary (here and there); the predictions, probabilities and decision values are
 * not.
 *
 * <pre>{@code
 * LinearDiscriminantAnalysis lda = new LinearDiscriminantAnalysis().fit(trainX, trainY);
 * double acc = lda.accuracy(testX, testY);
 * Tensor p = lda.probabilities(testX);                 // [m, classes]
 * Tensor z = new LinearDiscriminantAnalysis(2).fit(trainX, trainY).transform(testX);  // [m, 2]
 * }</pre>
 */
public final class LinearDiscriminantAnalysis implements Estimator {
    private static final double TOL = 1e-4;

    private final int nComponents;     // 0: min(classes - 1, features)
    private int classes;
    private int features;
    private int kept;                  // projection directions transform returns
    private int rank;                  // columns of scalings
    private double[] priors;
    private double[] means;            // [classes, features]
    private double[] xbar;             // Σ_c prior_c mean_c
    private double[] scalings;         // [features, rank]
    private double[] coef;             // [classes, features]
    private double[] intercept;
    private double[] ratio;

    /** As many projection directions as there can be: {@code min(classes - 1, features)}. */
    public LinearDiscriminantAnalysis() {
        this.nComponents = 0;
    }

    /** Keeps {@code nComponents} projection directions (at least 1, at most {@code min(classes - 1, features)}, checked by fit). */
    public LinearDiscriminantAnalysis(int nComponents) {
        if (nComponents < 1) throw new IllegalArgumentException("LinearDiscriminantAnalysis: nComponents must be >= 1, found " + nComponents);
        this.nComponents = nComponents;
    }

    @Override
    public LinearDiscriminantAnalysis fit(Tensor x, Tensor y) {
        String where = "LinearDiscriminantAnalysis.fit";
        float[] data = Inputs.matrix(where, x);
        int n = x.size(0), d = x.size(1);
        int[] labels = Inputs.labels(where, y, n);
        int[] sizes = Inputs.classSizes(where, labels);
        int k = sizes.length;
        if (n <= k) throw new IllegalArgumentException(where + ": needs more examples than classes, found " + n + " examples of " + k + " classes");
        int most = Math.min(k - 1, d);
        if (nComponents > most) {
            throw new IllegalArgumentException(where + ": nComponents must be at most min(features, classes - 1) = " + most + " (" + d
                    + " features, " + k + " classes), found " + nComponents);
        }
        classes = k;
        features = d;
        classStatistics(data, labels, sizes, n, d);
        double[] whitening = whitening(data, labels, n, d);           // [d, r]
        fitBetween(whitening, n, d);
        kept = Math.min(nComponents > 0 ? nComponents : most, rank);
        return this;
    }

    /** Priors, class means and their prior-weighted mean. */
    private void classStatistics(float[] data, int[] labels, int[] sizes, int n, int d) {
        priors = new double[classes];
        means = new double[classes * d];
        xbar = new double[d];
        for (int i = 0; i < n; i++) {
            int c = labels[i] * d;
            for (int j = 0; j < d; j++) means[c + j] += data[i * d + j];
        }
        for (int c = 0; c < classes; c++) {
            priors[c] = sizes[c] / (double) n;
            for (int j = 0; j < d; j++) {
                means[c * d + j] /= sizes[c];
                xbar[j] += priors[c] * means[c * d + j];
            }
        }
    }

    /**
     * The map {@code [d, r]} that makes the within-class covariance the identity: the within-class
     * deviations, divided by each feature's spread, have singular values {@code S} and right vectors
     * {@code V}; the map is {@code V / std / S} over the {@code r} singular values above the tolerance.
     */
    private double[] whitening(float[] data, int[] labels, int n, int d) {
        double[] centred = new double[n * d];
        double[] mean = new double[d], std = new double[d];
        for (int i = 0; i < n; i++) {
            int c = labels[i] * d;
            for (int j = 0; j < d; j++) {
                double v = data[i * d + j] - means[c + j];
                centred[i * d + j] = v;
                mean[j] += v;
            }
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = centred[i * d + j] - mean[j];
                std[j] += v * v;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (std[j] == 0) std[j] = 1;
        }
        double fac = 1.0 / (n - classes);
        double[] gram = new double[d * d];                 // Zᵀ Z with Z = √fac · centred / std
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int a = 0; a < d; a++) {
                double za = centred[row + a];
                if (za == 0) continue;
                for (int b = a; b < d; b++) gram[a * d + b] += za * centred[row + b];
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double g = gram[a * d + b] * fac / (std[a] * std[b]);
                gram[a * d + b] = g;
                gram[b * d + a] = g;
            }
        }
        SymmetricEigen within = SymmetricEigen.of(gram, d);
        int r = 0;
        while (r < d && Math.sqrt(Math.max(within.value(r), 0)) > TOL) r++;
        if (r == 0) throw new IllegalArgumentException("LinearDiscriminantAnalysis.fit: x must vary within the classes, found every feature constant in each class");
        double[] map = new double[d * r];
        for (int q = 0; q < r; q++) {
            double s = Math.sqrt(within.value(q));
            for (int j = 0; j < d; j++) map[j * r + q] = within.vector(q, j) / std[j] / s;
        }
        return map;
    }

    /**
     * In the whitened space, the class means weighted by {@code √(n prior_c / (classes - 1))} are
     * decomposed; their right singular vectors (above the tolerance) give the discriminant
     * directions, and the class means on them give the linear decision function.
     */
    private void fitBetween(double[] whitening, int n, int d) {
        int r = whitening.length / d;
        double[] centres = new double[classes * r];        // B: [classes, r]
        double fac = 1.0 / (classes - 1);
        for (int c = 0; c < classes; c++) {
            double w = Math.sqrt(n * priors[c] * fac);
            for (int q = 0; q < r; q++) {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += (means[c * d + j] - xbar[j]) * whitening[j * r + q];
                centres[c * r + q] = w * sum;
            }
        }
        double[] gram = new double[r * r];                 // Bᵀ B
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += centres[c * r + a] * centres[c * r + b];
                gram[a * r + b] = sum;
                gram[b * r + a] = sum;
            }
        }
        SymmetricEigen between = SymmetricEigen.of(gram, r);
        int singular = Math.min(classes, r);               // B has min(classes, r) singular values
        double total = 0;
        double[] squares = new double[singular];
        for (int q = 0; q < singular; q++) {
            squares[q] = Math.max(between.value(q), 0);
            total += squares[q];
        }
        int most = Math.min(singular, nComponents > 0 ? nComponents : Math.min(classes - 1, d));
        ratio = new double[most];
        for (int q = 0; q < most; q++) ratio[q] = squares[q] / total;
        double first = Math.sqrt(squares[0]);
        rank = 0;
        while (rank < singular && Math.sqrt(squares[rank]) > TOL * first) rank++;
        scalings = new double[d * rank];
        for (int j = 0; j < d; j++) {
            for (int q = 0; q < rank; q++) {
                double sum = 0;
                for (int a = 0; a < r; a++) sum += whitening[j * r + a] * between.vector(q, a);
                scalings[j * rank + q] = sum;
            }
        }
        decisionFunctionWeights(d);
    }

    /** {@code w_c = S Sᵀ (μ_c - x̄)} and {@code b_c = -|Sᵀ(μ_c - x̄)|²/2 + log prior_c - x̄·w_c}, S the scalings. */
    private void decisionFunctionWeights(int d) {
        coef = new double[classes * d];
        intercept = new double[classes];
        double[] projected = new double[rank];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (int q = 0; q < rank; q++) {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += (means[c * d + j] - xbar[j]) * scalings[j * rank + q];
                projected[q] = sum;
                norm += sum * sum;
            }
            double b = -0.5 * norm + Math.log(priors[c]);
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int q = 0; q < rank; q++) sum += projected[q] * scalings[j * rank + q];
                coef[c * d + j] = sum;
            }
            for (int j = 0; j < d; j++) b -= xbar[j] * coef[c * d + j];
            intercept[c] = b;
        }
    }

    /** The decision values {@code x·w_c + b_c} in double: [m * classes], row-major. */
    private double[] decisions(String where, Tensor x) {
        Inputs.fitted(where, coef != null);
        float[] data = Inputs.matrix(where, x, features);
        int m = x.size(0), d = features;
        double[] out = new double[m * classes];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < classes; c++) {
                double sum = intercept[c];
                for (int j = 0; j < d; j++) sum += data[i * d + j] * coef[c * d + j];
                out[i * classes + c] = sum;
            }
        }
        return out;
    }

    /**
     * The decision function {@code x·w_c + b_c} (the log-posterior up to a constant per row), [m, classes].
     * scikit-learn returns, for two classes, only the difference of the two columns.
     */
    public Tensor decisionFunction(Tensor x) {
        return toTensor(decisions("LinearDiscriminantAnalysis.decisionFunction", x), x.size(0), classes);
    }

    /** The class probabilities (the softmax of the decision function), [m, classes]. */
    public Tensor probabilities(Tensor x) {
        double[] v = decisions("LinearDiscriminantAnalysis.probabilities", x);
        int m = x.size(0);
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) max = Math.max(max, v[i * classes + c]);
            for (int c = 0; c < classes; c++) {
                v[i * classes + c] = Math.exp(v[i * classes + c] - max);
                sum += v[i * classes + c];
            }
            for (int c = 0; c < classes; c++) v[i * classes + c] /= sum;
        }
        return toTensor(v, m, classes);
    }

    @Override
    public Tensor predict(Tensor x) {
        double[] v = decisions("LinearDiscriminantAnalysis.predict", x);
        int m = x.size(0);
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (v[i * classes + c] > v[i * classes + best]) best = c;
            out[i] = best;
        }
        return Tensor.ofLongs(out, m);
    }

    /** The rows of {@code x} [m, d] on the discriminant directions: {@code (x - x̄) S}, [m, components]. */
    public Tensor transform(Tensor x) {
        String where = "LinearDiscriminantAnalysis.transform";
        Inputs.fitted(where, coef != null);
        float[] data = Inputs.matrix(where, x, features);
        int m = x.size(0), d = features;
        double[] out = new double[m * kept];
        double[] row = new double[d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) row[j] = data[i * d + j] - xbar[j];
            for (int q = 0; q < kept; q++) {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += row[j] * scalings[j * rank + q];
                out[i * kept + q] = sum;
            }
        }
        return toTensor(out, m, kept);
    }

    private static Tensor toTensor(double[] v, int rows, int columns) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, rows, columns);
    }

    /** The number of directions {@link #transform} returns. */
    public int components() {
        return kept;
    }

    /** Each direction's share of the between-class variance, largest first (scikit-learn's {@code explained_variance_ratio_}). */
    public float[] explainedVarianceRatio() {
        Inputs.fitted("LinearDiscriminantAnalysis.explainedVarianceRatio", ratio != null);
        float[] r = new float[ratio.length];
        for (int i = 0; i < r.length; i++) r[i] = (float) ratio[i];
        return r;
    }

    /** The weights of the decision function, one row per class: [classes, d]. */
    public Tensor coef() {
        Inputs.fitted("LinearDiscriminantAnalysis.coef", coef != null);
        return toTensor(coef, classes, features);
    }

    /** The constant of each class's decision function, [classes]. */
    public float[] intercept() {
        Inputs.fitted("LinearDiscriminantAnalysis.intercept", intercept != null);
        float[] b = new float[classes];
        for (int c = 0; c < classes; c++) b[c] = (float) intercept[c];
        return b;
    }

    /** The class means, [classes, d]. */
    public Tensor means() {
        Inputs.fitted("LinearDiscriminantAnalysis.means", means != null);
        return toTensor(means, classes, features);
    }

    /** The class priors (their frequencies in the training set). */
    public float[] priors() {
        Inputs.fitted("LinearDiscriminantAnalysis.priors", priors != null);
        float[] p = new float[classes];
        for (int c = 0; c < classes; c++) p[c] = (float) priors[c];
        return p;
    }

    /** The centre of the projection: the class means weighted by the priors, [d] (scikit-learn's {@code xbar_}). */
    public float[] xbar() {
        Inputs.fitted("LinearDiscriminantAnalysis.xbar", xbar != null);
        float[] v = new float[features];
        for (int j = 0; j < features; j++) v[j] = (float) xbar[j];
        return v;
    }

    /** The projection {@code S}, one column per direction: [d, rank] (scikit-learn's {@code scalings_}). */
    public Tensor scalings() {
        Inputs.fitted("LinearDiscriminantAnalysis.scalings", scalings != null);
        return toTensor(scalings, features, rank);
    }
}
