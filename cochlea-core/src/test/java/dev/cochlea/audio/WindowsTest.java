package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Window functions against their formulas and against values printed by torch 1.13. */
class WindowsTest {
    private static final float ULP = 2e-7f;

    @Test
    void matchesTorchValues() {
        assertArrayEquals(new float[] {0f, 0.146446615f, 0.5f, 0.853553414f, 1f, 0.853553295f, 0.5f, 0.146446496f},
                Windows.hann(8).toFloatArray(), ULP, "torch.hann_window(8)");
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f, 0.74999994f, 0.25000006f, 0f},
                Windows.hann(7, false).toFloatArray(), ULP, "torch.hann_window(7, periodic=False)");
        assertArrayEquals(new float[] {0.0800000131f, 0.310000032f, 0.770000041f, 1f, 0.769999981f, 0.310000062f},
                Windows.hamming(6).toFloatArray(), ULP, "torch.hamming_window(6)");
        assertArrayEquals(new float[] {-2.98023224e-08f, 0.129999995f, 0.629999995f, 1f, 0.629999936f, 0.130000025f, -2.98023224e-08f},
                Windows.blackman(7, false).toFloatArray(), ULP, "torch.blackman_window(7, periodic=False)");
        assertArrayEquals(new float[] {-2.98023224e-08f, 0.0664466023f, 0.340000004f, 0.773553371f, 1f, 0.773553252f, 0.339999974f, 0.0664465427f},
                Windows.blackman(8).toFloatArray(), ULP, "torch.blackman_window(8)");
        assertArrayEquals(new float[] {0f, 0.400000006f, 0.800000012f, 0.799999952f, 0.399999976f},
                Windows.bartlett(5).toFloatArray(), ULP, "torch.bartlett_window(5)");
        assertArrayEquals(new float[] {0f, 0.400000006f, 0.800000012f, 0.799999952f, 0.399999976f, 0f},
                Windows.bartlett(6, false).toFloatArray(), ULP, "torch.bartlett_window(6, periodic=False)");
    }

    @Test
    void followFormulasForManyLengths() {
        for (int n : new int[] {2, 3, 16, 255, 400, 1024}) {
            for (boolean periodic : new boolean[] {true, false}) {
                int m = periodic ? n : n - 1;
                float[] hann = Windows.hann(n, periodic).toFloatArray();
                float[] hamming = Windows.hamming(n, periodic).toFloatArray();
                float[] blackman = Windows.blackman(n, periodic).toFloatArray();
                float[] bartlett = Windows.bartlett(n, periodic).toFloatArray();
                for (int i = 0; i < n; i++) {
                    double c = Math.cos(2 * Math.PI * i / m);
                    assertEquals(0.5 - 0.5 * c, hann[i], 1e-6, "hann " + n + " " + i);
                    assertEquals(0.54 - 0.46 * c, hamming[i], 1e-6, "hamming " + n + " " + i);
                    assertEquals(0.42 - 0.5 * c + 0.08 * Math.cos(4 * Math.PI * i / m), blackman[i], 1e-6, "blackman " + n + " " + i);
                    assertEquals(1 - Math.abs(2.0 * i / m - 1), bartlett[i], 1e-6, "bartlett " + n + " " + i);
                }
            }
            assertArrayEquals(Windows.hann(n + 1, false).narrow(0, 0, n).toFloatArray(), Windows.hann(n).toFloatArray(), 1e-6f,
                    "periodic = symmetric of N + 1 without the last sample");
        }
    }

    @Test
    void edgeLengthsAndOnes() {
        assertEquals(0, Windows.hann(0).numel());
        assertArrayEquals(new float[] {1f}, Windows.hann(1).toFloatArray());
        assertArrayEquals(new float[] {1f}, Windows.blackman(1, false).toFloatArray());
        assertArrayEquals(new float[] {1f, 1f, 1f}, Windows.ones(3).toFloatArray());
        assertArrayEquals(new float[] {1f, 1f, 1f}, Windows.rectangular(3).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Windows.hann(-1));
        float[] g = Windows.hamming(10, true, 0.5, 0.5).toFloatArray();
        assertArrayEquals(Windows.hann(10).toFloatArray(), g, 1e-7f, "generalised Hamming with 0.5/0.5 is Hann");
    }

    @Test
    void valuesAreCachedButTensorsAreCopies() {
        assertSame(Windows.values(Windows.Kind.HANN, 512, true), Windows.values(Windows.Kind.HANN, 512, true));
        Tensor a = Windows.hann(512);
        Tensor b = Windows.hann(512);
        assertNotSame(a.storage(), b.storage());
        a.set(42f, 0);
        assertEquals(0f, Windows.hann(512).get(0), "mutating a returned window must not touch the cache");
    }
}
