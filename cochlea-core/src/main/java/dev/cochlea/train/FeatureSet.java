package dev.cochlea.train;

import dev.cochlea.Cochlea;
import dev.cochlea.data.AudioItem;
import dev.cochlea.data.ClipStore;
import dev.cochlea.data.ComputedClips;
import dev.cochlea.data.FloatRecords;
import dev.cochlea.data.StoredClip;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The features of a list of recordings, computed once (in parallel over files) and kept, so
 * training epochs never decode or transform audio again: on the heap, or, given a clip store
 * folder, on disk, read back on demand and reused by every later run with the same feature
 * settings (the heap then does not grow with the data). Also records each clip's duration for the
 * dataset statistics. Files that cannot be read are left out and listed in {@link #failures()}.
 *
 * <pre>{@code
 * FeatureSet train = FeatureSet.compute(parts.train(), labels, new FeatureExtractor(cfg));
 * Tensor x = train.features(0);   // [1, 40, 63]
 * }</pre>
 */
public final class FeatureSet extends ClipSet {
    private final int[] shape;
    private final FloatRecords records;
    private final int[] activeFrom;
    private final int[] activeTo;

    private FeatureSet(int[] shape, ComputedClips c, long[] labels, List<AudioItem> items, List<String> failures) {
        super(labels, c.durations(), items, failures, c.reused());
        this.shape = shape;
        this.records = c.records();
        this.activeFrom = c.from();
        this.activeTo = c.to();
    }

    /** Decodes and transforms every item onto the heap; {@code classIndex} maps labels to class indices. */
    public static FeatureSet compute(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx) {
        requireHeap(items.size(), fx);
        int n = fx.config().clipSamples();
        return of(ClipStoreSupport.inMemory(items, "features", i -> fromFile(items.get(i), fx, n)), items, classIndex, fx);
    }

    /**
     * Decodes and transforms every item into the clip store under {@code storeRoot} (null: onto the
     * heap), reusing what an earlier run with the same feature settings left there; close the set
     * when done.
     */
    public static FeatureSet compute(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx, Path storeRoot)
            throws IOException {
        if (storeRoot == null) return compute(items, classIndex, fx);
        int n = fx.config().clipSamples();
        return of(store(storeRoot, fx).load(ClipStoreSupport.paths(items), i -> fromFile(items.get(i), fx, n)), items, classIndex, fx);
    }

    /** The features of every decoded clip, padded or trimmed to the clip length, on the heap (in parallel over clips). */
    public static FeatureSet of(WaveformSet waves, FeatureExtractor fx) {
        requireHeap(waves.size(), fx);
        return of(ClipStoreSupport.inMemory(waves.items(), "features", i -> fromWaveform(waves, i, fx)), waves, fx);
    }

    /** As {@link #of(WaveformSet, FeatureExtractor)}, kept in the clip store under {@code storeRoot} (null: on the heap). */
    public static FeatureSet of(WaveformSet waves, FeatureExtractor fx, Path storeRoot) throws IOException {
        if (storeRoot == null) return of(waves, fx);
        return of(store(storeRoot, fx).load(ClipStoreSupport.paths(waves.items()), i -> fromWaveform(waves, i, fx)), waves, fx);
    }

    private static ClipStore store(Path root, FeatureExtractor fx) throws IOException {
        return ClipStore.open(root, "features", "cochlea " + Cochlea.VERSION + " features r" + ClipStoreSupport.REVISION + ": " + fx.config()
                + " readSeconds=" + FeatureExtractor.READ_SECONDS);
    }

    private static void requireHeap(int clips, FeatureExtractor fx) {
        int[] s = fx.config().inputShape();
        ClipStoreSupport.requireHeap(clips, "features", 4L * clips * s[0] * s[1] * s[2]);
    }

    private static StoredClip fromFile(AudioItem it, FeatureExtractor fx, int clipSamples) {
        StoredClip w = WaveformSet.decodeOne(it, fx, clipSamples);
        return w.isFailure() ? w : features(w.values(), w.values().length, w.duration(), fx);
    }

    private static StoredClip fromWaveform(WaveformSet waves, int i, FeatureExtractor fx) {
        return features(waves.waveform(i), waves.length(i), waves.duration(i), fx);
    }

    private static StoredClip features(float[] wave, int length, float duration, FeatureExtractor fx) {
        FeatureConfig cfg = fx.config();
        float[] f = fx.fromWaveform(FeatureExtractor.fit(Tensor.wrap(wave, length), cfg.clipSamples())).toFloatArray();
        int[] active = FeatureNormalization.activeFrames(0, Math.min(length, cfg.clipSamples()), cfg.hopLength(), cfg.clipSamples());
        return StoredClip.of(f, duration, active[0], active[1]);
    }

    /** {@code c}'s records as a feature set; {@code sources} indexes of {@code c} point into {@code items}. */
    private static FeatureSet of(ComputedClips c, List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx) {
        long[] labels = new long[c.size()];
        List<AudioItem> kept = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            AudioItem it = items.get(c.source(i));
            kept.add(it);
            Integer k = classIndex.get(it.label());
            labels[i] = k == null ? -1 : k;
        }
        return new FeatureSet(fx.config().inputShape(), c, labels, List.copyOf(kept), c.failures());
    }

    /** {@code c}'s records, computed from {@code waves}, as a feature set; the files the waveforms lack stay listed as failures. */
    private static FeatureSet of(ComputedClips c, WaveformSet waves, FeatureExtractor fx) {
        long[] labels = new long[c.size()];
        List<AudioItem> kept = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            labels[i] = waves.label(c.source(i));
            kept.add(waves.item(c.source(i)));
        }
        List<String> failures = new ArrayList<>(waves.failures());
        failures.addAll(c.failures());
        java.util.Collections.sort(failures);
        return new FeatureSet(fx.config().inputShape(), c, labels, List.copyOf(kept), List.copyOf(failures));
    }

    /** The shape of one clip's features, [1, bands, frames]. */
    public int[] shape() {
        return shape.clone();
    }

    /** The features of clip {@code i} (a copy). */
    public Tensor features(int i) {
        return Tensor.wrap(records.get(i), shape.clone());
    }

    /** Copies the features of clip {@code i} into {@code dst} from {@code offset} (bands × frames floats, row-major). */
    public void read(int i, float[] dst, int offset) {
        records.read(i, dst, offset);
    }

    /** The frames {@code [from, to)} of clip {@code i} that hold the recording (the rest is padding). */
    public int[] activeFrames(int i) {
        return new int[] {activeFrom[i], activeTo[i]};
    }

    @Override
    public void close() {
        records.close();
    }
}
