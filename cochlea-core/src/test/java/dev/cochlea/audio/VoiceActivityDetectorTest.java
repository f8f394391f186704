package dev.cochlea.audio;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoiceActivityDetectorTest {
    static final int RATE = 8000;

    /** Bursts of a 440 Hz tone at -20 dBFS, {@code on} seconds each after {@code off} seconds of noise at {@code noiseDb}. */
    static float[] bursts(int count, double on, double off, double noiseDb, double humDb) {
        Random r = new Random(3);
        int per = (int) ((on + off) * RATE);
        float[] x = new float[count * per + (int) (off * RATE)];
        double n = Math.pow(10, noiseDb / 20), hum = Math.pow(10, humDb / 20) * Math.sqrt(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (n * r.nextGaussian() + hum * Math.sin(2 * Math.PI * 50 * i / RATE));
            int k = i / per, p = i % per - (int) (off * RATE);
            if (k < count && p >= 0) x[i] += (float) (0.1 * Math.sqrt(2) * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        return x;
    }

    /** Segments as [start, end) sample pairs, feeding {@code x} in chunks of {@code chunk}. */
    static List<long[]> segments(float[] x, int chunk, VoiceActivityDetector vad) {
        List<long[]> out = new ArrayList<>();
        boolean was = false;
        for (int i = 0; i < x.length; i += chunk) {
            vad.accept(x, i, Math.min(chunk, x.length - i));
            if (was && !vad.speaking()) out.add(new long[] {vad.segmentStart(), vad.segmentEnd()});
            was = vad.speaking();
        }
        return out;
    }

    @Test
    void findsEachBurstWithItsBoundsWhateverTheChunkSize() {
        float[] x = bursts(5, 0.4, 0.8, -70, -200);
        for (int chunk : new int[] {1, 37, 160, 4096}) {
            List<long[]> seg = segments(x, chunk, new VoiceActivityDetector(RATE, -50, 10, 150));
            assertEquals(5, seg.size(), "chunk " + chunk);
            for (int k = 0; k < 5; k++) {
                long onset = (long) ((k * 1.2 + 0.8) * RATE), offset = onset + (long) (0.4 * RATE);
                assertTrue(Math.abs(seg.get(k)[0] - (onset - 2 * 160)) <= 160, "start " + seg.get(k)[0] + " near " + onset);
                assertTrue(Math.abs(seg.get(k)[1] - (offset + 2 * 160)) <= 160, "end " + seg.get(k)[1] + " near " + offset);
            }
        }
    }

    @Test
    void steadyHumAndSilenceAreNotSpeech() {
        VoiceActivityDetector vad = new VoiceActivityDetector(RATE, -50, 10, 150);
        float[] hum = bursts(0, 0, 5, -60, -30);
        assertEquals(0, segments(hum, 160, vad).size());
        assertFalse(vad.speaking());
        assertEquals(0, vad.segments());
        assertTrue(vad.floorDb() > -40, "the hum is learnt as the floor: " + vad.floorDb());
        VoiceActivityDetector quiet = new VoiceActivityDetector(RATE, -50, 10, 150);
        segments(new float[RATE * 3], 100, quiet);
        assertEquals(0, quiet.segments());
    }

    @Test
    void burstsAboveAHumAreStillFound() {
        float[] x = bursts(3, 0.4, 0.8, -70, -40);
        assertEquals(3, segments(x, 256, new VoiceActivityDetector(RATE, -50, 10, 150)).size());
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VoiceActivityDetector(10, -50, 10, 150))
                .getMessage().startsWith("sampleRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VoiceActivityDetector(RATE, 3, 10, 150))
                .getMessage().startsWith("minDb"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VoiceActivityDetector(RATE, -50, Double.NaN, 150))
                .getMessage().startsWith("marginDb"));
    }
}
