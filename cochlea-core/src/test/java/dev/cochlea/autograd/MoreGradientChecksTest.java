package dev.cochlea.autograd;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients of sorting, indexing, scan, padding and rearranging ops against central finite
 * differences, plus exact gradients from torch 1.13 where zeros or repeated reads matter.
 */
class MoreGradientChecksTest {
    private static final Generator G = new Generator(11);

    private static Tensor leaf(int... shape) {
        return Tensor.randn(G, shape).requiresGrad(true);
    }

    private static Tensor leafOf(float[] values, int... shape) {
        return Tensor.of(values, shape).requiresGrad(true);
    }

    private static Tensor longs(int[] shape, long... v) {
        return Tensor.ofLongs(v, shape);
    }

    private static DynamicTest op(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(f, inputs);
            assertTrue(r.passed(), name + ": " + r);
        });
    }

    @TestFactory
    List<DynamicTest> sorting() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("sort dim 1 descending", x -> x[0].sort(1, true).values(), leaf(3, 5)));
        t.add(op("sort dim 0 of a transpose", x -> x[0].t().sort(0, false).values(), leaf(3, 4)));
        t.add(op("topk", x -> x[0].topk(2, -1, true, true).values(), leaf(2, 3, 5)));
        t.add(op("topk smallest dim 0", x -> x[0].topk(3, 0, false, true).values(), leaf(4, 3)));
        t.add(op("kthvalue", x -> x[0].kthvalue(2, 1, false).values(), leaf(3, 4)));
        return t;
    }

    @TestFactory
    List<DynamicTest> indexing() {
        List<DynamicTest> t = new ArrayList<>();
        Tensor idx = longs(new int[] {2, 3}, 0, 2, 1, 2, 2, 0);
        // scatter without repeated indices (with them, torch's rule also sends gradient to overwritten src elements)
        Tensor unique = longs(new int[] {2, 3}, 0, 2, 1, 3, 2, 0);
        t.add(op("scatter self and src", x -> x[0].scatter(1, unique, x[1]), leaf(2, 4), leaf(2, 3)));
        t.add(op("scatter src larger than index", x -> x[0].scatter(0, longs(new int[] {1, 2}, 1, 0), x[1]), leaf(2, 2), leaf(3, 3)));
        t.add(op("scatter value", x -> x[0].scatter(1, idx, 0.5f), leaf(2, 4)));
        t.add(op("scatterAdd repeated indices", x -> x[0].scatterAdd(1, idx, x[1]), leaf(2, 3), leaf(2, 3)));
        t.add(op("indexAdd", x -> x[0].indexAdd(0, longs(new int[] {3}, 2, 0, 2), x[1]), leaf(3, 2), leaf(3, 2)));
        Tensor mask = Tensor.of(new float[] {1, 0, 1}, 3, 1);
        t.add(op("maskedFill broadcast", x -> x[0].maskedFill(mask, 3f), leaf(4)));
        t.add(op("diag of matrix", x -> x[0].diag(), leaf(3, 4)));
        t.add(op("diag of vector", x -> x[0].diag(), leaf(3)));
        t.add(op("trace", x -> x[0].trace(), leaf(3, 3)));
        t.add(op("outer", x -> x[0].outer(x[1]), leaf(3), leaf(2)));
        return t;
    }

    @TestFactory
    List<DynamicTest> scans() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("cumsum last", x -> x[0].cumsum(-1), leaf(3, 4)));
        t.add(op("cumsum middle of a transpose", x -> x[0].transpose(0, 2).cumsum(1), leaf(2, 3, 4)));
        t.add(op("cumprod", x -> x[0].cumprod(1), leaf(3, 4)));
        t.add(op("cumprod with zeros", x -> x[0].cumprod(0), leafOf(new float[] {2, 0, 1, 0.5f, 0, -1, 3, 2, 1.5f}, 3, 3)));
        t.add(op("prod dim", x -> x[0].prod(0, false), leaf(4, 3)));
        t.add(op("prod keepDim with one and two zeros", x -> x[0].prod(1, true), leafOf(new float[] {2, 0, 3, 0, 0, 4, 1, 2, -1}, 3, 3)));
        t.add(op("prod all", x -> x[0].prod(), leaf(2, 3)));
        t.add(op("diff order 2", x -> x[0].diff(2, 0), leaf(5, 2)));
        return t;
    }

    @TestFactory
    List<DynamicTest> padding() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("pad constant with crop", x -> Tensor.pad(x[0], new int[] {2, -1, 1, 1}, "constant", 0.3f), leaf(2, 3, 4)));
        t.add(op("pad reflect", x -> Tensor.pad(x[0], new int[] {3, 2, 1, 2}, "reflect", 0f), leaf(1, 3, 4)));
        t.add(op("pad replicate", x -> Tensor.pad(x[0], new int[] {2, 3}, "replicate", 0f), leaf(2, 3)));
        t.add(op("pad circular", x -> Tensor.pad(x[0], new int[] {3, 1, 0, 2}, "circular", 0f), leaf(2, 3)));
        t.add(op("pad of a transpose", x -> Tensor.pad(x[0].t(), new int[] {1, 1}, "reflect", 0f), leaf(3, 2)));
        t.add(op("flip", x -> x[0].flip(0, 2), leaf(2, 3, 2)));
        t.add(op("roll", x -> x[0].roll(new int[] {1, -2}, new int[] {0, 1}), leaf(3, 4)));
        t.add(op("repeat", x -> x[0].repeat(2, 1, 3), leaf(2, 2)));
        t.add(op("tile", x -> x[0].tile(2), leaf(2, 3)));
        return t;
    }

    @Test
    void exactGradientsMatchTorch() {
        // c = torch.tensor([[2., 3, 0, 4], [1., 0, 0, 5]], requires_grad=True)
        // c.cumprod(1).backward(torch.tensor([[1., 2, 3, 4], [1, 1, 1, 1]])) -> [[7, 4, 114, 0], [1, 1, 0, 0]]
        float[] cv = {2, 3, 0, 4, 1, 0, 0, 5};
        Tensor c = leafOf(cv, 2, 4);
        c.cumprod(1).backward(Tensor.of(new float[] {1, 2, 3, 4, 1, 1, 1, 1}, 2, 4));
        assertArrayEquals(new float[] {7, 4, 114, 0, 1, 1, 0, 0}, c.grad().toFloatArray());
        // c.prod(1).backward(torch.tensor([1., 2])) -> [[0, 0, 24, 0], [0, 0, 0, 0]]
        c = leafOf(cv, 2, 4);
        c.prod(1, false).backward(Tensor.tensor(1, 2));
        assertArrayEquals(new float[] {0, 0, 24, 0, 0, 0, 0, 0}, c.grad().toFloatArray());
        // c.cumsum(0).backward(torch.tensor([[1., 2, 3, 4], [5, 6, 7, 8]])) -> [[6, 8, 10, 12], [5, 6, 7, 8]]
        c = leafOf(cv, 2, 4);
        c.cumsum(0).backward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
        assertArrayEquals(new float[] {6, 8, 10, 12, 5, 6, 7, 8}, c.grad().toFloatArray());
        // p = torch.tensor([1., 2, 3], requires_grad=True)
        // F.pad(p.view(1, 1, 3), (2, 2), mode='reflect').backward(torch.arange(7.).view(1, 1, 7)) -> [8, 9, 4]
        Tensor p = leafOf(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor.pad(p, new int[] {2, 2}, "reflect", 0f).backward(Tensor.arange(7).reshape(1, 1, 7));
        assertArrayEquals(new float[] {8, 9, 4}, p.grad().toFloatArray());
        // ... (2, 1), mode='replicate' with torch.arange(6.) -> [3, 3, 9]
        p = leafOf(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor.pad(p, new int[] {2, 1}, "replicate", 0f).backward(Tensor.arange(6).reshape(1, 1, 6));
        assertArrayEquals(new float[] {3, 3, 9}, p.grad().toFloatArray());
        // ... (2, 3), mode='circular' with torch.arange(8.) -> [7, 9, 12]
        p = leafOf(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor.pad(p, new int[] {2, 3}, "circular", 0f).backward(Tensor.arange(8).reshape(1, 1, 8));
        assertArrayEquals(new float[] {7, 9, 12}, p.grad().toFloatArray());
    }
}
