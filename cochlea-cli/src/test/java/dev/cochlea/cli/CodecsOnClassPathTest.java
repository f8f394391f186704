package dev.cochlea.cli;

import dev.cochlea.audio.Audio;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command's class path carries cochlea-codecs, so {@link Audio#read} finds its FLAC, MP3 and
 * Ogg (Vorbis, Opus) decoders through ServiceLoader, beside the built-in WAV one.
 */
class CodecsOnClassPathTest {
    @Test
    void everyCompressedFormatIsReadable() {
        List<String> formats = Audio.formats();
        for (String f : List.of("WAV", "FLAC", "MP3", "OGG")) {
            assertTrue(formats.contains(f), "Audio.formats() on the command's class path is " + formats + ", without " + f);
        }
    }
}
