package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Less common operators, computed element by element where Cochlea has no op of its own (these
 * record no gradient): trigonometric and hyperbolic functions, IsNaN/IsInf, Shrink, Trilu,
 * CumSum, Hardmax, EyeLike, OneHot, DepthToSpace and SpaceToDepth.
 */
final class Extras {
    private Extras() {}

    static void register(Map<String, Operator> ops) {
        map(ops, "Tan", Math::tan);
        map(ops, "Asin", Math::asin);
        map(ops, "Acos", Math::acos);
        map(ops, "Atan", Math::atan);
        map(ops, "Sinh", Math::sinh);
        map(ops, "Cosh", Math::cosh);
        map(ops, "Asinh", v -> Math.log(v + Math.sqrt(v * v + 1)));
        map(ops, "Acosh", v -> Math.log(v + Math.sqrt(v * v - 1)));
        map(ops, "Atanh", v -> 0.5 * Math.log((1 + v) / (1 - v)));
        ops.put("IsNaN", n -> new Tensor[] {test(n.input(0), Float::isNaN)});
        ops.put("IsInf", n -> {
            boolean pos = n.attributes().i("detect_positive", 1) != 0, neg = n.attributes().i("detect_negative", 1) != 0;
            return new Tensor[] {test(n.input(0), v -> v == Float.POSITIVE_INFINITY && pos || v == Float.NEGATIVE_INFINITY && neg)};
        });
        ops.put("Shrink", n -> {
            float lambd = n.attributes().f("lambd", 0.5f), bias = n.attributes().f("bias", 0f);
            Tensor x = n.input(0);
            float[] v = Ints.toFloat(x).toFloatArray();
            for (int i = 0; i < v.length; i++) v[i] = v[i] < -lambd ? v[i] + bias : v[i] > lambd ? v[i] - bias : 0f;
            Tensor y = Tensor.wrap(v, x.shape());
            return new Tensor[] {Ints.isInt(x) ? y.toLong() : y};
        });
        ops.put("Trilu", Extras::trilu);
        ops.put("CumSum", Extras::cumsum);
        ops.put("Hardmax", n -> {
            Tensor x = Ints.toFloat(n.input(0));
            int axis = Shapes.axis(n, n.attributes().i("axis", -1), x.dim());
            Tensor idx = x.argmax(axis, true);
            long[] at = idx.toLongArray();
            int[] s = x.shape();
            int inner = Shapes.product(s, axis + 1, s.length), size = s[axis];
            float[] out = new float[x.numel()];
            for (int i = 0; i < at.length; i++) out[(i / inner) * size * inner + (int) at[i] * inner + i % inner] = 1f;
            return new Tensor[] {Tensor.wrap(out, s)};
        });
        ops.put("EyeLike", n -> {
            Tensor x = n.input(0);
            if (x.dim() != 2) throw n.error("input must be 2-D");
            int k = (int) n.attributes().i("k", 0);
            int rows = x.size(0), cols = x.size(1);
            float[] v = new float[rows * cols];
            for (int r = 0; r < rows; r++) if (r + k >= 0 && r + k < cols) v[r * cols + r + k] = 1f;
            Tensor y = Tensor.wrap(v, rows, cols);
            int dtype = (int) n.attributes().i("dtype", Ints.isInt(x) ? 7 : 1);
            return new Tensor[] {dtype == 1 || dtype == 11 || dtype == 10 ? y : y.toLong()};
        });
        ops.put("OneHot", Extras::oneHot);
        ops.put("DepthToSpace", n -> {
            Tensor x = n.input(0);
            int b = (int) n.attributes().i("blocksize", 1);
            int N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
            boolean crd = n.attributes().s("mode", "DCR").equals("CRD");
            Tensor t = crd ? x.reshape(N, C / (b * b), b, b, H, W).permute(0, 1, 4, 2, 5, 3)
                    : x.reshape(N, b, b, C / (b * b), H, W).permute(0, 3, 4, 1, 5, 2);
            return new Tensor[] {t.contiguous().reshape(N, C / (b * b), H * b, W * b)};
        });
        ops.put("SpaceToDepth", n -> {
            Tensor x = n.input(0);
            int b = (int) n.attributes().i("blocksize", 1);
            int N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
            Tensor t = x.reshape(N, C, H / b, b, W / b, b).permute(0, 3, 5, 1, 2, 4);
            return new Tensor[] {t.contiguous().reshape(N, C * b * b, H / b, W / b)};
        });
    }

