package dev.cochlea.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The built-in {@link AudioDecoder} for WAV files: RIFF, RIFX (big-endian), RF64 and BW64, all
 * with the form type {@code WAVE}; read by {@link Wav}.
 */
final class WavDecoder implements AudioDecoder {
    @Override
    public String format() {
        return "WAV";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        boolean riff = Audio.startsWith(head, length, 0, "RIFF") || Audio.startsWith(head, length, 0, "RIFX")
                || Audio.startsWith(head, length, 0, "RF64") || Audio.startsWith(head, length, 0, "BW64");
        return riff && Audio.startsWith(head, length, 8, "WAVE");
    }

    @Override
    public AudioInfo info(Path file) throws IOException {
        return Wav.info(file);
    }

    @Override
    public AudioData read(Path file, long frameOffset, int frames) throws IOException {
        return Wav.read(file, frameOffset, frames);
    }
}
