package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CreationTest {
    @Test
    void constantsAndRanges() {
        assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.zeros(2, 2).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7f, 2).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toFloatArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toFloatArray());
        assertEquals(0, Tensor.zeros(0, 3).numel());
        assertEquals(0, Tensor.scalar(2f).dim());
    }

    @Test
    void sameSeedSameNumbers() {
        Tensor a = Tensor.randn(new Generator(42), 100);
        Tensor b = Tensor.randn(new Generator(42), 100);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), Tensor.randn(new Generator(43), 100).toFloatArray()));
        Tensor.manualSeed(5);
        float[] c = Tensor.rand(10).toFloatArray();
        Tensor.manualSeed(5);
        assertArrayEquals(c, Tensor.rand(10).toFloatArray());
    }

    @Test
    void distributionsLookRight() {
        Tensor n = Tensor.randn(new Generator(1), 20000);
        assertEquals(0, n.mean().item(), 0.03);
        assertEquals(1, n.std(true).item(), 0.03);
        Tensor u = Tensor.rand(new Generator(1), 20000);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        Tensor r = Tensor.randint(new Generator(1), 3, 7, 1000);
        assertEquals(DType.INT64, r.dtype());
        long[] v = r.toLongArray();
        for (long x : v) assertTrue(x >= 3 && x < 7);
        long[] p = Tensor.randperm(new Generator(1), 10).toLongArray();
        java.util.Arrays.sort(p);
        for (int i = 0; i < 10; i++) assertEquals(i, p[i]);
    }

    @Test
    void arraysInAndOut() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor copied = Tensor.of(data, 2, 3);
        Tensor wrapped = Tensor.wrap(data, 3, 2);
        data[0] = 100;
        assertEquals(1f, copied.get(0, 0));
        assertEquals(100f, wrapped.get(0, 0));
        assertEquals(6f, copied.get(-1, -1));
        assertArrayEquals(new long[] {1, 2}, Tensor.ofLongs(new long[] {1, 2}, 2).toLongArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toFloatArray());
        assertEquals(3f, Tensor.scalar(3f).item());
    }

    @Test
    void badInputIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1));
        IllegalStateException item = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).item());
        assertTrue(item.getMessage().contains("2 elements"), item.getMessage());
        IndexOutOfBoundsException ix = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).get(0, 3));
        assertTrue(ix.getMessage().contains("dimension 1 with size 3"), ix.getMessage());
    }
}