    private static void map(Map<String, Operator> ops, String name, DoubleUnaryOperator f) {
        ops.put(name, n -> {
            Tensor x = Ints.toFloat(n.input(0));
            float[] v = x.toFloatArray();
            for (int i = 0; i < v.length; i++) v[i] = (float) f.applyAsDouble(v[i]);
            return new Tensor[] {Tensor.wrap(v, x.shape())};
        });
    }

    private interface FloatTest {
        boolean test(float v);
    }

    private static Tensor test(Tensor x, FloatTest t) {
        float[] v = Ints.toFloat(x).toFloatArray();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = t.test(v[i]) ? 1 : 0;
        return Ints.of(out, x.shape());
    }

    private static Tensor[] trilu(NodeCall n) {
        Tensor x = n.input(0);
        long k = n.has(1) ? Ints.values(n.input(1))[0] : 0;
        boolean upper = n.attributes().i("upper", 1) != 0;
        int[] s = x.shape();
        int rows = s[s.length - 2], cols = s[s.length - 1];
        long[] keep = new long[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) keep[r * cols + c] = (upper ? c - r >= k : c - r <= k) ? 1 : 0;
        }
        Tensor mask = Ints.of(keep, rows, cols);
        if (Ints.isInt(x)) return new Tensor[] {Ints.binary(x, mask, (a, m) -> m != 0 ? a : 0)};
        return new Tensor[] {x.mul(mask.toFloat())};
    }

    private static Tensor[] cumsum(NodeCall n) {
        Tensor x = n.input(0);
        int axis = Shapes.axis(n, Ints.values(n.input(1))[0], x.dim());
        boolean exclusive = n.attributes().i("exclusive", 0) != 0, reverse = n.attributes().i("reverse", 0) != 0;
        Tensor f = Ints.toFloat(x);
        if (reverse) f = f.flip(axis);
        Tensor y = f.cumsum(axis);
        if (exclusive) y = y.sub(f);
        if (reverse) y = y.flip(axis);
        return new Tensor[] {Ints.isInt(x) ? y.toLong() : y};
    }

    private static Tensor[] oneHot(NodeCall n) {
        Tensor indices = n.input(0);
        long depth = Ints.values(n.input(1))[0];
        Tensor values = n.input(2);
        int[] s = indices.shape();
        int axis = Shapes.axis(n, n.attributes().i("axis", -1), s.length + 1);
        Shapes.requireAllocatable(n, new long[] {indices.numel(), depth});
        int d = (int) depth;
        int[] out = new int[s.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) out[i] = i == axis ? d : s[k++];
        long[] idx = Ints.values(indices);
        int inner = Shapes.product(s, axis, s.length);
        boolean ints = Ints.isInt(values);
        long[] lv = ints ? values.toLongArray() : null;
        float[] fv = ints ? null : values.toFloatArray();
        long[] lo = ints ? new long[idx.length * d] : null;
        float[] fo = ints ? null : new float[idx.length * d];
        for (int i = 0; i < idx.length * d; i++) {
            if (ints) lo[i] = lv[0]; else fo[i] = fv[0];
        }
        for (int i = 0; i < idx.length; i++) {
            long c = idx[i] < 0 ? idx[i] + d : idx[i];
            if (c < 0 || c >= d) continue;
            int at = (i / inner) * d * inner + (int) c * inner + i % inner;
            if (ints) lo[at] = lv[1]; else fo[at] = fv[1];
        }
        return new Tensor[] {ints ? Ints.of(lo, out) : Tensor.wrap(fo, out)};
    }
}
