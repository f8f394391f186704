package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** oneHot, scatter, scatterAdd, indexAdd, maskedFill, diag, trace and outer against numbers from torch 1.13. */
class IndexingTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.numel(shape)).reshape(shape);
    }

    private static Tensor longs(int[] shape, long... v) {
        return Tensor.ofLongs(v, shape);
    }

    @Test
    void oneHot() {
        // F.one_hot(torch.tensor([[0, 2], [1, 1]])) -> int64 [2, 2, 3]
        Tensor h = Tensor.oneHot(longs(new int[] {2, 2}, 0, 2, 1, 1), -1);
        assertEquals(DType.INT64, h.dtype());
        assertArrayEquals(new int[] {2, 2, 3}, h.shape());
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0}, h.toLongArray());
        Tensor f = Tensor.oneHot(longs(new int[] {2}, 3, 0), 5).toFloat();
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1, 0, 0, 0, 0}, f.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(longs(new int[] {2}, 3, 0), 3));
        assertTrue(e.getMessage().contains("oneHot") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(Tensor.tensor(1, 0), 3));
        assertTrue(e.getMessage().contains("oneHot") && e.getMessage().contains("float32") && e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(longs(new int[] {1}, -1), 3));
    }

    @Test
    void scatterAndScatterAdd() {
        // torch.zeros(3, 5).scatter(0, torch.tensor([[0, 1, 2, 0], [2, 0, 0, 1]]), torch.arange(1., 11.).reshape(2, 5))
        Tensor idx = longs(new int[] {2, 4}, 0, 1, 2, 0, 2, 0, 0, 1);
        Tensor src = Tensor.arange(1, 11, 1).reshape(2, 5);
        assertArrayEquals(new float[] {1, 7, 8, 4, 0, 0, 2, 0, 9, 0, 6, 0, 3, 0, 0},
                Tensor.zeros(3, 5).scatter(0, idx, src).toFloatArray());
        // torch.zeros(2, 4).scatter(1, torch.tensor([[1], [3]]), 7.)
        assertArrayEquals(new float[] {0, 7, 0, 0, 0, 0, 0, 7},
                Tensor.zeros(2, 4).scatter(1, longs(new int[] {2, 1}, 1, 3), 7f).toFloatArray());
        // torch.ones(2, 3).scatter_add(1, torch.tensor([[0, 1, 0], [2, 0, 0]]), torch.tensor([[1., 2, 3], [4, 5, 6]]))
        Tensor self = Tensor.ones(2, 3);
        Tensor out = self.scatterAdd(1, longs(new int[] {2, 3}, 0, 1, 0, 2, 0, 0), Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        assertArrayEquals(new float[] {5, 3, 1, 12, 1, 5}, out.toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, self.toFloatArray()); // out of place
        // torch.zeros(3).scatter_add(0, torch.tensor([2, 0, 2, 2]), torch.ones(4)) -> a histogram [1, 0, 3]
        assertArrayEquals(new float[] {1, 0, 3}, Tensor.zeros(3).scatterAdd(0, longs(new int[] {4}, 2, 0, 2, 2), Tensor.ones(4)).toFloatArray());
        // int64 works too; a transposed self is scattered by its logical layout
        assertArrayEquals(new long[] {0, 3, 0}, Tensor.zerosLong(3).scatter(0, longs(new int[] {1}, 1), Tensor.ofLongs(new long[] {3}, 1)).toLongArray());
        assertArrayEquals(new float[] {0, 9, 1, 9, 2, 5}, range(2, 3).t().scatter(1, longs(new int[] {2, 1}, 1, 1), 9f).toFloatArray());
    }

    @Test
    void scatterErrorsNameOpShapesAndDim() {
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).scatter(1, longs(new int[] {1, 1}, 3), 1f));
        assertTrue(oob.getMessage().contains("scatter") && oob.getMessage().contains("dimension 1") && oob.getMessage().contains("size 3"), oob.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).scatterAdd(0, longs(new int[] {3, 1}, 0, 0, 0), Tensor.ones(2, 1)));
        assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("[3, 1]") && e.getMessage().contains("[2, 1]")
                && e.getMessage().contains("dim 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).scatter(0, Tensor.zeros(1, 1), 1f));
        assertTrue(e.getMessage().contains("scatter") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).scatter(0, longs(new int[] {1}, 0), 1f));
        assertTrue(e.getMessage().contains("rank") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void indexAdd() {
        // torch.zeros(5, 3).index_add(0, torch.tensor([0, 4, 2, 0]), torch.arange(12.).reshape(4, 3))
        Tensor out = Tensor.zeros(5, 3).indexAdd(0, longs(new int[] {4}, 0, 4, 2, 0), range(4, 3));
        assertArrayEquals(new float[] {9, 11, 13, 0, 0, 0, 6, 7, 8, 0, 0, 0, 3, 4, 5}, out.toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 3}, Tensor.zeros(2, 3).indexAdd(1, longs(new int[] {2}, 0, -1),
                Tensor.of(new float[][] {{1, 0}, {1, 3}})).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(5, 3).indexAdd(0, longs(new int[] {2}, 0, 1), range(3, 3)));
        assertTrue(e.getMessage().contains("indexAdd") && e.getMessage().contains("[3, 3]") && e.getMessage().contains("dim 0"), e.getMessage());
    }

    @Test
    void maskedFill() {
        // torch.arange(12.).reshape(3, 4).masked_fill(torch.tensor([True, False, False, True]), -1.)
        Tensor mask = Tensor.tensor(1, 0, 0, 1);
        assertArrayEquals(new float[] {-1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10, -1}, range(3, 4).maskedFill(mask, -1f).toFloatArray());
        // torch.tensor([1., 5, 3]).masked_fill(torch.tensor([[True], [False]]), 0.) broadcasts to [2, 3]
        Tensor b = Tensor.tensor(1, 5, 3).maskedFill(Tensor.of(new float[] {1, 0}, 2, 1), 0f);
        assertArrayEquals(new int[] {2, 3}, b.shape());
        assertArrayEquals(new float[] {0, 0, 0, 1, 5, 3}, b.toFloatArray());
        // masks from comparisons, int64 masks and int64 tensors
        Tensor x = Tensor.tensor(1, -2, 3);
        assertArrayEquals(new float[] {1, 0, 3}, x.maskedFill(x.lt(0f), 0f).toFloatArray());
        assertArrayEquals(new long[] {-100, 2}, Tensor.ofLongs(new long[] {1, 2}, 2).maskedFill(Tensor.ofLongs(new long[] {1, 0}, 2), -100).toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.maskedFill(Tensor.ones(2), 0f));
        assertTrue(e.getMessage().contains("maskedFill") && e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void diagTraceOuter() {
        // torch.tensor([[1., 2], [3, 4]]).diag() -> [1, 4]; torch.tensor([1., 2]).diag() -> [[1, 0], [0, 2]]
        assertArrayEquals(new float[] {1, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).diag().toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 2}, Tensor.tensor(1, 2).diag().toFloatArray());
        assertArrayEquals(new float[] {0, 4}, range(2, 3).diag().toFloatArray());
        assertArrayEquals(new float[] {0, 3}, range(3, 2).t().diag().toFloatArray());
        // torch.arange(12.).reshape(3, 4).trace() -> 15
        assertEquals(15f, range(3, 4).trace().item());
        // torch.outer(torch.tensor([1., 2]), torch.tensor([3., 4, 5]))
        assertArrayEquals(new float[] {3, 4, 5, 6, 8, 10}, Tensor.tensor(1, 2).outer(Tensor.tensor(3, 4, 5)).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 2).outer(Tensor.tensor(1)));
        assertTrue(e.getMessage().contains("outer") && e.getMessage().contains("[2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> range(2, 2, 2).diag());
        assertTrue(e.getMessage().contains("diag") && e.getMessage().contains("[2, 2, 2]"), e.getMessage());
    }
}
