package dev.cochlea.codecs;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioWarnings;
import dev.cochlea.audio.DecodeBudget;
import dev.cochlea.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects the decoded frames of one read: drops the frames before the range, keeps at most the
 * frames asked for, and grows its buffers with what was really decoded (never from a size a file
 * declares), so memory follows the output. Past {@link #MAX_FLOATS} floats, or past what the heap can
 * still hold ({@link DecodeBudget}), it refuses, suggesting a range read.
 */
final class FrameSink {
    /** The most floats one tensor may hold. */
    static final long MAX_FLOATS = DecodeBudget.MAX_FLOATS;
    private static final int FIRST_CAPACITY = 1 << 14;

    private final Path file;
    private final int channels;
    private final long limit;
    private long toSkip;
    private float[][] data;
    private int count;

    /**
     * @param frameOffset the first frame wanted (counted from the first frame the decoder outputs)
     * @param frames      how many frames are wanted; negative for all
     * @param available   how many frames the stream holds from its start, or -1 when unknown; the
     *                    range is cut there
     */
    FrameSink(Path file, int channels, long frameOffset, long frames, long available) throws AudioFormatException {
        this.file = file;
        this.channels = channels;
        long want = frames < 0 ? Long.MAX_VALUE : frames;
        if (available >= 0) want = Math.min(want, Math.max(0, available - frameOffset));
        if (want != Long.MAX_VALUE && want > MAX_FLOATS / channels) throw tooLong(want);
        this.limit = want;
        this.toSkip = frameOffset;
        this.data = new float[channels][(int) Math.min(FIRST_CAPACITY, Math.max(0, want))];
    }

    /** Whether every frame wanted has been taken: the decoder may stop. */
    boolean full() {
        return count >= limit;
    }

    /** Frames still to drop before the range starts. */
    long framesToSkip() {
        return toSkip;
    }

    /** Frames kept so far. */
    int frames() {
        return count;
    }

    /** Offers {@code n} frames, channel {@code c} in {@code src[c][from .. from + n)}. */
    void offer(float[][] src, int from, int n) throws AudioFormatException {
        int skip = skip(n);
        int take = reserve(n - skip);
        for (int c = 0; c < channels && take > 0; c++) System.arraycopy(src[c], from + skip, data[c], count, take);
        count += take;
    }

    /** Offers {@code n} interleaved frames from {@code src[from ..]}, each value multiplied by {@code scale}. */
    void offerInterleaved(short[] src, int from, int n, float scale) throws AudioFormatException {
        int skip = skip(n);
        int take = reserve(n - skip);
        for (int i = 0; i < take; i++) {
            int at = from + (skip + i) * channels;
            for (int c = 0; c < channels; c++) data[c][count + i] = src[at + c] * scale;
        }
        count += take;
    }

    /**
     * Offers {@code n} integer frames, channel {@code c} in {@code src[c][0 .. n)}, each converted
     * to float and multiplied by {@code scale} (a power of two, so the product is exact), as
     * libsndfile scales integer samples. Only the frames kept are converted.
     */
    void offerScaled(long[][] src, int n, float scale) throws AudioFormatException {
        int skip = skip(n);
        int take = reserve(n - skip);
        for (int c = 0; c < channels && take > 0; c++) {
            long[] from = src[c];
            float[] to = data[c];
            for (int i = 0; i < take; i++) to[count + i] = (float) from[skip + i] * scale;
        }
        count += take;
    }

    /** How many of {@code n} offered frames fall before the range (they are dropped). */
    private int skip(int n) {
        int skip = (int) Math.min(toSkip, n);
        toSkip -= skip;
        return skip;
    }

    /** Makes room for up to {@code n} more frames; returns how many are kept. */
    private int reserve(int n) throws AudioFormatException {
        long take = Math.min(n, limit - count);
        if (take <= 0) return 0;
        long need = count + take;
        if (need > data[0].length) {
            if (need > MAX_FLOATS / channels) throw tooLong(Long.MAX_VALUE);
            long grown = Math.max(need, Math.min(2L * data[0].length, Math.min(limit, MAX_FLOATS / channels)));
            DecodeBudget.check(file, grown, channels);
            for (int c = 0; c < channels; c++) data[c] = Arrays.copyOf(data[c], (int) grown);
        }
        return (int) take;
    }

    private AudioFormatException tooLong(long frames) {
        return new AudioFormatException(file, "too long to load into one tensor: " + (frames == Long.MAX_VALUE ? "more than " + MAX_FLOATS / channels : frames)
                + " frames x " + channels + " channels is more than " + MAX_FLOATS + " floats; read a range with Audio.read(file, frameOffset, frames)");
    }

    /** The frames kept, as a {@code [channels, frames]} waveform. */
    AudioData result(int sampleRate, AudioEncoding encoding) {
        return result(sampleRate, encoding, java.util.List.of());
    }

    /**
     * The frames kept, with warnings about the file (logged once by {@link AudioWarnings}); when
     * there are none and fewer frames were decoded than the stream declares, a warning says so.
     */
    AudioData result(int sampleRate, AudioEncoding encoding, java.util.List<String> warnings) {
        if (warnings.isEmpty() && limit != Long.MAX_VALUE && count < limit) {
            warnings = java.util.List.of(file + ": decoded " + count + " of the " + limit + " frames the stream declares for this read; "
                    + "it is damaged or cut short, and the rest is left out");
        }
        float[] out = new float[channels * count];
        for (int c = 0; c < channels; c++) System.arraycopy(data[c], 0, out, c * count, count);
        data = null;
        AudioWarnings.log(warnings);
        return new AudioData(Tensor.wrap(out, channels, count), sampleRate, encoding, warnings);
    }
}
