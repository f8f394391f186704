package dev.cochlea.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open audio file for the built-in decoders: its first block is read at once (small files
 * whole, in one call), other ranges with positional reads. Every range asked for is checked to
 * lie inside the file, so a size read from a header never allocates more than the file holds.
 *
 * <pre>{@code
 * try (AudioSource src = AudioSource.open(file, 4096)) {
 *     ByteBuffer header = src.bytes(0, 12, ByteOrder.BIG_ENDIAN);
 * }
 * }</pre>
 */
final class AudioSource implements AutoCloseable {
    /** Bytes read in one go when a whole file is to be decoded: whole small files, the header of large ones. */
    static final int READ_HEAD = 1 << 16;
    /** Bytes read in one go when only the header is wanted. */
    static final int INFO_HEAD = 4096;

    final Path file;
    final long size;
    private final FileChannel ch;
    private final ByteBuffer head;

    private AudioSource(Path file, FileChannel ch, long size, ByteBuffer head) {
        this.file = file;
        this.ch = ch;
        this.size = size;
        this.head = head;
    }

    /** Opens {@code file} and reads its first {@code headBytes} bytes (fewer when it is shorter). */
    static AudioSource open(Path file, int headBytes) throws IOException {
        if (Files.isDirectory(file)) throw new AudioFormatException(file, "is a folder, not an audio file");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "cannot be read: permission denied");
        } catch (FileSystemException e) {
            throw new FileSystemException(file.toString(), null,
                    "cannot be opened: " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        }
        try {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, headBytes));
            readFully(file, ch, head, 0);
            return new AudioSource(file, ch, size, head);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * {@code len} bytes from {@code pos}, at index 0, in byte order {@code order}.
     *
     * @throws AudioFormatException when the range runs past the end of the file
     */
    ByteBuffer bytes(long pos, int len, ByteOrder order) throws IOException {
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new AudioFormatException(file, "truncated: expected " + len + " bytes at byte " + pos
                    + ", but the file has " + size + " bytes");
        }
        if (pos + len <= head.limit()) return head.slice((int) pos, len).order(order);
        ByteBuffer b = ByteBuffer.allocate(len);
        readFully(file, ch, b, pos);
        return b.order(order);
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new AudioFormatException(file, "truncated: the file ended while reading byte " + pos);
            pos += r;
        }
        b.flip();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
