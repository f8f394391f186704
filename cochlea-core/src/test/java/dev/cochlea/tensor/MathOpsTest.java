package dev.cochlea.tensor;

import dev.cochlea.autograd.NoGrad;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MathOpsTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.numel(shape)).reshape(shape);
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = range(2, 3);
        Tensor b = Tensor.tensor(10, 20, 30);
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.add(b).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 30, 40, 50}, a.mul(Tensor.tensor(1, 10).unsqueeze(1)).toFloatArray());
        assertArrayEquals(new float[] {-10, -19, -28, -7, -16, -25}, a.sub(b).toFloatArray());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, a.div(2f).toFloatArray());
        assertArrayEquals(new int[] {4, 2, 3}, range(4, 1, 3).add(range(2, 1)).shape());
        // non-contiguous operands
        Tensor t = range(3, 2).t();
        assertArrayEquals(new float[] {0, 3, 6, 4, 7, 10}, t.add(a).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).add(range(2, 2)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void unaryFunctions() {
        Tensor x = Tensor.tensor(-1f, 0f, 4f);
        assertArrayEquals(new float[] {0, 0, 4}, x.relu().toFloatArray());
        assertArrayEquals(new float[] {1, 0, 4}, x.abs().toFloatArray());
        assertArrayEquals(new float[] {1, 0, 16}, x.pow(2f).toFloatArray());
        assertArrayEquals(new float[] {-1, 0, 1}, x.sign().toFloatArray());
        assertEquals(2f, x.sqrt().get(2), 1e-6);
        assertEquals(0.5f, x.sigmoid().get(1), 1e-6);
        assertEquals((float) Math.tanh(-1), x.tanh().get(0), 1e-6);
        assertEquals((float) Math.exp(4), x.exp().get(2), 1e-2);
        assertEquals((float) Math.log(4), x.log().get(2), 1e-6);
        assertArrayEquals(new float[] {-0.5f, 0, 0.5f}, x.clamp(-0.5f, 0.5f).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 4}, x.clampMin(0).toFloatArray());
        assertArrayEquals(new float[] {-1, 0, 3}, x.maximum(Tensor.scalar(-2)).minimum(Tensor.scalar(3)).toFloatArray());
    }

    @Test
    void largeOpsMatchSmallOnesAcrossThreads() {
        Tensor a = Tensor.randn(new Generator(3), 300, 700);
        Tensor b = Tensor.randn(new Generator(4), 700);
        float[] sum = a.add(b).toFloatArray();
        float[] av = a.toFloatArray(), bv = b.toFloatArray();
        for (int i = 0; i < sum.length; i++) assertEquals(av[i] + bv[i % 700], sum[i], 0f);
        float[] e = a.t().exp().toFloatArray();
        assertEquals((float) Math.exp(av[700]), e[1], 1e-4 * Math.exp(av[700]));
    }

    @Test
    void comparisonsAndWhere() {
        Tensor x = Tensor.tensor(1, 5, 3);
        assertArrayEquals(new float[] {0, 1, 0}, x.gt(3f).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0}, x.lt(Tensor.scalar(3)).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1}, x.eq(3f).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 0}, x.ne(Tensor.scalar(3)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1}, x.ge(Tensor.scalar(3)).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, x.le(Tensor.scalar(3)).toFloatArray());
        assertArrayEquals(new float[] {-1, 5, -1}, Tensor.where(x.gt(3f), x, Tensor.scalar(-1)).toFloatArray());
        Tensor labels = Tensor.ofLongs(new long[] {1, 2, 3}, 3);
        assertArrayEquals(new float[] {0, 1, 0}, labels.eq(Tensor.ofLongs(new long[] {0, 2, 0}, 3)).toFloatArray());
        assertTrue(x.allClose(Tensor.tensor(1, 5, 3.00001f), 1e-4f, 0));
    }

    @Test
    void inPlaceOps() {
        Tensor x = Tensor.ones(2, 3);
        x.addInPlace(Tensor.tensor(1, 2, 3));
        assertArrayEquals(new float[] {2, 3, 4, 2, 3, 4}, x.toFloatArray());
        x.mulInPlace(2f).addInPlace(-1f);
        assertArrayEquals(new float[] {3, 5, 7, 3, 5, 7}, x.toFloatArray());
        x.t().fill(0f);
        assertEquals(0f, x.sum().item());
        Tensor y = Tensor.zeros(2, 2);
        y.select(1, 1).copyFrom(Tensor.tensor(8, 9));
        assertArrayEquals(new float[] {0, 8, 0, 9}, y.toFloatArray());
        y.clampInPlace(0, 8.5f);
        assertEquals(8.5f, y.get(1, 1));
        Tensor w = Tensor.ones(3).requiresGrad(true);
        try (NoGrad ignored = NoGrad.enter()) {
            w.addInPlace(Tensor.tensor(1, 2, 3), 0.5f);
        }
        assertArrayEquals(new float[] {1.5f, 2, 2.5f}, w.toFloatArray());
    }

    @Test
    void reductions() {
        Tensor x = range(2, 3, 4);
        assertEquals(276f, x.sum().item());
        assertArrayEquals(new float[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34}, x.sum(0).toFloatArray());
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(1, true).shape());
        assertArrayEquals(new float[] {60, 66, 72, 78}, x.sum(new int[] {0, 1}, false).toFloatArray());
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, x.mean(2).toFloatArray());
        assertEquals(11.5f, x.mean().item());
        ValuesIndices m = Tensor.of(new float[] {1, 9, 3, 7, 2, 8}, 2, 3).max(1, false);
        assertArrayEquals(new float[] {9, 8}, m.values().toFloatArray());
        assertArrayEquals(new long[] {1, 2}, m.indices().toLongArray());
        assertArrayEquals(new long[] {0, 1}, Tensor.of(new float[] {1, 9, 3, 7, 2, 8}, 2, 3).min(1, false).indices().toLongArray());
        assertEquals(1L, Tensor.tensor(1, 9, 3).argmax().getLong());
        assertArrayEquals(new long[] {1, 0, 1}, Tensor.of(new float[] {1, 9, 3, 7, 2, 8}, 2, 3).argmax(0, false).toLongArray());
        Tensor v = Tensor.tensor(1, 2, 3, 4);
        assertEquals(1.6666666f, v.var(true).item(), 1e-6);
        assertEquals(1.25f, v.var(false).item(), 1e-6);
        assertEquals((float) Math.sqrt(1.25), v.std(false).item(), 1e-6);
        assertEquals(2f, v.median().item());
        ValuesIndices med = Tensor.of(new float[] {3, 1, 2, 9, 7, 8}, 2, 3).median(1, false);
        assertArrayEquals(new float[] {2, 8}, med.values().toFloatArray());
        assertArrayEquals(new long[] {2, 2}, med.indices().toLongArray());
        assertEquals((float) Math.sqrt(30), v.norm().item(), 1e-5);
        assertEquals(10f, v.norm(1f).item());
        assertEquals(4f, v.norm(Float.POSITIVE_INFINITY).item());
        assertEquals((float) Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4)), v.logsumexp(0, false).item(), 1e-5);
        assertEquals(4f, v.max().item());
        assertEquals(1f, v.min().item());
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor x = Tensor.randn(new Generator(2), 4, 7).mul(10f);
        Tensor p = x.softmax(1);
        float[] s = p.sum(1).toFloatArray();
        for (float v : s) assertEquals(1f, v, 1e-5);
        Tensor lp = x.logSoftmax(1);
        assertTrue(lp.exp().allClose(p, 1e-5f, 1e-6f));
        Tensor p0 = x.softmax(0);
        for (float v : p0.sum(0).toFloatArray()) assertEquals(1f, v, 1e-5);
        Tensor big = Tensor.tensor(1000f, 1000f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, big.softmax(0).toFloatArray());
    }

    @Test
    void matmulShapesAndErrors() {
        Tensor a = range(2, 3), b = range(3, 4);
        Tensor c = a.matmul(b);
        assertArrayEquals(new float[] {20, 23, 26, 29, 56, 68, 80, 92}, c.toFloatArray());
        assertArrayEquals(new float[] {5, 14}, a.matmul(Tensor.tensor(0, 1, 2)).toFloatArray());
        assertArrayEquals(new int[] {4}, Tensor.tensor(1, 1, 1).matmul(b).shape());
        assertEquals(5f, Tensor.tensor(0, 1, 2).matmul(Tensor.tensor(0, 1, 2)).item());
        assertArrayEquals(new int[] {5, 2, 2, 4}, range(5, 1, 2, 3).matmul(range(2, 3, 4)).shape());
        assertArrayEquals(c.toFloatArray(), b.t().matmul(a.t()).t().toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4, 7).matmul(Tensor.zeros(5, 7)));
        assertEquals("matmul: [4, 7] @ [5, 7]: inner dimensions 7 and 5 differ", e.getMessage());
    }

    @Test
    void matmulMatchesNaiveOnLargeTransposedOperands() {
        Generator g = new Generator(11);
        Tensor a = Tensor.randn(g, 70, 130), b = Tensor.randn(g, 90, 130);
        float[] c = a.matmul(b.t()).toFloatArray();
        float[] av = a.toFloatArray(), bv = b.toFloatArray();
        for (int i = 0; i < 70; i += 7) {
            for (int j = 0; j < 90; j += 9) {
                double s = 0;
                for (int k = 0; k < 130; k++) s += (double) av[i * 130 + k] * bv[j * 130 + k];
                assertEquals(s, c[i * 90 + j], 1e-3);
            }
        }
    }

    @Test
    void intTensorsRefuseFloatMath() {
        Tensor labels = Tensor.ofLongs(new long[] {1, 2}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.add(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        assertArrayEquals(new float[] {1, 2}, labels.toFloat().toFloatArray());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[0., 1., 2.],\n        [3., 4., 5.]], size=[2, 3])", range(2, 3).toString());
        assertEquals("tensor([ 0.5000, -1.2500], size=[2])", Tensor.tensor(0.5f, -1.25f).toString());
        assertEquals("tensor(3.)", Tensor.scalar(3f).toString());
        assertEquals("tensor([1, 2], size=[2], dtype=torch.int64)", Tensor.ofLongs(new long[] {1, 2}, 2).toString());
        assertTrue(Tensor.zeros(2000).toString().contains("..."));
    }
}
