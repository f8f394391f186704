package dev.cochlea.codecs;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The MPEG audio frames of an MP3 file, found from their headers alone: the first one (after ID3v2
 * tags and any junk, confirmed by the header of the frame after it, as mpg123 does), then each next
 * one at the previous one's end. A frame whose header does not match the first frame's (version,
 * layer, rate, mono or not) or does not parse is junk: the reader searches onwards for a frame
 * that does, up to {@link #RESYNC_LIMIT} bytes. A frame cut by the end of the file ends the
 * stream, as do trailing tags (ID3v1, APE).
 */
final class Mp3Frames {
    /** How far past junk to search for the next frame. */
    static final int RESYNC_LIMIT = 1 << 16;

    private static final int[][] BITRATES = {
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},   // MPEG-1 Layer III
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};      // MPEG-2 and 2.5 Layer III
    private static final int[][] RATES = {
            {11025, 12000, 8000},     // MPEG-2.5 (version bits 00)
            {0, 0, 0},                // reserved
            {22050, 24000, 16000},    // MPEG-2
            {44100, 48000, 32000}};   // MPEG-1

    /** A frame header, decoded. */
    record Header(int bits, int version, int sampleRate, int bitrateKbps, boolean padding, int channels, boolean lsf, int size) {
        /** Samples per channel in one frame. */
        int samplesPerFrame() {
            return lsf ? 576 : 1152;
        }

        /** Whether a frame with header {@code other} can follow this one (mpg123's head_compatible). */
        boolean compatible(Header other) {
            return (bits & 0xFFFE0C00) == (other.bits & 0xFFFE0C00) && (channels == 1) == (other.channels == 1);
        }

        String describe() {
            return (version == 3 ? "MPEG-1" : version == 2 ? "MPEG-2" : "MPEG-2.5") + " Layer III, " + sampleRate + " Hz, "
                    + bitrateKbps + " kbps, " + (channels == 1 ? "mono" : "stereo");
        }
    }

    /** The Layer III header in the 4 bytes {@code b[i ..]}, or null when they are not one (free-format frames included). */
    static Header parse(byte[] b, int i) {
        int h = (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        return parse(h);
    }

    static Header parse(int h) {
        if ((h & 0xFFE00000) != 0xFFE00000) return null;
        int version = (h >>> 19) & 3;
        int layer = (h >>> 17) & 3;
        int bitrateIndex = (h >>> 12) & 15;
        int rateIndex = (h >>> 10) & 3;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3 || (h & 3) == 2) return null;
        boolean lsf = version != 3;
        int kbps = BITRATES[lsf ? 1 : 0][bitrateIndex];
        int rate = RATES[version][rateIndex];
        boolean padding = ((h >>> 9) & 1) == 1;
        int channels = ((h >>> 6) & 3) == 3 ? 1 : 2;
        int size = (lsf ? 72 : 144) * kbps * 1000 / rate + (padding ? 1 : 0);
        return new Header(h, version, rate, kbps, padding, channels, lsf, size);
    }

    /** Whether {@code b[i ..]} holds the first bytes of a Layer III header (the bitrate may be free format). */
    static boolean looksLikeHeader(byte[] b, int i, int length) {
        if (i + 4 > length) return false;
        int h = (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        return parse(h) != null;
    }

    private final FileChannel channel;
    private final long size;
    private final byte[] window = new byte[1 << 16];
    private long windowStart;
    private int windowLength;
    private long pos;
    private Header first;
    private long firstOffset = -1;

    Mp3Frames(FileChannel channel, long start) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.pos = start;
    }

    /** The header of the first frame; null when there is no frame. */
    Header first() {
        return first;
    }

    /** The file offset of the first frame; -1 when there is none. */
    long firstOffset() {
        return firstOffset;
    }

    /** The offset of the frame {@link #next()} returns next (or of the junk before it). */
    long position() {
        return pos;
    }

    /** Finds the first frame; false when there is none in the search range. */
    boolean findFirst() throws IOException {
        long found = search(pos, null);
        if (found < 0) return false;
        first = header(found);
        firstOffset = found;
        pos = found;
        return true;
    }

    /** The header of the next complete frame, and moves past it; null at the end of the stream. {@link #findFirst()} first. */
    Header next() throws IOException {
        if (first == null) return null;
        Header h = pos + 4 <= size ? header(pos) : null;
        if (h == null || !first.compatible(h)) {
            long found = search(pos + 1, first);
            if (found < 0) return null;
            pos = found;
            h = header(pos);
        }
        if (pos + h.size() > size) return null;
        lastOffset = pos;
        pos += h.size();
        return h;
    }

    private long lastOffset = -1;

    /** The file offset of the frame {@link #next()} last returned. */
    long lastOffset() {
        return lastOffset;
    }

    /** Copies the frame {@link #next()} last returned into {@code into[0 ..]}; returns its size. */
    int copyLast(byte[] into, Header h) throws IOException {
        return Id3.readFully(channel, into, 0, h.size(), lastOffset);
    }

    /**
     * The offset of the first frame at or after {@code from} (within {@link #RESYNC_LIMIT} bytes)
     * that is compatible with {@code like} (any Layer III frame when null) and is followed by
     * another such header, or ends exactly at the end of the file; -1 when there is none.
     */
    private long search(long from, Header like) throws IOException {
        long limit = Math.min(size - 4, from + RESYNC_LIMIT);
        for (long p = from; p <= limit; p++) {
            Header h = header(p);
            if (h == null || (like != null && !like.compatible(h))) continue;
            long next = p + h.size();
            if (next == size) return p;
            if (next + 4 > size) continue;
            Header after = header(next);
            if (after != null && h.compatible(after)) return p;
        }
        return -1;
    }

    /** The header at file offset {@code at}; null when there is none there. */
    private Header header(long at) throws IOException {
        if (at < 0 || at + 4 > size) return null;
        if (at < windowStart || at + 4 > windowStart + windowLength) {
            windowStart = at;
            windowLength = Id3.readFully(channel, window, at);
            if (windowLength < 4) return null;
        }
        return parse(window, (int) (at - windowStart));
    }

    /** Reads {@code n} bytes at {@code at} (for the Xing/LAME tag); returns how many there were. */
    int read(long at, byte[] into, int n) throws IOException {
        return Id3.readFully(channel, into, 0, n, at);
    }
}
