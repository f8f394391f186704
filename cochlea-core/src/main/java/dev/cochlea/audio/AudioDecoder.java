package dev.cochlea.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one container format for {@link Audio}. WAV, AIFF and AU are built in; other formats
 * (FLAC, MP3, Ogg Vorbis, Ogg Opus) come from modules on the class path that list their decoders
 * in {@code META-INF/services/dev.cochlea.audio.AudioDecoder}, like {@code javax.sound}'s
 * providers. {@link Audio} picks the decoder from the file's first bytes, never from its name.
 *
 * <pre>{@code
 * public final class FlacDecoder implements AudioDecoder {
 *     public String format() { return "FLAC"; }
 *     public boolean recognizes(byte[] head, int length) { return length >= 4 && head[0] == 'f' && head[1] == 'L' ...; }
 *     public AudioInfo info(Path file) throws IOException { ... }
 *     public AudioData read(Path file, long frameOffset, int frames) throws IOException { ... }
 * }
 * }</pre>
 *
 * <p>A decoder must keep memory and time bounded whatever a file declares, and report a file it
 * cannot read with an {@link AudioFormatException} naming the file, what was expected and what was found.
 */
public interface AudioDecoder {
    /** How many leading bytes {@link #recognizes} is given (fewer when the file is shorter). */
    int HEAD_BYTES = 64;

    /** The container format, as soundfile names it: {@code WAV}, {@code FLAC}, {@code MP3}, {@code OGG}... */
    String format();

    /** Whether a file starting with {@code head[0 .. length)} is one this decoder reads. */
    boolean recognizes(byte[] head, int length);

    /** The file's format, rate, channels and frames, without decoding its samples. */
    AudioInfo info(Path file) throws IOException;

    /**
     * Decodes {@code frames} frames from frame {@code frameOffset} (negative {@code frames}: to the
     * end) into a {@code [channels, frames]} waveform scaled to {@code [-1, 1]}.
     */
    AudioData read(Path file, long frameOffset, int frames) throws IOException;
}
