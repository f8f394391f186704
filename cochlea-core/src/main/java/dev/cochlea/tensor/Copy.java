package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;

/** Copies between layouts: contiguous copies, clones, fills and broadcast copies into a tensor. */
final class Copy {
    private static final Kernels K = KernelProvider.get();

    private Copy() {}

    /** A contiguous copy of {@code t} (not recorded). */
    static Tensor contiguous(Tensor t) {
        int[] shape = t.shape;
        int n = Shape.numel(shape);
        int[] outStrides = Shape.contiguousStrides(shape);
        if (t.dtype == DType.FLOAT32) {
            float[] out = new float[n];
            if (t.isContiguous()) {
                System.arraycopy(t.data, t.offset, out, 0, n);
            } else {
                float[] src = t.data;
                Strided.rows(shape, new int[][] {outStrides, t.strides}, new int[] {0, t.offset}, (offs, len, inner) -> {
                    int o = offs[0], s = offs[1], ss = inner[1];
                    if (ss == 1) {
                        System.arraycopy(src, s, out, o, len);
                    } else {
                        for (int i = 0; i < len; i++) out[o + i] = src[s + i * ss];
                    }
                });
            }
            return Tensor.contiguousOf(out, shape.clone());
        }
        long[] out = new long[n];
        long[] src = t.ldata;
        Strided.rows(shape, new int[][] {outStrides, t.strides}, new int[] {0, t.offset}, (offs, len, inner) -> {
            int o = offs[0], s = offs[1], ss = inner[1];
            for (int i = 0; i < len; i++) out[o + i] = src[s + i * ss];
        });
        return Tensor.contiguousOf(out, shape.clone());
    }

    /** A contiguous copy with its own storage, even if {@code t} is contiguous (not recorded). */
    static Tensor contiguousCopy(Tensor t) {
        return contiguous(t);
    }

    /** A contiguous copy recorded by autograd (gradient passes through unchanged). */
    static Tensor contiguousTracked(Tensor t) {
        return Autograd.record(contiguous(t), "ContiguousBackward", new Tensor[] {t}, g -> new Tensor[] {g});
    }

    /** {@code t.clone()}: a copy recorded by autograd. */
    static Tensor cloneTracked(Tensor t) {
        return Autograd.record(contiguous(t), "CloneBackward", new Tensor[] {t}, g -> new Tensor[] {g});
    }

    static void fill(Tensor t, float value) {
        if (t.dtype == DType.INT64) {
            long v = (long) value;
            long[] d = t.ldata;
            Strided.rows(t.shape, new int[][] {t.strides}, new int[] {t.offset}, (offs, len, inner) -> {
                for (int i = 0; i < len; i++) d[offs[0] + i * inner[0]] = v;
            });
            return;
        }
        float[] d = t.data;
        Strided.rows(t.shape, new int[][] {t.strides}, new int[] {t.offset}, (offs, len, inner) -> {
            if (inner[0] == 1) K.fill(d, offs[0], len, value);
            else for (int i = 0; i < len; i++) d[offs[0] + i * inner[0]] = value;
        });
    }

    /** Copies {@code src}, broadcast to {@code dst}'s shape, into {@code dst}. */
    static void copyInto(Tensor dst, Tensor src) {
        int[] bs = Shape.broadcast("copyFrom", dst.shape, src.shape);
        if (!java.util.Arrays.equals(bs, dst.shape)) {
            throw new IllegalArgumentException("copyFrom: source shape " + Shape.str(src.shape)
                    + " cannot be broadcast to destination shape " + Shape.str(dst.shape));
        }
        Tensor s = src;
        if (src.dtype != dst.dtype) s = dst.dtype == DType.FLOAT32 ? src.toFloat() : src.toLong();
        // A source that overlaps the destination's storage is copied first.
        if ((s.data != null && s.data == dst.data) || (s.ldata != null && s.ldata == dst.ldata)) s = contiguous(s);
        int[] ss = Strided.broadcastStrides(s.shape, s.strides, dst.shape);
        if (dst.dtype == DType.FLOAT32) {
            float[] d = dst.data, sd = s.data;
            Strided.rows(dst.shape, new int[][] {dst.strides, ss}, new int[] {dst.offset, s.offset}, (offs, len, inner) -> {
                int o = offs[0], p = offs[1], os = inner[0], ps = inner[1];
                if (os == 1 && ps == 1) System.arraycopy(sd, p, d, o, len);
                else for (int i = 0; i < len; i++) d[o + i * os] = sd[p + i * ps];
            });
        } else {
            long[] d = dst.ldata, sd = s.ldata;
            Strided.rows(dst.shape, new int[][] {dst.strides, ss}, new int[] {dst.offset, s.offset}, (offs, len, inner) -> {
                for (int i = 0; i < len; i++) d[offs[0] + i * inner[0]] = sd[offs[1] + i * inner[1]];
            });
        }
    }
}
