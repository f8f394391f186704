package dev.cochlea.audio;

/**
 * What a WAV file holds, read from its header alone ({@link Wav#info}): like
 * {@code torchaudio.info}.
 *
 * <pre>{@code
 * AudioInfo info = Wav.info(Path.of("clip.wav"));
 * System.out.printf("%d Hz, %d ch, %.2f s, %s%n", info.sampleRate(), info.channels(),
 *         info.durationSeconds(), info.encoding());
 * }</pre>
 *
 * @param sampleRate frames per second
 * @param channels   number of channels
 * @param frames     number of frames (samples per channel)
 * @param encoding   how the samples are stored
 */
public record AudioInfo(int sampleRate, int channels, long frames, WavEncoding encoding) {

    /** Bits per sample of one channel. */
    public int bitsPerSample() {
        return encoding.bitsPerSample();
    }

    /** The duration in seconds. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
