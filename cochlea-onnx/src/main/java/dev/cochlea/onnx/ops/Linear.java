package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Map;

/** Gemm and MatMul. */
final class Linear {
    private Linear() {}

    static void register(Map<String, Operator> ops) {
        ops.put("MatMul", n -> new Tensor[] {Ints.toFloat(n.input(0)).matmul(Ints.toFloat(n.input(1)))});
        ops.put("Gemm", Linear::gemm);
    }

    private static Tensor[] gemm(NodeCall n) {
        Tensor a = n.input(0), b = n.input(1), c = n.optional(2);
        float alpha = n.attributes().f("alpha", 1f), beta = n.attributes().f("beta", 1f);
        boolean ta = n.attributes().i("transA", 0) != 0, tb = n.attributes().i("transB", 0) != 0;
        if (a.dim() != 2 || b.dim() != 2) throw n.error("A and B must be matrices");
        if (ta) a = a.t();
        if (tb && alpha == 1f && beta == 1f && (c == null || c.dim() == 1 && c.numel() == b.size(0))) {
            return new Tensor[] {F.linear(a, b, c)};              // the layer's own path: y = a·bᵀ + c
        }
        Tensor y = a.matmul(tb ? b.t() : b);
        if (alpha != 1f) y = y.mul(alpha);
        if (c != null) y = y.add(beta == 1f ? c : c.mul(beta));
        return new Tensor[] {y};
    }
}
