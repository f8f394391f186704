package dev.cochlea.train;

import dev.cochlea.data.AudioItem;

import java.util.List;

/**
 * What every set of decoded clips knows about its clips, whatever form it keeps them in
 * ({@link WaveformSet}: waveforms, {@link FeatureSet}: features): the recording each came from,
 * its class index, its original duration, and the files that could not be read.
 *
 * <pre>{@code
 * ClipSet clips = FeatureSet.compute(parts.test(), classIndex, extractor);
 * String speaker = clips.item(0).group();
 * }</pre>
 */
public abstract class ClipSet implements AutoCloseable {
    private final long[] labels;
    private final float[] durations;
    private final List<AudioItem> items;
    private final List<String> failures;
    private final int reused;

    /** Clips of {@code items}, one label and duration each; {@code reused} of them were found in a clip store. */
    protected ClipSet(long[] labels, float[] durations, List<AudioItem> items, List<String> failures, int reused) {
        this.labels = labels;
        this.durations = durations;
        this.items = items;
        this.failures = failures;
        this.reused = reused;
    }

    /** How many clips were read back from a clip store rather than computed. */
    public int reused() {
        return reused;
    }

    /** Closes the clip store's files, if the clips are kept in one (heap clips hold nothing). */
    @Override
    public void close() {
    }

    /** The number of clips. */
    public int size() {
        return labels.length;
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

    long[] labels() {
        return labels;
    }

    float[] durations() {
        return durations;
    }
}
