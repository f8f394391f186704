package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * AdaBoost with the SAMME rule for several classes (Zhu, Zou, Rosset and Hastie 2009), over decision
 * stumps: many weak classifiers, each a {@link DecisionTree} of depth 1 (one question, "is
 * {@code x[j] <= t}?"), trained one after another on re-weighted examples. Every example starts
 * with weight {@code 1/n}; after each stump, with weighted error {@code err} over {@code K} classes,
 * the stump gets the vote {@code α = rate · (log((1 - err) / err) + log(K - 1))} and every example
 * it got wrong has its weight multiplied by {@code e^α}, so that the next stump attends to them.
 * The ensemble predicts the class with the largest sum of votes.
 *
 * <p>A stump must beat chance ({@code err < 1 - 1/K}): boosting stops at the first that does not
 * (dropping it), and at the first that makes no mistake (kept, with vote 1). Follows scikit-learn's
 * {@code AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), algorithm="SAMME")}
 * step for step, down to the clipping of weights at the float64 epsilon; {@code SklearnParityTest}
 * compares the two.
 *
 * <pre>{@code
 * AdaBoost boost = new AdaBoost(200).fit(trainX, trainY);      // 200 stumps, learning rate 1
 * double acc = boost.accuracy(testX, testY);
 * double[] curve = boost.stagedAccuracy(testX, testY);          // after 1, 2, ... stumps
 * DecisionTree first = boost.stumps().get(0);                   // first.rootFeature(), first.rootThreshold()
 * }</pre>
 */
public final class AdaBoost implements Estimator {
    private static final double EPSILON = Math.ulp(1.0);    // numpy's finfo(float64).eps

    private final int estimators;
    private final double learningRate;
    private final List<DecisionTree> stumps = new ArrayList<>();
    private double[] alphas = new double[0];
    private double[] errors = new double[0];
    private int classes;
    private int features;

    /** At most {@code estimators} stumps, learning rate 1. */
    public AdaBoost(int estimators) {
        this(estimators, 1.0);
    }

