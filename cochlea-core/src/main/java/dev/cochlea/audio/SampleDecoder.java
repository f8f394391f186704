package dev.cochlea.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns stored samples into floats, the same for every container (WAV, AIFF, AU): interleaved
 * frames in, planar {@code [channels, frames]} floats out, in the byte order of the buffer. The
 * scaling is the one {@link AudioEncoding} documents: signed integers divided by 2^(bits-1),
 * unsigned 8-bit as {@code (x - 128) / 128}, floats as they are, G.711 expanded to 16-bit linear
 * and divided by 32768.
 *
 * <pre>{@code
 * ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);   // two stereo frames of 16-bit PCM
 * float[] out = new float[4];
 * SampleDecoder.decode(b, AudioEncoding.PCM_S16, 2, 2, out, 0, 2);      // out = {l0, l1, r0, r1}
 * }</pre>
 */
final class SampleDecoder {
    private static final float[] MULAW_TABLE = g711Table(true), ALAW_TABLE = g711Table(false);

    private SampleDecoder() {}

    /**
     * Decodes {@code frames} interleaved frames from {@code b} (from index 0, in {@code b}'s byte
     * order) into the planar {@code out}: channel {@code c}, frame {@code f} goes to
     * {@code out[c * stride + outFrame + f]}.
     */
    static void decode(ByteBuffer b, AudioEncoding enc, int channels, int frames, float[] out, int outFrame, int stride) {
        boolean big = b.order() == ByteOrder.BIG_ENDIAN;
        float[] g711 = enc == AudioEncoding.MULAW ? MULAW_TABLE : ALAW_TABLE;
        for (int c = 0; c < channels; c++) {
            int o = c * stride + outFrame;
            int step = channels;
            switch (enc) {
                case PCM_U8 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = ((b.get(k) & 0xFF) - 128) * (1f / 128f); }
                case PCM_S8 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = b.get(k) * (1f / 128f); }
                case PCM_S16 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = b.getShort(2 * k) * (1f / 32768f); }
                case PCM_S24 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = int24(b, 3 * k, big) * (1f / 8388608f); }
                case PCM_S32 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = int32ToFloat(b.getInt(4 * k)); }
                case FLOAT32 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = b.getFloat(4 * k); }
                case FLOAT64 -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = (float) b.getDouble(8 * k); }
                case MULAW, ALAW -> { for (int f = 0, k = c; f < frames; f++, k += step) out[o + f] = g711[b.get(k) & 0xFF]; }
                default -> throw new IllegalArgumentException(enc + " is not stored sample by sample");
            }
        }
    }

    /** The signed 24-bit integer at {@code i}. */
    private static int int24(ByteBuffer b, int i, boolean big) {
        return big ? b.get(i) << 16 | (b.get(i + 1) & 0xFF) << 8 | (b.get(i + 2) & 0xFF)
                : (b.get(i) & 0xFF) | (b.get(i + 1) & 0xFF) << 8 | b.get(i + 2) << 16;
    }

    /** sox's SOX_SAMPLE_TO_FLOAT_32BIT, which torchaudio uses: round to 25 bits, then divide by 2^31. */
    static float int32ToFloat(int s) {
        if (s > Integer.MAX_VALUE - 64) return 1f;
        return (float) (((s + 64) & ~127) * (1.0 / 2147483648.0));
    }

    /** The 256 G.711 code words expanded to 16-bit linear (ITU-T G.711), divided by 32768. */
    private static float[] g711Table(boolean mu) {
        float[] t = new float[256];
        for (int code = 0; code < 256; code++) {
            int linear;
            if (mu) {
                int u = ~code & 0xFF;
                int m = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
                linear = (u & 0x80) != 0 ? 0x84 - m : m - 0x84;
            } else {
                int a = code ^ 0x55;
                int m = (a & 0x0F) << 4;
                int seg = (a & 0x70) >> 4;
                m = seg == 0 ? m + 8 : (m + 0x108) << (seg - 1);
                linear = (a & 0x80) != 0 ? m : -m;
            }
            t[code] = linear / 32768f;
        }
        return t;
    }
}
