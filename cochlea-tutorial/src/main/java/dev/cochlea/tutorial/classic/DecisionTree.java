package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decision tree (CART): asks one question per node, "is feature j at most t?", choosing j and t
 * so that the two answers separate the classes best (lowest Gini impurity
 * {@code 1 - Σ p_c²}, weighted by the size of each side), and splits again until a node is pure,
 * too small, or {@code maxDepth} deep. A leaf predicts its majority class.
 *
 * <p>With {@code maxFeatures > 0} each node looks at only that many randomly chosen features,
 * which is what {@link RandomForest} uses to make its trees differ.
 *
 * <p>{@link #fit(Tensor, Tensor, Tensor)} takes a weight per example (scikit-learn's
 * {@code sample_weight}): class counts become sums of weights, in the Gini impurity and in the
 * leaves' majority. {@link AdaBoost} grows depth-1 trees (stumps) this way. Without weights every
 * example weighs 1, which gives exactly the unweighted tree.
 *
 * <pre>{@code
 * DecisionTree tree = new DecisionTree(10, 2, 0, 0L).fit(trainX, trainY);
 * System.out.println(tree.depth() + " levels, " + tree.leaves() + " leaves");
 * DecisionTree stump = new DecisionTree(1, 2, 0, 0L).fit(trainX, trainY, weights);  // weights: [n] float
 * System.out.println("x[" + stump.rootFeature() + "] <= " + stump.rootThreshold());
 * }</pre>
 */
public final class DecisionTree implements Estimator {
    /** A node: an inner node asks {@code x[feature] <= threshold} (yes: {@code left}); a leaf has feature -1. */
    private record Node(int feature, float threshold, int left, int right, int label, int depth) {
    }

    private final int maxDepth;
    private final int minSamplesSplit;
    private final int maxFeatures;
    private final Generator random;
    private final List<Node> nodes = new ArrayList<>();
    private int classes;

    /**
     * A tree of at most {@code maxDepth} levels that splits only nodes of at least {@code minSamplesSplit}
     * examples, looking at {@code maxFeatures} random features per node (0: all of them); {@code seed}
     * drives that choice.
     */
    public DecisionTree(int maxDepth, int minSamplesSplit, int maxFeatures, long seed) {
        this.maxDepth = maxDepth;
        this.minSamplesSplit = Math.max(2, minSamplesSplit);
        this.maxFeatures = maxFeatures;
        this.random = new Generator(seed);
    }

    @Override
    public DecisionTree fit(Tensor x, Tensor y) {
        int n = x.size(0);
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return fitWeighted(x, y, ones);
    }

