package dev.cochlea.audio;

/**
 * What an audio file holds, read without decoding its samples ({@link Audio#info}): like
 * {@code torchaudio.info} and {@code soundfile.info}.
 *
 * <pre>{@code
 * AudioInfo info = Audio.info(Path.of("clip.flac"));
 * System.out.printf("%s %d Hz, %d ch, %.2f s, %s%n", info.format(), info.sampleRate(), info.channels(),
 *         info.durationSeconds(), info.encoding());           // FLAC 16000 Hz, 1 ch, 1.00 s, FLAC
 * }</pre>
 *
 * @param format        the container, as soundfile names it: {@code WAV}, {@code RF64}, {@code AIFF}, {@code AU},
 *                      {@code FLAC}, {@code MP3}, {@code OGG}
 * @param sampleRate    frames per second
 * @param channels      number of channels
 * @param frames        number of frames (samples per channel)
 * @param encoding      how the samples are stored
 * @param bitsPerSample bits per sample of one channel as stored ({@code bits_per_sample} of {@code torchaudio.info});
 *                      0 for the lossy encodings
 */
public record AudioInfo(String format, int sampleRate, int channels, long frames, AudioEncoding encoding, int bitsPerSample) {

    /** A file whose bits per sample are its encoding's. */
    public AudioInfo(String format, int sampleRate, int channels, long frames, AudioEncoding encoding) {
        this(format, sampleRate, channels, frames, encoding, encoding.bitsPerSample());
    }

    /** The duration in seconds. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
