package dev.cochlea.train;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Mixup (Zhang et al. 2018): each batch is blended with a shuffled copy of itself,
 * {@code x = λ·x + (1 − λ)·x[perm]}, and the targets likewise as class probabilities, with one λ per
 * batch drawn from Beta(α, α). Label smoothing is folded into the same probabilities.
 *
 * <pre>{@code
 * Mixup.Mixed m = Mixup.mix(batch.inputs(), batch.targets(), 10, 0.2, 0.1f, generator);
 * Tensor loss = F.crossEntropy(model.call(m.inputs()), m.targets());   // targets: [N, 10] floats
 * }</pre>
 */
public final class Mixup {
    private Mixup() {}

    /**
     * A mixed batch.
     *
     * @param inputs  the blended inputs, shaped like the originals
     * @param targets class probabilities [N, classes]
     * @param lambda  the weight of the original order
     */
    public record Mixed(Tensor inputs, Tensor targets, double lambda) {
    }

    /** Blends {@code inputs} [N, ...] and class indices {@code targets} [N] with λ ~ Beta(alpha, alpha). */
    public static Mixed mix(Tensor inputs, Tensor targets, int classes, double alpha, float smoothing, Generator g) {
        int n = inputs.size(0);
        double lambda = beta(alpha, g);
        long[] perm = Tensor.randperm(g, n).toLongArray();
        float[] x = inputs.contiguous().toFloatArray();
        int per = x.length / n;
        float[] out = new float[x.length];
        float a = (float) lambda, b = 1 - a;
        for (int i = 0; i < n; i++) {
            int o = i * per, p = (int) perm[i] * per;
            for (int j = 0; j < per; j++) out[o + j] = a * x[o + j] + b * x[p + j];
        }
        long[] t = targets.toLongArray();
        float[] probs = new float[n * classes];
        float off = smoothing / classes, on = 1 - smoothing;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) probs[i * classes + c] = off;
            probs[i * classes + (int) t[i]] += a * on;
            probs[i * classes + (int) t[(int) perm[i]]] += b * on;
        }
        return new Mixed(Tensor.wrap(out, inputs.shape()), Tensor.wrap(probs, n, classes), lambda);
    }

    /** A Beta(α, α) draw, as X / (X + Y) of two Gamma(α) draws. */
    static double beta(double alpha, Generator g) {
        double x = gamma(alpha, g), y = gamma(alpha, g);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Marsaglia and Tsang's Gamma(shape, 1) sampler, boosted for shapes below 1. */
    static double gamma(double shape, Generator g) {
        if (shape < 1) {
            double u = Math.max(1e-12, g.nextFloat());
            return gamma(shape + 1, g) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = g.nextGaussian(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = Math.max(1e-12, g.nextFloat());
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
