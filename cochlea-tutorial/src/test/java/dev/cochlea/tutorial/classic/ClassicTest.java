package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

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
                new LinearSvm(200, 0.01, 1e-3), new DecisionTree(8, 2, 0, 0), new RandomForest(15, 8, 0)};
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
}
