package dev.cochlea.codecs;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A big-endian bit reader over a file, for FLAC (RFC 9639). It keeps the bytes of the current
 * frame in one window ({@link #markFrame()} starts a frame) so that the frame's CRC-8 and CRC-16
 * can be computed over them; the window grows with a frame up to {@link #MAX_FRAME_BYTES}.
 */
final class FlacBits implements Closeable {
    /** The largest frame accepted: 8 channels x 65,536 samples x 33 bits is about 2.2 MB; corrupt data could ask for more. */
    static final int MAX_FRAME_BYTES = 16 << 20;

    /** Thrown when the file ends before the bits asked for. */
    static final class EndOfFile extends EOFException {
        private static final long serialVersionUID = 1L;

        EndOfFile() {
            super("end of file");
        }
    }

    private final FileChannel channel;
    private final long fileSize;
    private byte[] buf = new byte[1 << 16];
    /** File offset of buf[0]. */
    private long bufStart;
    /** Valid bytes in buf. */
    private int limit;
    /** Next byte of buf to load into the cache. */
    private int pos;
    /** Index in buf of the current frame's first byte. */
    private int frameStart;
    /** Bits not yet consumed, in the low {@code cacheBits} bits. */
    private long cache;
    private int cacheBits;

    FlacBits(FileChannel channel) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
    }

    long fileSize() {
        return fileSize;
    }

    /** File offset of the next unconsumed byte (the reader must be byte-aligned). */
    long position() {
        return bufStart + pos - cacheBits / 8;
    }

    /** Continues reading at file offset {@code offset}. */
    void seek(long offset) throws IOException {
        bufStart = offset;
        limit = pos = frameStart = 0;
        cache = 0;
        cacheBits = 0;
        channel.position(offset);
    }

    /** Skips {@code n} bytes (byte-aligned). */
    void skipBytes(long n) throws IOException {
        seek(position() + n);
    }

    /** Starts a frame at the current (byte-aligned) position: its bytes stay in the window until the next mark. */
    void markFrame() {
        int at = pos - cacheBits / 8;
        pos = at;
        cache = 0;
        cacheBits = 0;
        frameStart = at;
    }

    /** Bytes consumed since {@link #markFrame()} (byte-aligned). */
    int frameBytes() {
        return pos - cacheBits / 8 - frameStart;
    }

    /** CRC-8 (polynomial 0x07) of the first {@code n} bytes of the frame. */
    int crc8(int n) {
        int crc = 0;
        for (int i = frameStart; i < frameStart + n; i++) crc = CRC8[(crc ^ buf[i]) & 0xFF];
        return crc;
    }

    /** CRC-16 (polynomial 0x8005) of the first {@code n} bytes of the frame. */
    int crc16(int n) {
        int crc = 0;
        for (int i = frameStart; i < frameStart + n; i++) crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ buf[i]) & 0xFF]) & 0xFFFF;
        return crc;
    }

    /** Drops the bits up to the next byte boundary. */
    void align() {
        cacheBits -= cacheBits & 7;
    }

    boolean aligned() {
        return (cacheBits & 7) == 0;
    }

    /** The next {@code n} bits (0 to 56), unsigned. */
    long bits(int n) throws IOException {
        if (cacheBits < n) fill(n);
        cacheBits -= n;
        return (cache >>> cacheBits) & ((1L << n) - 1);
    }

    /** The next {@code n} bits (0 to 32) as an unsigned int (32 bits: as the int's bit pattern). */
    int uint(int n) throws IOException {
        return (int) bits(n);
    }

    /** The next {@code n} bits (0 to 56) as a two's complement signed value. */
    long signed(int n) throws IOException {
        if (n == 0) return 0;
        long v = bits(n);
        return (v << (64 - n)) >> (64 - n);
    }

    /** Counts zero bits up to the next one bit, and consumes them and the one. */
    long unary() throws IOException {
        long zeros = 0;
        while (true) {
            if (cacheBits == 0) fill(1);
            long window = cache << (64 - cacheBits);
            if (window != 0) {
                int z = Long.numberOfLeadingZeros(window);
                cacheBits -= z + 1;
                return zeros + z;
            }
            zeros += cacheBits;
            cacheBits = 0;
        }
    }

    /** Loads bytes until at least {@code n} bits are cached. */
    private void fill(int n) throws IOException {
        while (cacheBits < n) {
            if (pos == limit && !read()) throw new EndOfFile();
            while (cacheBits <= 56 && pos < limit) {
                cache = (cache << 8) | (buf[pos++] & 0xFF);
                cacheBits += 8;
            }
        }
    }

    /** Reads more of the file into the window; false at the end of the file. */
    private boolean read() throws IOException {
        if (limit == buf.length) {
            if (frameStart > 0) {
                System.arraycopy(buf, frameStart, buf, 0, limit - frameStart);
                bufStart += frameStart;
                limit -= frameStart;
                pos -= frameStart;
                frameStart = 0;
            } else {
                if (buf.length >= MAX_FRAME_BYTES) throw new FrameTooLong();
                byte[] grown = new byte[Math.min(MAX_FRAME_BYTES, buf.length * 2)];
                System.arraycopy(buf, 0, grown, 0, limit);
                buf = grown;
            }
        }
        int n = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
        if (n <= 0) return false;
        limit += n;
        return true;
    }

    /** A frame spans more than {@link #MAX_FRAME_BYTES}: the data is not FLAC. */
    static final class FrameTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLong() {
            super("frame longer than " + MAX_FRAME_BYTES + " bytes");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static final int[] CRC8 = new int[256];
    private static final int[] CRC16 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int b = 0; b < 8; b++) c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
            CRC8[i] = c;
            int d = i << 8;
            for (int b = 0; b < 8; b++) d = (d & 0x8000) != 0 ? ((d << 1) ^ 0x8005) & 0xFFFF : (d << 1) & 0xFFFF;
            CRC16[i] = d;
        }
    }
}
