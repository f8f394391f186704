package dev.cochlea.tutorial.classic;

/**
 * The eigenvalues and eigenvectors of a small symmetric matrix, in double precision, by the cyclic
 * Jacobi method: each step rotates two coordinates so that one off-diagonal entry becomes zero;
 * sweeps over all pairs until nothing is left off the diagonal. The diagonal then holds the
 * eigenvalues, and the product of the rotations the eigenvectors. Accurate and simple, at
 * {@code O(n³)} per sweep: meant for matrices of tens of rows, such as the covariance of a few
 * dozen features ({@link LinearDiscriminantAnalysis} uses it for the singular value decompositions
 * it needs, as the eigenvectors of {@code AᵀA}).
 *
 * <pre>{@code
 * SymmetricEigen e = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
 * e.value(0);        // 3, the largest
 * e.vector(0, 1);    // component 1 of its eigenvector (±0.7071)
 * }</pre>
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private final int n;
    private final double[] values;   // descending
    private final double[] vectors;  // row-major [n, n]: column k is the eigenvector of values[k]

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the symmetric row-major [n, n] {@code matrix} (left unchanged). */
    static SymmetricEigen of(double[] matrix, int n) {
        if (matrix.length != n * n) throw new IllegalArgumentException("SymmetricEigen: matrix must hold " + n * n + " values, found " + matrix.length);
        double[] a = matrix.clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        double scale = 0;
        for (double x : a) scale += x * x;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            if (off <= 1e-32 * scale || off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    rotate(a, v, n, p, q, c, s);
                }
            }
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < n; i++) {       // selection sort, largest first: n is small
            int best = i;
            for (int j = i + 1; j < n; j++) if (a[idx[j] * n + idx[j]] > a[idx[best] * n + idx[best]]) best = j;
            int t = idx[i];
            idx[i] = idx[best];
            idx[best] = t;
        }
        double[] values = new double[n], vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            values[k] = a[idx[k] * n + idx[k]];
            for (int i = 0; i < n; i++) vectors[i * n + k] = v[i * n + idx[k]];
        }
        return new SymmetricEigen(n, values, vectors);
    }

    /** {@code A ← Jᵀ A J} and {@code V ← V J} for the rotation J of coordinates p and q by (c, s). */
    private static void rotate(double[] a, double[] v, int n, int p, int q, double c, double s) {
        for (int k = 0; k < n; k++) {          // columns p and q
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {          // rows p and q
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;                      // zero by construction; drop the rounding residue
        a[q * n + p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    /** The size of the matrix. */
    int size() {
        return n;
    }

    /** The {@code k}-th largest eigenvalue. */
    double value(int k) {
        return values[k];
    }

    /** Component {@code i} of the unit eigenvector of {@link #value(int) value(k)}. */
    double vector(int k, int i) {
        return vectors[i * n + k];
    }
}
