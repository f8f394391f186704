package dev.cochlea.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamResamplerTest {
    static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        return x;
    }

    static float[] stream(StreamResampler r, float[] x, int[] chunks) {
        float[] all = new float[0];
        int i = 0, c = 0;
        while (i < x.length) {
            int n = Math.min(chunks[c++ % chunks.length], x.length - i);
            all = concat(all, r.process(x, i, n));
            i += n;
        }
        return concat(all, r.flush());
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aSineComesOutAtTheNewRateWhateverTheChunks() {
        int[][] rates = {{48000, 8000}, {44100, 8000}, {8000, 16000}, {16000, 8000}, {8000, 8000}};
        for (int[] rr : rates) {
            float[] x = sine(440, rr[0], rr[0]);
            float[] whole = stream(new StreamResampler(rr[0], rr[1]), x, new int[] {x.length});
            float[] bits = stream(new StreamResampler(rr[0], rr[1]), x, new int[] {1, 7, 128, 333, 4096});
            assertArrayEquals(whole, bits, rr[0] + " -> " + rr[1] + ": the chunks change nothing");
            int expected = (int) Math.ceil((double) x.length * rr[1] / rr[0]);
            assertTrue(Math.abs(whole.length - expected) <= 2, whole.length + " samples, expected about " + expected);
            double worst = 0;
            float[] want = sine(440, rr[1], whole.length);
            for (int i = rr[1] / 20; i < expected - rr[1] / 20; i++) worst = Math.max(worst, Math.abs(whole[i] - want[i]));
            assertTrue(worst < 2e-3, rr[0] + " -> " + rr[1] + ": worst error " + worst);
        }
    }

    @Test
    void whatIsAboveTheNewNyquistIsRemoved() {
        float[] x = sine(6000, 48000, 48000);
        float[] y = stream(new StreamResampler(48000, 8000), x, new int[] {1000});
        double energy = 0;
        for (int i = 400; i < 7600; i++) energy += y[i] * y[i];
        assertTrue(Math.sqrt(energy / 7200) < 0.005, "a 6 kHz tone resampled to 8 kHz: rms " + Math.sqrt(energy / 7200));
    }

    @Test
    void badRatesAndRangesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamResampler(0, 8000)).getMessage().startsWith("fromRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamResampler(44101, 8000)).getMessage().contains("phases"));
        StreamResampler r = new StreamResampler(16000, 8000);
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(new float[4], 2, 3));
        assertEquals(0, new StreamResampler(16000, 8000).process(new float[0], 0, 0).length);
        Random g = new Random(1);
        float[] noise = new float[5000];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) g.nextGaussian();
        assertArrayEquals(stream(new StreamResampler(16000, 8000), noise, new int[] {5000}),
                stream(new StreamResampler(16000, 8000), noise, new int[] {3, 1, 999}));
    }
}
