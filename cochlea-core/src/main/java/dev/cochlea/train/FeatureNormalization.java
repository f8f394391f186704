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
 *       Level and fixed spectral tilt — the microphone, the room and much of the speaker — cancel
 *       out.</li>
 *   <li>{@code recording}: as {@code utterance}, but the statistics come only from the frames that
 *       hold the recording; frames that are only padding (a short clip zero-padded to the clip
 *       length) take no part and are set to the quietest value the recording's own frames reach
 *       after normalisation. Measured on the spoken digits it helps speakers whose takes keep some
 *       silence and hurts one whose takes are cut tight (docs/benchmarks.md).</li>
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
    /** Each clip's own statistics over the whole clip. */
    UTTERANCE,
    /** Each clip's own statistics over the frames that hold the recording. */
    RECORDING;

    /** Parses {@code dataset}, {@code utterance} or {@code recording}; null means dataset (runs written before the option existed). */
    public static FeatureNormalization parse(String s) {
        if (s == null) return DATASET;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "dataset" -> DATASET;
            case "utterance" -> UTTERANCE;
            case "recording" -> RECORDING;
            default -> throw new IllegalArgumentException("normalize: expected dataset, utterance or recording, found '" + s + "'");
        };
    }

    /** The option text. */
    public String spec() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Normalises one clip's features [1, bands, frames] (or a batch [..., bands, frames]), every frame holding the recording. */
    public Tensor apply(Tensor features, Normalizer stats) {
        return apply(features, stats, 0, features.size(-1));
    }

    /**
     * Normalises one clip's features [1, bands, frames] into a new tensor, where only frames
     * {@code [from, to)} hold the recording and the rest is padding ({@link #activeFrames}).
     */
    public Tensor apply(Tensor features, Normalizer stats, int from, int to) {
        if (this == DATASET) return stats.apply(features);
        int bands = features.size(-2), frames = features.size(-1);
        float[] f = features.toFloatArray();
        if (this == UTTERANCE) {
            normalizeUtterances(f, bands, frames, 0, frames);
            return Tensor.wrap(f, features.shape());
        }
        normalizeUtterances(f, bands, frames, Math.max(0, Math.min(from, frames - 1)), Math.max(Math.min(from, frames - 1) + 1, Math.min(to, frames)));
        return Tensor.wrap(f, features.shape());
    }

    /**
     * The frames {@code [from, to)} of a centred STFT with hop {@code hop} over a clip of
     * {@code clipSamples} whose samples {@code [start, end)} hold the recording: the frames whose
     * centre lies on the recording (at least one).
     */
    public static int[] activeFrames(int start, int end, int hop, int clipSamples) {
        int frames = clipSamples / hop + 1;
        int from = Math.min(frames - 1, Math.max(0, (start + hop - 1) / hop));
        int to = Math.max(from + 1, Math.min(frames, end <= 0 ? 0 : (end - 1) / hop + 1));
        return new int[] {from, to};
    }

    /** Per-utterance normalisation in place of every clip in {@code f} (clips of bands × frames, row-major). */
    static void normalizeUtterances(float[] f, int bands, int frames, int from, int to) {
        int per = bands * frames, active = to - from;
        for (int o = 0; o + per <= f.length; o += per) {
            double sq = 0;
            float[] means = new float[bands];
            for (int b = 0; b < bands; b++) {
                int r = o + b * frames;
                double s = 0;
                for (int t = from; t < to; t++) s += f[r + t];
                means[b] = (float) (s / active);
                for (int t = from; t < to; t++) {
                    double v = f[r + t] - means[b];
                    sq += v * v;
                }
            }
            float inv = (float) (1 / Math.max(1e-5, Math.sqrt(sq / ((double) bands * active))));
            float quietest = Float.POSITIVE_INFINITY;
            for (int b = 0; b < bands; b++) {
                int r = o + b * frames;
                for (int t = from; t < to; t++) {
                    float v = (f[r + t] - means[b]) * inv;
                    f[r + t] = v;
                    quietest = Math.min(quietest, v);
                }
            }
            for (int b = 0; b < bands; b++) {
                int r = o + b * frames;
                for (int t = 0; t < from; t++) f[r + t] = quietest;
                for (int t = to; t < frames; t++) f[r + t] = quietest;
            }
        }
    }
}
