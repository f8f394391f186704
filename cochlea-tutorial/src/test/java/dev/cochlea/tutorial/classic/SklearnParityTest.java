package dev.cochlea.tutorial.classic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link LinearDiscriminantAnalysis} and {@link AdaBoost} against scikit-learn 1.2 on the same
 * synthetic data: {@code sklearn.json}, written by {@code reference/make_sklearn_reference.py}
 * (each case names the scikit-learn call that produced its numbers). Predictions must be equal;
 * real numbers agree to float precision (Cochlea computes in double and returns float tensors).
 * Each comparison prints its largest difference.
 */
class SklearnParityTest {
    /** Relative and absolute tolerance of values returned as float tensors. */
    private static final double RTOL = 1e-5, ATOL = 1e-6;

    @Test
    void ldaFourClasses() {
        checkLda("lda_four_classes", 0);
    }

    @Test
    void ldaFourClassesTwoComponents() {
        checkLda("lda_four_classes_2d", 2);
    }

    @Test
    void ldaTwoClassesWithAConstantFeature() {
        checkLda("lda_two_classes", 0);
    }

    @Test
    void adaBoostSammeOverStumps() {
        checkAdaBoost("adaboost_four_classes");
    }

    @Test
    void adaBoostWithLearningRateOneHalf() {
        checkAdaBoost("adaboost_four_classes_lr05");
    }

    private static void checkLda(String name, int components) {
        JsonNode c = SklearnReference.caseNamed(name), out = c.path("outputs");
        String call = name + ": " + c.path("call").asText();
        Tensor[] train = SklearnReference.train(c), test = SklearnReference.test(c);
        LinearDiscriminantAnalysis lda = (components > 0 ? new LinearDiscriminantAnalysis(components) : new LinearDiscriminantAnalysis())
                .fit(train[0], train[1]);
        assertArrayEquals(SklearnReference.longs(out.path("predict")).toLongArray(), lda.predict(test[0]).toLongArray(), call + ": predict");
        assertArrayEquals(SklearnReference.longs(out.path("train_predict")).toLongArray(), lda.predict(train[0]).toLongArray(),
                call + ": predict on the training set");
        assertClose(call + ": predict_proba", SklearnReference.rows(out.path("predict_proba")), rows(lda.probabilities(test[0])));
        double[][] decision = rows(lda.decisionFunction(test[0])), coef = rows(lda.coef());
        double[] intercept = toDoubles(lda.intercept());
        if (decision[0].length == 2) {      // scikit-learn keeps class 1 minus class 0 for two classes
            decision = difference(decision);
            double[] row = new double[coef[0].length];
            for (int j = 0; j < row.length; j++) row[j] = coef[1][j] - coef[0][j];
            coef = new double[][] {row};
            intercept = new double[] {intercept[1] - intercept[0]};
            assertClose(call + ": decision_function", column(SklearnReference.doubles(out.path("decision_function"))), decision);
        } else {
            assertClose(call + ": decision_function", SklearnReference.rows(out.path("decision_function")), decision);
        }
        assertClose(call + ": coef_", SklearnReference.rows(out.path("coef")), coef);
        assertClose(call + ": intercept_", new double[][] {SklearnReference.doubles(out.path("intercept"))}, new double[][] {intercept});
        assertClose(call + ": explained_variance_ratio_", new double[][] {SklearnReference.doubles(out.path("explained_variance_ratio"))},
                new double[][] {toDoubles(lda.explainedVarianceRatio())});
        assertClose(call + ": priors_", new double[][] {SklearnReference.doubles(out.path("priors"))}, new double[][] {toDoubles(lda.priors())});
        assertClose(call + ": xbar_", new double[][] {SklearnReference.doubles(out.path("xbar"))}, new double[][] {toDoubles(lda.xbar())});
        double[][] expected = SklearnReference.rows(out.path("transform")), actual = rows(lda.transform(test[0]));
        assertEquals(expected[0].length, actual[0].length, call + ": transform's number of components");
        assertClose(call + ": transform (each direction's sign aligned)", expected, alignSigns(expected, actual));
    }

