package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an uncompressed file keeps its samples and how: what the WAV, AIFF and AU parsers find in
 * a header, and the one reader they share. The samples are {@code dataBytes} bytes from byte
 * {@code dataStart}, interleaved frames of {@code channels} samples of {@code encoding}'s size,
 * in byte order {@code order}. {@code dataBytes} already lies inside the file (a parser cuts a
 * declared size at the end of the file and says so in {@code warnings}).
 *
 * <pre>{@code
 * PcmLayout l = new PcmLayout(file, "AU", AudioEncoding.PCM_S16, ByteOrder.BIG_ENDIAN, 1, 8000, 24, 1600, List.of());
 * AudioData a = l.read(src, 0, -1);   // 800 frames
 * }</pre>
 */
record PcmLayout(Path file, String format, AudioEncoding encoding, ByteOrder order, int channels, int sampleRate,
                 long dataStart, long dataBytes, List<String> warnings) {
    /** The most channels a file may declare (WAV's 16-bit field; AIFF's is smaller, AU's larger). */
    static final int MAX_CHANNELS = 65535;
    /** Bytes decoded per step when a read does not fit in the first block. */
    private static final int CHUNK_BYTES = 1 << 20;

    PcmLayout {
        warnings = List.copyOf(warnings);
    }

    /**
     * Checks a header's channel count and rate, as a parser finds them.
     *
     * @param where what holds them, e.g. {@code "the 'fmt ' chunk"}
     * @throws AudioFormatException naming the file, what was expected and what was found
     */
    static void checkChannelsAndRate(Path file, String where, long channels, double rate) throws AudioFormatException {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioFormatException(file, where + " declares " + channels + " channels; expected 1 to " + MAX_CHANNELS);
        }
        if (!(rate >= 1 && rate <= Integer.MAX_VALUE)) {
            throw new AudioFormatException(file, where + " declares a sample rate of " + (rate == Math.rint(rate) && Math.abs(rate) < 1e15 ? Long.toString((long) rate) : Double.toString(rate))
                    + " Hz; expected 1 to " + Integer.MAX_VALUE + " Hz");
        }
    }

    /** Bytes per frame. */
    int blockAlign() {
        return channels * encoding.bytesPerSample();
    }

    /** Whole frames in the data (a trailing partial frame is left out). */
    long frames() {
        return dataBytes / blockAlign();
    }

    /** The header as {@link AudioInfo}; the warnings are logged. */
    AudioInfo info() {
        AudioWarnings.log(warnings);
        return new AudioInfo(format, sampleRate, channels, frames(), encoding, encoding.bitsPerSample(), warnings);
    }

    /**
     * Reads {@code frames} frames from frame {@code frameOffset} (negative {@code frames}: to the
     * end), seeking past the frames before it; a range past the end is cut at the end. The
     * warnings are logged and attached.
     *
     * @throws AudioFormatException when the range holds more samples than one tensor may
     */
    AudioData read(AudioSource src, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        long total = frames();
        long start = Math.min(frameOffset, total);
        long n = frames < 0 ? total - start : Math.min(frames, total - start);
        DecodeBudget.check(file, n, channels);
        AudioWarnings.log(warnings);
        int count = (int) n;
        int align = blockAlign();
        float[] out = new float[count * channels];
        int framesPerChunk = Math.max(1, CHUNK_BYTES / align);
        for (int done = 0; done < count; ) {
            int step = Math.min(framesPerChunk, count - done);
            ByteBuffer b = src.bytes(dataStart + (start + done) * align, step * align, order);
            SampleDecoder.decode(b, encoding, channels, step, out, done, count);
            done += step;
        }
        return new AudioData(Tensor.wrap(out, channels, count), sampleRate, encoding, warnings);
    }
}
