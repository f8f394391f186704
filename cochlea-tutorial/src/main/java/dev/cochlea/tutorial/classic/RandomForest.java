package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A random forest: many {@link DecisionTree}s, each grown on a bootstrap sample of the training
 * set (drawn with replacement) and looking at only {@code √d} random features per node, so that
 * their errors differ; the forest predicts the class most trees vote for.
 *
 * <pre>{@code
 * RandomForest forest = new RandomForest(50, 12, 1L).fit(trainX, trainY);
 * double acc = forest.accuracy(testX, testY);
 * }</pre>
 */
public final class RandomForest implements Estimator {
    private final int trees;
    private final int maxDepth;
    private final long seed;
    private final List<DecisionTree> forest = new ArrayList<>();
    private int classes;

    /** {@code trees} trees of at most {@code maxDepth} levels; {@code seed} drives the sampling. */
    public RandomForest(int trees, int maxDepth, long seed) {
        this.trees = trees;
        this.maxDepth = maxDepth;
        this.seed = seed;
    }

    @Override
    public RandomForest fit(Tensor x, Tensor y) {
        int n = x.size(0), d = x.size(1);
        float[] data = x.contiguous().toFloatArray();
        long[] labels = y.toLongArray();
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) ints[i] = (int) labels[i];
        classes = Estimator.classCount(y);
        int features = Math.max(1, (int) Math.round(Math.sqrt(d)));
        Generator random = new Generator(seed);
        forest.clear();
        for (int t = 0; t < trees; t++) {
            int[] bootstrap = new int[n];
            for (int i = 0; i < n; i++) bootstrap[i] = random.nextInt(n);
            DecisionTree tree = new DecisionTree(maxDepth, 2, features, seed * 1000 + t);
            tree.fitRows(data, d, ints, classes, bootstrap);
            forest.add(tree);
        }
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        float[] data = x.contiguous().toFloatArray();
        int m = x.size(0), d = x.size(1);
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int[] votes = new int[classes];
            for (DecisionTree tree : forest) votes[tree.predictRow(data, i * d)]++;
            int winner = 0;
            for (int c = 1; c < classes; c++) if (votes[c] > votes[winner]) winner = c;
            out[i] = winner;
        }
        return Tensor.ofLongs(out, m);
    }

    /** The number of trees. */
    public int size() {
        return forest.size();
    }
}
