package dev.cochlea.autograd;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every differentiable tensor op's gradient against central finite differences. */
class GradientCheckTest {
    private static final Generator G = new Generator(7);

    private static Tensor leaf(int... shape) {
        return Tensor.randn(G, shape).requiresGrad(true);
    }

    private static Tensor positive(int... shape) {
        return Tensor.rand(G, shape).add(0.5f).requiresGrad(true);
    }

    private static DynamicTest op(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(f, inputs);
            assertTrue(r.passed(), name + ": " + r);
        });
    }

    @TestFactory
    List<DynamicTest> pointwise() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("add broadcast", x -> x[0].add(x[1]), leaf(3, 4), leaf(4)));
        t.add(op("add alpha", x -> x[0].add(x[1], 2.5f), leaf(3, 4), leaf(3, 1)));
        t.add(op("sub broadcast", x -> x[0].sub(x[1]), leaf(2, 1, 3), leaf(4, 1)));
        t.add(op("mul broadcast", x -> x[0].mul(x[1]), leaf(2, 3), leaf(2, 1)));
        t.add(op("div", x -> x[0].div(x[1]), leaf(3, 3), positive(3)));
        t.add(op("pow tensor", x -> x[0].pow(x[1]), positive(4), leaf(4)));
        t.add(op("pow scalar", x -> x[0].pow(3f), leaf(5)));
        t.add(op("pow 2", x -> x[0].pow(2f), leaf(5)));
        t.add(op("pow 0.5", x -> x[0].pow(0.5f), positive(5)));
        t.add(op("pow -1.5", x -> x[0].pow(-1.5f), positive(5)));
        t.add(op("scalar ops", x -> x[0].add(1f).mul(3f).sub(2f).div(4f).rsub(1f), leaf(6)));
        t.add(op("neg", x -> x[0].neg(), leaf(4)));
        t.add(op("exp", x -> x[0].exp(), leaf(4)));
        t.add(op("log", x -> x[0].log(), positive(4)));
        t.add(op("sqrt", x -> x[0].sqrt(), positive(4)));
        t.add(op("abs", x -> x[0].abs(), leaf(6)));
        t.add(op("square", x -> x[0].square(), leaf(6)));
        t.add(op("reciprocal", x -> x[0].reciprocal(), positive(6)));
        t.add(op("sin", x -> x[0].sin(), leaf(6)));
        t.add(op("cos", x -> x[0].cos(), leaf(6)));
        t.add(op("tanh", x -> x[0].tanh(), leaf(6)));
        t.add(op("sigmoid", x -> x[0].sigmoid(), leaf(6)));
        t.add(op("relu", x -> x[0].relu(), leaf(8)));
        t.add(op("clamp", x -> x[0].clamp(-0.5f, 0.5f), leaf(8)));
        t.add(op("maximum", x -> x[0].maximum(x[1]), leaf(3, 4), leaf(4)));
        t.add(op("minimum", x -> x[0].minimum(x[1]), leaf(3, 4), leaf(3, 1)));
        Tensor mask = Tensor.rand(G, 3, 4).gt(0.5f);
        t.add(op("where", x -> Tensor.where(mask, x[0], x[1]), leaf(3, 4), leaf(4)));
        return t;
    }

    @TestFactory
    List<DynamicTest> views() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("view", x -> x[0].view(4, 3).mul(Tensor.arange(3)), leaf(2, 6)));
        t.add(op("reshape of transpose", x -> x[0].t().reshape(-1).mul(Tensor.arange(6)), leaf(2, 3)));
        t.add(op("permute", x -> x[0].permute(2, 0, 1).contiguous(), leaf(2, 3, 4)));
        t.add(op("transpose", x -> x[0].transpose(0, 2), leaf(2, 3, 4)));
        t.add(op("narrow", x -> x[0].narrow(1, 1, 2), leaf(3, 4)));
        t.add(op("slice step", x -> x[0].slice(1, 0, 5, 2), leaf(3, 5)));
        t.add(op("select", x -> x[0].select(0, 1), leaf(3, 4)));
        t.add(op("expand", x -> x[0].expand(3, 2, 4), leaf(2, 1)));
        t.add(op("squeeze/unsqueeze", x -> x[0].unsqueeze(0).squeeze(2).unsqueeze(-1), leaf(3, 1, 2)));
        t.add(op("flatten/unflatten", x -> x[0].flatten(1).unflatten(1, 2, -1), leaf(2, 3, 4)));
        t.add(op("cat", x -> Tensor.cat(1, x[0], x[1]), leaf(2, 3), leaf(2, 2)));
        t.add(op("stack", x -> Tensor.stack(0, x[0], x[1]), leaf(2, 3), leaf(2, 3)));
        t.add(op("split", x -> x[0].split(2, 1).get(1).mul(2f), leaf(2, 5)));
        t.add(op("chunk", x -> x[0].chunk(2, 0).get(0), leaf(4, 2)));
        t.add(op("indexSelect", x -> x[0].indexSelect(0, Tensor.ofLongs(new long[] {2, 0, 2}, 3)), leaf(3, 2)));
        t.add(op("gather", x -> x[0].gather(1, Tensor.ofLongs(new long[] {0, 2, 1, 1}, 2, 2)), leaf(2, 3)));
        t.add(op("copy", x -> x[0].copy().mul(x[0]), leaf(4)));
        return t;
    }

    @TestFactory
    List<DynamicTest> reductions() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("sum all", x -> x[0].sum(), leaf(3, 4)));
        t.add(op("sum dims keepdim", x -> x[0].sum(new int[] {0, 2}, true), leaf(2, 3, 4)));
        t.add(op("sum leading dim", x -> x[0].sum(0), leaf(5, 3)));
        t.add(op("mean", x -> x[0].mean(1), leaf(3, 4)));
        t.add(op("var unbiased", x -> x[0].var(new int[] {1}, true, false), leaf(3, 5)));
        t.add(op("std biased", x -> x[0].std(new int[] {0}, false, true), leaf(4, 3)));
        t.add(op("max dim", x -> x[0].max(1, false).values(), leaf(3, 5)));
        t.add(op("min dim keepdim", x -> x[0].min(0, true).values(), leaf(3, 5)));
        t.add(op("max all", x -> x[0].max(), leaf(3, 5)));
        t.add(op("median dim", x -> x[0].median(1, false).values(), leaf(3, 5)));
        t.add(op("norm 2", x -> x[0].norm(), leaf(3, 5)));
        t.add(op("norm 1 dims", x -> x[0].norm(1f, new int[] {1}, false), leaf(3, 5)));
        t.add(op("norm 3", x -> x[0].norm(3f), leaf(6)));
        t.add(op("logsumexp", x -> x[0].logsumexp(1, false), leaf(3, 5)));
        t.add(op("softmax last", x -> x[0].softmax(-1), leaf(3, 5)));
        t.add(op("softmax dim 0", x -> x[0].softmax(0), leaf(3, 5)));
        t.add(op("logSoftmax", x -> x[0].logSoftmax(1), leaf(2, 4, 3)));
        return t;
    }

    @TestFactory
    List<DynamicTest> linearAlgebra() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(op("matmul 2d", x -> x[0].matmul(x[1]), leaf(3, 4), leaf(4, 5)));
        t.add(op("matmul transposed views", x -> x[0].t().matmul(x[1].t()), leaf(4, 3), leaf(5, 4)));
        t.add(op("matmul vector", x -> x[0].matmul(x[1]), leaf(3, 4), leaf(4)));
        t.add(op("vector matmul", x -> x[0].matmul(x[1]), leaf(4), leaf(4, 2)));
        t.add(op("dot", x -> x[0].matmul(x[1]), leaf(4), leaf(4)));
        t.add(op("batched broadcast", x -> x[0].matmul(x[1]), leaf(2, 1, 3, 4), leaf(3, 4, 2)));
        t.add(op("batched times matrix", x -> x[0].matmul(x[1]), leaf(2, 3, 4), leaf(4, 2)));
        t.add(op("bmm", x -> x[0].bmm(x[1]), leaf(2, 3, 4), leaf(2, 4, 5)));
        return t;
    }
}
