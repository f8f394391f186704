package dev.cochlea.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A decoder for a container of uncompressed samples (AIFF, AU): it only finds the
 * {@link PcmLayout} in the header; reading the header for {@code info} and the samples for
 * {@code read} is the same for all.
 *
 * <pre>{@code
 * final class AuDecoder extends PcmFileDecoder {
 *     PcmLayout layout(AudioSource src) throws IOException { ... }   // parse the header
 * }
 * }</pre>
 */
abstract class PcmFileDecoder implements AudioDecoder {
    /** Where the samples are and how they are stored, from the file's header; a bad header is an {@link AudioFormatException}. */
    abstract PcmLayout layout(AudioSource src) throws IOException;

    @Override
    public final AudioInfo info(Path file) throws IOException {
        try (AudioSource src = AudioSource.open(file, AudioSource.INFO_HEAD)) {
            return layout(src).info();
        }
    }

    @Override
    public final AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (AudioSource src = AudioSource.open(file, AudioSource.READ_HEAD)) {
            return layout(src).read(src, frameOffset, frames);
        }
    }
}
