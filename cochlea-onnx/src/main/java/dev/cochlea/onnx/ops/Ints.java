package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Shape;
import dev.cochlea.tensor.Tensor;

import java.util.function.Function;
import java.util.function.LongBinaryOperator;

/**
 * The int64 side of the graph: shapes, indices and booleans (kept as int64 0/1). Cochlea's tensor
 * operations compute in float32, so integer arithmetic runs here on the long values, and data
 * movement (reshape, transpose, slice, gather, concat...) is computed once on float positions and
 * applied to the longs, which stays exact.
 */
final class Ints {
    /** Positions stay exact in float32 up to 2^24. */
    private static final int MAX_MOVED = (1 << 24) - 1;

    private Ints() {}

    static boolean isInt(Tensor x) {
        return x.dtype() == DType.INT64;
    }

    /** The values of a (small) tensor as longs, whatever its element type. */
    static long[] values(Tensor x) {
        if (isInt(x)) return x.toLongArray();
        float[] f = x.toFloatArray();
        long[] v = new long[f.length];
        for (int i = 0; i < f.length; i++) v[i] = (long) f[i];
        return v;
    }

    static Tensor of(long[] v, int... shape) {
        return Tensor.ofLongs(v, shape);
    }

    static Tensor vector(long... v) {
        return Tensor.ofLongs(v, v.length);
    }

    /** {@code x} as float32 (a float tensor is returned as is). */
    static Tensor toFloat(Tensor x) {
        return isInt(x) ? x.toFloat() : x;
    }

    /** {@code op} applied element-wise with NumPy broadcasting to int64 tensors. */
    static Tensor binary(Tensor a, Tensor b, LongBinaryOperator op) {
        int[] shape = Shape.broadcast("integer arithmetic", a.shape(), b.shape());
        long[] x = a.toLongArray(), y = b.toLongArray();
        int[] ia = index(shape, a.shape()), ib = index(shape, b.shape());
        long[] out = new long[ia.length];
        for (int i = 0; i < out.length; i++) out[i] = op.applyAsLong(x[ia[i]], y[ib[i]]);
        return of(out, shape);
    }

    /** {@code cond ? a : b} element-wise with broadcasting, on int64 values. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("Where", Shape.broadcast("Where", cond.shape(), a.shape()), b.shape());
        long[] c = values(cond), x = a.toLongArray(), y = b.toLongArray();
        int[] ic = index(shape, cond.shape()), ia = index(shape, a.shape()), ib = index(shape, b.shape());
        long[] out = new long[ia.length];
        for (int i = 0; i < out.length; i++) out[i] = c[ic[i]] != 0 ? x[ia[i]] : y[ib[i]];
        return of(out, shape);
    }

    /** For each element of {@code out} (row-major), the flat index of the element of a tensor of {@code shape} broadcast to it. */
    private static int[] index(int[] out, int[] shape) {
        int n = 1;
        for (int d : out) n *= d;
        int[] strides = new int[out.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int o = out.length - shape.length + i;
            strides[o] = shape[i] == 1 ? 0 : s;
            s *= shape[i];
        }
        int[] idx = new int[n];
        int[] pos = new int[out.length];
        int flat = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = flat;
            for (int d = out.length - 1; d >= 0; d--) {
                pos[d]++;
                flat += strides[d];
                if (pos[d] < out[d]) break;
                flat -= strides[d] * pos[d];
                pos[d] = 0;
            }
        }
        return idx;
    }

    /**
     * {@code move} (a pure data movement written for float tensors) applied to int64 inputs: the
     * movement is run on the elements' positions (counted from 1, so that padding's zeros stay zeros),
     * then the longs are picked by position.
     */
    static Tensor move(Tensor[] xs, Function<Tensor[], Tensor> move) {
        int total = 0;
        for (Tensor x : xs) total += x.numel();
        if (total > MAX_MOVED) throw new IllegalArgumentException("int64 tensors of more than " + MAX_MOVED + " elements are not moved");
        long[] all = new long[total];
        Tensor[] positions = new Tensor[xs.length];
        int at = 0;
        for (int k = 0; k < xs.length; k++) {
            long[] v = xs[k].toLongArray();
            System.arraycopy(v, 0, all, at, v.length);
            float[] p = new float[v.length];
            for (int i = 0; i < p.length; i++) p[i] = at + i + 1;
            positions[k] = Tensor.wrap(p, xs[k].shape());
            at += v.length;
        }
        Tensor moved = move.apply(positions);
        float[] p = moved.toFloatArray();
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) out[i] = p[i] == 0 ? 0 : all[(int) p[i] - 1];
        return of(out, moved.shape());
    }

    /** {@link #move(Tensor[], Function)} for one input, used when {@code x} is int64; float inputs move directly. */
    static Tensor move(Tensor x, Function<Tensor, Tensor> move) {
        return isInt(x) ? move(new Tensor[] {x}, xs -> move.apply(xs[0])) : move.apply(x);
    }
}
