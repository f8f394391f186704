package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

/** The {@link F} facade reaches each family of ops (checked on golden cases from {@code reference/make_golden.py}). */
class FTest {
    @Test // F.conv2d(input, weight, bias, stride=[1, 1], padding=[1, 1], ...), F.max_pool2d(input, kernel_size=[2, 2], ...),
          // F.adaptive_avg_pool2d(input, [3, 4]) of the golden cases
    void convolutionAndPooling() {
        Golden.Case c = Golden.nn().caseNamed("conv2d_basic");
        Tensor y = F.conv2d(c.input("input"), c.input("weight"), c.input("bias"), ConvOptions.defaults().stride(c.intsParam("stride"))
                .padding(c.intsParam("padding")).dilation(c.intsParam("dilation")).groups(c.intParam("groups")));
        TensorAssert.assertClose(c.output(), y, 1e-4, 1e-5, "F.conv2d");
        Golden.Case p = Golden.nn().caseNamed("max_pool2d_k2");
        TensorAssert.assertClose(p.output(), F.maxPool2d(p.input("input"), 2), 0, 0, "F.maxPool2d");
        Golden.Case a = Golden.nn().caseNamed("adaptive_avg_pool2d_3x4");
        TensorAssert.assertClose(a.output(), F.adaptiveAvgPool2d(a.input("input"), 3, 4), 1e-4, 1e-5, "F.adaptiveAvgPool2d");
    }

    @Test // F.cross_entropy(input, target) and F.gelu(input) of the golden cases, through the facade
    void lossesAndActivations() {
        Golden.Case c = Golden.nn().caseNamed("cross_entropy");
        TensorAssert.assertClose(c.output(), F.crossEntropy(c.input("input"), c.input("target")), 1e-4, 1e-5, "F.crossEntropy");
        Golden.Case g = Golden.nn().caseNamed("gelu");
        TensorAssert.assertClose(g.output(), F.gelu(g.input("input")), 1e-4, 1e-5, "F.gelu");
        Tensor x = Tensor.randn(3, 4);
        TensorAssert.assertClose(Activations.silu(x), F.silu(x), 0, 0, "F.silu");
        TensorAssert.assertClose(LinearOps.linear(x, Tensor.ones(2, 4)), F.linear(x, Tensor.ones(2, 4)), 0, 0, "F.linear");
    }
}
