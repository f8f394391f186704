package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * k-means clustering, unsupervised: finds {@code k} centres so that every point is close to its
 * nearest centre. Starts from k-means++ centres (each new one drawn far from those already chosen),
 * then alternates "assign every point to its nearest centre" and "move each centre to the mean of
 * its points" until nothing changes.
 *
 * <pre>{@code
 * KMeans km = new KMeans(10, 100, 0L).fit(x);      // no labels needed
 * Tensor cluster = km.labels();                    // [n] int64
 * double purity = KMeans.purity(cluster, y);       // how well clusters match classes
 * }</pre>
 */
public final class KMeans {
    private final int k;
    private final int maxIterations;
    private final long seed;
    private Tensor centroids;
    private Tensor labels;
    private int iterations;

    /** {@code k} clusters, at most {@code maxIterations} rounds; {@code seed} drives the start. */
    public KMeans(int k, int maxIterations, long seed) {
        this.k = k;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** Clusters the rows of {@code x} [n, d]. */
    public KMeans fit(Tensor x) {
        int n = x.size(0), d = x.size(1);
        if (n < k) throw new IllegalArgumentException("k-means: " + n + " points cannot make " + k + " clusters");
        centroids = plusPlus(x, new Generator(seed));
        long[] previous = null;
        for (iterations = 1; iterations <= maxIterations; iterations++) {
            labels = predict(x);
            long[] assigned = labels.toLongArray();
            if (java.util.Arrays.equals(assigned, previous)) break;
            previous = assigned;
            float[] sums = new float[k * d];
            int[] counts = new int[k];
            float[] data = x.contiguous().toFloatArray();
            for (int i = 0; i < n; i++) {
                int c = (int) assigned[i];
                counts[c]++;
                for (int j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
            }
            float[] old = centroids.toFloatArray();
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) sums[c * d + j] = counts[c] == 0 ? old[c * d + j] : sums[c * d + j] / counts[c];
            }
            centroids = Tensor.wrap(sums, k, d);
        }
        iterations = Math.min(iterations, maxIterations);
        return this;
    }

    private Tensor plusPlus(Tensor x, Generator g) {
        int n = x.size(0);
        Tensor[] chosen = new Tensor[k];
        chosen[0] = x.select(0, g.nextInt(n));
        for (int c = 1; c < k; c++) {
            // the squared distance of every point to its nearest chosen centre
            Tensor nearest = squaredDistances(x, Tensor.stack(0, java.util.Arrays.copyOf(chosen, c))).min(1, false).values();
            float[] w = nearest.toFloatArray();
            double total = 0;
            for (float v : w) total += v;
            double r = g.nextFloat() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= w[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            chosen[c] = x.select(0, pick);
        }
        return Tensor.stack(0, chosen).contiguous();
    }

    private static Tensor squaredDistances(Tensor x, Tensor centres) {
        return x.square().sum(1, true).add(centres.square().sum(1, true).t()).sub(x.matmul(centres.t()).mul(2f)).clampMin(0f);
    }

    /** The nearest centre of each row of {@code x}: [m] int64. */
    public Tensor predict(Tensor x) {
        return squaredDistances(x, centroids).argmin(1, false);
    }

    /** The cluster of each training point: [n] int64. */
    public Tensor labels() {
        return labels;
    }

    /** The centres, [k, d]. */
    public Tensor centroids() {
        return centroids;
    }

    /** The rounds run. */
    public int iterations() {
        return iterations;
    }

    /** The sum of squared distances of the rows of {@code x} to their nearest centre. */
    public double inertia(Tensor x) {
        return squaredDistances(x, centroids).min(1, false).values().sum().item();
    }

    /**
     * The fraction of points whose class is the most common class of their cluster: 1 when every
     * cluster holds one class; about {@code 1 / classes} for clusters that ignore the classes.
     */
    public static double purity(Tensor clusters, Tensor classes) {
        long[] cl = clusters.toLongArray(), y = classes.toLongArray();
        int kk = Estimator.classCount(clusters), cc = Estimator.classCount(classes);
        int[][] counts = new int[kk][cc];
        for (int i = 0; i < y.length; i++) counts[(int) cl[i]][(int) y[i]]++;
        int agree = 0;
        for (int[] row : counts) {
            int best = 0;
            for (int v : row) best = Math.max(best, v);
            agree += best;
        }
        return y.length == 0 ? 0 : agree / (double) y.length;
    }
}
