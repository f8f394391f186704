package dev.cochlea.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations of a valid input, the kind that break parsers: bit flips, bytes and
 * little-endian integers set to boundary values, sizes nudged by one, floats set to NaN, infinity
 * and huge values, ranges inserted, deleted, duplicated or copied, truncation, padding, and
 * splicing with another input. A case stacks one to four of them, each chosen by the seeded
 * {@link Random}, so a seed and a case number give the same input on every machine.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512,
            1000, 1023, 1024, 4095, 4096, 8000, 16000, 32767, 32768, 44100, 65535, 65536, 0x7FFFFFFFL, 0x80000000L,
            0xFFFFFFFFL, 0xFFFFFFFEL, -1, -2, Long.MAX_VALUE, Long.MIN_VALUE, 0x100000000L, 0x7FFFFFFFFFFFFFFEL};
    private static final float[] FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, 1e30f, -1e30f, 1e6f, 0f, -0f, 1f, -1f, 2f};

    private Mutator() {}

    /** A mutated copy of {@code base}: one to four stacked mutations, the format-aware ones of {@code target} among them. */
    static byte[] mutate(FuzzTarget target, byte[] base, Random r, List<byte[]> corpus) {
        byte[] x = base;
        int rounds = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0);
        for (int i = 0; i < rounds; i++) {
            byte[] y = null;
            if (r.nextInt(100) < target.structuredPercent()) y = target.mutate(x, r, corpus);
            if (y == null) y = bytes(x, r, corpus);
            x = y.length > target.maxInputBytes() ? Arrays.copyOf(y, target.maxInputBytes()) : y;
        }
        return x;
    }

    /** One byte-level mutation of a copy of {@code x}. */
    static byte[] bytes(byte[] x, Random r, List<byte[]> corpus) {
        int n = x.length;
        if (n == 0) return randomBytes(r, 1 + r.nextInt(64));
        switch (r.nextInt(16)) {
            case 0 -> { // flip one bit
                byte[] y = x.clone();
                y[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                return y;
            }
            case 1 -> { // a random byte
                byte[] y = x.clone();
                y[r.nextInt(n)] = (byte) r.nextInt(256);
                return y;
            }
            case 2, 3 -> { // a boundary value as a 1, 2, 4 or 8-byte little-endian integer
                int width = 1 << r.nextInt(4);
                return putLe(x, position(x, r, width), width, INTERESTING[r.nextInt(INTERESTING.length)]);
            }
            case 4 -> { // an integer nudged by a little
                int width = r.nextBoolean() ? 4 : 2;
                int at = position(x, r, width);
                if (at < 0) return bytes(x, r, corpus);
                return putLe(x, at, width, getLe(x, at, width) + r.nextInt(33) - 16);
            }
            case 5 -> { // a hostile float or double
                byte[] y = x.clone();
                float f = FLOATS[r.nextInt(FLOATS.length)];
                if (r.nextBoolean()) {
                    int at = position(x, r, 4);
                    if (at >= 0) putLeInto(y, at, 4, Float.floatToRawIntBits(f) & 0xFFFFFFFFL);
                } else {
                    int at = position(x, r, 8);
                    if (at >= 0) putLeInto(y, at, 8, Double.doubleToRawLongBits(f));
                }
                return y;
            }
            case 6 -> { // insert random bytes
                int at = r.nextInt(n + 1);
                return insert(x, at, randomBytes(r, 1 + r.nextInt(r.nextBoolean() ? 8 : 256)));
            }
            case 7 -> { // insert one byte repeated
                int at = r.nextInt(n + 1);
                byte[] run = new byte[1 + r.nextInt(128)];
                Arrays.fill(run, (byte) (r.nextBoolean() ? 0 : r.nextInt(256)));
                return insert(x, at, run);
            }
            case 8, 9 -> { // delete a range
                int from = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(n - from, r.nextBoolean() ? 8 : n));
                byte[] y = new byte[n - len];
                System.arraycopy(x, 0, y, 0, from);
                System.arraycopy(x, from + len, y, from, n - from - len);
                return y;
            }
            case 10 -> { // duplicate a range in place
                int from = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(n - from, 512));
                return insert(x, from, Arrays.copyOfRange(x, from, from + len));
            }
            case 11 -> { // copy a range over another place
                byte[] y = x.clone();
                int from = r.nextInt(n), to = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(n - Math.max(from, to), 64));
                System.arraycopy(x, from, y, to, len);
                return y;
            }
            case 12 -> { // truncate
                return Arrays.copyOf(x, r.nextInt(n));
            }
            case 13 -> { // pad the end
                byte[] tail = r.nextBoolean() ? new byte[1 + r.nextInt(64)] : randomBytes(r, 1 + r.nextInt(64));
                return insert(x, n, tail);
            }
            case 14 -> { // splice: the head of this input, the tail of another
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                if (other.length == 0) return Arrays.copyOf(x, r.nextInt(n));
                int cut = r.nextInt(n + 1), from = r.nextInt(other.length);
                byte[] y = Arrays.copyOf(x, cut + other.length - from);
                System.arraycopy(other, from, y, cut, other.length - from);
                return y;
            }
            default -> { // one byte set to a boundary value
                byte[] y = x.clone();
                int[] v = {0, 0xFF, 0x7F, 0x80, 0x01, 0x20, '"', '{', '[', ','};
                y[r.nextInt(n)] = (byte) v[r.nextInt(v.length)];
                return y;
            }
        }
    }

    /** A random start for a {@code width}-byte field, aligned to it half of the time; -1 when the input is shorter. */
    static int position(byte[] x, Random r, int width) {
        if (x.length < width) return -1;
        int at = r.nextInt(x.length - width + 1);
        return r.nextBoolean() ? at - at % width : at;
    }

    static byte[] putLe(byte[] x, int at, int width, long v) {
        byte[] y = x.clone();
        if (at >= 0) putLeInto(y, at, width, v);
        return y;
    }

    static void putLeInto(byte[] y, int at, int width, long v) {
        for (int i = 0; i < width && at + i < y.length; i++) y[at + i] = (byte) (v >>> (8 * i));
    }

    static long getLe(byte[] x, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) v |= (x[at + i] & 0xFFL) << (8 * i);
        return v;
    }

    static byte[] insert(byte[] x, int at, byte[] what) {
        byte[] y = new byte[x.length + what.length];
        System.arraycopy(x, 0, y, 0, at);
        System.arraycopy(what, 0, y, at, what.length);
        System.arraycopy(x, at, y, at + what.length, x.length - at);
        return y;
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** A boundary value for a size or count field, or a random 32-bit one. */
    static long interesting(Random r) {
        return r.nextInt(4) == 0 ? r.nextInt() & 0xFFFFFFFFL : INTERESTING[r.nextInt(INTERESTING.length)];
    }
}
