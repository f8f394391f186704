package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

import java.util.List;

/**
 * Decoded audio: a float waveform of shape {@code [channels, frames]} scaled to {@code [-1, 1]}
 * (as {@code torchaudio.load} returns it), its sample rate, the encoding the file used, and what
 * was wrong with a file that could still be read.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("0_jackson_0.wav"));
 * Tensor x = a.waveform();                 // [1, 4484]
 * int sr = a.sampleRate();                 // 8000
 * AudioEncoding enc = a.encoding();        // PCM_S16
 * a.warnings().forEach(System.err::println);   // empty unless the file is damaged
 * }</pre>
 *
 * @param waveform   {@code [channels, frames]} float samples
 * @param sampleRate frames per second
 * @param encoding   the sample encoding of the file it was read from
 * @param warnings   problems of a file read anyway, each starting with the file's path: a data
 *                   chunk declared longer than the file (read as far as it goes, as libsndfile
 *                   does). Also logged once per process at {@code WARNING} on the
 *                   {@link System.Logger} named {@code dev.cochlea.audio}.
 */
public record AudioData(Tensor waveform, int sampleRate, AudioEncoding encoding, List<String> warnings) {

    /** Copies the warnings. */
    public AudioData {
        warnings = List.copyOf(warnings);
    }

    /** Audio read without warnings. */
    public AudioData(Tensor waveform, int sampleRate, AudioEncoding encoding) {
        this(waveform, sampleRate, encoding, List.of());
    }

    /** Number of channels. */
    public int channels() {
        return waveform.size(0);
    }

    /** Number of frames (samples per channel). */
    public int frames() {
        return waveform.size(1);
    }

    /** The duration in seconds. */
    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }
}
