package dev.cochlea.codecs;

import dev.cochlea.audio.AudioFormatException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Ogg container (RFC 3533), as much as a decoder of its first logical stream needs: pages read
 * in order with their CRC-32 checked, the packets of one stream put back together across pages, and
 * the last granule position found from the end of the file. Pages of other streams are skipped.
 * Memory is bounded: one page (at most 65,307 bytes) and one packet (at most {@link #MAX_PACKET}).
 */
final class OggReader implements Closeable {
    /** The largest packet accepted (a Vorbis setup header with big codebooks is a few hundred KB). */
    static final int MAX_PACKET = 16 << 20;
    private static final int HEADER = 27;

    /** The packets completed on one page, with the page's granule position and flags. */
    record Page(long offset, long granule, boolean bos, boolean eos, int sequence, List<byte[]> packets) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private long pos;
    private int serial;
    private boolean haveSerial;
    private int lastSequence = -1;
    private boolean ended;
    private boolean truncated;
    private byte[] partial = new byte[0];
    private int partialLength;
    private boolean partialOpen;
    private final byte[] header = new byte[HEADER + 255];
    private final byte[] body = new byte[255 * 255];

    OggReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    Path file() {
        return file;
    }

    /** Whether the file ended inside a page (the last pages are missing). */
    boolean truncated() {
        return truncated;
    }

    /** The serial number of the stream being read (that of the first page). */
    int serial() {
        return serial;
    }

    /**
     * The packets completed on the next page of the stream; null after its last page (end of
     * stream flag) or at the end of the file. A file that ends inside a page ends there
     * ({@link #truncated()}).
     *
     * @throws AudioFormatException for a page that is not Ogg, fails its CRC, or is out of sequence
     */
    Page nextPage() throws IOException {
        while (!ended) {
            long at = pos;
            if (at >= size) {
                ended = true;
                return null;
            }
            int n = Id3.readFully(channel, header, 0, HEADER, at);
            if (n < HEADER) {
                truncated = startsLikeCapture(header, n);
                if (!truncated) throw notOgg(at, n);
                ended = true;
                return null;
            }
            if (!isCapture(header, 0)) throw notOgg(at, n);
            if (header[4] != 0) throw new AudioFormatException(file, "Ogg page at byte " + at + " has version " + (header[4] & 0xFF) + "; expected 0");
            int type = header[5] & 0xFF;
            long granule = le64(header, 6);
            int pageSerial = le32(header, 14);
            int sequence = le32(header, 18);
            int storedCrc = le32(header, 22);
            int segments = header[26] & 0xFF;
            if (Id3.readFully(channel, header, HEADER, segments, at + HEADER) < segments) {
                truncated = true;
                ended = true;
                return null;
            }
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) bodyLength += header[HEADER + i] & 0xFF;
            if (Id3.readFully(channel, body, 0, bodyLength, at + HEADER + segments) < bodyLength) {
                truncated = true;
                ended = true;
                return null;
            }
            header[22] = header[23] = header[24] = header[25] = 0;
            int crc = crc(CRC_INIT, header, 0, HEADER + segments);
            crc = crc(crc, body, 0, bodyLength);
            if (crc != storedCrc) {
                throw new AudioFormatException(file, "corrupt Ogg page at byte " + at + ": CRC-32 " + String.format("0x%08X", crc)
                        + " computed, " + String.format("0x%08X", storedCrc) + " stored; expected them equal");
            }
            pos = at + HEADER + segments + bodyLength;
            if (!haveSerial) {
                serial = pageSerial;
                haveSerial = true;
            } else if (pageSerial != serial) {
                continue;
            }
            if (lastSequence >= 0 && sequence != lastSequence + 1) {
                throw new AudioFormatException(file, "Ogg page at byte " + at + " has sequence number " + Integer.toUnsignedString(sequence)
                        + "; expected " + (lastSequence + 1) + ": pages are missing");
            }
            lastSequence = sequence;
            boolean continued = (type & 1) != 0;
            if (!continued || !partialOpen) {
                partialLength = 0;
                partialOpen = false;
            }
            boolean skipContinuation = continued && !partialOpen;
            List<byte[]> packets = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i < segments; i++) {
                int lace = header[HEADER + i] & 0xFF;
                if (!skipContinuation) append(body, offset, lace, at);
                offset += lace;
                if (lace < 255) {
                    if (!skipContinuation) packets.add(Arrays.copyOf(partial, partialLength));
                    skipContinuation = false;
                    partialLength = 0;
                    partialOpen = false;
                } else {
                    partialOpen = !skipContinuation;
                }
            }
            boolean eos = (type & 4) != 0;
            if (eos) ended = true;
            return new Page(at, granule, (type & 2) != 0, eos, sequence, packets);
        }
        return null;
    }

    private void append(byte[] src, int from, int n, long at) throws AudioFormatException {
        if (partialLength + n > MAX_PACKET) {
            throw new AudioFormatException(file, "Ogg packet continuing on the page at byte " + at + " grows past " + MAX_PACKET
                    + " bytes; expected smaller packets");
        }
        if (partialLength + n > partial.length) partial = Arrays.copyOf(partial, Math.max(partialLength + n, 2 * partial.length));
        System.arraycopy(src, from, partial, partialLength, n);
        partialLength += n;
    }

    /**
     * The granule position of the last complete page of stream {@code serial} that has one (not
     * -1), searched from the end of the file; -1 when there is none. Reads backwards one window at a
     * time, so a long file costs only its last pages. A page cut by the end of the file is passed
     * over (the file is truncated: its length is what the complete pages hold); a complete page of
     * the stream whose CRC fails is an error, not a shorter stream.
     *
     * @throws AudioFormatException when the last page of the stream is corrupt
     */
    long lastGranule(int serial) throws IOException {
        int window = 1 << 16;
        byte[] buf = new byte[window + HEADER];
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - window);
            int n = Id3.readFully(channel, buf, 0, (int) Math.min(buf.length, size - start), start);
            for (int i = (int) Math.min(end - start, n) - 1; i >= 0; i--) {
                if (i + 4 > n || !isCapture(buf, i)) continue;
                long granule = granuleOfPageAt(start + i, serial);
                if (granule != -1) return granule;
            }
            end = start;
        }
        return -1;
    }

    /**
     * The granule position of the complete page of {@code serial} at {@code at}; -1 when there is no
     * such page there (another stream's, cut by the end of the file, or no page at all).
     *
     * @throws AudioFormatException when it is a complete page of the stream whose CRC fails
     */
    private long granuleOfPageAt(long at, int serial) throws IOException {
        byte[] h = new byte[HEADER + 255];
        if (Id3.readFully(channel, h, 0, HEADER, at) < HEADER || !isCapture(h, 0) || h[4] != 0) return -1;
        int segments = h[26] & 0xFF;
        if (Id3.readFully(channel, h, HEADER, segments, at + HEADER) < segments) return -1;
        int bodyLength = 0;
        for (int i = 0; i < segments; i++) bodyLength += h[HEADER + i] & 0xFF;
        byte[] b = new byte[bodyLength];
        if (Id3.readFully(channel, b, 0, bodyLength, at + HEADER + segments) < bodyLength) return -1;
        if (le32(h, 14) != serial) return -1;
        int stored = le32(h, 22);
        h[22] = h[23] = h[24] = h[25] = 0;
        int computed = crc(crc(CRC_INIT, h, 0, HEADER + segments), b, 0, bodyLength);
        if (computed != stored) {
            throw new AudioFormatException(file, "corrupt Ogg page at byte " + at + ": CRC-32 " + String.format("0x%08X", computed)
                    + " computed, " + String.format("0x%08X", stored) + " stored; expected them equal");
        }
        return le64(h, 6);
    }

    private AudioFormatException notOgg(long at, int n) {
        return new AudioFormatException(file, "expected an Ogg page (\"OggS\") at byte " + at + ", found " + Id3.describe(header, Math.min(n, 8)));
    }

    private static boolean isCapture(byte[] b, int i) {
        return b[i] == 'O' && b[i + 1] == 'g' && b[i + 2] == 'g' && b[i + 3] == 'S';
    }

    private static boolean startsLikeCapture(byte[] b, int n) {
        String capture = "OggS";
        for (int i = 0; i < Math.min(n, 4); i++) if (b[i] != capture.charAt(i)) return false;
        return true;
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long le64(byte[] b, int i) {
        return (le32(b, i) & 0xFFFFFFFFL) | ((long) le32(b, i + 4)) << 32;
    }

    static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static final int CRC_INIT = 0;
    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            CRC[i] = r;
        }
    }

    private static int crc(int crc, byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) crc = (crc << 8) ^ CRC[((crc >>> 24) ^ b[i]) & 0xFF];
        return crc;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