    private static void checkAdaBoost(String name) {
        JsonNode c = SklearnReference.caseNamed(name), out = c.path("outputs"), params = c.path("params");
        String call = name + ": " + c.path("call").asText();
        Tensor[] train = SklearnReference.train(c), test = SklearnReference.test(c);
        AdaBoost boost = new AdaBoost(params.path("n_estimators").asInt(), params.path("learning_rate").asDouble()).fit(train[0], train[1]);
        assertEquals(out.path("fitted_estimators").asInt(), boost.size(), call + ": number of stumps fitted");
        int[] features = new int[boost.size()];
        double[] thresholds = new double[boost.size()];
        List<DecisionTree> stumps = boost.stumps();
        for (int i = 0; i < features.length; i++) {
            features[i] = stumps.get(i).rootFeature();
            thresholds[i] = stumps.get(i).rootThreshold();
        }
        long[] expectedFeatures = SklearnReference.longs(out.path("stump_feature")).toLongArray();
        assertArrayEquals(Arrays.stream(expectedFeatures).mapToInt(f -> (int) f).toArray(), features, call + ": each stump's feature");
        assertClose(call + ": each stump's threshold", new double[][] {SklearnReference.doubles(out.path("stump_threshold"))},
                new double[][] {thresholds}, 1e-6, 0);
        double[] weights = SklearnReference.doubles(out.path("estimator_weights")), errors = SklearnReference.doubles(out.path("estimator_errors"));
        for (int i = boost.size(); i < weights.length; i++) assertEquals(0, weights[i], call + ": no weight after the last stump");
        assertClose(call + ": estimator_weights_", new double[][] {Arrays.copyOf(weights, boost.size())},
                new double[][] {boost.estimatorWeights()}, 1e-9, 1e-9);
        assertClose(call + ": estimator_errors_", new double[][] {Arrays.copyOf(errors, boost.size())},
                new double[][] {boost.estimatorErrors()}, 1e-9, 1e-9);
        assertArrayEquals(SklearnReference.longs(out.path("predict")).toLongArray(), boost.predict(test[0]).toLongArray(), call + ": predict");
        assertArrayEquals(SklearnReference.longs(out.path("train_predict")).toLongArray(), boost.predict(train[0]).toLongArray(),
                call + ": predict on the training set");
        assertClose(call + ": staged_score", new double[][] {SklearnReference.doubles(out.path("staged_score"))},
                new double[][] {boost.stagedAccuracy(test[0], test[1])}, 1e-12, 0);
    }

    private static void assertClose(String what, double[][] expected, double[][] actual) {
        assertClose(what, expected, actual, ATOL, RTOL);
    }

    /** Fails unless every |actual - expected| <= atol + rtol |expected|; prints the largest difference. */
    private static void assertClose(String what, double[][] expected, double[][] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + ": rows");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what + ": columns of row " + i);
            for (int j = 0; j < expected[i].length; j++) {
                double diff = Math.abs(actual[i][j] - expected[i][j]);
                worst = Math.max(worst, diff);
                if (!(diff <= atol + rtol * Math.abs(expected[i][j]))) {
                    fail(what + " [" + i + ", " + j + "]: scikit-learn " + expected[i][j] + ", Cochlea " + actual[i][j]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: max |difference| %.3g%n", what, worst);
    }

    /** Flips each column of {@code actual} whose direction points against the same column of {@code expected}. */
    private static double[][] alignSigns(double[][] expected, double[][] actual) {
        double[][] out = new double[actual.length][];
        for (int i = 0; i < actual.length; i++) out[i] = actual[i].clone();
        for (int q = 0; q < actual[0].length; q++) {
            double dot = 0;
            for (int i = 0; i < actual.length; i++) dot += expected[i][q] * actual[i][q];
            if (dot < 0) for (double[] row : out) row[q] = -row[q];
        }
        return out;
    }

    private static double[][] rows(Tensor t) {
        float[] v = t.toFloatArray();
        int n = t.size(0), d = t.size(1);
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i][j] = v[i * d + j];
        return out;
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** Each row's second column minus its first, as a one-column matrix. */
    private static double[][] difference(double[][] twoColumns) {
        double[][] out = new double[twoColumns.length][];
        for (int i = 0; i < out.length; i++) out[i] = new double[] {twoColumns[i][1] - twoColumns[i][0]};
        return out;
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) out[i] = new double[] {v[i]};
        return out;
    }
}
