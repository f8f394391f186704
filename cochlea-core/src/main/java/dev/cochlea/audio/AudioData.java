package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

/**
 * Decoded audio: a float waveform of shape {@code [channels, frames]} scaled to {@code [-1, 1]}
 * (as {@code torchaudio.load} returns it), its sample rate, and the encoding the file used.
 *
 * <pre>{@code
 * AudioData a = Wav.read(Path.of("0_jackson_0.wav"));
 * Tensor x = a.waveform();                 // [1, 4484]
 * int sr = a.sampleRate();                 // 8000
 * AudioEncoding enc = a.encoding();          // PCM_S16
 * }</pre>
 *
 * @param waveform   {@code [channels, frames]} float samples
 * @param sampleRate frames per second
 * @param encoding   the sample encoding of the file it was read from
 */
public record AudioData(Tensor waveform, int sampleRate, AudioEncoding encoding) {

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
