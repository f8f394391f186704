package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.Wav;
import dev.cochlea.data.AudioItem;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final List<AudioItem> items;
    private final List<String> failures;

    private FeatureSet(int[] shape, float[] data, long[] labels, float[] durations, List<AudioItem> items, List<String> failures) {
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
        int[] shape = fx.config().inputShape();
        int per = shape[0] * shape[1] * shape[2];
        int n = items.size();
        float[] data = new float[n * per];
        long[] labels = new long[n];
        float[] durations = new float[n];
        boolean[] ok = new boolean[n];
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        // Files are handed out one at a time so a slow file does not hold up a whole chunk.
        Parallel.forChunks(n, Math.max(1, Math.min(n, Parallel.threads())), (from, to) -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                AudioItem it = items.get(i);
                try {
                    AudioData audio = Wav.read(it.path());
                    durations[i] = audio.waveform().size(-1) / (float) audio.sampleRate();
                    float[] f = fx.extract(audio).toFloatArray();
                    System.arraycopy(f, 0, data, i * per, per);
                    Integer c = classIndex.get(it.label());
                    labels[i] = c == null ? -1 : c;
                    ok[i] = true;
                } catch (IOException | RuntimeException e) {
                    failures.add(it.path() + ": " + e.getMessage());
                }
            }
        });
        int kept = 0;
        for (boolean b : ok) if (b) kept++;
        if (kept == n) return new FeatureSet(shape, data, labels, durations, List.copyOf(items), List.of());
        float[] d2 = new float[kept * per];
        long[] l2 = new long[kept];
        float[] t2 = new float[kept];
        List<AudioItem> i2 = new ArrayList<>(kept);
        for (int i = 0, j = 0; i < n; i++) {
            if (!ok[i]) continue;
            System.arraycopy(data, i * per, d2, j * per, per);
            l2[j] = labels[i];
            t2[j] = durations[i];
            i2.add(items.get(i));
            j++;
        }
        Collections.sort(failures);
        return new FeatureSet(shape, d2, l2, t2, i2, List.copyOf(failures));
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

    /** Files left out, each with the reason. */
    public List<String> failures() {
        return failures;
    }

    /** The raw feature array, [size, bands * frames] row-major (shared, not copied). */
    float[] raw() {
        return data;
    }
}
