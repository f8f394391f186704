package dev.cochlea.train;

import dev.cochlea.data.AudioItem;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The features of a list of recordings, computed once (in parallel over files) and kept in one
 * array, so training epochs never decode or transform audio again. Also records each clip's
 * duration for the dataset statistics. Files that cannot be read are left out and listed in
 * {@link #failures()}.
 *
 * <pre>{@code
 * FeatureSet train = FeatureSet.compute(parts.train(), labels, new FeatureExtractor(cfg));
 * Tensor x = train.features(0);   // [1, 40, 63]
 * }</pre>
 */
public final class FeatureSet {
    private final int[] shape;
    private final int size;
    private final float[] data;
    private final long[] labels;
    private final float[] durations;
    private final int[] activeFrom;
    private final int[] activeTo;
    private final List<AudioItem> items;
    private final List<String> failures;

    private FeatureSet(int[] shape, float[] data, long[] labels, float[] durations, int[] activeFrom, int[] activeTo, List<AudioItem> items,
                       List<String> failures) {
        this.activeFrom = activeFrom;
        this.activeTo = activeTo;
        this.shape = shape;
        this.size = labels.length;
        this.data = data;
        this.labels = labels;
        this.durations = durations;
        this.items = items;
        this.failures = failures;
    }

    /** Decodes and transforms every item; {@code classIndex} maps labels to class indices. */
    public static FeatureSet compute(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx) {
        return of(WaveformSet.decode(items, classIndex, fx, fx.config().clipSamples()), fx);
    }

    /** The features of every decoded clip, padded or trimmed to the clip length (in parallel over clips). */
    public static FeatureSet of(WaveformSet waves, FeatureExtractor fx) {
        int[] shape = fx.config().inputShape();
        int per = shape[0] * shape[1] * shape[2];
        int n = waves.size();
        float[] data = new float[n * per];
        long[] labels = new long[n];
        float[] durations = new float[n];
        int[] firstActive = new int[n], endActive = new int[n];
        FeatureConfig cfg = fx.config();
        Parallel.forChunks(n, Math.max(1, Math.min(n, Parallel.threads())), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] f = fx.fromWaveform(FeatureExtractor.fit(Tensor.wrap(waves.waveform(i), waves.length(i)),
                        fx.config().clipSamples())).toFloatArray();
                System.arraycopy(f, 0, data, i * per, per);
                labels[i] = waves.label(i);
                durations[i] = waves.duration(i);
                int[] active = FeatureNormalization.activeFrames(0, Math.min(waves.length(i), cfg.clipSamples()), cfg.hopLength(), cfg.clipSamples());
                firstActive[i] = active[0];
                endActive[i] = active[1];
            }
        });
        return new FeatureSet(shape, data, labels, durations, firstActive, endActive, waves.items(), waves.failures());
    }

    /** The number of clips. */
    public int size() {
        return size;
    }

    /** The shape of one clip's features, [1, bands, frames]. */
    public int[] shape() {
        return shape.clone();
    }

    /** The features of clip {@code i} (a copy). */
    public Tensor features(int i) {
        int per = shape[0] * shape[1] * shape[2];
        float[] f = new float[per];
        System.arraycopy(data, i * per, f, 0, per);
        return Tensor.wrap(f, shape.clone());
    }

    /** The frames {@code [from, to)} of clip {@code i} that hold the recording (the rest is padding). */
    public int[] activeFrames(int i) {
        return new int[] {activeFrom[i], activeTo[i]};
    }

    /** The class index of clip {@code i} (-1 for a label the model does not know). */
    public long label(int i) {
        return labels[i];
    }

    /** Clip {@code i}'s original duration in seconds. */
    public float duration(int i) {
        return durations[i];
    }

    /** The recording clip {@code i} came from. */
    public AudioItem item(int i) {
        return items.get(i);
    }

    /** Every recording kept, in order. */
    public List<AudioItem> items() {
        return items;
    }

    /** Files left out, each with the reason. */
    public List<String> failures() {
        return failures;
    }

    /** The raw feature array, [size, bands * frames] row-major (shared, not copied). */
    float[] raw() {
        return data;
    }
}
