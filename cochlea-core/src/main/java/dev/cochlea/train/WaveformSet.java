package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.data.AudioItem;
import dev.cochlea.kernels.Parallel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The decoded recordings of a list of files, each as a mono waveform at the model's sample rate
 * (not yet padded or trimmed), decoded once in parallel and kept in one array, so that
 * augmentation can draw a new version of every clip each epoch without touching the files again.
 * Clips longer than {@code maxSamples} keep their first {@code maxSamples}, which bounds memory
 * whatever a file declares. Files that cannot be read, or whose sample rate is outside
 * {@link SampleRates}' range, are left out and listed in {@link #failures()}, each with its path.
 *
 * <pre>{@code
 * WaveformSet waves = WaveformSet.decode(parts.train(), classIndex, extractor, 2 * 8000);
 * float[] w = waves.waveform(0);      // mono, at 8 kHz
 * }</pre>
 */
public final class WaveformSet extends ClipSet {
    private final float[] data;
    private final int[] starts;

    private WaveformSet(float[] data, int[] starts, long[] labels, float[] durations, List<AudioItem> items, List<String> failures) {
        super(labels, durations, items, failures);
        this.data = data;
        this.starts = starts;
    }

    /** Decodes every item; {@code classIndex} maps labels to class indices (unknown labels get -1). */
    public static WaveformSet decode(List<AudioItem> items, Map<String, Integer> classIndex, FeatureExtractor fx, int maxSamples) {
        int n = items.size();
        float[][] waves = new float[n][];
        long[] labels = new long[n];
        float[] durations = new float[n];
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        // Files are handed out one at a time so a slow file does not hold up a whole chunk.
        Parallel.forChunks(n, Math.max(1, Math.min(n, Parallel.threads())), (from, to) -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                AudioItem it = items.get(i);
                try {
                    AudioData audio = fx.read(it.path());
                    if (audio.sampleRate() != fx.config().sampleRate()) SampleRates.check(it.path(), audio.sampleRate());
                    durations[i] = audio.waveform().size(-1) / (float) audio.sampleRate();
                    float[] w = fx.mono(audio).toFloatArray();
                    waves[i] = w.length > maxSamples ? java.util.Arrays.copyOf(w, maxSamples) : w;
                    Integer c = classIndex.get(it.label());
                    labels[i] = c == null ? -1 : c;
                } catch (AudioFormatException | java.nio.file.FileSystemException e) {
                    failures.add(e.getMessage());
                } catch (IOException | RuntimeException e) {
                    failures.add(it.path() + ": " + e.getMessage());
                }
            }
        });
        int kept = 0;
        long total = 0;
        for (float[] w : waves) {
            if (w == null) continue;
            kept++;
            total += w.length;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("data: the recordings hold " + total + " samples at the model rate, more than one array "
                    + "can keep (2^31); use fewer or shorter files");
        }
        float[] data = new float[(int) total];
        int[] starts = new int[kept + 1];
        long[] l2 = new long[kept];
        float[] d2 = new float[kept];
        List<AudioItem> i2 = new ArrayList<>(kept);
        for (int i = 0, j = 0; i < n; i++) {
            if (waves[i] == null) continue;
            System.arraycopy(waves[i], 0, data, starts[j], waves[i].length);
            starts[j + 1] = starts[j] + waves[i].length;
            l2[j] = labels[i];
            d2[j] = durations[i];
            i2.add(items.get(i));
            j++;
        }
        Collections.sort(failures);
        return new WaveformSet(data, starts, l2, d2, List.copyOf(i2), List.copyOf(failures));
    }

    /** The clips of {@code a} followed by those of {@code b}. */
    public static WaveformSet concat(WaveformSet a, WaveformSet b) {
        float[] data = java.util.Arrays.copyOf(a.data, a.data.length + b.data.length);
        System.arraycopy(b.data, 0, data, a.data.length, b.data.length);
        int[] starts = java.util.Arrays.copyOf(a.starts, a.size() + b.size() + 1);
        for (int i = 1; i <= b.size(); i++) starts[a.size() + i] = a.data.length + b.starts[i];
        long[] labels = java.util.Arrays.copyOf(a.labels(), a.size() + b.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        float[] durations = java.util.Arrays.copyOf(a.durations(), a.size() + b.size());
        System.arraycopy(b.durations(), 0, durations, a.size(), b.size());
        List<AudioItem> items = new ArrayList<>(a.items());
        items.addAll(b.items());
        List<String> failures = new ArrayList<>(a.failures());
        failures.addAll(b.failures());
        return new WaveformSet(data, starts, labels, durations, List.copyOf(items), List.copyOf(failures));
    }

    /** Clip {@code i}'s waveform (a copy). */
    public float[] waveform(int i) {
        return java.util.Arrays.copyOfRange(data, starts[i], starts[i + 1]);
    }

    /** Clip {@code i}'s length in samples. */
    public int length(int i) {
        return starts[i + 1] - starts[i];
    }

}
