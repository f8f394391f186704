package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** sort, argsort, topk and kthvalue against numbers from torch 1.13 (the call is quoted next to each). */
class SortingTest {
    private static final Tensor X = Tensor.of(new float[][] {{3, 1, 2, 1}, {0, -1, 5, 2}});

    @Test
    void sortIsStableAlongAnyDim() {
        // x.sort(dim=1, descending=True, stable=True)
        ValuesIndices s = X.sort(1, true);
        assertArrayEquals(new float[] {3, 2, 1, 1, 5, 2, 0, -1}, s.values().toFloatArray());
        assertArrayEquals(new long[] {0, 2, 1, 3, 2, 3, 0, 1}, s.indices().toLongArray());
        assertEquals(DType.INT64, s.indices().dtype());
        // x.sort(dim=0, stable=True)
        s = X.sort(0, false);
        assertArrayEquals(new float[] {0, -1, 2, 1, 3, 1, 5, 2}, s.values().toFloatArray());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 1, 1}, s.indices().toLongArray());
        // a non-contiguous input sorts the same as its copy
        assertArrayEquals(X.sort(0, false).values().toFloatArray(), X.t().contiguous().t().sort(0, false).values().toFloatArray());
        assertArrayEquals(new float[] {0, 3, -1, 1, 2, 5, 1, 2}, X.t().sort(1, false).values().toFloatArray());
        // x.argsort(dim=1) (ascending ties keep their order)
        assertArrayEquals(new long[] {1, 3, 2, 0, 1, 0, 3, 2}, X.argsort(1, false).toLongArray());
    }

    @Test
    void nanSortsLargestAndNegativeZeroEqualsZero() {
        // torch.tensor([3., nan, 1., -0., 0., 1.]).sort() -> [-0, 0, 1, 1, 3, nan], [3, 4, 2, 5, 0, 1]
        Tensor t = Tensor.tensor(3f, Float.NaN, 1f, -0f, 0f, 1f);
        ValuesIndices s = t.sort();
        assertArrayEquals(new long[] {3, 4, 2, 5, 0, 1}, s.indices().toLongArray());
        assertTrue(Float.isNaN(s.values().get(5)));
        // .sort(descending=True, stable=True) -> [nan, 3, 1, 1, -0, 0], [1, 0, 2, 5, 3, 4]
        assertArrayEquals(new long[] {1, 0, 2, 5, 3, 4}, t.argsort(0, true).toLongArray());
    }

    @Test
    void topkAndKthvalue() {
        // x.topk(2, dim=1) -> [[3, 2], [5, 2]], [[0, 2], [2, 3]]
        ValuesIndices k = X.topk(2, 1, true, true);
        assertArrayEquals(new float[] {3, 2, 5, 2}, k.values().toFloatArray());
        assertArrayEquals(new long[] {0, 2, 2, 3}, k.indices().toLongArray());
        assertArrayEquals(new int[] {2, 2}, k.values().shape());
        // x.topk(1, dim=0, largest=False) -> [[0, -1, 2, 1]], [[1, 1, 0, 0]]
        k = X.topk(1, 0, false, true);
        assertArrayEquals(new float[] {0, -1, 2, 1}, k.values().toFloatArray());
        assertArrayEquals(new long[] {1, 1, 0, 0}, k.indices().toLongArray());
        assertArrayEquals(new int[] {1, 4}, k.indices().shape());
        assertArrayEquals(new float[] {3, 5}, X.topk(1).values().reshape(-1).toFloatArray());
        assertEquals(0, X.topk(0, 1, true, true).values().numel());
        // x.kthvalue(2, dim=1) -> values [1, 0]; the position of a tied value is unspecified in torch
        ValuesIndices kv = X.kthvalue(2, 1, false);
        assertArrayEquals(new float[] {1, 0}, kv.values().toFloatArray());
        assertArrayEquals(new int[] {2}, kv.values().shape());
        assertEquals(0L, kv.indices().getLong(1));
        assertArrayEquals(new int[] {2, 1}, X.kthvalue(4, -1, true).values().shape());
        assertEquals(5f, X.kthvalue(4, -1, true).values().get(1, 0));
    }

    @Test
    void scalarsAndLargeRows() {
        ValuesIndices s = Tensor.scalar(4f).sort();
        assertEquals(0, s.values().dim());
        assertEquals(0L, s.indices().getLong());
        Tensor big = Tensor.randn(new Generator(5), 40, 3000);
        float[] v = big.sort(1, false).values().toFloatArray();
        for (int r = 0; r < 40; r++) {
            for (int i = 1; i < 3000; i++) assertTrue(v[r * 3000 + i - 1] <= v[r * 3000 + i]);
        }
        float[] top = big.topk(3, 1, true, true).values().select(1, 0).toFloatArray();
        assertArrayEquals(big.max(1, false).values().toFloatArray(), top);
        // a small k of a long line (selection by insertion) picks exactly what a full stable sort puts first, ties included
        Tensor ties = big.mul(2f).round().t();
        for (boolean largest : new boolean[] {true, false}) {
            ValuesIndices k = ties.topk(7, 0, largest, true);
            ValuesIndices s2 = ties.sort(0, largest);
            assertArrayEquals(s2.indices().narrow(0, 0, 7).toLongArray(), k.indices().toLongArray());
            assertArrayEquals(s2.values().narrow(0, 0, 7).toFloatArray(), k.values().toFloatArray());
        }
    }

    @Test
    void errorsNameTheOpShapeAndDim() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X.topk(5, 1, true, true));
        assertTrue(e.getMessage().contains("topk") && e.getMessage().contains("[2, 4]") && e.getMessage().contains("dimension 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X.kthvalue(0, 0, false));
        assertTrue(e.getMessage().contains("kthvalue") && e.getMessage().contains("dimension 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X.sort(2, false));
        assertTrue(e.getMessage().contains("sort") && e.getMessage().contains("dim 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.ofLongs(new long[] {2, 1}, 2).sort());
        assertTrue(e.getMessage().contains("sort") && e.getMessage().contains("int64"), e.getMessage());
    }
}
