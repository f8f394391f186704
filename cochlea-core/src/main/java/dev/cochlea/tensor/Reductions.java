package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;

import java.util.Arrays;

/** Reductions over any set of dims and their backward rules (softmax and logsumexp: {@link SoftmaxOps}). */
final class Reductions {
    private static final Kernels K = KernelProvider.get();

    private Reductions() {}

    /** The shape after reducing the masked dims. */
    private static int[] reducedShape(int[] shape, boolean[] mask, boolean keepDim) {
        int n = 0;
        for (boolean b : mask) if (!b || keepDim) n++;
        int[] out = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!mask[i]) out[j++] = shape[i];
            else if (keepDim) out[j++] = 1;
        }
        return out;
    }

    /**
     * Lays {@code t} out as [outer, inner] rows with the reduced dims innermost and contiguous:
     * returns the contiguous data, the offset, and the inner length.
     */
    private static Tensor reducedLast(Tensor t, boolean[] mask) {
        int r = t.dim();
        int[] perm = new int[r];
        int j = 0;
        for (int i = 0; i < r; i++) if (!mask[i]) perm[j++] = i;
        for (int i = 0; i < r; i++) if (mask[i]) perm[j++] = i;
        Tensor p = t.detach().permute(perm);
        return p.isContiguous() ? p : Copy.contiguous(p);
    }

    private static int reducedCount(int[] shape, boolean[] mask) {
        int n = 1;
        for (int i = 0; i < shape.length; i++) if (mask[i]) n *= shape[i];
        return n;
    }

    /** Sum without recording. */
    static Tensor sumRaw(Tensor t, boolean[] mask, boolean keepDim) {
        t.requireFloat("sum");
        int[] os = reducedShape(t.shape, mask, keepDim);
        int inner = reducedCount(t.shape, mask);
        int outer = Shape.numel(os);
        float[] out = new float[outer];
        if (outer == 0 || inner == 0) return Tensor.contiguousOf(out, os);
        // Fast path: reduced dims lead and the tensor is contiguous: add rows of length outer.
        int lead = 0;
        while (lead < mask.length && mask[lead]) lead++;
        boolean prefix = true;
        for (int i = lead; i < mask.length; i++) if (mask[i]) prefix = false;
        if (prefix && t.isContiguous() && lead > 0) {
            float[] d = t.data;
            int off = t.offset;
            Parallel.forRange(outer, 1 << 12, (from, to) -> {
                for (int row = 0; row < inner; row++) K.axpy(1f, d, off + row * outer + from, out, from, to - from);
            });
            return Tensor.contiguousOf(out, os);
        }
        Tensor c = reducedLast(t, mask);
        float[] d = c.data;
        int off = c.offset;
        Parallel.forRange(outer, Math.max(1, (1 << 15) / inner), (from, to) -> {
            for (int i = from; i < to; i++) out[i] = K.sum(d, off + i * inner, inner);
        });
        return Tensor.contiguousOf(out, os);
    }

    static Tensor sum(Tensor t, int[] dims, boolean keepDim) {
        boolean[] mask = Shape.dimMask("sum", dims, t.dim());
        Tensor out = sumRaw(t, mask, keepDim);
        int[] inShape = t.shape;
        int[] keptShape = reducedShape(inShape, mask, true);
        return Autograd.record(out, "SumBackward", new Tensor[] {t}, g -> new Tensor[] {g.reshape(keptShape).expand(inShape)});
    }

    static Tensor mean(Tensor t, int[] dims, boolean keepDim) {
        boolean[] mask = Shape.dimMask("mean", dims, t.dim());
        int count = reducedCount(t.shape, mask);
        Tensor out = sumRaw(t, mask, keepDim);
        Pointwise.scaleShiftInto(out, 1f / count, 0f);
        int[] inShape = t.shape;
        int[] keptShape = reducedShape(inShape, mask, true);
        return Autograd.record(out, "MeanBackward", new Tensor[] {t}, g -> new Tensor[] {g.reshape(keptShape).expand(inShape).mul(1f / count)});
    }

    static Tensor var(Tensor t, int[] dims, boolean unbiased, boolean keepDim) {
        boolean[] mask = Shape.dimMask("var", dims, t.dim());
        int count = reducedCount(t.shape, mask);
        int[] all = new int[0];
        int[] ds = dims == null || dims.length == 0 ? all : dims;
        Tensor mu = ds.length == 0 ? t.mean() : t.mean(ds, true);
        Tensor dev = t.sub(mu);
        Tensor ss = ds.length == 0 ? dev.square().sum() : dev.square().sum(ds, keepDim);
        if (ds.length == 0 && keepDim) ss = ss.reshape(reducedShape(t.shape, mask, true));
        return ss.div((float) Math.max(0, count - (unbiased ? 1 : 0)));
    }

    static Tensor sumTo(Tensor g, int[] target) {
        if (Arrays.equals(g.shape, target)) return g;
        int lead = g.dim() - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: shape " + Shape.str(g.shape) + " cannot be reduced to " + Shape.str(target));
        }
        boolean[] mask = new boolean[g.dim()];
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead) mask[i] = true;
            else if (target[i - lead] == 1 && g.shape[i] != 1) mask[i] = true;
            else if (target[i - lead] != g.shape[i]) {
                throw new IllegalArgumentException("sumTo: shape " + Shape.str(g.shape) + " cannot be reduced to " + Shape.str(target));
            }
        }
        int n = 0;
        for (boolean b : mask) if (b) n++;
        int[] dims = new int[n];
        for (int i = 0, j = 0; i < mask.length; i++) if (mask[i]) dims[j++] = i;
        return sum(g, dims, true).reshape(target);
    }

    static Tensor maxAll(Tensor t, boolean max) {
        t.requireFloat(max ? "max" : "min");
        if (t.numel() == 0) {
            throw new IllegalArgumentException((max ? "max" : "min") + ": cannot reduce an empty tensor (shape " + Shape.str(t.shape) + ")");
        }
        Tensor c = t.isContiguous() ? t : Copy.contiguous(t);
        float v = max ? K.max(c.data, c.offset, c.numel()) : K.min(c.data, c.offset, c.numel());
        Tensor out = Tensor.scalar(v);
        Tensor td = t.detach();
        return Autograd.record(out, max ? "MaxBackward" : "MinBackward", new Tensor[] {t}, g -> {
            Tensor hits = td.eq(v);
            return new Tensor[] {hits.mul(g).div(hits.sum())};
        });
    }

    static ValuesIndices maxDim(Tensor t, int dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        t.requireFloat(op);
        int r = t.dim();
        int d = Shape.dim(op, dim, r);
        boolean[] mask = new boolean[Math.max(r, 1)];
        if (r > 0) mask[d] = true;
        if (r > 0 && t.shape[d] == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over dimension " + d + " of size 0 (shape " + Shape.str(t.shape) + ")");
        }
        Tensor src = r == 0 ? t.reshape(1) : t;
        boolean[] m = r == 0 ? new boolean[] {true} : mask;
        int[] os = r == 0 ? new int[0] : reducedShape(t.shape, mask, keepDim);
        int inner = src.shape[r == 0 ? 0 : d];
        int outer = Shape.numel(os);
        Tensor c = reducedLast(src, m);
        float[] vals = new float[outer];
        long[] idx = new long[outer];
        for (int i = 0; i < outer; i++) {
            int base = c.offset + i * inner;
            float best = c.data[base];
            int bi = 0;
            if (!Float.isNaN(best)) {
                for (int k = 1; k < inner; k++) {
                    float x = c.data[base + k];
                    if (Float.isNaN(x)) {
                        best = x;
                        bi = k;
                        break;
                    }
                    if (max ? x > best : x < best) {
                        best = x;
                        bi = k;
                    }
                }
            }
            vals[i] = best;
            idx[i] = bi;
        }
        Tensor values = Tensor.contiguousOf(vals, os);
        Tensor indices = Tensor.contiguousOf(idx, os.clone());
        int[] inShape = t.shape;
        int[] keptShape = r == 0 ? new int[0] : reducedShape(inShape, mask, true);
        Autograd.record(values, max ? "MaxBackward" : "MinBackward", new Tensor[] {t}, g -> {
            Tensor full = Tensor.zeros(inShape);
            scatterAlong(full, d, indices.reshape(keptShape), g.reshape(keptShape));
            return new Tensor[] {full};
        });
        return new ValuesIndices(values, indices);
    }

    /** {@code full[..., index[...], ...] += src} along dim d (index and src have size 1 there). */
    private static void scatterAlong(Tensor full, int d, Tensor index, Tensor src) {
        if (full.dim() == 0) {
            full.data[full.offset] += src.item();
            return;
        }
        Tensor idx = index.contiguous();
        Tensor s = Copy.contiguous(src);
        int[] fs = full.strides;
        int[] shape = idx.shape;
        int n = Shape.numel(shape);
        int[] pos = new int[shape.length];
        for (int k = 0; k < n; k++) {
            int p = full.offset;
            for (int i = 0; i < shape.length; i++) {
                p += (i == d ? (int) idx.ldata[idx.offset + k] : pos[i]) * fs[i];
            }
            full.data[p] += s.data[k];
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++pos[i] < shape[i]) break;
                pos[i] = 0;
            }
        }
    }

    static ValuesIndices median(Tensor t, int dim, boolean keepDim) {
        t.requireFloat("median");
        int r = t.dim();
        int d = Shape.dim("median", dim, r);
        if (r > 0 && t.shape[d] == 0) throw new IllegalArgumentException("median: cannot reduce over an empty dimension");
        boolean[] mask = new boolean[r];
        mask[d] = true;
        int[] os = reducedShape(t.shape, mask, keepDim);
        int inner = t.shape[d];
        int outer = Shape.numel(os);
        Tensor c = reducedLast(t, mask);
        float[] vals = new float[outer];
        long[] idx = new long[outer];
        float[] row = new float[inner];
        for (int i = 0; i < outer; i++) {
            System.arraycopy(c.data, c.offset + i * inner, row, 0, inner);
            float[] sorted = row.clone();
            Arrays.sort(sorted);
            float v = sorted[(inner - 1) / 2];
            vals[i] = v;
            for (int k = 0; k < inner; k++) {
                if (Float.compare(row[k], v) == 0) {
                    idx[i] = k;
                    break;
                }
            }
        }
        Tensor values = Tensor.contiguousOf(vals, os);
        Tensor indices = Tensor.contiguousOf(idx, os.clone());
        int[] inShape = t.shape;
        int[] keptShape = reducedShape(inShape, mask, true);
        Autograd.record(values, "MedianBackward", new Tensor[] {t}, g -> {
            Tensor full = Tensor.zeros(inShape);
            scatterAlong(full, d, indices.reshape(keptShape), g.reshape(keptShape));
            return new Tensor[] {full};
        });
        return new ValuesIndices(values, indices);
    }

    static Tensor norm(Tensor t, float p, int[] dims, boolean keepDim) {
        boolean all = dims == null || dims.length == 0;
        if (p == 2f) {
            Tensor ss = all ? t.square().sum() : t.square().sum(dims, keepDim);
            return ss.sqrt();
        }
        if (p == 1f) return all ? t.abs().sum() : t.abs().sum(dims, keepDim);
        if (Float.isInfinite(p) && p > 0) {
            if (all) return t.abs().max();
            Tensor a = t.abs();
            boolean[] mask = Shape.dimMask("norm", dims, t.dim());
            for (int i = t.dim() - 1; i >= 0; i--) if (mask[i]) a = a.max(i, true).values();
            return keepDim ? a : a.reshape(reducedShape(t.shape, mask, false));
        }
        if (p <= 0) throw new IllegalArgumentException("norm: p must be positive, found " + p);
        Tensor s = all ? t.abs().pow(p).sum() : t.abs().pow(p).sum(dims, keepDim);
        return s.pow(1f / p);
    }
}
