package dev.cochlea.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio file that cannot be read or written: no decoder recognises its first bytes, it is
 * truncated before its samples, it lacks a chunk it needs ({@code fmt }, {@code data},
 * {@code COMM}, {@code SSND}), it uses an encoding Cochlea does not decode (the message names the
 * format tag, AIFF-C compression type or AU encoding), or it declares values that cannot be right
 * (0 channels, a rate of 0 Hz, sizes that do not fit the file). The message always starts with the
 * file's path, then says what was expected and what was found.
 *
 * <pre>{@code
 * try {
 *     AudioData a = Audio.read(Path.of("clip.wav"));
 * } catch (AudioFormatException e) {
 *     System.err.println(e.getMessage()); // "clip.wav: unsupported WAV format tag 0x0002 (Microsoft ADPCM); ..."
 * }
 * }</pre>
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error about {@code file}; the message is prefixed with the file's path. */
    public AudioFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** An error about {@code file} caused by {@code cause}. */
    public AudioFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the error is about. */
    public Path file() {
        return file;
    }
}
