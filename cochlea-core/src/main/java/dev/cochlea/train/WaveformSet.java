package dev.cochlea.train;

import dev.cochlea.Cochlea;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.data.AudioItem;
import dev.cochlea.data.ClipStore;
import dev.cochlea.data.ComputedClips;
import dev.cochlea.data.FloatRecords;
import dev.cochlea.data.HeapRecords;
import dev.cochlea.data.StoredClip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decoded recordings of a list of files, each as a mono waveform at the model's sample rate
 * (not yet padded or trimmed), decoded once in parallel and kept, so that augmentation can draw a
 * new version of every clip each epoch without touching the files again. They are kept on the heap,
 * or, given a clip store folder, on disk, read back on demand and reused by later runs with the
 * same settings (the heap then does not grow with the data). Clips longer than {@code maxSamples}
 * keep their first {@code maxSamples}, which bounds memory whatever a file declares. Files that
 * cannot be read, or whose sample rate is outside {@link SampleRates}' range, are left out and
 * listed in {@link #failures()}, each with its path.
 *
 * <pre>{@code
 * WaveformSet waves = WaveformSet.decode(parts.train(), classIndex, extractor, 2 * 8000);
 * float[] w = waves.waveform(0);      // mono, at 8 kHz
 * }</pre>
 */
public final class WaveformSet extends ClipSet {
    private final FloatRecords records;

    private WaveformSet(FloatRecords records, long[] labels, float[] durations, List<AudioItem> items, List<String> failures, int reused) {
        super(labels, durations, items, failures, reused);
        this.records = records;
    }

    /** Decodes every item onto the heap; {@code classIndex} maps labels to class indices (unknown labels get -1). */
    public static WaveformSet decode(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx, int maxSamples) {
        return of(ClipStoreSupport.inMemory(items, "decoded waveforms", i -> decodeOne(items.get(i), fx, maxSamples)), items, classIndex);
    }

    /**
     * Decodes every item into the clip store under {@code storeRoot}, reusing what an earlier run
     * with the same decoding settings left there; close the set when done.
     */
    public static WaveformSet decode(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx, int maxSamples, Path storeRoot)
            throws IOException {
        if (storeRoot == null) return decode(items, classIndex, fx, maxSamples);
        ClipStore store = ClipStore.open(storeRoot, "waveforms", settings(fx.config(), maxSamples));
        return of(store.load(ClipStoreSupport.paths(items), i -> decodeOne(items.get(i), fx, maxSamples)), items, classIndex);
    }

    /** The text that keys a store of waveforms: everything that changes the decoded samples. */
    static String settings(FeatureConfig c, int maxSamples) {
        return String.format(Locale.ROOT, "cochlea %s waveforms r%d: sampleRate=%d removeDc=%b trimDb=%s maxSamples=%d readSeconds=%d",
                Cochlea.VERSION, ClipStoreSupport.REVISION, c.sampleRate(), c.removeDc(), c.trimDb(), maxSamples, FeatureExtractor.READ_SECONDS);
    }

    static StoredClip decodeOne(AudioItem it, FeatureExtractor fx, int maxSamples) {
        try {
            AudioData audio = fx.read(it.path());
            if (audio.sampleRate() != fx.config().sampleRate()) SampleRates.check(it.path(), audio.sampleRate());
            float duration = audio.waveform().size(-1) / (float) audio.sampleRate();
            float[] w = fx.mono(audio).toFloatArray();
            if (w.length > maxSamples) w = java.util.Arrays.copyOf(w, maxSamples);
            return StoredClip.of(w, duration, 0, w.length);
        } catch (AudioFormatException e) {
            return StoredClip.failed(e.getMessage());
        } catch (java.nio.file.FileSystemException e) {
            return StoredClip.failedForNow(e.getMessage());
        } catch (IOException e) {
            return StoredClip.failedForNow(it.path() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return StoredClip.failed(it.path() + ": " + e.getMessage());
        }
    }

    private static WaveformSet of(ComputedClips c, List<AudioItem> items, Map<String, Integer> classIndex) {
        int n = c.size();
        long[] labels = new long[n];
        List<AudioItem> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AudioItem it = items.get(c.source(i));
            kept.add(it);
            Integer k = classIndex.get(it.label());
            labels[i] = k == null ? -1 : k;
        }
        return new WaveformSet(c.records(), labels, c.durations(), List.copyOf(kept), c.failures(), c.reused());
    }

    /** The clips of {@code a} followed by those of {@code b}, on the heap. */
    public static WaveformSet concat(WaveformSet a, WaveformSet b) {
        long[] labels = java.util.Arrays.copyOf(a.labels(), a.size() + b.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        float[] durations = java.util.Arrays.copyOf(a.durations(), a.size() + b.size());
        System.arraycopy(b.durations(), 0, durations, a.size(), b.size());
        List<AudioItem> items = new ArrayList<>(a.items());
        items.addAll(b.items());
        List<String> failures = new ArrayList<>(a.failures());
        failures.addAll(b.failures());
        return new WaveformSet(HeapRecords.concat(a.records, b.records), labels, durations, List.copyOf(items), List.copyOf(failures), 0);
    }

    /** Clip {@code i}'s waveform (a copy). */
    public float[] waveform(int i) {
        return records.get(i);
    }

    /** Clip {@code i}'s length in samples. */
    public int length(int i) {
        return records.length(i);
    }

    @Override
    public void close() {
        records.close();
    }
}
