package dev.cochlea.audio;

import java.nio.file.Path;

/**
 * The sample rates Cochlea turns into features: {@value #MIN} Hz to {@value #MAX} Hz. The audio
 * readers ({@link Audio}) read any rate of at least 1 Hz (as libsndfile and torchaudio do); training, evaluation and
 * prediction refuse a file outside this range before resampling it, since a rate of 1 Hz or
 * 10 MHz is a damaged or hostile header rather than a recording.
 *
 * <pre>{@code
 * AudioData a = Audio.read(file);
 * SampleRates.check(file, a.sampleRate());   // AudioFormatException naming the file when outside
 * }</pre>
 */
public final class SampleRates {
    /** The lowest accepted rate in Hz. */
    public static final int MIN = 1_000;
    /** The highest accepted rate in Hz. */
    public static final int MAX = 768_000;

    private SampleRates() {}

    /** Whether {@code rate} is within {@link #MIN} to {@link #MAX} Hz. */
    public static boolean accepted(long rate) {
        return rate >= MIN && rate <= MAX;
    }

    /**
     * Refuses a rate outside {@link #MIN} to {@link #MAX} Hz.
     *
     * @throws AudioFormatException naming {@code file}, the accepted range and the rate found
     */
    public static void check(Path file, long rate) throws AudioFormatException {
        if (!accepted(rate)) throw new AudioFormatException(file, problem(rate));
    }

    /** The message for a rate outside the range, without the file's name. */
    public static String problem(long rate) {
        return "sample rate " + rate + " Hz is outside the accepted range " + MIN + " to " + MAX
                + " Hz (a damaged header or not a recording)";
    }
}