    /** At most {@code estimators} stumps; each vote is scaled by {@code learningRate} (> 0). */
    public AdaBoost(int estimators, double learningRate) {
        if (estimators < 1) throw new IllegalArgumentException("AdaBoost: estimators must be >= 1, found " + estimators);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("AdaBoost: learningRate must be finite and > 0, found " + learningRate);
        }
        this.estimators = estimators;
        this.learningRate = learningRate;
    }

    @Override
    public AdaBoost fit(Tensor x, Tensor y) {
        String where = "AdaBoost.fit";
        float[] data = Inputs.matrix(where, x);
        int n = x.size(0), d = x.size(1);
        int[] labels = Inputs.labels(where, y, n);
        int k = Inputs.classSizes(where, labels).length;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        boolean[] wrong = new boolean[n];
        double[] alpha = new double[estimators], error = new double[estimators];
        List<DecisionTree> grown = new ArrayList<>();
        for (int b = 0; b < estimators; b++) {
            for (int i = 0; i < n; i++) w[i] = Math.max(w[i], EPSILON);     // no weight vanishes (scikit-learn #20320)
            DecisionTree stump = new DecisionTree(1, 2, 0, 0);
            stump.fitRows(data, d, labels, w, k, all);
            double missed = 0, sum = 0;
            for (int i = 0; i < n; i++) {
                wrong[i] = stump.predictRow(data, i * d) != labels[i];
                sum += w[i];
                if (wrong[i]) missed += w[i];
            }
            double err = missed / sum;
            if (err <= 0) {                          // perfect: keep it and stop
                grown.add(stump);
                alpha[b] = 1;
                error[b] = 0;
                break;
            }
            if (err >= 1 - 1.0 / k) {                // no better than chance: drop it and stop
                if (grown.isEmpty()) {
                    throw new IllegalArgumentException(where + ": the first stump must beat chance, found weighted error " + err
                            + " >= 1 - 1/" + k);
                }
                break;
            }
            grown.add(stump);
            alpha[b] = learningRate * (Math.log((1 - err) / err) + Math.log(k - 1.0));
            error[b] = err;
            if (b == estimators - 1) break;
            double total = 0;
            for (int i = 0; i < n; i++) {
                w[i] = Math.exp(Math.log(w[i]) + (wrong[i] ? alpha[b] : 0));
                total += w[i];
            }
            if (!Double.isFinite(total) || total <= 0) break;
            for (int i = 0; i < n; i++) w[i] /= total;
        }
        stumps.clear();
        stumps.addAll(grown);
        alphas = Arrays.copyOf(alpha, grown.size());
        errors = Arrays.copyOf(error, grown.size());
        classes = k;
        features = d;
        return this;
    }

    /** The votes of the first {@code upTo} stumps for each class, divided by the sum of all votes: [m * classes]. */
    private double[] votes(float[] data, int m, int upTo, double norm) {
        double[] v = new double[m * classes];
        for (int t = 0; t < upTo; t++) {
            DecisionTree stump = stumps.get(t);
            for (int i = 0; i < m; i++) v[i * classes + stump.predictRow(data, i * features)] += alphas[t];
        }
        for (int i = 0; i < v.length; i++) v[i] /= norm;
        return v;
    }

    private double voteSum() {
        double sum = 0;
        for (double a : alphas) sum += a;
        return sum;
    }

    /** Each class's share of the stumps' votes, [m, classes] (scikit-learn's {@code decision_function} for SAMME). */
    public Tensor decisionFunction(Tensor x) {
        String where = "AdaBoost.decisionFunction";
        Inputs.fitted(where, !stumps.isEmpty());
        float[] data = Inputs.matrix(where, x, features);
        int m = x.size(0);
        double[] v = votes(data, m, stumps.size(), voteSum());
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, m, classes);
    }

    @Override
    public Tensor predict(Tensor x) {
        String where = "AdaBoost.predict";
        Inputs.fitted(where, !stumps.isEmpty());
        float[] data = Inputs.matrix(where, x, features);
        int m = x.size(0);
        return Tensor.ofLongs(argmax(votes(data, m, stumps.size(), voteSum()), m), m);
    }

    /** The accuracy on {@code x}, {@code y} of the first 1, 2, ... stumps: one entry per stump (scikit-learn's {@code staged_score}). */
    public double[] stagedAccuracy(Tensor x, Tensor y) {
        String where = "AdaBoost.stagedAccuracy";
        Inputs.fitted(where, !stumps.isEmpty());
        float[] data = Inputs.matrix(where, x, features);
        int m = x.size(0);
        int[] truth = Inputs.labels(where, y, m);
        double[] v = new double[m * classes];
        double[] scaled = new double[m * classes];
        double[] out = new double[stumps.size()];
        double norm = 0;
        for (int t = 0; t < stumps.size(); t++) {
            DecisionTree stump = stumps.get(t);
            for (int i = 0; i < m; i++) v[i * classes + stump.predictRow(data, i * features)] += alphas[t];
            norm += alphas[t];
            for (int i = 0; i < v.length; i++) scaled[i] = v[i] / norm;
            long[] p = argmax(scaled, m);
            int correct = 0;
            for (int i = 0; i < m; i++) if (p[i] == truth[i]) correct++;
            out[t] = correct / (double) m;
        }
        return out;
    }

    private long[] argmax(double[] v, int m) {
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (v[i * classes + c] > v[i * classes + best]) best = c;
            out[i] = best;
        }
        return out;
    }

    /** The number of stumps fitted (fewer than asked when boosting stopped early). */
    public int size() {
        return stumps.size();
    }

    /** The stumps, in the order they were fitted. */
    public List<DecisionTree> stumps() {
        return Collections.unmodifiableList(stumps);
    }

    /** Each stump's vote α (scikit-learn's {@code estimator_weights_}, without the trailing zeros of an early stop). */
    public double[] estimatorWeights() {
        return alphas.clone();
    }

    /** Each stump's weighted training error (scikit-learn's {@code estimator_errors_}, likewise). */
    public double[] estimatorErrors() {
        return errors.clone();
    }
}
