package dev.cochlea.fuzz;

import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * WAV files for the fuzz targets: seeds of every encoding and layout {@link Wav} reads (written by
 * {@link Wav#write16}/{@link Wav#writeFloat} and by hand: 8, 24 and 32-bit PCM, 64-bit float,
 * μ-law, A-law, WAVE_FORMAT_EXTENSIBLE, odd chunks, streamed sizes, a data chunk cut short), and
 * the mutations that know the format: chunk sizes, {@code fmt } fields, chunks removed,
 * duplicated, swapped, renamed or added.
 */
final class WavFiles {
    static final int PCM = 1, FLOAT = 3, ALAW = 6, MULAW = 7, EXTENSIBLE = 0xFFFE;
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00,
            0x38, (byte) 0x9B, 0x71};

    private WavFiles() {}

    // ------------------------------------------------------------------ building

    /** A chunk: id, little-endian size, body, and the pad byte after an odd body. */
    static byte[] chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A chunk whose size field says {@code declared}, whatever the body's length. */
    static byte[] chunk(String id, long declared, byte[] body) {
        ByteBuffer b = le(8 + body.length + (body.length & 1));
        b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt((int) declared).put(body);
        return b.array();
    }

    /** {@code RIFF <size> WAVE} and the chunks. */
    static byte[] riff(byte[]... chunks) {
        int n = 4;
        for (byte[] c : chunks) n += c.length;
        return riffSized(n, chunks);
    }

    /** A RIFF header whose size field says {@code declared}. */
    static byte[] riffSized(long declared, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le(4).putInt((int) declared).array());
        out.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] c : chunks) out.writeBytes(c);
        return out.toByteArray();
    }

    /** A plain {@code fmt } body: 16 bytes, or 18 with a zero cbSize. */
    static byte[] fmt(int tag, int channels, int rate, int bits, boolean cbSize) {
        int blockAlign = channels * ((bits + 7) / 8);
        ByteBuffer b = le(cbSize ? 18 : 16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return b.array();
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE {@code fmt } body with sub-format {@code subTag}. */
    static byte[] fmtExtensible(int subTag, int channels, int rate, int bits) {
        int blockAlign = channels * ((bits + 7) / 8);
        ByteBuffer b = le(40);
        b.putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits).putShort((short) 22).putShort((short) bits)
                .putInt(channels == 2 ? 3 : 0).putShort((short) subTag).put(GUID_TAIL);
        return b.array();
    }

    /** A whole file: {@code fmt } then {@code data}. */
    static byte[] wav(byte[] fmt, byte[] data) {
        return riff(chunk("fmt ", fmt), chunk("data", data));
    }

    static byte[] randomData(Random r, int n) {
        byte[] d = new byte[n];
        r.nextBytes(d);
        return d;
    }

    /** {@code values} as little-endian float32 samples. */
    static byte[] floats(float... values) {
        ByteBuffer b = le(4 * values.length);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------ seeds

    /** Small valid WAV files, one of each encoding and layout. */
    static List<byte[]> seeds() {
        Random r = new Random(7);
        List<byte[]> s = new ArrayList<>();
        float[] sine = new float[100];
        for (int i = 0; i < sine.length; i++) sine[i] = (float) Math.sin(i * 0.3);
        s.add(written(true, Tensor.wrap(sine, 1, 100), 8000));
        s.add(written(true, Tensor.zeros(2, 0), 44100));
        float[] odd = new float[3 * 8];
        float[] hostile = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -0f, 0.5f, -1f, 2f};
        for (int i = 0; i < odd.length; i++) odd[i] = hostile[i % hostile.length];
        s.add(written(false, Tensor.wrap(odd, 3, 8), 16000));                               // extensible float, 3 channels
        s.add(wav(fmt(PCM, 1, 11025, 8, false), randomData(r, 64)));                         // unsigned 8-bit
        s.add(wav(fmt(PCM, 2, 48000, 24, false), randomData(r, 2 * 3 * 20)));               // 24-bit stereo
        s.add(wav(fmt(PCM, 1, 22050, 32, false), randomData(r, 4 * 30)));                   // 32-bit
        ByteBuffer doubles = le(8 * 12);
        for (int i = 0; i < 12; i++) doubles.putDouble(i == 5 ? Double.NaN : i == 6 ? 1e300 : Math.cos(i));
        s.add(wav(fmt(FLOAT, 1, 8000, 64, true), doubles.array()));                         // float64
        s.add(riff(chunk("fmt ", fmt(MULAW, 1, 8000, 8, true)), chunk("fact", le(4).putInt(100).array()),
                chunk("data", randomData(r, 100))));                                           // mu-law with fact
        s.add(wav(fmt(ALAW, 2, 8000, 8, true), randomData(r, 100)));                          // A-law stereo
        s.add(wav(fmtExtensible(PCM, 6, 48000, 16), randomData(r, 6 * 2 * 10)));             // extensible PCM, 6 channels
        s.add(wav(fmtExtensible(FLOAT, 2, 96000, 32), floats(0.1f, -0.1f, 1f, -1f, Float.NaN, 0f)));
        s.add(riff(chunk("LIST", "INFOISFT\u0003\0\0\0abc".getBytes(StandardCharsets.ISO_8859_1)),   // odd chunk, pad byte,
                chunk("data", randomData(r, 40)), chunk("fmt ", fmt(PCM, 2, 16000, 16, false))));    // data before fmt
        s.add(riffSized(0xFFFFFFFFL, chunk("fmt ", fmt(PCM, 1, 8000, 16, false)),
                chunk("data", 0xFFFFFFFFL, randomData(r, 50 * 2))));                          // streamed: sizes unknown
        s.add(riff(chunk("fmt ", fmt(PCM, 1, 16000, 16, false)), chunk("data", 1000, randomData(r, 64))));   // cut short
        s.add(riff(chunk("fmt ", fmt(PCM, 1, 8000, 8, false)), chunk("data", randomData(r, 7)),
                chunk("junk", randomData(r, 5))));                                              // odd data, then a chunk
        s.add(wav(fmt(PCM, 1, 1, 16, false), randomData(r, 32)));                             // 1 Hz
        return s;
    }

    /** The bytes {@link Wav#write16} or {@link Wav#writeFloat} writes for {@code waveform}. */
    static byte[] written(boolean pcm16, Tensor waveform, int rate) {
        try {
            Path f = Files.createTempFile("cochlea-fuzz-seed", ".wav");
            try {
                if (pcm16) Wav.write16(f, waveform, rate);
                else Wav.writeFloat(f, waveform, rate);
                return Files.readAllBytes(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ mutations

    /** Where a chunk's header lies in a file. */
    private record Chunk(int at, int end) {}

    /** The chunks after the RIFF header, as far as their sizes lead; at most 64. */
    private static List<Chunk> chunks(byte[] x) {
        List<Chunk> list = new ArrayList<>();
        long pos = 12;
        while (pos + 8 <= x.length && list.size() < 64) {
            long size = Mutator.getLe(x, (int) pos + 4, 4);
            long end = Math.min(x.length, pos + 8 + size + (size & 1));
            list.add(new Chunk((int) pos, (int) end));
            pos = end;
        }
        return list;
    }

    private static int findFmt(byte[] x, List<Chunk> list) {
        for (Chunk c : list) {
            if (c.end() - c.at() >= 8 + 16 && x[c.at()] == 'f' && x[c.at() + 1] == 'm' && x[c.at() + 2] == 't') return c.at() + 8;
        }
        return -1;
    }

    /** One mutation that knows the RIFF/WAVE layout, or null when {@code x} has no chunks to work on. */
    static byte[] mutate(byte[] x, Random r) {
        if (x.length < 12) return null;
        List<Chunk> list = chunks(x);
        int fmt = findFmt(x, list);
        switch (r.nextInt(10)) {
            case 0 -> { // the RIFF size
                long[] v = {0, 4, x.length - 8, x.length - 7, x.length - 9, 0xFFFFFFFFL, 0x7FFFFFFFL};
                return Mutator.putLe(x, 4, 4, r.nextBoolean() ? v[r.nextInt(v.length)] : Mutator.interesting(r));
            }
            case 1, 2 -> { // a chunk's size
                if (list.isEmpty()) return null;
                Chunk c = list.get(r.nextInt(list.size()));
                long size = Mutator.getLe(x, c.at() + 4, 4), remain = x.length - c.at() - 8L;
                long[] v = {0, 1, size + 1, size - 1, size | 1, remain, remain + 1, remain - 1, 0xFFFFFFFFL, 0x80000000L,
                        0x7FFFFFFFL, size * 2};
                return Mutator.putLe(x, c.at() + 4, 4, r.nextInt(4) == 0 ? Mutator.interesting(r) : v[r.nextInt(v.length)]);
            }
            case 3, 4, 5 -> { // a field of the fmt chunk
                if (fmt < 0) return null;
                return fmtField(x, fmt, r);
            }
            case 6 -> { // remove or duplicate a chunk
                if (list.isEmpty()) return null;
                Chunk c = list.get(r.nextInt(list.size()));
                if (r.nextBoolean()) {
                    byte[] y = new byte[x.length - (c.end() - c.at())];
                    System.arraycopy(x, 0, y, 0, c.at());
                    System.arraycopy(x, c.end(), y, c.at(), x.length - c.end());
                    return y;
                }
                byte[] copy = java.util.Arrays.copyOfRange(x, c.at(), c.end());
                return Mutator.insert(x, r.nextBoolean() ? c.at() : x.length, copy);
            }
            case 7 -> { // swap two neighbouring chunks
                if (list.size() < 2) return null;
                int i = r.nextInt(list.size() - 1);
                Chunk a = list.get(i), b = list.get(i + 1);
                byte[] y = x.clone();
                int lenB = b.end() - b.at();
                System.arraycopy(x, b.at(), y, a.at(), lenB);
                System.arraycopy(x, a.at(), y, a.at() + lenB, a.end() - a.at());
                return y;
            }
            case 8 -> { // a new chunk, odd sized, before another
                String[] ids = {"LIST", "fact", "junk", "cue ", "fmt ", "data", "JUNK", "\0\0\0\0"};
                byte[] body = Mutator.randomBytes(r, r.nextInt(12));
                int at = list.isEmpty() ? x.length : list.get(r.nextInt(list.size())).at();
                return Mutator.insert(x, at, chunk(ids[r.nextInt(ids.length)], body));
            }
            default -> { // a renamed chunk or header
                String[] names = {"RIFF", "RF64", "RIFX", "WAVE", "WAVX", "fmt ", "fmt\0", "data", "DATA", "LIST"};
                int at = list.isEmpty() || r.nextInt(3) == 0 ? (r.nextBoolean() ? 0 : 8) : list.get(r.nextInt(list.size())).at();
                byte[] y = x.clone();
                byte[] name = names[r.nextInt(names.length)].getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(name, 0, y, at, 4);
                return y;
            }
        }
    }

    /** One field of the {@code fmt } body at {@code at} set to a value that matters; half of the time the block align follows. */
    private static byte[] fmtField(byte[] x, int at, Random r) {
        byte[] y = x.clone();
        int fmtEnd = Math.min(x.length, at + 40);
        switch (r.nextInt(7)) {
            case 0 -> {
                int[] v = {PCM, FLOAT, ALAW, MULAW, EXTENSIBLE, 0, 2, 0x11, 0x55, 0xF1AC, r.nextInt(65536)};
                Mutator.putLeInto(y, at, 2, v[r.nextInt(v.length)]);
            }
            case 1 -> {
                int[] v = {0, 1, 2, 3, 6, 8, 64, 255, 256, 4096, 65535};
                Mutator.putLeInto(y, at + 2, 2, v[r.nextInt(v.length)]);
            }
            case 2 -> {
                long[] v = {0, 1, 999, 1000, 7919, 8000, 11025, 22050, 44100, 48000, 96000, 768000, 768001, 0x7FFFFFFFL,
                        0x80000000L, 0xFFFFFFFFL, r.nextInt(1_000_000)};
                Mutator.putLeInto(y, at + 4, 4, v[r.nextInt(v.length)]);
            }
            case 3 -> {
                int[] v = {0, 1, 4, 8, 12, 16, 20, 24, 32, 48, 64, 128, 65535};
                Mutator.putLeInto(y, at + 14, 2, v[r.nextInt(v.length)]);
            }
            case 4 -> Mutator.putLeInto(y, at + 12, 2, r.nextBoolean() ? 0 : r.nextInt(65536));
            case 5 -> { // the extensible part: cbSize, sub-format tag, a GUID byte
                if (fmtEnd - at < 40) return null;
                int[] offsets = {16, 24, 24, 26 + r.nextInt(14)};
                int off = offsets[r.nextInt(offsets.length)];
                Mutator.putLeInto(y, at + off, off == 16 || off == 24 ? 2 : 1, off == 24 ? new int[] {PCM, FLOAT, ALAW, 2}[r.nextInt(4)]
                        : r.nextInt(65536));
            }
            default -> Mutator.putLeInto(y, at + 8, 4, Mutator.interesting(r));   // byte rate, which readers ignore
        }
        if (r.nextBoolean() && at + 16 <= y.length) {
            int channels = (int) Mutator.getLe(y, at + 2, 2), bits = (int) Mutator.getLe(y, at + 14, 2);
            Mutator.putLeInto(y, at + 12, 2, channels * ((bits + 7) / 8));
        }
        return y;
    }
}
