package dev.cochlea.audio;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SpecAugment {@link TimeMasking} and {@link FrequencyMasking}. */
class MaskingTest {
    static Tensor ones(int... shape) {
        return Tensor.ones(shape);
    }

    /** For each [freq, time] slice: the masked columns (time) or rows (freq) as {start, end}. */
    static int[] band(float[] data, int offset, int freq, int time, boolean timeAxis, float value) {
        int start = -1, end = -1;
        int size = timeAxis ? time : freq;
        for (int i = 0; i < size; i++) {
            boolean all = true;
            for (int j = 0; j < (timeAxis ? freq : time); j++) {
                float v = timeAxis ? data[offset + j * time + i] : data[offset + i * time + j];
                if (v != value) all = false;
            }
            if (all) {
                if (start < 0) start = i;
                end = i + 1;
            }
        }
        if (start < 0) return new int[] {0, 0};
        for (int i = start; i < end; i++) {
            for (int j = 0; j < (timeAxis ? freq : time); j++) {
                float v = timeAxis ? data[offset + j * time + i] : data[offset + i * time + j];
                assertEquals(value, v, "the band is contiguous");
            }
        }
        return new int[] {start, end};
    }

    @Test
    void masksOneContiguousBandNarrowerThanTheParameter() {
        TimeMasking tm = new TimeMasking(20).generator(new Generator(1));
        FrequencyMasking fm = new FrequencyMasking(10).generator(new Generator(2));
        Set<Integer> widths = new HashSet<>();
        for (int trial = 0; trial < 200; trial++) {
            float[] t = tm.forward(ones(1, 40, 100)).toFloatArray();
            int[] b = band(t, 0, 40, 100, true, 0f);
            assertTrue(b[1] - b[0] < 20 && b[1] <= 100);
            widths.add(b[1] - b[0]);
            int zeros = 0;
            for (float v : t) if (v == 0f) zeros++;
            assertEquals((b[1] - b[0]) * 40, zeros);
            float[] f = fm.forward(ones(40, 100), -5f).toFloatArray();
            int[] fb = band(f, 0, 40, 100, false, -5f);
            assertTrue(fb[1] - fb[0] < 10);
        }
        assertTrue(widths.size() > 10, "widths vary: " + widths);
    }

    @Test
    void onlyInTrainingMode() {
        TimeMasking tm = new TimeMasking(50).generator(new Generator(3));
        assertTrue(tm.isTraining());
        Tensor x = ones(2, 30, 60);
        tm.eval();
        assertSame(x, tm.forward(x));
        tm.train(true);
        boolean masked = false;
        for (int i = 0; i < 10 && !masked; i++) for (float v : tm.forward(x).toFloatArray()) if (v == 0f) masked = true;
        assertTrue(masked);
        for (float v : x.toFloatArray()) assertEquals(1f, v, "the input is not modified");
        FrequencyMasking fm = new FrequencyMasking(5).train(false);
        assertSame(x, fm.forward(x));
    }

    @Test
    void sharedOrIndependentMasksOverABatch() {
        TimeMasking shared = new TimeMasking(40).generator(new Generator(4));
        TimeMasking iid = new TimeMasking(40, true).generator(new Generator(4));
        float[] s = shared.forward(ones(8, 2, 10, 50)).toFloatArray();
        float[] d = iid.forward(ones(8, 2, 10, 50)).toFloatArray();
        Set<String> sharedBands = new HashSet<>();
        Set<String> iidBands = new HashSet<>();
        for (int r = 0; r < 16; r++) {
            int[] a = band(s, r * 500, 10, 50, true, 0f);
            int[] b = band(d, r * 500, 10, 50, true, 0f);
            sharedBands.add(a[0] + ":" + a[1]);
            iidBands.add(b[0] + ":" + b[1]);
        }
        assertEquals(1, sharedBands.size(), "one band for the whole batch");
        assertTrue(iidBands.size() > 1, "independent bands per (batch, channel): " + iidBands);
        // iid only applies to 4-D input: a 3-D input shares one band
        float[] three = iid.forward(ones(4, 10, 50)).toFloatArray();
        Set<String> b3 = new HashSet<>();
        for (int r = 0; r < 4; r++) {
            int[] b = band(three, r * 500, 10, 50, true, 0f);
            b3.add(b[0] + ":" + b[1]);
        }
        assertEquals(1, b3.size());
    }

    @Test
    void proportionCapAndValidation() {
        TimeMasking capped = new TimeMasking(100, false, 0.1).generator(new Generator(5));
        for (int i = 0; i < 50; i++) {
            int[] b = band(capped.forward(ones(5, 50)).toFloatArray(), 0, 5, 50, true, 0f);
            assertTrue(b[1] - b[0] < 5, "at most floor(50 * 0.1) - 1 frames");
        }
        Tensor x = ones(5, 5);
        assertSame(x, new TimeMasking(100, false, 0.1).forward(x), "cap below 1 frame: no masking");
        assertThrows(IllegalArgumentException.class, () -> new TimeMasking(10, false, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new FrequencyMasking(-1));
        assertArrayEquals(new int[] {3, 5}, new FrequencyMasking(2).forward(ones(3, 5)).shape());
    }
}
