package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassicTest {
    /** Three Gaussian blobs in 4-D, centres 4 apart: [n, 4] and labels [n]. */
    private static Tensor[] blobs(int perClass, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, 3 * perClass, 4);
        long[] y = new long[3 * perClass];
        float[] shift = new float[3 * perClass * 4];
        for (int i = 0; i < y.length; i++) {
            y[i] = i / perClass;
            shift[i * 4 + (int) y[i]] = 4f;
        }
        return new Tensor[] {x.add(Tensor.wrap(shift, 3 * perClass, 4)), Tensor.ofLongs(y, y.length)};
    }

    @Test
    void everyClassifierSeparatesBlobs() {
        Tensor[] train = blobs(40, 1), test = blobs(20, 2);
        Estimator[] all = {new KNearestNeighbours(3), new LogisticRegression(200, 0.1, 1e-4), new GaussianNaiveBayes(),
                new LinearSvm(200, 0.01, 1e-3), new DecisionTree(8, 2, 0, 0), new RandomForest(15, 8, 0),
                new LinearDiscriminantAnalysis(), new AdaBoost(30)};
        for (Estimator e : all) {
            double acc = e.fit(train[0], train[1]).accuracy(test[0], test[1]);
            assertTrue(acc > 0.9, e.getClass().getSimpleName() + " accuracy " + acc);
        }
    }

    @Test
    void treeFitsItsTrainingSetAndKnnWithK1RemembersIt() {
        Tensor[] train = blobs(30, 3);
        DecisionTree tree = new DecisionTree(50, 2, 0, 0).fit(train[0], train[1]);
        assertEquals(1.0, tree.accuracy(train[0], train[1]));
        assertTrue(tree.leaves() >= 3 && tree.depth() >= 2);
        assertEquals(1.0, new KNearestNeighbours(1).fit(train[0], train[1]).accuracy(train[0], train[1]));
    }

    @Test
    void naiveBayesLikelihoodIsTheNormalDensity() {
        Tensor x = Tensor.of(new float[][] {{0}, {2}, {10}, {14}});
        Tensor y = Tensor.ofLongs(new long[] {0, 0, 1, 1}, 4);
        GaussianNaiveBayes nb = new GaussianNaiveBayes().fit(x, y);
        // class 0: mean 1, variance 1; prior 1/2
        double expected = Math.log(0.5) - 0.5 * Math.log(2 * Math.PI) - 0.5 * 4;
        assertEquals(expected, nb.jointLogLikelihood(Tensor.of(new float[][] {{3}})).get(0, 0), 1e-5);
    }

    @Test
    void kMeansFindsTheBlobs() {
        Tensor[] data = blobs(30, 4);
        KMeans km = new KMeans(3, 50, 0).fit(data[0]);
        assertTrue(KMeans.purity(km.labels(), data[1]) > 0.9);
        assertEquals(3, km.centroids().size(0));
        assertTrue(km.inertia(data[0]) < new KMeans(1, 50, 0).fit(data[0]).inertia(data[0]));
    }

    @Test
    void pcaFindsTheDirectionOfMostVariance() {
        // Points along (1, 1)/sqrt(2) with a little noise across it.
        Generator g = new Generator(5);
        Tensor t = Tensor.randn(g, 200, 1).mul(3f), noise = Tensor.randn(g, 200, 1).mul(0.1f);
        Tensor x = Tensor.cat(1, t.add(noise), t.sub(noise));
        Pca pca = new Pca(2).fit(x);
        Tensor first = pca.components().select(0, 0);
        assertEquals(1.0, Math.abs(first.get(0) + first.get(1)) / Math.sqrt(2), 1e-3);
        float[] ratio = pca.explainedVarianceRatio();
        assertTrue(ratio[0] > 0.99 && ratio[0] + ratio[1] <= 1.0001 && ratio[0] + ratio[1] > 0.9999);
        assertTrue(pca.inverseTransform(pca.transform(x)).allClose(x, 1e-3f, 1e-3f), "two of two components rebuild x");
        Tensor scaled = new StandardScaler().fit(x).transform(x);
        assertEquals(0, scaled.mean().item(), 1e-5);
    }

    @Test
    void integerWeightsActLikeRepeatedRows() {
        Tensor[] train = blobs(15, 6), test = blobs(20, 7);
        float[] data = train[0].toFloatArray();
        long[] labels = train[1].toLongArray();
        int n = labels.length, d = 4;
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) ints[i] = (int) labels[i];
        double[] weights = new double[n];
        int[] repeated = new int[n + n + n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + i % 3;
            for (int k = 0; k < weights[i]; k++) repeated[r++] = i;
        }
        DecisionTree weighted = new DecisionTree(4, 2, 0, 0), copies = new DecisionTree(4, 2, 0, 0);
        weighted.fitRows(data, d, ints, weights, 3, IntStream.range(0, n).toArray());
        copies.fitRows(data, d, ints, 3, Arrays.copyOf(repeated, r));
        assertEquals(copies.leaves(), weighted.leaves());
        assertArrayEquals(copies.predict(test[0]).toLongArray(), weighted.predict(test[0]).toLongArray(), "weight k = the row k times");

        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        DecisionTree plain = new DecisionTree(6, 2, 0, 0).fit(train[0], train[1]);
        DecisionTree unit = new DecisionTree(6, 2, 0, 0).fit(train[0], train[1], Tensor.wrap(ones, n));
        assertArrayEquals(plain.predict(test[0]).toLongArray(), unit.predict(test[0]).toLongArray(), "weights of 1 change nothing");
        assertEquals(plain.leaves(), unit.leaves());
    }

    @Test
    void ldaProjectsOntoClassesMinusOneDirections() {
        Tensor[] train = blobs(40, 8);
        LinearDiscriminantAnalysis lda = new LinearDiscriminantAnalysis().fit(train[0], train[1]);
        assertEquals(2, lda.components());
        float[] ratio = lda.explainedVarianceRatio();
        assertEquals(1.0, ratio[0] + ratio[1], 1e-5);
        assertTrue(ratio[0] >= ratio[1]);
        // On the directions, the within-class covariance is the identity (the pooled, n - classes normalised one).
        Tensor z = lda.transform(train[0]);
        Tensor centred = z.sub(lda.means().sub(Tensor.wrap(lda.xbar(), 1, 4)).matmul(lda.scalings()).indexSelect(0, train[1]));
        Tensor within = centred.t().matmul(centred).div(train[0].size(0) - 3f);
        assertTrue(within.allClose(Tensor.eye(2), 1e-4f, 1e-4f), within.toString());
        Tensor p = lda.probabilities(train[0]);
        assertTrue(p.sum(1).allClose(Tensor.ones(train[0].size(0)), 1e-5f, 1e-5f));
        assertArrayEquals(p.argmax(1, false).toLongArray(), lda.predict(train[0]).toLongArray());
    }

    @Test
    void boostingImprovesOnOneStump() {
        Tensor[] train = blobs(40, 9), test = blobs(40, 10);
        AdaBoost boost = new AdaBoost(40).fit(train[0], train[1]);
        double[] staged = boost.stagedAccuracy(test[0], test[1]);
        assertEquals(boost.size(), staged.length);
        assertTrue(staged[0] < 0.7 && staged[staged.length - 1] > 0.9, Arrays.toString(staged));  // one stump tells 2 of 3 classes
        assertEquals(staged[staged.length - 1], boost.accuracy(test[0], test[1]), 1e-12);
        for (double a : boost.estimatorWeights()) assertTrue(a > 0);
    }

    @Test
    void symmetricEigenDecomposes() {
        SymmetricEigen two = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        assertEquals(3, two.value(0), 1e-12);
        assertEquals(1, two.value(1), 1e-12);
        assertEquals(1 / Math.sqrt(2), Math.abs(two.vector(0, 1)), 1e-12);
        int n = 7;
        float[] b = Tensor.randn(new Generator(11), n, n).toFloatArray();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) a[i * n + j] += b[k * n + i] * b[k * n + j];
        SymmetricEigen e = SymmetricEigen.of(a, n);
        for (int k = 0; k < n; k++) {
            if (k > 0) assertTrue(e.value(k) <= e.value(k - 1));
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * e.vector(k, j);
                assertEquals(e.value(k) * e.vector(k, i), av, 1e-10, "A v = λ v");
            }
        }
    }
}
