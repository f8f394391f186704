package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;

/**
 * Scans and product-like reductions along a dim: {@code cumsum}, {@code cumprod}, {@code prod},
 * {@code all}/{@code any}, {@code countNonzero} and {@code diff}, with their backward rules.
 *
 * <p>A contiguous tensor is seen as {@code [outer, n, inner]} with the dim in the middle; every loop
 * runs k over n outside and the inner positions inside, so memory is read in order whatever the dim,
 * with one {@code double} accumulator per inner position (PyTorch's CPU accumulation type for float).
 */
final class Scans {
    private Scans() {}

    /** {outer, n, inner} of t around dim d. */
    private static int[] split(int[] shape, int d) {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        return new int[] {outer, shape.length == 0 ? 1 : shape[d], inner};
    }

    private static Tensor dense(Tensor t) {
        return t.isContiguous() ? t.detach() : Copy.contiguous(t);
    }

    // ------------------------------------------------------------------ cumsum / cumprod

    /** Running sums (or products) along d, forward or from the end backwards; float output. */
    private static float[] scan(Tensor c, int d, boolean product, boolean reverse) {
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        float[] x = c.data, out = new float[c.numel()];
        int off = c.offset;
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, product ? 1.0 : 0.0);
            int b = o * n * inner;
            for (int kk = 0; kk < n; kk++) {
                int p = b + (reverse ? n - 1 - kk : kk) * inner;
                if (product) for (int i = 0; i < inner; i++) out[p + i] = (float) (acc[i] *= x[off + p + i]);
                else for (int i = 0; i < inner; i++) out[p + i] = (float) (acc[i] += x[off + p + i]);
            }
        }
        return out;
    }

    private static long[] scanLong(Tensor c, int d, boolean product) {
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        long[] x = c.ldata, out = new long[c.numel()];
        int off = c.offset;
        for (int o = 0; o < outer; o++) {
            int b = o * n * inner;
            for (int i = 0; i < inner; i++) out[b + i] = x[off + b + i];
            for (int k = 1; k < n; k++) {
                int p = b + k * inner;
                if (product) for (int i = 0; i < inner; i++) out[p + i] = out[p - inner + i] * x[off + p + i];
                else for (int i = 0; i < inner; i++) out[p + i] = out[p - inner + i] + x[off + p + i];
            }
        }
        return out;
    }

    static Tensor cumsum(Tensor t, int dim) {
        int d = Shape.dim("cumsum", dim, t.dim());
        Tensor c = dense(t);
        if (t.dtype == DType.INT64) return Tensor.contiguousOf(scanLong(c, d, false), t.shape.clone());
        Tensor out = Tensor.contiguousOf(scan(c, d, false, false), t.shape.clone());
        return Autograd.record(out, "CumsumBackward", new Tensor[] {t},
                g -> new Tensor[] {Tensor.contiguousOf(scan(Copy.contiguous(g), d, false, true), g.shape())});
    }

    static Tensor cumprod(Tensor t, int dim) {
        int d = Shape.dim("cumprod", dim, t.dim());
        Tensor c = dense(t);
        if (t.dtype == DType.INT64) return Tensor.contiguousOf(scanLong(c, d, true), t.shape.clone());
        float[] y = scan(c, d, true, false);
        Tensor out = Tensor.contiguousOf(y, t.shape.clone());
        return Autograd.record(out, "CumprodBackward", new Tensor[] {t}, g -> new Tensor[] {cumprodBackward(c, y, d, Copy.contiguous(g))});
    }

    /**
     * d/dx_k of sum_j g_j y_j with y_j = x_0 ... x_j: y_{k-1} * S_k where S_k = g_k + x_{k+1} S_{k+1}.
     * Exact with zeros in x, since nothing is divided.
     */
    private static Tensor cumprodBackward(Tensor c, float[] y, int d, Tensor g) {
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        float[] x = c.data, gd = g.data, gi = new float[y.length];
        int off = c.offset;
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            int b = o * n * inner;
            for (int k = n - 1; k >= 0; k--) {
                int p = b + k * inner;
                for (int i = 0; i < inner; i++) {
                    double sk = gd[p + i] + (k < n - 1 ? x[off + p + inner + i] * acc[i] : 0.0);
                    acc[i] = sk;
                    gi[p + i] = (float) (k > 0 ? y[p - inner + i] * sk : sk);
                }
            }
        }
        return Tensor.contiguousOf(gi, c.shape.clone());
    }

    // ------------------------------------------------------------------ prod

    static Tensor prod(Tensor t, int dim, boolean keepDim) {
        String op = "prod";
        int r = t.dim();
        int d = Shape.dim(op, dim, r);
        Tensor c = dense(t);
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        int[] os;
        if (r == 0) {
            os = new int[0];
        } else if (keepDim) {
            os = t.shape.clone();
            os[d] = 1;
        } else {
            os = new int[r - 1];
            for (int i = 0, j = 0; i < r; i++) if (i != d) os[j++] = t.shape[i];
        }
        if (t.dtype == DType.INT64) {
            long[] x = c.ldata, out = new long[outer * inner];
            java.util.Arrays.fill(out, 1L);
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < n; k++) {
                    int p = c.offset + (o * n + k) * inner;
                    for (int i = 0; i < inner; i++) out[o * inner + i] *= x[p + i];
                }
            }
            return Tensor.contiguousOf(out, os);
        }
        float[] x = c.data, out = new float[outer * inner];
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, 1.0);
            for (int k = 0; k < n; k++) {
                int p = c.offset + (o * n + k) * inner;
                for (int i = 0; i < inner; i++) acc[i] *= x[p + i];
            }
            for (int i = 0; i < inner; i++) out[o * inner + i] = (float) acc[i];
        }
        return Autograd.record(Tensor.contiguousOf(out, os), "ProdBackward", new Tensor[] {t},
                g -> new Tensor[] {prodBackward(c, d, Copy.contiguous(g))});
    }

    /** g times the product of the other elements of each line, from prefix and suffix products (zeros exact). */
    private static Tensor prodBackward(Tensor c, int d, Tensor g) {
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        float[] x = c.data, gd = g.data, gi = new float[c.numel()];
        int off = c.offset;
        double[] pre = new double[inner], suf = new double[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(pre, 1.0);
            java.util.Arrays.fill(suf, 1.0);
            int b = o * n * inner;
            for (int k = 0; k < n; k++) {
                int p = b + k * inner;
                for (int i = 0; i < inner; i++) {
                    gi[p + i] = (float) pre[i];
                    pre[i] *= x[off + p + i];
                }
            }
            for (int k = n - 1; k >= 0; k--) {
                int p = b + k * inner;
                for (int i = 0; i < inner; i++) {
                    gi[p + i] = (float) (gi[p + i] * suf[i] * gd[g.offset + o * inner + i]);
                    suf[i] *= x[off + p + i];
                }
            }
        }
        return Tensor.contiguousOf(gi, c.shape.clone());
    }

    // ------------------------------------------------------------------ all / any / countNonzero

    /** Non-zero (NaN counts as non-zero, like PyTorch's bool conversion) counts of every element. */
    static long countNonzero(Tensor t) {
        long[] count = {0};
        float[] f = t.data;
        long[] l = t.ldata;
        Strided.rows(t.shape, new int[][] {t.strides}, new int[] {t.offset}, (offs, n, inner) -> {
            long c = 0;
            for (int j = 0; j < n; j++) {
                int p = offs[0] + j * inner[0];
                if (f != null ? f[p] != 0f : l[p] != 0L) c++;
            }
            count[0] += c;
        });
        return t.numel() == 0 ? 0 : count[0];
    }

    /** Counts of non-zero elements along {@code dim}, as an int64 tensor without that dim. */
    static long[] countAlong(Tensor t, int d) {
        Tensor c = dense(t);
        int[] s = split(c.shape, d);
        int outer = s[0], n = s[1], inner = s[2];
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                int p = c.offset + (o * n + k) * inner;
                for (int i = 0; i < inner; i++) {
                    if (c.data != null ? c.data[p + i] != 0f : c.ldata[p + i] != 0L) out[o * inner + i]++;
                }
            }
        }
        return out;
    }

    private static int[] reduced(int[] shape, int d, boolean keepDim) {
        if (shape.length == 0) return new int[0];
        if (keepDim) {
            int[] os = shape.clone();
            os[d] = 1;
            return os;
        }
        int[] os = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) os[j++] = shape[i];
        return os;
    }

    static Tensor countNonzero(Tensor t, int dim) {
        int d = Shape.dim("countNonzero", dim, t.dim());
        return Tensor.contiguousOf(countAlong(t, d), reduced(t.shape, d, false));
    }

    /** 1 where all (or any) elements along {@code dim} are non-zero, else 0 (a float mask). */
    static Tensor allAny(Tensor t, int dim, boolean keepDim, boolean all) {
        int d = Shape.dim(all ? "all" : "any", dim, t.dim());
        int n = t.dim() == 0 ? 1 : t.shape[d];
        long[] counts = countAlong(t, d);
        float[] out = new float[counts.length];
        for (int i = 0; i < out.length; i++) out[i] = (all ? counts[i] == n : counts[i] > 0) ? 1f : 0f;
        return Tensor.contiguousOf(out, reduced(t.shape, d, keepDim));
    }

    // ------------------------------------------------------------------ diff

    static Tensor diff(Tensor t, int n, int dim) {
        if (n < 0) throw new IllegalArgumentException("diff: order must be non-negative, found " + n);
        if (t.dim() == 0) throw new IllegalArgumentException("diff: expects a tensor with at least one dimension, found a 0-d tensor");
        int d = Shape.dim("diff", dim, t.dim());
        Tensor x = t;
        for (int i = 0; i < n && x.shape[d] > 0; i++) {
            int len = x.shape[d] - 1;
            x = x.narrow(d, 1, len).sub(x.narrow(d, 0, len));
        }
        return x;
    }
}
