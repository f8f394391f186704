package dev.cochlea.codecs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HexFormat;

/** ID3v2 tags in front of MP3 (and sometimes FLAC) data: their size, to skip them. */
final class Id3 {
    private Id3() {
    }

    /** Whether {@code head} starts with an ID3v2 tag header ("ID3", a version, a size in four 7-bit bytes). */
    static boolean isTag(byte[] head, int length, int at) {
        if (at + 10 > length) return false;
        if (head[at] != 'I' || head[at + 1] != 'D' || head[at + 2] != '3') return false;
        if ((head[at + 3] & 0xFF) == 0xFF || (head[at + 4] & 0xFF) == 0xFF) return false;
        for (int i = 6; i < 10; i++) if ((head[at + i] & 0x80) != 0) return false;
        return true;
    }

    /** The size of the tag starting at {@code head[at]}, header and footer included. */
    static long tagSize(byte[] head, int at) {
        long size = 0;
        for (int i = 6; i < 10; i++) size = (size << 7) | (head[at + i] & 0x7F);
        boolean footer = (head[at + 5] & 0x10) != 0;
        return 10 + size + (footer ? 10 : 0);
    }

    /**
     * The file offset after the ID3v2 tags at the start of the file (0 when there are none); a
     * tag declared past the end of the file gives the file's size.
     */
    static long skipTags(FileChannel ch) throws IOException {
        long size = ch.size();
        long at = 0;
        byte[] head = new byte[10];
        while (true) {
            int n = readFully(ch, head, at);
            if (!isTag(head, n, 0)) return at;
            at = Math.min(size, at + tagSize(head, 0));
        }
    }

    /** Reads up to {@code into.length} bytes at {@code pos}; returns how many there were. */
    static int readFully(FileChannel ch, byte[] into, long pos) throws IOException {
        return readFully(ch, into, 0, into.length, pos);
    }

    /** Reads up to {@code len} bytes at {@code pos} into {@code into[off ..]}; returns how many there were. */
    static int readFully(FileChannel ch, byte[] into, int off, int len, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, off, len);
        int n = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + n);
            if (r <= 0) break;
            n += r;
        }
        return n;
    }

    /** {@code bytes 66 4c 61 43 ("fLaC")}: a few bytes for a message. */
    static String describe(byte[] b, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return n == 0 ? "the end of the file" : "bytes " + HexFormat.ofDelimiter(" ").formatHex(b, 0, n) + " (\"" + text + "\")";
    }
}
