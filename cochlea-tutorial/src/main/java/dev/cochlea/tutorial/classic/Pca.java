package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Principal component analysis, unsupervised: the directions along which the data vary most. They
 * are the eigenvectors of the covariance matrix {@code C = Xcᵀ Xc / (n - 1)} with the largest
 * eigenvalues (the variance along each). Found here by power iteration: multiplying any vector by
 * {@code C} again and again turns it towards the top eigenvector; that direction is then removed
 * from {@code C} ({@code C - λ v vᵀ}) and the next one is found the same way.
 *
 * <pre>{@code
 * Pca pca = new Pca(2).fit(x);                       // x: [n, d]
 * Tensor xy = pca.transform(x);                      // [n, 2], for a scatter plot
 * float[] ratio = pca.explainedVarianceRatio();      // share of the variance each keeps
 * Tensor back = pca.inverseTransform(xy);            // [n, d], x as well as 2 numbers can say it
 * }</pre>
 */
public final class Pca {
    private final int components;
    private Tensor mean;
    private Tensor directions;     // [components, d]
    private float[] variances;
    private float totalVariance;

    /** Keeps {@code components} directions. */
    public Pca(int components) {
        this.components = components;
    }

    /** Finds the directions of the rows of {@code x} [n, d]. */
    public Pca fit(Tensor x) {
        int n = x.size(0), d = x.size(1);
        if (components > d) throw new IllegalArgumentException("PCA: " + components + " components from " + d + " features");
        mean = x.mean(0, true);
        Tensor centred = x.sub(mean);
        Tensor cov = centred.t().matmul(centred).div(n - 1f);        // [d, d]
        totalVariance = 0;
        for (int i = 0; i < d; i++) totalVariance += cov.get(i, i);
        Generator g = new Generator(0);
        Tensor[] found = new Tensor[components];
        variances = new float[components];
        for (int c = 0; c < components; c++) {
            Tensor v = Tensor.randn(g, d, 1);
            v = v.div(v.norm());
            for (int it = 0; it < 500; it++) {
                Tensor next = cov.matmul(v);
                next = next.div(next.norm().clampMin(1e-20f));
                boolean converged = next.sub(v).abs().max().item() < 1e-6f;
                v = next;
                if (converged) break;
            }
            float lambda = v.t().matmul(cov).matmul(v).item();
            variances[c] = lambda;
            found[c] = v.reshape(d);
            cov = cov.sub(v.matmul(v.t()).mul(lambda));              // deflate
        }
        directions = Tensor.stack(0, found);
        return this;
    }

    /** The rows of {@code x} in the new coordinates, [m, components]. */
    public Tensor transform(Tensor x) {
        return x.sub(mean).matmul(directions.t());
    }

    /** Back from the new coordinates [m, components] to the original space [m, d]: the best reconstruction from so few numbers. */
    public Tensor inverseTransform(Tensor z) {
        return z.matmul(directions).add(mean);
    }

    /** The directions, one per row: [components, d], each of length 1. */
    public Tensor components() {
        return directions;
    }

    /** The variance along each direction (the covariance matrix's eigenvalues). */
    public float[] explainedVariance() {
        return variances.clone();
    }

    /** Each direction's share of the total variance. */
    public float[] explainedVarianceRatio() {
        float[] r = new float[components];
        for (int i = 0; i < components; i++) r[i] = variances[i] / totalVariance;
        return r;
    }
}
