package dev.cochlea.train;

import dev.cochlea.tensor.Tensor;

import java.util.Locale;

/**
 * How features are standardised before the model sees them ({@code --normalize}):
 * <ul>
 *   <li>{@code dataset}: per band, with the mean and deviation of the whole training set
 *       ({@link Normalizer}); what Cochlea did first. A speaker's or microphone's overall level and
 *       colour reach the model unchanged.</li>
 *   <li>{@code utterance}: per clip, each band's mean over the clip's frames is removed (cepstral
 *       mean normalisation on log-mels), then the clip is divided by its own standard deviation.
 *       Level and fixed spectral tilt — the microphone and much of the speaker — cancel out.</li>
 * </ul>
 *
 * <pre>{@code
 * FeatureNormalization n = FeatureNormalization.parse("utterance");
 * Tensor x = n.apply(features, datasetStats);    // [1, bands, frames]
 * }</pre>
 */
public enum FeatureNormalization {
    /** Training-set statistics per band. */
    DATASET,
    /** Each clip's own statistics. */
    UTTERANCE;

    /** Parses {@code dataset} or {@code utterance}; null means dataset (runs written before the option existed). */
    public static FeatureNormalization parse(String s) {
        if (s == null) return DATASET;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "dataset" -> DATASET;
            case "utterance" -> UTTERANCE;
            default -> throw new IllegalArgumentException("--normalize: expected dataset or utterance, found '" + s + "'");
        };
    }

    /** The option text. */
    public String spec() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Normalises one clip's features [1, bands, frames] (or a batch [..., bands, frames]) into a new tensor. */
    public Tensor apply(Tensor features, Normalizer stats) {
        if (this == DATASET) return stats.apply(features);
        int bands = features.size(-2), frames = features.size(-1);
        float[] f = features.toFloatArray();
        normalizeUtterances(f, bands, frames);
        return Tensor.wrap(f, features.shape());
    }

    /** Per-utterance normalisation in place of every clip in {@code f} (clips of bands × frames, row-major). */
    static void normalizeUtterances(float[] f, int bands, int frames) {
        int per = bands * frames;
        for (int o = 0; o + per <= f.length; o += per) {
            double sq = 0;
            for (int b = 0; b < bands; b++) {
                int r = o + b * frames;
                double s = 0;
                for (int t = 0; t < frames; t++) s += f[r + t];
                float m = (float) (s / frames);
                for (int t = 0; t < frames; t++) {
                    float v = f[r + t] - m;
                    f[r + t] = v;
                    sq += (double) v * v;
                }
            }
            float inv = (float) (1 / Math.max(1e-5, Math.sqrt(sq / per)));
            for (int i = o; i < o + per; i++) f[i] *= inv;
        }
    }
}
