package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.Parallel;

import java.util.Arrays;

/**
 * Sorting and selection along a dim: {@code sort}, {@code argsort}, {@code topk}, {@code kthvalue}.
 * Every line along the dim is sorted through one {@code long} key per element (the float's order bits
 * above its position), so one primitive {@link Arrays#sort(long[], int, int)} gives a stable order with
 * NaN largest and -0 equal to 0, as PyTorch's stable sort; a small {@code topk} of a long line keeps only
 * the best {@code k} keys by insertion instead. Gradients scatter back to the picked positions, like
 * {@code max(dim)}'s.
 */
final class Sorting {
    private Sorting() {}

    /** The float's bits as an int whose signed order is the float order: NaN above +inf, -0 equal to +0. */
    static int orderBits(float x) {
        int b = Float.floatToIntBits(x == 0f ? 0f : x); // canonical NaN 0x7fc00000 lies above +inf
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    /**
     * Positions {@code [from, from + count)} of each line along {@code dim} once sorted (descending or not),
     * with their indices; the result has size {@code count} along {@code dim}.
     */
    static ValuesIndices sorted(String op, Tensor t, int dim, boolean descending, int from, int count) {
        t.requireFloat(op);
        int r = t.dim();
        int d = Shape.dim(op, dim, r);
        if (r == 0) {
            ValuesIndices v = sorted(op, t.reshape(1), 0, descending, from, count);
            return new ValuesIndices(v.values().reshape(), v.indices().reshape());
        }
        int n = t.shape[d];
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= t.shape[i];
        for (int i = d + 1; i < r; i++) inner *= t.shape[i];
        int[] os = t.shape.clone();
        os[d] = count;
        float[] vals = new float[Shape.numel(os)];
        long[] idx = new long[vals.length];
        if (vals.length > 0) {
            Tensor c = t.isContiguous() ? t : Copy.contiguous(t);
            float[] x = c.data;
            int off = c.offset;
            int lines = outer * inner;
            int in = inner;
            boolean partial = from == 0 && count > 0 && count <= 64 && count * 16 <= n;
            Parallel.forRange(lines, Math.max(1, (1 << 14) / Math.max(n, 1)), (lo, hi) -> {
                long[] keys = new long[n];
                for (int line = lo; line < hi; line++) {
                    int o = line / in, i = line - o * in;
                    int src = off + o * n * in + i;
                    int dst = o * count * in + i;
                    if (partial) {
                        // The first `count` keys only: a sorted buffer that new keys enter by insertion.
                        int filled = 0;
                        for (int k = 0; k < n; k++) {
                            int bits = orderBits(x[src + k * in]);
                            long key = ((long) (descending ? ~bits : bits) << 32) | k;
                            if (filled == count && key >= keys[count - 1]) continue;
                            int j = filled < count ? filled++ : count - 1;
                            while (j > 0 && keys[j - 1] > key) {
                                keys[j] = keys[j - 1];
                                j--;
                            }
                            keys[j] = key;
                        }
                    } else {
                        for (int k = 0; k < n; k++) {
                            int bits = orderBits(x[src + k * in]);
                            keys[k] = ((long) (descending ? ~bits : bits) << 32) | k;
                        }
                        Arrays.sort(keys, 0, n);
                    }
                    for (int k = 0; k < count; k++) {
                        int pos = (int) keys[from + k];
                        vals[dst + k * in] = x[src + pos * in];
                        idx[dst + k * in] = pos;
                    }
                }
            });
        }
        Tensor values = Tensor.contiguousOf(vals, os);
        Tensor indices = Tensor.contiguousOf(idx, os.clone());
        int[] inShape = t.shape;
        Autograd.record(values, op.substring(0, 1).toUpperCase() + op.substring(1) + "Backward", new Tensor[] {t},
                g -> new Tensor[] {Indexing.scatterAddRaw(Tensor.zeros(inShape), d, indices, g)});
        return new ValuesIndices(values, indices);
    }

    static ValuesIndices sort(Tensor t, int dim, boolean descending) {
        int n = t.dim() == 0 ? 1 : t.shape[Shape.dim("sort", dim, t.dim())];
        return sorted("sort", t, dim, descending, 0, n);
    }

    static ValuesIndices topk(Tensor t, int k, int dim, boolean largest) {
        int d = Shape.dim("topk", dim, t.dim());
        int n = t.dim() == 0 ? 1 : t.shape[d];
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topk: k (" + k + ") is out of range for dimension " + d + " of size " + n
                    + " (shape " + Shape.str(t.shape) + ")");
        }
        return sorted("topk", t, d, largest, 0, k);
    }

    static ValuesIndices kthvalue(Tensor t, int k, int dim, boolean keepDim) {
        int d = Shape.dim("kthvalue", dim, t.dim());
        int n = t.dim() == 0 ? 1 : t.shape[d];
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("kthvalue: k (" + k + ") is out of range for dimension " + d + " of size " + n
                    + " (shape " + Shape.str(t.shape) + "); k counts from 1");
        }
        ValuesIndices v = sorted("kthvalue", t, d, false, k - 1, 1);
        if (keepDim || t.dim() == 0) return v;
        return new ValuesIndices(v.values().squeeze(d), v.indices().squeeze(d));
    }
}
