package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** cumsum, cumprod, prod, all/any, countNonzero and diff against numbers from torch 1.13. */
class ScansTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.numel(shape)).reshape(shape);
    }

    @Test
    void cumsumAndCumprod() {
        // torch.tensor([1., 2, 3, 0, 4]).cumsum(0)
        assertArrayEquals(new float[] {1, 3, 6, 6, 10}, Tensor.tensor(1, 2, 3, 0, 4).cumsum(0).toFloatArray());
        // torch.tensor([2., 3, 0, 4]).cumprod(0)
        assertArrayEquals(new float[] {2, 6, 0, 0}, Tensor.tensor(2, 3, 0, 4).cumprod(0).toFloatArray());
        // torch.arange(6.).reshape(2, 3).cumsum(1) and .cumprod(0)
        assertArrayEquals(new float[] {0, 1, 3, 3, 7, 12}, range(2, 3).cumsum(1).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 10}, range(2, 3).cumprod(0).toFloatArray());
        // torch.arange(12.).reshape(3, 4).cumsum(0), on a transposed (non-contiguous) view too
        float[] want = {0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21};
        assertArrayEquals(want, range(3, 4).cumsum(0).toFloatArray());
        assertArrayEquals(want, range(3, 4).t().contiguous().t().cumsum(0).toFloatArray());
        // torch.tensor([[0, 1], [1, 2]]).cumsum(0) stays int64
        Tensor l = Tensor.ofLongs(new long[] {0, 1, 1, 2}, 2, 2).cumsum(0);
        assertEquals(DType.INT64, l.dtype());
        assertArrayEquals(new long[] {0, 1, 1, 3}, l.toLongArray());
        assertArrayEquals(new long[] {0, 1, 0, 2}, Tensor.ofLongs(new long[] {0, 1, 1, 2}, 2, 2).cumprod(0).toLongArray());
        assertEquals(5f, Tensor.scalar(5f).cumsum(0).item());
    }

    @Test
    void prod() {
        // torch.arange(12.).reshape(3, 4).prod(0) -> [0, 45, 120, 231]
        assertArrayEquals(new float[] {0, 45, 120, 231}, range(3, 4).prod(0, false).toFloatArray());
        // torch.tensor([[1., 2], [3, 4]]).prod() -> 24
        Tensor p = Tensor.of(new float[][] {{1, 2}, {3, 4}}).prod();
        assertEquals(0, p.dim());
        assertEquals(24f, p.item());
        // torch.arange(6.).reshape(2, 3).prod(1, keepdim=True) -> [[0], [60]]
        Tensor k = range(2, 3).prod(1, true);
        assertArrayEquals(new int[] {2, 1}, k.shape());
        assertArrayEquals(new float[] {0, 60}, k.toFloatArray());
        assertEquals(24L, Tensor.ofLongs(new long[] {2, 3, 4}, 3).prod().getLong());
    }

    @Test
    void allAnyCount() {
        // m = torch.tensor([[1., 0, 1], [1, 1, 1]]); m.bool().all(), .any(), .all(dim=1), .any(dim=0),
        // torch.count_nonzero(m) -> 5, torch.count_nonzero(m, dim=1) -> [2, 3]
        Tensor m = Tensor.of(new float[][] {{1, 0, 1}, {1, 1, 1}});
        assertFalse(m.all());
        assertTrue(m.any());
        assertArrayEquals(new float[] {0, 1}, m.all(1, false).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, m.any(0, false).toFloatArray());
        assertArrayEquals(new int[] {1, 3}, m.any(0, true).shape());
        assertEquals(5L, m.countNonzero());
        Tensor c = m.countNonzero(1);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[] {2, 3}, c.toLongArray());
        assertTrue(Tensor.zeros(0).all());
        assertFalse(Tensor.zeros(0).any());
        assertTrue(Tensor.tensor(Float.NaN).all());
        assertTrue(m.t().gt(0.5f).any());
        assertEquals(1L, m.t().slice(0, 1, 2, 1).countNonzero());
    }

    @Test
    void diff() {
        // torch.tensor([1., 4, 9, 16]).diff() -> [3, 5, 7]; .diff(n=2) -> [2, 2]
        Tensor x = Tensor.tensor(1, 4, 9, 16);
        assertArrayEquals(new float[] {3, 5, 7}, x.diff().toFloatArray());
        assertArrayEquals(new float[] {2, 2}, x.diff(2, 0).toFloatArray());
        assertEquals(0, x.diff(5, 0).numel());
        // torch.arange(12.).reshape(3, 4).diff(dim=0) -> all 4
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4, 4, 4}, range(3, 4).diff(1, 0).toFloatArray());
    }

    @Test
    void errorsNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).cumsum(2));
        assertTrue(e.getMessage().contains("cumsum") && e.getMessage().contains("dim 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).prod(-3, false));
        assertTrue(e.getMessage().contains("prod") && e.getMessage().contains("dim -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).any(5, false));
        assertTrue(e.getMessage().contains("any"), e.getMessage());
    }
}
