package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Package-private plumbing shared by the functional ops: contiguous views of inputs, the
 * shape text in errors, the checks of per-dimension option values, and a fused element-wise op
 * with its backward rule.
 */
final class Support {
    /** Below this many elements an element-wise loop stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private Support() {}

    /**
     * A copy of option {@code name} of {@code owner} (per-dimension values, one for every spatial
     * dim or one per dim), each at least {@code min}; fails naming the option and the values.
     */
    static int[] optionValues(String owner, String name, int[] v, int min) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(owner + ": " + name + " needs 1 value or one per spatial dim, found "
                    + (v == null ? "null" : "none"));
        }
        for (int x : v) {
            if (x < min) {
                throw new IllegalArgumentException(owner + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
                        + ", found " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    /** {@code t} detached from the graph and laid out contiguously (no copy when it already is). */
    static Tensor dense(Tensor t) {
        Tensor d = t.detach();
        return d.isContiguous() ? d : d.contiguous();
    }

    /** The shape in PyTorch's notation, e.g. {@code [4, 3]}. */
    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    static String str(Tensor t) {
        return Arrays.toString(t.shape());
    }

    static void requireFloat(String op, String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be a float32 tensor, found " + t.dtype().torchName()
                    + " of shape " + str(t));
        }
    }

    /** Forward loop of a fused element-wise op: {@code y[yo+i] = f(x[xo+i])} for {@code i < n}. */
    @FunctionalInterface
    interface Forward {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    /** Backward loop: {@code gx[gxo+i] = g[go+i] * f'(x[xo+i])} (y is the forward output at {@code yo+i}). */
    @FunctionalInterface
    interface Backward {
        void apply(float[] x, int xo, float[] y, int yo, float[] g, int go, float[] gx, int gxo, int n);
    }

    /**
     * A fused element-wise op: one pass forward into a new contiguous tensor, one pass backward,
     * both on the worker pool for large inputs, recorded as {@code name}.
     */
    static Tensor pointwise(String name, Tensor x, Forward f, Backward b) {
        requireFloat(name, "input", x);
        Tensor xc = dense(x);
        int n = xc.numel();
        float[] xd = xc.storage();
        int xo = xc.offset();
        float[] y = new float[n];
        Parallel.forRange(n, GRAIN, (from, to) -> f.apply(xd, xo + from, y, from, to - from));
        int[] shape = x.shape();
        Tensor out = Tensor.wrap(y, shape);
        return Autograd.record(out, name, new Tensor[] {x}, g -> {
            Tensor gc = dense(g);
            float[] gd = gc.storage();
            int go = gc.offset();
            float[] gx = new float[n];
            Parallel.forRange(n, GRAIN, (from, to) -> b.apply(xd, xo + from, y, from, gd, go + from, gx, from, to - from));
            return new Tensor[] {Tensor.wrap(gx, shape)};
        });
    }

    /** Sum of a float array in double precision. */
    static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }

    /** The multi-index of row-major position {@code flat} in {@code shape}, as text. */
    static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) continue;
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
