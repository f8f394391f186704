package dev.cochlea.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link FloatRecords} read from a {@link ClipStore}'s segment files on demand, with positional
 * reads: the page cache keeps what is read often, and neither the heap nor the process's resident
 * set grows with the data (mapped pages would count as resident).
 *
 * <pre>{@code
 * ComputedClips c = store.load(files, compute);
 * try (FloatRecords r = c.records()) {
 *     float[] x = r.get(0);
 * }
 * }</pre>
 */
public final class StoredClips implements FloatRecords {
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> direct(1 << 16));

    private final Path dir;
    private final Path[] segments;
    private final FileChannel[] channels;
    private final int[] segmentOf;
    private final long[] offsets;
    private final int[] lengths;
    private volatile boolean closed;

    StoredClips(Path dir, Path[] segments, FileChannel[] channels, int[] segmentOf, long[] offsets, int[] lengths) {
        this.dir = dir;
        this.segments = segments;
        this.channels = channels;
        this.segmentOf = segmentOf;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int size() {
        return lengths.length;
    }

    @Override
    public int length(int i) {
        return lengths[i];
    }

    @Override
    public void read(int i, float[] dst, int offset) {
        int bytes = 4 * lengths[i];
        ByteBuffer b = BUFFER.get();
        if (b.capacity() < bytes) {
            b = direct(Integer.highestOneBit(bytes - 1) << 1);
            BUFFER.set(b);
        }
        for (int attempt = 0; ; attempt++) {
            b.clear().limit(bytes);
            try {
                FileChannel ch = channel(segmentOf[i]);
                long at = offsets[i];
                while (b.hasRemaining()) {
                    int got = ch.read(b, at + b.position());
                    if (got < 0) throw new IOException("ends early (a segment was truncated)");
                }
                break;
            } catch (java.nio.channels.ClosedByInterruptException e) {
                throw new UncheckedIOException("clip store " + dir + ": reading record " + i + " was interrupted", e);
            } catch (java.nio.channels.ClosedChannelException e) {
                // Another thread's interrupt closes a channel for every thread: open it again, unless closed on purpose.
                if (closed || attempt > 2) throw new UncheckedIOException("clip store " + dir + ": the records are closed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("clip store " + dir + ": record " + i + " could not be read: " + e.getMessage(), e);
            }
        }
        b.flip();
        b.asFloatBuffer().get(dst, offset, lengths[i]);
    }

    private FileChannel channel(int segment) throws IOException {
        FileChannel ch = channels[segment];
        if (ch.isOpen()) return ch;
        synchronized (channels) {
            if (closed) throw new java.nio.channels.ClosedChannelException();
            if (!channels[segment].isOpen()) channels[segment] = FileChannel.open(segments[segment], StandardOpenOption.READ);
            return channels[segment];
        }
    }

    @Override
    public void close() {
        synchronized (channels) {
            closed = true;
            for (FileChannel ch : channels) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Closing a read-only channel loses nothing.
                }
            }
        }
    }
}
