package dev.cochlea.audio;

import java.util.List;

/**
 * What an audio file holds, read without decoding its samples ({@link Audio#info}): like
 * {@code torchaudio.info} and {@code soundfile.info}.
 *
 * <pre>{@code
 * AudioInfo info = Audio.info(Path.of("clip.aiff"));
 * System.out.printf("%s %d Hz, %d ch, %.2f s, %s, %d bits%n", info.format(), info.sampleRate(), info.channels(),
 *         info.durationSeconds(), info.encoding(), info.bitsPerSample());   // AIFF 44100 Hz, 2 ch, 1.00 s, PCM_S24, 24 bits
 * }</pre>
 *
 * @param format        the container, as soundfile names it: {@code WAV} (also RIFX, big-endian WAV), {@code RF64}
 *                      (also BW64), {@code AIFF} (also AIFF-C), {@code AU}, {@code FLAC}, {@code MP3}, {@code OGG}
 * @param sampleRate    frames per second
 * @param channels      number of channels
 * @param frames        number of frames (samples per channel)
 * @param encoding      how the samples are stored
 * @param bitsPerSample bits per sample of one channel as stored ({@code bits_per_sample} of {@code torchaudio.info}):
 *                      the container's, so 12-bit samples in 2-byte containers give 16, as soundfile's {@code PCM_16};
 *                      0 for the lossy encodings
 * @param warnings      problems of a file that can be read anyway (see {@link AudioData#warnings()})
 */
public record AudioInfo(String format, int sampleRate, int channels, long frames, AudioEncoding encoding, int bitsPerSample,
                        List<String> warnings) {

    /** Copies the warnings. */
    public AudioInfo {
        warnings = List.copyOf(warnings);
    }

    /** A file without warnings. */
    public AudioInfo(String format, int sampleRate, int channels, long frames, AudioEncoding encoding, int bitsPerSample) {
        this(format, sampleRate, channels, frames, encoding, bitsPerSample, List.of());
    }

    /** A file without warnings whose bits per sample are its encoding's. */
    public AudioInfo(String format, int sampleRate, int channels, long frames, AudioEncoding encoding) {
        this(format, sampleRate, channels, frames, encoding, encoding.bitsPerSample());
    }

    /** The duration in seconds. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
