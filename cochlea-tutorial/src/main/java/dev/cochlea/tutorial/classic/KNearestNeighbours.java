package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

/**
 * k-nearest neighbours: remembers the training set and labels a new point by a vote of the
 * {@code k} training points closest to it (Euclidean distance). Ties go to the class whose
 * voters are closer in total.
 *
 * <pre>{@code
 * KNearestNeighbours knn = new KNearestNeighbours(5).fit(trainX, trainY);
 * Tensor predicted = knn.predict(testX);            // [m] int64
 * }</pre>
 */
public final class KNearestNeighbours implements Estimator {
    private final int k;
    private Tensor points;
    private long[] labels;
    private int classes;

    /** A classifier voting among {@code k} neighbours. */
    public KNearestNeighbours(int k) {
        if (k < 1) throw new IllegalArgumentException("k-NN: k must be at least 1, found " + k);
        this.k = k;
    }

    @Override
    public KNearestNeighbours fit(Tensor x, Tensor y) {
        points = x.contiguous();
        labels = y.toLongArray();
        classes = Estimator.classCount(y);
        return this;
    }

    /** Squared distances between every row of {@code x} [m, d] and every training point: [m, n]. */
    public Tensor squaredDistances(Tensor x) {
        // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, for all pairs at once
        Tensor aa = x.square().sum(1, true);                 // [m, 1]
        Tensor bb = points.square().sum(1, true).t();        // [1, n]
        return aa.add(bb).sub(x.matmul(points.t()).mul(2f)).clampMin(0f);
    }

    @Override
    public Tensor predict(Tensor x) {
        float[] d = squaredDistances(x).toFloatArray();
        int m = x.size(0), n = labels.length, kk = Math.min(k, n);
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int[] nearest = new int[kk];
            float[] best = new float[kk];
            java.util.Arrays.fill(best, Float.POSITIVE_INFINITY);
            for (int j = 0; j < n; j++) {               // keep the kk smallest, sorted
                float v = d[i * n + j];
                if (v >= best[kk - 1]) continue;
                int p = kk - 1;
                while (p > 0 && best[p - 1] > v) {
                    best[p] = best[p - 1];
                    nearest[p] = nearest[p - 1];
                    p--;
                }
                best[p] = v;
                nearest[p] = j;
            }
            int[] votes = new int[classes];
            double[] dist = new double[classes];
            for (int p = 0; p < kk; p++) {
                int c = (int) labels[nearest[p]];
                votes[c]++;
                dist[c] += Math.sqrt(best[p]);
            }
            int winner = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[winner] || (votes[c] == votes[winner] && votes[c] > 0 && dist[c] < dist[winner])) winner = c;
            }
            out[i] = winner;
        }
        return Tensor.ofLongs(out, m);
    }
}
