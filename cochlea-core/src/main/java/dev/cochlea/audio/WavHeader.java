package dev.cochlea.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the samples of a WAV file: the chunk walk of RIFF (little-endian), RIFX (big-endian), and
 * RF64 / BW64 (EBU Tech 3306, ITU-R BS.2088: 64-bit sizes in a {@code ds64} chunk for chunks whose
 * 32-bit size reads 0xFFFFFFFF), and the {@code fmt } chunk ({@link WavFormat}). Chunks other than
 * {@code fmt } and {@code data} are skipped, honouring the pad byte after odd-sized ones.
 *
 * <pre>{@code
 * try (AudioSource src = AudioSource.open(file, AudioSource.INFO_HEAD)) {
 *     PcmLayout l = WavHeader.parse(src);   // format "WAV" or "RF64", encoding, channels, rate, where the data is
 * }
 * }</pre>
 */
final class WavHeader {
    /** At most this many entries of a {@code ds64} chunk's table of chunk sizes are read. */
    private static final int MAX_TABLE = 1024;
    private static final long UNKNOWN = 0xFFFFFFFFL;

    private WavHeader() {}

    static PcmLayout parse(AudioSource src) throws IOException {
        Path file = src.file;
        long size = src.size;
        if (size < 12) {
            throw new AudioFormatException(file, "truncated: the file has " + size
                    + " bytes, fewer than the 12-byte RIFF/WAVE header");
        }
        ByteBuffer h = src.bytes(0, 12, ByteOrder.LITTLE_ENDIAN);
        String magic = fourcc(h, 0);
        boolean rf64 = magic.equals("RF64") || magic.equals("BW64");
        if (!rf64 && !magic.equals("RIFF") && !magic.equals("RIFX")) {
            throw new AudioFormatException(file, "not a WAV file: expected 'RIFF', 'RIFX', 'RF64' or 'BW64' at byte 0, found " + show(h, 0));
        }
        if (!fourcc(h, 8).equals("WAVE")) {
            throw new AudioFormatException(file, "not a WAV file: the RIFF form type is " + show(h, 8) + ", expected 'WAVE'");
        }
        ByteOrder order = magic.equals("RIFX") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long riffSize = h.order(order).getInt(4) & 0xFFFFFFFFL;
        long pos = 12;
        Ds64 ds64 = null;
        if (rf64) {
            ds64 = Ds64.parse(src, magic);
            pos = ds64.end;
            riffSize = ds64.riffSize;
        }
        boolean streamed = riffSize == 0 || riffSize == UNKNOWN || riffSize == -1;
        List<String> warnings = new ArrayList<>();
        WavFormat fmt = null;
        long dataStart = -1, dataBytes = 0;
        while (pos + 8 <= size && (fmt == null || dataStart < 0)) {
            ByteBuffer c = src.bytes(pos, 8, order);
            String id = fourcc(c, 0);
            long declared = c.getInt(4) & 0xFFFFFFFFL;
            long chunkSize = declared;
            if (ds64 != null && declared == UNKNOWN) chunkSize = ds64.sizeOf(file, id, pos);
            long body = pos + 8;
            long remain = size - body;
            boolean outside = chunkSize < 0 || chunkSize > remain;   // negative: a 64-bit size of 2^63 or more
            if (id.equals("data") && dataStart < 0) {
                if ((ds64 == null && declared == UNKNOWN) || (chunkSize == 0 && remain > 0 && streamed)) {
                    // Streamed: sizes written as 0xFFFFFFFF, or as 0 in a RIFF header of size 0 or 0xFFFFFFFF.
                    chunkSize = remain;
                } else if (outside) {
                    warnings.add(file + ": the 'data' chunk at byte " + pos + " declares " + Long.toUnsignedString(chunkSize)
                            + " bytes but the file ends " + remain + " bytes into it (" + size + " bytes in all); "
                            + "read as far as the file goes, as libsndfile does (a cut-short file?)");
                    chunkSize = remain;
                }
            } else if (outside) {
                String name = id.equals("fmt ") ? "truncated: the 'fmt ' chunk" : "chunk " + show(c, 0);
                throw new AudioFormatException(file, name + " at byte " + pos + " declares " + Long.toUnsignedString(chunkSize)
                        + " bytes but only " + remain + " remain in the file");
            }
            if (id.equals("fmt ") && fmt == null) {
                fmt = WavFormat.parse(file, src.bytes(body, (int) Math.min(chunkSize, 40), order), chunkSize);
            } else if (id.equals("data") && dataStart < 0) {
                dataStart = body;
                dataBytes = chunkSize;
            }
            pos = body + chunkSize + (chunkSize & 1);
        }
        if (fmt == null) {
            throw new AudioFormatException(file, "no 'fmt ' chunk before the end of the file (truncated or not a WAV file)");
        }
        if (dataStart < 0) throw new AudioFormatException(file, "no 'data' chunk (truncated file?)");
        return new PcmLayout(file, rf64 ? "RF64" : "WAV", fmt.encoding(), order, fmt.channels(), fmt.sampleRate(),
                dataStart, dataBytes, warnings);
    }

