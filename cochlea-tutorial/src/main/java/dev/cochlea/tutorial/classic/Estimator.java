package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

/**
 * A classic supervised classifier, in the style of scikit-learn: {@link #fit} on features and
 * labels, then {@link #predict} labels for new features.
 *
 * <pre>{@code
 * Estimator knn = new KNearestNeighbours(5).fit(trainX, trainY);   // x: [n, d] float, y: [n] int64
 * double acc = knn.accuracy(testX, testY);          // or Estimator.agreement(predicted, testY)
 * }</pre>
 */
public interface Estimator {
    /** Learns from {@code x} [n, d] (float) and class indices {@code y} [n] (int64); returns this. */
    Estimator fit(Tensor x, Tensor y);

    /** The predicted class index of each row of {@code x} [m, d]: [m] (int64). */
    Tensor predict(Tensor x);

    /** The fraction of rows of {@code x} whose prediction equals {@code y}. */
    default double accuracy(Tensor x, Tensor y) {
        return agreement(predict(x), y);
    }

    /** The fraction of equal entries of two label tensors. */
    static double agreement(Tensor predicted, Tensor truth) {
        long[] p = predicted.toLongArray(), t = truth.toLongArray();
        int correct = 0;
        for (int i = 0; i < t.length; i++) if (p[i] == t[i]) correct++;
        return t.length == 0 ? 0 : correct / (double) t.length;
    }

    /** The number of classes: one more than the largest label. */
    static int classCount(Tensor y) {
        long max = -1;
        for (long v : y.toLongArray()) max = Math.max(max, v);
        return (int) max + 1;
    }

    /** Labels [n] as a one-hot matrix [n, classes] of 0 and 1. */
    static Tensor oneHot(Tensor y, int classes) {
        long[] labels = y.toLongArray();
        float[] m = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) m[i * classes + (int) labels[i]] = 1f;
        return Tensor.wrap(m, labels.length, classes);
    }
}
