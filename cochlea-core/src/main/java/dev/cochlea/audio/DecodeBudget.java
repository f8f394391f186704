package dev.cochlea.audio;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The limits of one decode: a waveform must fit in one tensor and, with the copies decoding makes,
 * in the heap this JVM may still grow to. Decoders check before they allocate, so that a file that
 * declares, or decompresses to, more audio than can be held is refused with a message naming it
 * and suggesting a range read, instead of ending the process with an {@link OutOfMemoryError}.
 *
 * <pre>{@code
 * DecodeBudget.check(file, frames, channels);   // throws AudioFormatException when it cannot fit
 * float[] out = new float[frames * channels];
 * }</pre>
 */
public final class DecodeBudget {
    /** The most floats one tensor may hold. */
    public static final long MAX_FLOATS = Integer.MAX_VALUE - 16;
    /** Copies of the output that decoding may hold at once (the buffer, a grown buffer, the tensor). */
    private static final int COPIES = 3;

    private DecodeBudget() {
    }

    /**
     * Refuses {@code frames × channels} samples that do not fit in one tensor, or whose copies would
     * take more than the heap the JVM may grow to.
     */
    public static void check(Path file, long frames, int channels) throws AudioFormatException {
        long floats = frames * Math.max(1, channels);
        if (frames < 0 || floats / Math.max(1, channels) != frames || floats > MAX_FLOATS) {
            throw new AudioFormatException(file, "too long to load into one tensor (" + frames + " frames x " + channels
                    + " channels is more than " + MAX_FLOATS + " floats); read a range with Audio.read(file, frameOffset, frames)");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (floats * Float.BYTES * COPIES > free) {
            throw new AudioFormatException(file, String.format(Locale.ROOT,
                    "%d frames x %d channels (%.0f MB as floats) do not fit in the memory this JVM has left (%.0f MB of -Xmx %.0f MB); "
                            + "read a range with Audio.read(file, frameOffset, frames), or give Java more heap",
                    frames, channels, floats * 4 / 1e6, free / 1e6, rt.maxMemory() / 1e6));
        }
    }
}