    /**
     * Learns from {@code x} [n, d], labels {@code y} [n] and a non-negative weight per example
     * {@code sampleWeight} [n] (float); returns this.
     */
    public DecisionTree fit(Tensor x, Tensor y, Tensor sampleWeight) {
        float[] w = sampleWeight.toFloatArray();
        if (sampleWeight.dim() != 1 || w.length != x.size(0)) {
            throw new IllegalArgumentException("DecisionTree.fit: sampleWeight must be [" + x.size(0) + "] (one weight per row of x), found "
                    + Arrays.toString(sampleWeight.shape()));
        }
        double[] weights = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Float.isInfinite(w[i])) {
                throw new IllegalArgumentException("DecisionTree.fit: sampleWeight must be finite and >= 0, found " + w[i] + " at " + i);
            }
            weights[i] = w[i];
        }
        return fitWeighted(x, y, weights);
    }

    private DecisionTree fitWeighted(Tensor x, Tensor y, double[] weights) {
        int n = x.size(0);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        long[] labels = y.toLongArray();
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) ints[i] = (int) labels[i];
        fitRows(x.contiguous().toFloatArray(), x.size(1), ints, weights, Estimator.classCount(y), all);
        return this;
    }

    /** Grows the tree on the given rows (repeats allowed) of a row-major [n, d] array, each row weighing 1. */
    void fitRows(float[] data, int d, int[] labels, int classes, int[] rows) {
        double[] ones = new double[labels.length];
        Arrays.fill(ones, 1.0);
        fitRows(data, d, labels, ones, classes, rows);
    }

    /** Grows the tree on the given rows of a row-major [n, d] array, row {@code r} weighing {@code weights[r]}. */
    void fitRows(float[] data, int d, int[] labels, double[] weights, int classes, int[] rows) {
        this.classes = classes;
        nodes.clear();
        grow(data, d, labels, weights, rows, 0);
    }

    private int grow(float[] data, int d, int[] labels, double[] weights, int[] rows, int depth) {
        double[] counts = new double[classes];     // the weight of each class
        double total = 0;
        for (int r : rows) {
            counts[labels[r]] += weights[r];
            total += weights[r];
        }
        int majority = 0;
        for (int c = 1; c < classes; c++) if (counts[c] > counts[majority]) majority = c;
        int id = nodes.size();
        nodes.add(new Node(-1, 0, -1, -1, majority, depth));
        if (depth >= maxDepth || rows.length < minSamplesSplit || counts[majority] == total) return id;

        int bestFeature = -1;
        float bestThreshold = 0;
        double bestImpurity = impurity(counts, total);   // must beat the unsplit node
        double[] left = new double[classes];
        for (int f : candidateFeatures(d)) {
            int[] sorted = sortBy(data, d, f, rows);
            Arrays.fill(left, 0);
            double wl = 0;
            for (int i = 0; i < sorted.length - 1; i++) {
                int r = sorted[i];
                left[labels[r]] += weights[r];
                wl += weights[r];
                float here = data[r * d + f], next = data[sorted[i + 1] * d + f];
                if (here == next) continue;
                double wr = total - wl, sqLeft = 0, sqRight = 0;
                if (wl <= 0 || wr <= 0) continue;                  // one side weighs nothing
                for (int c = 0; c < classes; c++) {
                    double right = counts[c] - left[c];
                    sqLeft += left[c] * left[c];
                    sqRight += right * right;
                }
                double weighted = (wl - sqLeft / wl) + (wr - sqRight / wr);   // w_l·Gini_l + w_r·Gini_r
                if (weighted / total < bestImpurity - 1e-12) {
                    bestImpurity = weighted / total;
                    bestFeature = f;
                    bestThreshold = (here + next) / 2;
                }
            }
        }
        if (bestFeature < 0) return id;
        int nl = 0;
        for (int r : rows) if (data[r * d + bestFeature] <= bestThreshold) nl++;
        int[] leftRows = new int[nl], rightRows = new int[rows.length - nl];
        int li = 0, ri = 0;
        for (int r : rows) {
            if (data[r * d + bestFeature] <= bestThreshold) leftRows[li++] = r;
            else rightRows[ri++] = r;
        }
        int leftChild = grow(data, d, labels, weights, leftRows, depth + 1);
        int rightChild = grow(data, d, labels, weights, rightRows, depth + 1);
        nodes.set(id, new Node(bestFeature, bestThreshold, leftChild, rightChild, majority, depth));
        return id;
    }

    private static double impurity(double[] counts, double total) {
        double sq = 0;
        for (double c : counts) sq += c * c;
        return 1 - sq / (total * total);
    }

    private int[] candidateFeatures(int d) {
        int[] all = new int[d];
        for (int i = 0; i < d; i++) all[i] = i;
        if (maxFeatures <= 0 || maxFeatures >= d) return all;
        for (int i = 0; i < maxFeatures; i++) {            // a partial Fisher–Yates shuffle
            int j = i + random.nextInt(d - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, maxFeatures);
    }

    /** The rows ordered by feature {@code f}. */
    private static int[] sortBy(float[] data, int d, int f, int[] rows) {
        long[] keys = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int bits = Float.floatToIntBits(data[rows[i] * d + f]);
            bits ^= (bits >> 31) & 0x7fffffff;             // makes int order equal float order
            keys[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(keys);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[(int) keys[i]];
        return out;
    }

    @Override
    public Tensor predict(Tensor x) {
        float[] data = x.contiguous().toFloatArray();
        int m = x.size(0), d = x.size(1);
        long[] out = new long[m];
        for (int i = 0; i < m; i++) out[i] = predictRow(data, i * d);
        return Tensor.ofLongs(out, m);
    }

    /** The class of the row starting at {@code offset} in a row-major array. */
    int predictRow(float[] data, int offset) {
        Node node = nodes.get(0);
        while (node.feature() >= 0) node = nodes.get(data[offset + node.feature()] <= node.threshold() ? node.left() : node.right());
        return node.label();
    }

    /** The feature the root asks about ({@code x[feature] <= threshold}), or -1 when the tree is a single leaf. */
    public int rootFeature() {
        return nodes.get(0).feature();
    }

    /** The root's threshold, or NaN when the tree is a single leaf. */
    public float rootThreshold() {
        Node root = nodes.get(0);
        return root.feature() < 0 ? Float.NaN : root.threshold();
    }

    /** The number of levels below the root. */
    public int depth() {
        int depth = 0;
        for (Node node : nodes) depth = Math.max(depth, node.depth());
        return depth;
    }

    /** The number of leaves. */
    public int leaves() {
        int leaves = 0;
        for (Node node : nodes) if (node.feature() < 0) leaves++;
        return leaves;
    }
}
