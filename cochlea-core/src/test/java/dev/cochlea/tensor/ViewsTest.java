package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ViewsTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.numel(shape)).reshape(shape);
    }

    @Test
    void viewsShareStorage() {
        Tensor x = range(2, 3);
        Tensor v = x.view(3, 2);
        v.set(100f, 0, 1);
        assertEquals(100f, x.get(0, 1));
        Tensor t = x.t();
        assertSame(x.storage(), t.storage());
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {0, 3, 100, 4, 2, 5}, t.toFloatArray());
        assertArrayEquals(new int[] {3, 2}, t.contiguous().shape());
        assertTrue(t.contiguous().isContiguous());
    }

    @Test
    void reshapeCopiesOnlyWhenNeeded() {
        Tensor x = range(2, 3, 4);
        assertSame(x.storage(), x.reshape(6, 4).storage());
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertSame(x.storage(), p.reshape(4, 6).storage()); // dims 1 and 2 stay contiguous together
        Tensor r = p.reshape(24);
        assertNotSame(x.storage(), r.storage());
        assertEquals(x.get(1, 2, 3), r.get(23));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.view(24));
        assertTrue(e.getMessage().contains("reshape"), e.getMessage());
        assertArrayEquals(new int[] {4, 6}, x.reshape(-1, 6).shape());
    }

    @Test
    void squeezeUnsqueezeFlatten() {
        Tensor x = range(1, 3, 1, 2);
        assertArrayEquals(new int[] {3, 2}, x.squeeze().shape());
        assertArrayEquals(new int[] {3, 1, 2}, x.squeeze(0).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2}, x.squeeze(1).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1, 1, 3, 1, 2}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {6}, x.flatten().shape());
        assertArrayEquals(new int[] {1, 6}, x.flatten(1).shape());
        assertArrayEquals(new int[] {1, 3, 2}, x.flatten(1, 2).shape());
        assertArrayEquals(new int[] {2, 3, 4}, range(2, 12).unflatten(1, 3, -1).shape());
    }

    @Test
    void narrowSelectSlice() {
        Tensor x = range(3, 4);
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, x.narrow(1, 1, 2).toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6, 7}, x.select(0, 1).toFloatArray());
        assertArrayEquals(new float[] {3, 7, 11}, x.select(1, -1).toFloatArray());
        assertArrayEquals(new float[] {0, 2, 8, 10}, x.slice(0, 0, 3, 2).slice(1, 0, 4, 2).toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6, 7}, x.select(0, 1).toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> x.narrow(1, 3, 2));
    }

    @Test
    void expandBroadcastsWithoutCopy() {
        Tensor x = Tensor.tensor(1, 2, 3).unsqueeze(1);
        Tensor e = x.expand(3, 4);
        assertSame(x.storage(), e.storage());
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, e.toFloatArray());
        assertArrayEquals(new int[] {2, 3, 4}, x.expand(2, -1, 4).shape());
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> x.expand(2, 4));
        assertTrue(err.getMessage().contains("expand"), err.getMessage());
    }

    @Test
    void catStackSplitChunk() {
        Tensor a = range(2, 2), b = range(2, 3);
        Tensor c = Tensor.cat(1, a, b);
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 2, 3, 3, 4, 5}, c.toFloatArray());
        Tensor s = Tensor.stack(0, a, a);
        assertArrayEquals(new int[] {2, 2, 2}, s.shape());
        List<Tensor> parts = range(5, 2).split(2, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[] {1, 2}, parts.get(2).shape());
        assertEquals(2, range(4, 2).chunk(2, 0).size());
        assertEquals(2, range(6).split(new int[] {2, 4}, 0).size());
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, a, b));
        assertTrue(err.getMessage().contains("[2, 2]") && err.getMessage().contains("[2, 3]"), err.getMessage());
    }

    @Test
    void indexSelectAndGather() {
        Tensor x = range(3, 2);
        assertArrayEquals(new float[] {4, 5, 0, 1}, x.indexSelect(0, Tensor.ofLongs(new long[] {2, 0}, 2)).toFloatArray());
        assertArrayEquals(new float[] {1, 2}, x.gather(1, Tensor.ofLongs(new long[] {1, 0}, 2, 1)).toFloatArray());
    }

    @Test
    void badDimsNameTheRank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).sum(2));
        assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> range(2, 3).permute(0));
        assertTrue(p.getMessage().contains("permute"), p.getMessage());
    }
}
