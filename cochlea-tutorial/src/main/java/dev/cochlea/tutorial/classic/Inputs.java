package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Checks of what the classic estimators are given, failing with an {@link IllegalArgumentException}
 * that names the call, the argument, what was expected and what was found.
 *
 * <pre>{@code
 * float[] rows = Inputs.matrix("AdaBoost.fit", x);            // x must be [n, d], n, d > 0
 * int[] labels = Inputs.labels("AdaBoost.fit", y, x.size(0)); // y must be [n], labels >= 0
 * int[] sizes = Inputs.classSizes("AdaBoost.fit", labels);    // >= 2 classes, none empty
 * }</pre>
 */
final class Inputs {
    private Inputs() {
    }

    /** The rows of {@code x}, row-major, after checking that it is a non-empty [n, d] matrix. */
    static float[] matrix(String where, Tensor x) {
        if (x.dim() != 2 || x.size(0) == 0 || x.size(1) == 0) {
            throw new IllegalArgumentException(where + ": x must be a non-empty matrix [n, d], found shape " + Arrays.toString(x.shape()));
        }
        return x.toFloatArray();
    }

    /** The rows of {@code x} after checking that it is [m, d] with the {@code d} features the estimator was fitted on. */
    static float[] matrix(String where, Tensor x, int features) {
        if (x.dim() != 2 || x.size(1) != features) {
            throw new IllegalArgumentException(where + ": x must be [m, " + features + "] (the features seen by fit), found shape "
                    + Arrays.toString(x.shape()));
        }
        return x.toFloatArray();
    }

    /** The labels of {@code y} after checking that it holds {@code n} class indices, none negative. */
    static int[] labels(String where, Tensor y, int n) {
        if (y.dim() != 1 || y.size(0) != n) {
            throw new IllegalArgumentException(where + ": y must be [" + n + "] (one label per row of x), found shape " + Arrays.toString(y.shape()));
        }
        long[] values = y.toLongArray();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (values[i] < 0 || values[i] > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(where + ": y must hold class indices >= 0, found " + values[i] + " at " + i);
            }
            labels[i] = (int) values[i];
        }
        return labels;
    }

    /** The number of examples of each class 0 .. max(labels), after checking there are at least 2 classes and none is empty. */
    static int[] classSizes(String where, int[] labels) {
        int classes = 0;
        for (int l : labels) classes = Math.max(classes, l + 1);
        int[] sizes = new int[classes];
        for (int l : labels) sizes[l]++;
        if (classes < 2) {
            throw new IllegalArgumentException(where + ": y must hold at least 2 classes, found " + classes);
        }
        for (int c = 0; c < classes; c++) {
            if (sizes[c] == 0) {
                throw new IllegalArgumentException(where + ": every class 0.." + (classes - 1) + " needs a training example, found none of class " + c);
            }
        }
        return sizes;
    }

    /** Throws {@link IllegalStateException} naming {@code where} unless the estimator has been fitted. */
    static void fitted(String where, boolean fitted) {
        if (!fitted) throw new IllegalStateException(where + ": call fit first");
    }
}
