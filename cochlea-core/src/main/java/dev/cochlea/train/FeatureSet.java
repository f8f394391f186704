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
public final class FeatureSet extends ClipSet {
    private final int[] shape;
    private final float[] data;
    private final int[] activeFrom;
    private final int[] activeTo;

    private FeatureSet(int[] shape, float[] data, long[] labels, float[] durations, int[] activeFrom, int[] activeTo, List<AudioItem> items,
                       List<String> failures) {
        super(labels, durations, items, failures);
        this.activeFrom = activeFrom;
        this.activeTo = activeTo;
        this.shape = shape;
        this.data = data;
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

    /** The raw feature array, [size, bands * frames] row-major (shared, not copied). */
    float[] raw() {
        return data;
    }
}
