package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;

/** Constant, ConstantOfShape, Shape, Size, Cast and Range. */
final class Constants {
    private Constants() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Constant", n -> {
            Attributes a = n.attributes();
            if (a.tensor("value") != null) return new Tensor[] {a.tensor("value")};
            if (a.has("value_float")) return new Tensor[] {Tensor.scalar(a.f("value_float", 0f))};
            if (a.has("value_floats")) return new Tensor[] {Tensor.tensor(a.floats("value_floats"))};
            if (a.has("value_int")) return new Tensor[] {Ints.of(new long[] {a.i("value_int", 0)})};
            if (a.has("value_ints")) return new Tensor[] {Ints.vector(a.ints("value_ints"))};
            throw n.error("a value of a supported kind is required (value, value_float(s), value_int(s))");
        });
        ops.put("ConstantOfShape", n -> {
            long[] asked = Ints.values(n.input(0));
            Shapes.requireAllocatable(n, asked);
            int[] shape = Shapes.toInts(n, asked);
            long count = 1;
            for (int d : shape) count *= d;
            Tensor v = n.attributes().tensor("value");
            if (v != null && Ints.isInt(v)) {
                long[] out = new long[(int) count];
                java.util.Arrays.fill(out, v.toLongArray()[0]);
                return new Tensor[] {Ints.of(out, shape)};
            }
            return new Tensor[] {Tensor.full(v == null ? 0f : v.toFloatArray()[0], shape)};
        });
        ops.put("Shape", n -> {
            int[] s = n.input(0).shape();
            int r = s.length;
            long start = n.attributes().i("start", 0), end = n.attributes().i("end", r);
            int from = (int) Math.clamp(start < 0 ? start + r : start, 0, r), to = (int) Math.clamp(end < 0 ? end + r : end, 0, r);
            long[] v = new long[Math.max(0, to - from)];
            for (int i = 0; i < v.length; i++) v[i] = s[from + i];
            return new Tensor[] {Ints.vector(v)};
        });
        ops.put("Size", n -> new Tensor[] {Ints.of(new long[] {n.input(0).numel()})});
        ops.put("Cast", n -> new Tensor[] {cast(n, n.input(0), (int) n.attributes().i("to", 1))});
        ops.put("CastLike", n -> new Tensor[] {Ints.isInt(n.input(1)) ? cast(n, n.input(0), 7) : cast(n, n.input(0), 1)});
        ops.put("Range", n -> {
            Tensor start = n.input(0), limit = n.input(1), delta = n.input(2);
            if (Ints.isInt(start)) {
                long s = Ints.values(start)[0], l = Ints.values(limit)[0], d = Ints.values(delta)[0];
                if (d == 0) throw n.error("delta 0");
                long count = Math.max(0, Math.ceilDiv(l - s, d));
                Shapes.requireAllocatable(n, new long[] {count});
                long[] v = new long[(int) count];
                for (int i = 0; i < v.length; i++) v[i] = s + i * d;
                return new Tensor[] {Ints.vector(v)};
            }
            float s = start.item(), l = limit.item(), d = delta.item();
            if (d == 0f) throw n.error("delta 0");
            double count = Math.max(0, Math.ceil((l - s) / (double) d));
            if (!(count < Integer.MAX_VALUE)) throw n.error("a range of " + count + " elements");
            Shapes.requireAllocatable(n, new long[] {(long) count});
            float[] v = new float[(int) count];
            for (int i = 0; i < v.length; i++) v[i] = s + i * d;
            return new Tensor[] {Tensor.wrap(v, v.length)};
        });
    }

    /** {@code x} cast to ONNX element type {@code to}: floats to float32, integers and bool to int64. */
    private static Tensor cast(NodeCall n, Tensor x, int to) {
        return switch (to) {
            case 1, 10, 11, 16 -> Ints.toFloat(x);
            case 9 -> Ints.isInt(x) ? Ints.binary(x, Ints.vector(0), (a, b) -> a != 0 ? 1 : 0) : x.ne(Tensor.scalar(0f)).toLong();
            case 2, 3, 4, 5, 6, 7, 12, 13 -> Ints.isInt(x) ? x : truncate(x);
            default -> throw n.error("cast to element type " + to + " is not supported");
        };
    }

    private static Tensor truncate(Tensor x) {
        float[] f = x.toFloatArray();
        long[] v = new long[f.length];
        for (int i = 0; i < f.length; i++) v[i] = (long) f[i];
        return Ints.of(v, x.shape());
    }
}