    /**
     * The {@code ds64} chunk that follows the {@code WAVE} tag of an RF64 or BW64 file: the 64-bit
     * RIFF and data sizes, and a table of the 64-bit sizes of other chunks.
     */
    private record Ds64(long riffSize, long dataSize, Map<String, Long> table, long end) {
        static Ds64 parse(AudioSource src, String magic) throws IOException {
            Path file = src.file;
            if (src.size < 20) {
                throw new AudioFormatException(file, "truncated: an " + magic + " file needs a 'ds64' chunk at byte 12, but the file has "
                        + src.size + " bytes");
            }
            ByteBuffer c = src.bytes(12, 8, ByteOrder.LITTLE_ENDIAN);
            if (!fourcc(c, 0).equals("ds64")) {
                throw new AudioFormatException(file, magic + " file without its 'ds64' chunk: expected 'ds64' at byte 12, found " + show(c, 0));
            }
            long chunkSize = c.getInt(4) & 0xFFFFFFFFL;
            if (chunkSize < 24 || chunkSize > src.size - 20) {
                throw new AudioFormatException(file, "the 'ds64' chunk declares " + chunkSize + " bytes; expected at least 24, and at most the "
                        + (src.size - 20) + " left in the file");
            }
            ByteBuffer b = src.bytes(20, (int) Math.min(chunkSize, 28), ByteOrder.LITTLE_ENDIAN);
            Map<String, Long> table = new HashMap<>();
            long entries = chunkSize >= 28 ? Math.min(b.getInt(24) & 0xFFFFFFFFL, (chunkSize - 28) / 12) : 0;
            if (entries > 0) {
                ByteBuffer t = src.bytes(48, (int) Math.min(entries, MAX_TABLE) * 12, ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < t.limit(); i += 12) table.putIfAbsent(fourcc(t, i), t.getLong(i + 4));
            }
            return new Ds64(b.getLong(0), b.getLong(8), table, 20 + chunkSize + (chunkSize & 1));
        }

        /** The 64-bit size of the chunk {@code id} at {@code pos}, whose 32-bit size reads 0xFFFFFFFF. */
        long sizeOf(Path file, String id, long pos) throws AudioFormatException {
            if (id.equals("data")) return dataSize;
            Long s = table.get(id);
            if (s == null) {
                throw new AudioFormatException(file, "chunk '" + id + "' at byte " + pos
                        + " declares the size 0xFFFFFFFF (see 'ds64'), but the 'ds64' chunk gives no size for it");
            }
            return s;
        }
    }

    /** The four bytes at {@code at} as ASCII (other bytes as they come, for comparisons only). */
    static String fourcc(ByteBuffer b, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (b.get(at + i) & 0xFF);
        return new String(c);
    }

    /** Four bytes as a quoted string, with non-printable bytes as escapes. */
    static String show(ByteBuffer b, int at) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < 4; i++) {
            int v = b.get(at + i) & 0xFF;
            if (v >= 0x20 && v < 0x7F) sb.append((char) v);
            else sb.append(String.format("\\x%02x", v));
        }
        return sb.append('\'').toString();
    }
}
