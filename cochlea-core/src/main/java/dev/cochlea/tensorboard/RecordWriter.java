package dev.cochlea.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends records in TFRecord framing, the container of TensorBoard event files: for each record,
 * its length (uint64, little-endian), the masked CRC32C of those 8 bytes, the payload, and the
 * masked CRC32C of the payload.
 *
 * <pre>{@code
 * try (RecordWriter w = RecordWriter.create(path)) {
 *     w.write(event.toByteArray());
 * }
 * }</pre>
 */
public final class RecordWriter implements AutoCloseable {
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path path;
    private final OutputStream out;

    private RecordWriter(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates a new file; fails if it already exists (nothing is overwritten). */
    public static RecordWriter create(Path path) throws IOException {
        OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new RecordWriter(path, new BufferedOutputStream(os, 1 << 16));
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    /** TensorFlow's masked CRC32C: the checksum rotated right by 15 bits plus a constant. */
    public static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Appends one framed record. */
    public synchronized void write(byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(payload.length);
        header.putInt(maskedCrc32c(header.array(), 0, 8));
        out.write(header.array());
        out.write(payload);
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt(maskedCrc32c(payload, 0, payload.length));
        out.write(footer.array());
    }

    /** Pushes buffered records to the file. */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
