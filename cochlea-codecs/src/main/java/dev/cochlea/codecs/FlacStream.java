package dev.cochlea.codecs;

import dev.cochlea.audio.AudioFormatException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One FLAC file being read, after RFC 9639: the metadata blocks (STREAMINFO, SEEKTABLE; the
 * others are skipped), then the frames one by one ({@link #nextFrame()}), each checked against its
 * header CRC-8 and frame CRC-16. Samples come out as {@code long}s, as many as a frame holds, per
 * channel.
 */
final class FlacStream implements Closeable {
    /** STREAMINFO. */
    record StreamInfo(int minBlock, int maxBlock, int sampleRate, int channels, int bitsPerSample, long totalSamples) {
    }

    /** One SEEKTABLE point: the frame holding {@code sample} starts {@code offset} bytes after the first frame. */
    record SeekPoint(long sample, long offset) {
    }

    /** The header of one frame. */
    record FrameHeader(long fileOffset, boolean variableBlocks, long codedNumber, int blockSize, int channels,
                       int channelMode, int bitsPerSample, int headerBytes) {
        /** The stream's sample number of the frame's first sample. */
        long firstSample(int fixedBlockSize) {
            return variableBlocks ? codedNumber : codedNumber * fixedBlockSize;
        }
    }

    private static final int INDEPENDENT = 0;
    private static final int LEFT_SIDE = 8;
    private static final int SIDE_RIGHT = 9;
    private static final int MID_SIDE = 10;

    private final Path file;
    private final FileChannel channel;
    private final FlacBits in;
    private StreamInfo info;
    private final List<SeekPoint> seekTable = new ArrayList<>();
    private long firstFrame;
    private FrameHeader header;
    private long[][] samples = new long[0][];
    private long[] residualScratch = new long[0];

    private FlacStream(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.in = new FlacBits(channel);
    }

    /** Opens {@code file} and reads its metadata, up to the first frame. */
    static FlacStream open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FlacStream s;
        try {
            s = new FlacStream(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        try {
            s.readMetadata();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    StreamInfo info() {
        return info;
    }

    /** The header of the frame last read by {@link #nextFrame()}. */
    FrameHeader header() {
        return header;
    }

    /** Channel {@code c} of the frame last read; {@code header().blockSize()} samples. */
    long[] channel(int c) {
        return samples[c];
    }

    // ------------------------------------------------------------------ metadata

    private void readMetadata() throws IOException {
        long size = in.fileSize();
        try {
            long at = Id3.skipTags(channel);
            byte[] magic = new byte[4];
            int got = Id3.readFully(channel, magic, at);
            if (got < 4 || magic[0] != 'f' || magic[1] != 'L' || magic[2] != 'a' || magic[3] != 'C') {
                throw new AudioFormatException(file, "not a FLAC file: expected \"fLaC\" at byte " + at + ", found " + Id3.describe(magic, got));
            }
            in.seek(at + 4);
            boolean last = false;
            boolean first = true;
            while (!last) {
                long blockAt = in.position();
                last = in.bits(1) == 1;
                int type = in.uint(7);
                int length = in.uint(24);
                if (blockAt + 4 + length > size) {
                    throw new AudioFormatException(file, "truncated FLAC metadata: block of type " + type + " at byte " + blockAt
                            + " declares " + length + " bytes, but the file ends at byte " + size);
                }
                if (first && type != 0) {
                    throw new AudioFormatException(file, "expected the STREAMINFO block first in a FLAC file, found a block of type " + type
                            + " at byte " + blockAt);
                }
                if (type == 0) {
                    if (!first) throw new AudioFormatException(file, "a second STREAMINFO block at byte " + blockAt + "; expected one only");
                    if (length != 34) throw new AudioFormatException(file, "STREAMINFO is " + length + " bytes long; expected 34");
                    readStreamInfo();
                } else if (type == 3) {
                    if (length % 18 != 0) throw new AudioFormatException(file, "SEEKTABLE of " + length + " bytes; expected a multiple of 18");
                    for (int i = 0; i < length / 18; i++) {
                        long sample = in.bits(32) << 32 | in.bits(32);
                        long offset = in.bits(32) << 32 | in.bits(32);
                        in.bits(16);
                        if (sample != -1L && sample >= 0 && offset >= 0 && offset < size) seekTable.add(new SeekPoint(sample, offset));
                    }
                } else if (type == 127) {
                    throw new AudioFormatException(file, "invalid FLAC metadata block type 127 at byte " + blockAt);
                } else {
                    in.skipBytes(length);
                }
                first = false;
            }
            firstFrame = in.position();
        } catch (FlacBits.EndOfFile e) {
            throw new AudioFormatException(file, "truncated FLAC file: the metadata blocks end past the end of the file (" + size + " bytes)");
        }
    }

    private void readStreamInfo() throws IOException {
        int minBlock = in.uint(16);
        int maxBlock = in.uint(16);
        in.bits(24);
        in.bits(24);
        int rate = in.uint(20);
        int channels = in.uint(3) + 1;
        int bits = in.uint(5) + 1;
        long total = in.bits(36);
        in.bits(64);
        in.bits(64);
        if (rate == 0) throw new AudioFormatException(file, "STREAMINFO declares a sample rate of 0 Hz; expected 1 Hz or more");
        if (bits < 4) throw new AudioFormatException(file, "STREAMINFO declares " + bits + " bits per sample; expected 4 to 32");
        if (maxBlock != 0 && minBlock > maxBlock) {
            throw new AudioFormatException(file, "STREAMINFO declares a minimum block size " + minBlock + " above the maximum " + maxBlock);
        }
        info = new StreamInfo(minBlock, maxBlock, rate, channels, bits, total);
    }

    // ------------------------------------------------------------------ positioning

    /** Moves to the first frame. */
    void rewind() throws IOException {
        in.seek(firstFrame);
    }

    /**
     * Moves to a frame at or before {@code sample} using the SEEKTABLE, and returns the stream's
     * sample number of that frame's first sample; 0 (the first frame) when no seek point fits or the
     * frame found there does not match its seek point.
     */
    long seekBefore(long sample) throws IOException {
        SeekPoint best = null;
        for (SeekPoint p : seekTable) {
            if (p.sample() <= sample && (best == null || p.sample() > best.sample())) best = p;
        }
        if (best != null && best.sample() > 0) {
            byte[] b = new byte[MAX_HEADER_BYTES];
            int n = Id3.readFully(channel, b, firstFrame + best.offset());
            FrameHeader h = parseHeader(b, 0, n, firstFrame + best.offset());
            boolean fixedSizes = h != null && (h.variableBlocks() || info.minBlock() == info.maxBlock());
            if (fixedSizes && h.firstSample(info.minBlock()) == best.sample()) {
                in.seek(firstFrame + best.offset());
                return best.sample();
            }
        }
        rewind();
        return 0;
    }

    // ------------------------------------------------------------------ frames

    /**
     * Decodes the next frame; false at a clean end of the file (or a 128-byte ID3v1 tag after the
     * last frame).
     *
     * @throws AudioFormatException when the file is truncated inside a frame or the frame is corrupt
     */
    boolean nextFrame() throws IOException {
        long at = in.position();
        long size = in.fileSize();
        if (at >= size) return false;
        in.markFrame();
        try {
            if (size - at == 128 && in.bits(24) == 0x544147L) return false; // "TAG": an ID3v1 tag closes the file
            in.markFrame();
            header = readHeader(at, true);
            decodeSubframes();
            in.align();
            int n = in.frameBytes();
            int crc = in.uint(16);
            if (crc != in.crc16(n)) {
                throw new AudioFormatException(file, "corrupt FLAC frame at byte " + at + ": CRC-16 " + hex(in.crc16(n), 4)
                        + " computed over its " + n + " bytes, " + hex(crc, 4) + " stored; expected them equal");
            }
            return true;
        } catch (FlacBits.EndOfFile e) {
            throw new AudioFormatException(file, "truncated FLAC file: the frame at byte " + at + " ends past the end of the file ("
                    + size + " bytes)");
        } catch (FlacBits.FrameTooLong e) {
            throw new AudioFormatException(file, "corrupt FLAC frame at byte " + at + ": it runs past " + FlacBits.MAX_FRAME_BYTES
                    + " bytes; expected a frame of at most about 2.2 MB");
        }
    }

    /**
     * Reads a frame header (RFC 9639 section 9.1) and checks its CRC-8.
     *
     * @param strict whether to check the header against STREAMINFO (the channel count)
     */
    private FrameHeader readHeader(long at, boolean strict) throws IOException {
        int sync = in.uint(15);
        if (sync != 0x7FFC) {
            throw new AudioFormatException(file, "lost sync: expected a FLAC frame header (sync code 0xFFF8 or 0xFFF9) at byte " + at
                    + ", found " + hex(sync << 1, 4));
        }
        boolean variable = in.bits(1) == 1;
        int blockCode = in.uint(4);
        int rateCode = in.uint(4);
        int channelCode = in.uint(4);
        int bitsCode = in.uint(3);
        int reserved = in.uint(1);
        long number = codedNumber(at);
        int blockSize = switch (blockCode) {
            case 0 -> throw bad(at, "reserved block size code 0");
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (blockCode - 2);
            case 6 -> in.uint(8) + 1;
            case 7 -> in.uint(16) + 1;
            default -> 256 << (blockCode - 8);
        };
        switch (rateCode) {
            case 12 -> in.bits(8);
            case 13, 14 -> in.bits(16);
            case 15 -> throw bad(at, "invalid sample rate code 15");
            default -> {
            }
        }
        int headerBytes = in.frameBytes();
        int crc = in.uint(8);
        if (crc != in.crc8(headerBytes)) {
            throw bad(at, "header CRC-8 " + hex(in.crc8(headerBytes), 2) + " computed, " + hex(crc, 2) + " stored");
        }
        if (reserved != 0) throw bad(at, "reserved header bit set");
        int channels;
        int mode;
        if (channelCode < 8) {
            channels = channelCode + 1;
            mode = INDEPENDENT;
        } else if (channelCode <= MID_SIDE) {
            channels = 2;
            mode = channelCode;
        } else {
            throw bad(at, "reserved channel assignment " + channelCode);
        }
        int bits = switch (bitsCode) {
            case 0 -> info.bitsPerSample();
            case 1 -> 8;
            case 2 -> 12;
            case 3 -> throw bad(at, "reserved bit depth code 3");
            case 4 -> 16;
            case 5 -> 20;
            case 6 -> 24;
            default -> 32;
        };
        if (strict && channels != info.channels()) {
            throw bad(at, channels + " channels in the frame, " + info.channels() + " in STREAMINFO; expected the same");
        }
        return new FrameHeader(at, variable, number, blockSize, channels, mode, bits, headerBytes + 1);
    }

    /** The UTF-8-like coded frame or sample number. */
    private long codedNumber(long at) throws IOException {
        int b = in.uint(8);
        int extra;
        long v;
        if ((b & 0x80) == 0) {
            return b;
        } else if ((b & 0xE0) == 0xC0) {
            extra = 1;
            v = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            v = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            v = b & 0x07;
        } else if ((b & 0xFC) == 0xF8) {
            extra = 4;
            v = b & 0x03;
        } else if ((b & 0xFE) == 0xFC) {
            extra = 5;
            v = b & 0x01;
        } else if (b == 0xFE) {
            extra = 6;
            v = 0;
        } else {
            throw bad(at, "invalid coded frame number (first byte " + hex(b, 2) + ")");
        }
        for (int i = 0; i < extra; i++) {
            int c = in.uint(8);
            if ((c & 0xC0) != 0x80) throw bad(at, "invalid coded frame number (continuation byte " + hex(c, 2) + ")");
            v = (v << 6) | (c & 0x3F);
        }
        return v;
    }

    private void decodeSubframes() throws IOException {
        FrameHeader h = header;
        int n = h.blockSize();
        if (samples.length < h.channels() || samples[0].length < n) {
            int len = Math.max(n, samples.length == 0 ? 0 : samples[0].length);
            samples = new long[Math.max(h.channels(), samples.length)][len];
        }
        for (int c = 0; c < h.channels(); c++) {
            boolean side = (h.channelMode() == LEFT_SIDE && c == 1) || (h.channelMode() == SIDE_RIGHT && c == 0)
                    || (h.channelMode() == MID_SIDE && c == 1);
            subframe(samples[c], n, h.bitsPerSample() + (side ? 1 : 0), c);
        }
        long[] a = samples[0];
        switch (h.channelMode()) {
            case LEFT_SIDE -> {
                long[] s = samples[1];
                for (int i = 0; i < n; i++) s[i] = a[i] - s[i];
            }
            case SIDE_RIGHT -> {
                long[] r = samples[1];
                for (int i = 0; i < n; i++) a[i] = a[i] + r[i];
            }
            case MID_SIDE -> {
                long[] s = samples[1];
                for (int i = 0; i < n; i++) {
                    long mid = (a[i] << 1) | (s[i] & 1);
                    long side = s[i];
                    a[i] = (mid + side) >> 1;
                    s[i] = (mid - side) >> 1;
                }
            }
            default -> {
            }
        }
    }

    /** One subframe (RFC 9639 section 9.2) into {@code out[0 .. n)}, with {@code bits} bits per sample. */
    private void subframe(long[] out, int n, int bits, int channel) throws IOException {
        long at = header.fileOffset();
        if (in.bits(1) != 0) throw bad(at, "subframe " + channel + " starts with a 1 bit; expected the zero padding bit");
        int type = in.uint(6);
        int wasted = 0;
        if (in.bits(1) == 1) {
            long k = in.unary() + 1;
            if (k >= bits) throw bad(at, "subframe " + channel + " declares " + k + " wasted bits of " + bits);
            wasted = (int) k;
        }
        int width = bits - wasted;
        if (type == 0) {
            long v = in.signed(width);
            for (int i = 0; i < n; i++) out[i] = v;
        } else if (type == 1) {
            for (int i = 0; i < n; i++) out[i] = in.signed(width);
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            if (order > n) throw bad(at, "fixed predictor of order " + order + " in a block of " + n + " samples");
            for (int i = 0; i < order; i++) out[i] = in.signed(width);
            residual(out, n, order, channel);
            fixed(out, n, order);
        } else if (type >= 32) {
            int order = type - 31;
            if (order > n) throw bad(at, "LPC predictor of order " + order + " in a block of " + n + " samples");
            for (int i = 0; i < order; i++) out[i] = in.signed(width);
            int precision = in.uint(4) + 1;
            if (precision == 16) throw bad(at, "invalid LPC coefficient precision code 15 in subframe " + channel);
            int shift = (int) in.signed(5);
            if (shift < 0) throw bad(at, "negative LPC shift " + shift + " in subframe " + channel);
            long[] coef = new long[order];
            for (int i = 0; i < order; i++) coef[i] = in.signed(precision);
            residual(out, n, order, channel);
            lpc(out, n, coef, shift);
        } else {
            throw bad(at, "reserved subframe type " + type + " in subframe " + channel);
        }
        if (wasted > 0) for (int i = 0; i < n; i++) out[i] <<= wasted;
    }

    /** The coded residual (RFC 9639 section 9.2.7) into {@code out[order .. n)}. */
    private void residual(long[] out, int n, int order, int channel) throws IOException {
        long at = header.fileOffset();
        int method = in.uint(2);
        if (method > 1) throw bad(at, "reserved residual coding method " + method + " in subframe " + channel);
        int paramBits = method == 0 ? 4 : 5;
        int escape = (1 << paramBits) - 1;
        int partitionOrder = in.uint(4);
        int partitions = 1 << partitionOrder;
        if ((n & (partitions - 1)) != 0 || (n >> partitionOrder) < order) {
            throw bad(at, "residual partition order " + partitionOrder + " does not fit a block of " + n + " samples with predictor order "
                    + order + " in subframe " + channel);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int count = (n >> partitionOrder) - (p == 0 ? order : 0);
            int k = in.uint(paramBits);
            if (k == escape) {
                int raw = in.uint(5);
                for (int j = 0; j < count; j++) out[i++] = in.signed(raw);
            } else {
                for (int j = 0; j < count; j++) {
                    long u = (in.unary() << k) | in.bits(k);
                    out[i++] = (u >>> 1) ^ -(u & 1);
                }
            }
        }
    }

    /** Adds the fixed prediction of order {@code order} to the residual in {@code x[order ..)}. */
    private static void fixed(long[] x, int n, int order) {
        switch (order) {
            case 1 -> {
                for (int i = 1; i < n; i++) x[i] += x[i - 1];
            }
            case 2 -> {
                for (int i = 2; i < n; i++) x[i] += 2 * x[i - 1] - x[i - 2];
            }
            case 3 -> {
                for (int i = 3; i < n; i++) x[i] += 3 * x[i - 1] - 3 * x[i - 2] + x[i - 3];
            }
            case 4 -> {
                for (int i = 4; i < n; i++) x[i] += 4 * x[i - 1] - 6 * x[i - 2] + 4 * x[i - 3] - x[i - 4];
            }
            default -> {
            }
        }
    }

    /** Adds the linear prediction ({@code coef}, right shift {@code shift}) to the residual in {@code x[order ..)}. */
    private static void lpc(long[] x, int n, long[] coef, int shift) {
        int order = coef.length;
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) sum += coef[j] * x[i - 1 - j];
            x[i] += sum >> shift;
        }
    }

    private AudioFormatException bad(long at, String what) {
        return new AudioFormatException(file, "corrupt FLAC frame at byte " + at + ": " + what);
    }

    private static String hex(long v, int digits) {
        return String.format("0x%0" + digits + "X", v);
    }

    // ------------------------------------------------------------------ scanning

    /** The longest frame header: sync and codes (4), coded number (7), block size (2), rate (2), CRC-8 (1). */
    private static final int MAX_HEADER_BYTES = 16;

    /**
     * Counts the samples of a stream whose STREAMINFO leaves the total unknown (0), from the frame
     * headers alone: it looks for each header's sync code, keeps those whose CRC-8 holds and whose
     * frame or sample number follows the previous frame's, and adds the last one's block size to its
     * first sample. Reads the file once; decodes nothing.
     */
    long countSamples() throws IOException {
        long size = in.fileSize();
        long expectedNumber = 0;
        long expectedSample = 0;
        byte[] window = new byte[1 << 16];
        long winStart = 0;
        int winLen = 0;
        long pos = firstFrame;
        while (pos + 2 <= size) {
            if (pos + MAX_HEADER_BYTES > winStart + winLen && winStart + winLen < size) {
                winStart = pos;
                winLen = Id3.readFully(channel, window, pos);
            }
            int i = (int) (pos - winStart);
            if (i + 2 > winLen) break;
            if ((window[i] & 0xFF) == 0xFF && (window[i + 1] & 0xFE) == 0xF8) {
                FrameHeader h = parseHeader(window, i, winLen - i, pos);
                if (h != null && h.channels() == info.channels()
                        && h.codedNumber() == (h.variableBlocks() ? expectedSample : expectedNumber)) {
                    expectedSample += h.blockSize();
                    expectedNumber++;
                    pos += h.headerBytes();
                    continue;
                }
            }
            pos++;
        }
        return expectedSample;
    }

    /** The frame header at {@code b[off ..]}, or null when there is none there (no sync code, a reserved code, a bad CRC-8). */
    FrameHeader parseHeader(byte[] b, int off, int len, long at) {
        if (len < 6) return null;
        int b0 = b[off] & 0xFF;
        int b1 = b[off + 1] & 0xFF;
        if (b0 != 0xFF || (b1 & 0xFE) != 0xF8) return null;
        int b2 = b[off + 2] & 0xFF;
        int b3 = b[off + 3] & 0xFF;
        int blockCode = b2 >> 4;
        int rateCode = b2 & 15;
        int channelCode = b3 >> 4;
        int bitsCode = (b3 >> 1) & 7;
        if (blockCode == 0 || rateCode == 15 || channelCode > MID_SIDE || bitsCode == 3 || (b3 & 1) != 0) return null;
        int p = off + 4;
        int first = b[p++] & 0xFF;
        int extra;
        long number;
        if ((first & 0x80) == 0) {
            extra = 0;
            number = first;
        } else if ((first & 0xE0) == 0xC0) {
            extra = 1;
            number = first & 0x1F;
        } else if ((first & 0xF0) == 0xE0) {
            extra = 2;
            number = first & 0x0F;
        } else if ((first & 0xF8) == 0xF0) {
            extra = 3;
            number = first & 0x07;
        } else if ((first & 0xFC) == 0xF8) {
            extra = 4;
            number = first & 0x03;
        } else if ((first & 0xFE) == 0xFC) {
            extra = 5;
            number = first & 0x01;
        } else if (first == 0xFE) {
            extra = 6;
            number = 0;
        } else {
            return null;
        }
        int need = 4 + 1 + extra + (blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0) + (rateCode == 12 ? 1 : rateCode >= 13 ? 2 : 0) + 1;
        if (len < need) return null;
        for (int i = 0; i < extra; i++) {
            int c = b[p++] & 0xFF;
            if ((c & 0xC0) != 0x80) return null;
            number = (number << 6) | (c & 0x3F);
        }
        int blockSize;
        if (blockCode == 6) {
            blockSize = (b[p++] & 0xFF) + 1;
        } else if (blockCode == 7) {
            blockSize = ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF)) + 1;
            p += 2;
        } else if (blockCode == 1) {
            blockSize = 192;
        } else if (blockCode <= 5) {
            blockSize = 576 << (blockCode - 2);
        } else {
            blockSize = 256 << (blockCode - 8);
        }
        p += rateCode == 12 ? 1 : rateCode >= 13 ? 2 : 0;
        int crc = 0;
        for (int i = off; i < p; i++) crc = CRC8_TABLE[(crc ^ b[i]) & 0xFF];
        if (crc != (b[p] & 0xFF)) return null;
        int channels = channelCode < 8 ? channelCode + 1 : 2;
        int mode = channelCode < 8 ? INDEPENDENT : channelCode;
        int bits = switch (bitsCode) {
            case 0 -> info.bitsPerSample();
            case 1 -> 8;
            case 2 -> 12;
            case 4 -> 16;
            case 5 -> 20;
            case 6 -> 24;
            default -> 32;
        };
        return new FrameHeader(at, (b1 & 1) == 1, number, blockSize, channels, mode, bits, p + 1 - off);
    }

    private static final int[] CRC8_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
            CRC8_TABLE[i] = c;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
