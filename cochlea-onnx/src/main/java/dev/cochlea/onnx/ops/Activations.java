package dev.cochlea.onnx.ops;

import dev.cochlea.autograd.GradMode;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Map;
import java.util.function.BiFunction;

/** Activation operators and (log-)softmax, with ONNX's attribute defaults. */
public final class Activations {
    /**
     * The attribute a graph sets on a Relu whose input no other node reads: without gradients being
     * recorded, the input is then clamped in place instead of copied.
     */
    public static final String IN_PLACE = "cochlea_in_place";

    private Activations() {}

    static void register(Map<String, Operator> ops) {
        one(ops, "Relu", (x, a) -> a.i(IN_PLACE, 0) != 0 && !GradMode.isEnabled() && x.isContiguous() && !x.requiresGrad()
                ? x.clampInPlace(0f, Float.POSITIVE_INFINITY) : F.relu(x));
        one(ops, "LeakyRelu", (x, a) -> F.leakyRelu(x, a.f("alpha", 0.01f)));
        one(ops, "Elu", (x, a) -> F.elu(x, a.f("alpha", 1f)));
        one(ops, "Selu", (x, a) -> F.elu(x, a.f("alpha", 1.67326319217681884765625f)).mul(a.f("gamma", 1.05070102214813232421875f)));
        one(ops, "Celu", (x, a) -> {
            float alpha = a.f("alpha", 1f);
            return F.elu(x.div(alpha), 1f).mul(alpha);
        });
        one(ops, "Sigmoid", (x, a) -> F.sigmoid(x));
        one(ops, "Tanh", (x, a) -> F.tanh(x));
        one(ops, "Softplus", (x, a) -> F.softplus(x));
        one(ops, "Softsign", (x, a) -> x.div(x.abs().add(1f)));
        one(ops, "HardSigmoid", (x, a) -> x.mul(a.f("alpha", 0.2f)).add(a.f("beta", 0.5f)).clamp(0f, 1f));
        one(ops, "HardSwish", (x, a) -> x.mul(x.div(6f).add(0.5f).clamp(0f, 1f)));
        one(ops, "Mish", (x, a) -> x.mul(F.softplus(x).tanh()));
        one(ops, "ThresholdedRelu", (x, a) -> x.mul(x.gt(Tensor.scalar(a.f("alpha", 1f)))));
        one(ops, "Gelu", (x, a) -> F.gelu(x, a.s("approximate", "none")));
        ops.put("PRelu", n -> {
            Tensor x = n.input(0), slope = n.input(1);
            return new Tensor[] {x.relu().add(x.neg().relu().neg().mul(slope))};
        });
        ops.put("Clip", Activations::clip);
        ops.put("Softmax", n -> new Tensor[] {softmax(n, false)});
        ops.put("LogSoftmax", n -> new Tensor[] {softmax(n, true)});
    }

    private static void one(Map<String, Operator> ops, String name, BiFunction<Tensor, Attributes, Tensor> f) {
        ops.put(name, n -> new Tensor[] {f.apply(Ints.toFloat(n.input(0)), n.attributes())});
    }

    private static Tensor[] clip(NodeCall n) {
        Tensor x = n.input(0);
        float lo, hi;
        if (n.opset() < 11) {
            lo = n.attributes().f("min", Float.NEGATIVE_INFINITY);
            hi = n.attributes().f("max", Float.POSITIVE_INFINITY);
        } else {
            lo = n.has(1) ? n.input(1).toFloat().item() : Float.NEGATIVE_INFINITY;
            hi = n.has(2) ? n.input(2).toFloat().item() : Float.POSITIVE_INFINITY;
        }
        if (Ints.isInt(x)) {
            long l = (long) Math.max(lo, Long.MIN_VALUE), h = (long) Math.min(hi, Long.MAX_VALUE);
            return new Tensor[] {Ints.binary(x, Ints.vector(0), (v, z) -> Math.min(h, Math.max(l, v)))};
        }
        return new Tensor[] {x.clamp(lo, hi)};
    }

    private static Tensor softmax(NodeCall n, boolean log) {
        Tensor x = Ints.toFloat(n.input(0));
        if (n.opset() >= 13) {
            int axis = Shapes.axis(n, n.attributes().i("axis", -1), x.dim());
            return log ? x.logSoftmax(axis) : x.softmax(axis);
        }
        // Before opset 13 the input is seen as 2-D: [prod(dims before axis), prod(dims from axis)].
        int axis = Shapes.axis(n, n.attributes().i("axis", 1), x.dim());
        int[] shape = x.shape();
        Tensor flat = x.reshape(Shapes.product(shape, 0, axis), Shapes.product(shape, axis, shape.length));
        return (log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(shape);
    }
}
