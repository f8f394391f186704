package dev.cochlea.onnx.export;

import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Dropout2d;
import dev.cochlea.nn.ELU;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.GELU;
import dev.cochlea.nn.Identity;
import dev.cochlea.nn.LeakyReLU;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.LogSoftmax;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.SiLU;
import dev.cochlea.nn.Sigmoid;
import dev.cochlea.nn.Softmax;
import dev.cochlea.nn.Tanh;
import dev.cochlea.nn.functional.GeluApproximation;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;

/**
 * Emitters of the plain layers: {@link Sequential} (its children in order), {@link Linear} (Gemm
 * with {@code transB=1}, or MatMul on inputs of more than two dimensions), {@link Flatten}, the
 * activations (SiLU as {@code x·sigmoid(x)} and GELU through Erf or Tanh, opset 17 having neither),
 * softmax, and the layers that do nothing in evaluation mode (Identity, Dropout, Dropout2d).
 */
final class BasicEmitters {
    private BasicEmitters() {}

    static void register(LayerEmitters.Registry r) {
        r.put(Sequential.class, (m, x, s) -> {
            for (String name : m.namedChildren().keySet()) x = s.child(name, x);
            return x;
        });
        r.put(Identity.class, (m, x, s) -> x);
        r.put(Dropout.class, (m, x, s) -> x);
        r.put(Dropout2d.class, (m, x, s) -> x);
        r.put(ReLU.class, (m, x, s) -> s.unary("Relu", x));
        r.put(Sigmoid.class, (m, x, s) -> s.unary("Sigmoid", x));
        r.put(Tanh.class, (m, x, s) -> s.unary("Tanh", x));
        r.put(SiLU.class, (m, x, s) -> s.binary("Mul", x, s.unary("Sigmoid", x).name()));
        r.put(LeakyReLU.class, (m, x, s) -> s.node("LeakyRelu").in(x.name()).f("alpha", m.negativeSlope()).output(x.shape()));
        r.put(ELU.class, (m, x, s) -> s.node("Elu").in(x.name()).f("alpha", m.alpha()).output(x.shape()));
        r.put(GELU.class, BasicEmitters::gelu);
        r.put(Softmax.class, (m, x, s) -> s.node("Softmax").in(x.name()).i("axis", m.dim()).output(x.shape()));
        r.put(LogSoftmax.class, (m, x, s) -> s.node("LogSoftmax").in(x.name()).i("axis", m.dim()).output(x.shape()));
        r.put(Flatten.class, BasicEmitters::flatten);
        r.put(Linear.class, BasicEmitters::linear);
    }

    private static Value linear(Linear m, Value x, ExportScope s) {
        int[] shape = x.shape().clone();
        shape[shape.length - 1] = m.outFeatures();
        if (x.rank() == 2) {
            ExportNode gemm = s.node("Gemm").in(x.name(), s.weight(m.weight));
            if (m.bias != null) gemm.in(s.weight(m.bias));
            return gemm.i("transB", 1).output(shape);
        }
        Value wt = s.node("Transpose").in(s.weight(m.weight)).ints("perm", 1, 0).output(new int[] {m.inFeatures(), m.outFeatures()});
        Value y = s.node("MatMul").in(x.name(), wt.name()).output(shape);
        return m.bias == null ? y : s.binary("Add", y, s.weight(m.bias));
    }

    private static Value flatten(Flatten m, Value x, ExportScope s) {
        int start = m.startDim() < 0 ? m.startDim() + x.rank() : m.startDim();
        int end = m.endDim() < 0 ? m.endDim() + x.rank() : m.endDim();
        if (start == 0) throw s.unsupported("it flattens the batch dimension (start_dim 0), which must stay dimension 0");
        if (start >= end) return x;
        if (start == 1 && end == x.rank() - 1) return s.node("Flatten").in(x.name()).i("axis", start).output(s.shapeOf(x));
        return s.reshape(x, s.shapeOf(x));
    }

    /** Exact: {@code x/2 · (1 + erf(x/√2))}; tanh form: {@code x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    private static Value gelu(GELU m, Value x, ExportScope s) {
        Value inner;
        if (m.approximate() == GeluApproximation.NONE) {
            inner = s.unary("Erf", s.binary("Mul", x, scalar(s, (float) (1 / Math.sqrt(2)))));
        } else {
            Value cube = s.binary("Mul", s.binary("Mul", x, x.name()), x.name());
            Value sum = s.binary("Add", x, s.binary("Mul", cube, scalar(s, 0.044715f)).name());
            inner = s.unary("Tanh", s.binary("Mul", sum, scalar(s, (float) Math.sqrt(2 / Math.PI))));
        }
        Value onePlus = s.binary("Add", inner, scalar(s, 1f));
        return s.binary("Mul", s.binary("Mul", x, scalar(s, 0.5f)), onePlus.name());
    }

    static String scalar(ExportScope s, float v) {
        return s.graph().floats(s.path(), Tensor.wrap(new float[] {v}, 1));
    }
}
