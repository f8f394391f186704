package dev.cochlea.train;

import dev.cochlea.tensor.Tensor;

/**
 * Per-band standardisation of features with statistics of the training set ({@code (x - mean) / std}
 * for each mel band or coefficient, over all clips and frames), stored with the model so prediction
 * normalises exactly as training did.
 *
 * <pre>{@code
 * Normalizer norm = Normalizer.fit(trainFeatures);
 * Tensor x = norm.apply(features);      // [1, bands, frames]
 * }</pre>
 *
 * @param mean per-band means
 * @param std  per-band standard deviations (never below 1e-5)
 */
public record Normalizer(float[] mean, float[] std) {

    /** Statistics of every clip and frame of {@code set}. */
    public static Normalizer fit(FeatureSet set) {
        int[] s = set.shape();
        int bands = s[1], frames = s[2];
        double[] sum = new double[bands], sq = new double[bands];
        int per = bands * frames;
        float[] raw = new float[per];
        for (int i = 0; i < set.size(); i++) {
            set.read(i, raw, 0);
            for (int b = 0; b < bands; b++) {
                int o = b * frames;
                for (int t = 0; t < frames; t++) {
                    double v = raw[o + t];
                    sum[b] += v;
                    sq[b] += v * v;
                }
            }
        }
        double count = Math.max(1.0, (double) set.size() * frames);
        float[] mean = new float[bands], std = new float[bands];
        for (int b = 0; b < bands; b++) {
            double m = sum[b] / count;
            mean[b] = (float) m;
            std[b] = (float) Math.max(1e-5, Math.sqrt(Math.max(0, sq[b] / count - m * m)));
        }
        return new Normalizer(mean, std);
    }

    /** Normalises one clip's features [1, bands, frames] into a new tensor. */
    public Tensor apply(Tensor features) {
        int bands = features.size(-2), frames = features.size(-1);
        if (bands != mean.length) {
            throw new IllegalArgumentException("normalise: features have " + bands + " bands, the statistics " + mean.length);
        }
        float[] f = features.toFloatArray();
        int clips = f.length / (bands * frames);
        for (int c = 0; c < clips; c++) {
            for (int b = 0; b < bands; b++) {
                float m = mean[b], inv = 1f / std[b];
                int o = c * bands * frames + b * frames;
                for (int t = 0; t < frames; t++) f[o + t] = (f[o + t] - m) * inv;
            }
        }
        return Tensor.wrap(f, features.shape());
    }

    /** The overall mean of the features (the average of the band means). */
    public double overallMean() {
        double s = 0;
        for (float m : mean) s += m;
        return s / mean.length;
    }
}
