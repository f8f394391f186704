package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;

/**
 * Writes at indexed positions: {@code scatter}, {@code scatterAdd}, {@code indexAdd}, {@code maskedFill}
 * and {@code oneHot}, each with its backward rule. The scatter loops walk the index tensor with
 * {@link Strided#rows}: the destination's stride along the scattered dim is zeroed in the walk and the
 * index value times that stride is added per element.
 */
final class Indexing {
    private Indexing() {}

    // ------------------------------------------------------------------ scatter / gather walks

    /** Checks scatter's shape rules, naming the op, the shapes and the dim. */
    private static void checkScatter(String op, Tensor self, int d, Tensor index, Tensor src) {
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be an int64 tensor, found " + index.dtype.torchName()
                    + " of shape " + Shape.str(index.shape) + " (convert with toLong())");
        }
        int r = self.dim();
        if (index.dim() != r || (src != null && src.dim() != r)) {
            throw new IllegalArgumentException(op + ": index" + (src != null ? ", src" : "") + " and self must have the same rank, found self "
                    + Shape.str(self.shape) + ", index " + Shape.str(index.shape) + (src != null ? ", src " + Shape.str(src.shape) : ""));
        }
        for (int i = 0; i < r; i++) {
            if ((i != d && index.shape[i] > self.shape[i]) || (src != null && index.shape[i] > src.shape[i])) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(index.shape) + " exceeds "
                        + (i != d && index.shape[i] > self.shape[i] ? "self shape " + Shape.str(self.shape) : "src shape " + Shape.str(src.shape))
                        + " at dimension " + i + " (scattering along dim " + d + ")");
            }
        }
        if (src != null && src.dtype != self.dtype) {
            throw new IllegalArgumentException(op + ": src is " + src.dtype.torchName() + " but self is " + self.dtype.torchName());
        }
    }

    /**
     * {@code dst[.., index[p], ..] = src[p]} (or {@code +=} when {@code add}) for every position p of
     * {@code index}, the index replacing the coordinate along {@code d}. {@code src == null} writes
     * {@code value}. {@code dst} is modified in place.
     */
    static void scatterInto(String op, Tensor dst, int d, Tensor index, Tensor src, double value, boolean add) {
        if (index.numel() == 0) return;
        long[] id = index.ldata;
        int[] ds = dst.strides.clone();
        int step = ds[d];
        ds[d] = 0;
        int size = dst.shape[d];
        int[] ss = src == null ? new int[index.dim()] : src.strides;
        int[] base = {index.offset, src == null ? 0 : src.offset, dst.offset};
        int[][] strides = {index.strides, ss, ds};
        if (dst.dtype == DType.FLOAT32) {
            float[] out = dst.data, in = src == null ? new float[] {(float) value} : src.data;
            Strided.rows(index.shape, strides, base, (offs, n, inner) -> {
                int ip = offs[0], sp = offs[1], op2 = offs[2], is = inner[0], sst = inner[1], os = inner[2];
                for (int j = 0; j < n; j++) {
                    long v = id[ip + j * is];
                    if (v < 0 || v >= size) throw outOfBounds(op, v, d, size);
                    int p = op2 + j * os + (int) v * step;
                    if (add) out[p] += in[sp + j * sst];
                    else out[p] = in[sp + j * sst];
                }
            });
        } else {
            long[] out = dst.ldata, in = src == null ? new long[] {(long) value} : src.ldata;
            Strided.rows(index.shape, strides, base, (offs, n, inner) -> {
                int ip = offs[0], sp = offs[1], op2 = offs[2], is = inner[0], sst = inner[1], os = inner[2];
                for (int j = 0; j < n; j++) {
                    long v = id[ip + j * is];
                    if (v < 0 || v >= size) throw outOfBounds(op, v, d, size);
                    int p = op2 + j * os + (int) v * step;
                    if (add) out[p] += in[sp + j * sst];
                    else out[p] = in[sp + j * sst];
                }
            });
        }
    }

    private static IndexOutOfBoundsException outOfBounds(String op, long v, int d, int size) {
        return new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + d + " with size " + size);
    }

    /** {@code dst += scatter of src at index along d}; returns {@code dst} (a fresh float tensor). */
    static Tensor scatterAddRaw(Tensor dst, int d, Tensor index, Tensor src) {
        scatterInto("scatterAdd", dst, d, index, src, 0, true);
        return dst;
    }

    /**
     * A float tensor of {@code shape} whose positions covered by {@code index} hold
     * {@code g[.., index[p], ..]} and the rest zero: the gradient of a scatter's src.
     */
    private static Tensor gatherPadded(Tensor g, int d, Tensor index, int[] shape) {
        Tensor out = Tensor.zeros(shape);
        if (index.numel() == 0) return out;
        long[] id = index.ldata;
        float[] o = out.data, gd = g.data;
        int[] gs = g.strides.clone();
        int step = gs[d];
        gs[d] = 0;
        Strided.rows(index.shape, new int[][] {index.strides, out.strides, gs}, new int[] {index.offset, 0, g.offset}, (offs, n, inner) -> {
            for (int j = 0; j < n; j++) {
                o[offs[1] + j * inner[1]] = gd[offs[2] + j * inner[2] + (int) id[offs[0] + j * inner[0]] * step];
            }
        });
        return out;
    }

    static Tensor scatter(String op, Tensor self, int dim, Tensor index, Tensor src, float value, boolean add) {
        if (self.dim() == 0) {
            Tensor s = src == null ? null : src.reshape(1);
            return scatter(op, self.reshape(1), dim, index.reshape(1), s, value, add).reshape();
        }
        int d = Shape.dim(op, dim, self.dim());
        checkScatter(op, self, d, index, src);
        Tensor out = Copy.contiguous(self);
        scatterInto(op, out, d, index, src, value, add);
        if (self.dtype != DType.FLOAT32) return out;
        int[] srcShape = src == null ? null : src.shape;
        Tensor idx = index.detach();
        Tensor[] inputs = src == null ? new Tensor[] {self} : new Tensor[] {self, src};
        return Autograd.record(out, add ? "ScatterAddBackward" : "ScatterBackward", inputs, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            if (self.requiresGrad()) {
                if (add) {
                    grads[0] = g;
                } else {
                    Tensor gs = Copy.contiguous(g);
                    scatterInto(op, gs, d, idx, null, 0, false);
                    grads[0] = gs;
                }
            }
            if (src != null && src.requiresGrad()) grads[1] = gatherPadded(g, d, idx, srcShape);
            return grads;
        });
    }

    // ------------------------------------------------------------------ indexAdd, maskedFill, oneHot

    static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor source) {
        String op = "indexAdd";
        int r = self.dim();
        int d = Shape.dim(op, dim, r);
        if (index.dtype != DType.INT64 || index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index must be a 0-d or 1-d int64 tensor, found " + index.dtype.torchName()
                    + " of shape " + Shape.str(index.shape));
        }
        if (source.dtype != self.dtype) {
            throw new IllegalArgumentException(op + ": source is " + source.dtype.torchName() + " but self is " + self.dtype.torchName());
        }
        long[] idx = index.toLongArray();
        boolean shapeOk = source.dim() == Math.max(r, 1) || (r == 0 && source.dim() == 0);
        if (shapeOk && r > 0) {
            for (int i = 0; i < r; i++) {
                if (i == d ? source.shape[i] != idx.length : source.shape[i] != self.shape[i]) shapeOk = false;
            }
        }
        if (!shapeOk || (r == 0 && idx.length != 1)) {
            throw new IllegalArgumentException(op + ": source shape " + Shape.str(source.shape) + " must equal self shape "
                    + Shape.str(self.shape) + " except along dim " + d + ", where it must be the index length " + idx.length);
        }
        if (r == 0) return indexAdd(self.reshape(1), 0, index.reshape(1), source.reshape(1)).reshape();
        int size = self.shape[d];
        Tensor out = Copy.contiguous(self);
        Tensor sd = source.detach();
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i] < 0 ? idx[i] + size : idx[i];
            if (v < 0 || v >= size) throw outOfBounds(op, idx[i], d, size);
            Tensor dst = out.viewOf(dropDim(out.shape, d), dropDim(out.strides, d), out.offset + (int) v * out.strides[d]);
            Tensor src = sd.viewOf(dropDim(sd.shape, d), dropDim(sd.strides, d), sd.offset + i * sd.strides[d]);
            if (out.dtype == DType.FLOAT32) {
                Pointwise.addInto(dst, src);
            } else {
                long[] o = dst.ldata, s = src.ldata;
                Strided.rows(dst.shape, new int[][] {dst.strides, src.strides}, new int[] {dst.offset, src.offset}, (offs, n, inner) -> {
                    for (int j = 0; j < n; j++) o[offs[0] + j * inner[0]] += s[offs[1] + j * inner[1]];
                });
            }
        }
        if (self.dtype != DType.FLOAT32) return out;
        Tensor ix = index.detach();
        return Autograd.record(out, "IndexAddBackward", new Tensor[] {self, source}, g -> new Tensor[] {
                self.requiresGrad() ? g : null,
                source.requiresGrad() ? g.indexSelect(d, ix) : null});
    }

    private static int[] dropDim(int[] a, int d) {
        int[] out = new int[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) if (i != d) out[j++] = a[i];
        return out;
    }

    /** Writes {@code value} where {@code mask} (broadcast to {@code dst}) is non-zero; {@code dst} is modified. */
    private static void fillWhere(Tensor dst, Tensor mask, double value) {
        int[] ms = Strided.broadcastStrides(mask.shape, mask.strides, dst.shape);
        int[][] strides = {dst.strides, ms};
        int[] base = {dst.offset, mask.offset};
        float[] mf = mask.data;
        long[] ml = mask.ldata;
        if (dst.dtype == DType.FLOAT32) {
            float[] o = dst.data;
            float v = (float) value;
            Strided.rows(dst.shape, strides, base, (offs, n, inner) -> {
                for (int j = 0; j < n; j++) {
                    int q = offs[1] + j * inner[1];
                    if (mf != null ? mf[q] != 0f : ml[q] != 0L) o[offs[0] + j * inner[0]] = v;
                }
            });
        } else {
            long[] o = dst.ldata;
            long v = (long) value;
            Strided.rows(dst.shape, strides, base, (offs, n, inner) -> {
                for (int j = 0; j < n; j++) {
                    int q = offs[1] + j * inner[1];
                    if (mf != null ? mf[q] != 0f : ml[q] != 0L) o[offs[0] + j * inner[0]] = v;
                }
            });
        }
    }

    static Tensor maskedFill(Tensor self, Tensor mask, float value) {
        int[] os = Shape.broadcast("maskedFill", self.shape, mask.shape);
        Tensor out = Copy.contiguous(self.detach().expand(os));
        Tensor m = mask.detach();
        fillWhere(out, m, value);
        if (self.dtype != DType.FLOAT32) return out;
        int[] inShape = self.shape;
        return Autograd.record(out, "MaskedFillBackward", new Tensor[] {self}, g -> {
            Tensor gs = Copy.contiguous(g);
            fillWhere(gs, m, 0);
            return new Tensor[] {gs.sumTo(inShape)};
        });
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        if (labels.dtype != DType.INT64) {
            throw new IllegalArgumentException("oneHot: expected an int64 tensor of class indices, found " + labels.dtype.torchName()
                    + " of shape " + Shape.str(labels.shape) + " (convert with toLong())");
        }
        long[] v = labels.toLongArray();
        long max = -1, min = 0;
        for (long x : v) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        if (min < 0) throw new IllegalArgumentException("oneHot: class values must be non-negative, found " + min);
        int classes = numClasses;
        if (numClasses == -1) {
            if (v.length == 0) throw new IllegalArgumentException("oneHot: cannot infer the number of classes from an empty tensor");
            classes = (int) max + 1;
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive or -1 (inferred), found " + numClasses);
        } else if (max >= numClasses) {
            throw new IllegalArgumentException("oneHot: class value " + max + " is out of range for numClasses " + numClasses
                    + " (labels of shape " + Shape.str(labels.shape) + ")");
        }
        int[] os = java.util.Arrays.copyOf(labels.shape, labels.dim() + 1);
        os[labels.dim()] = classes;
        long[] out = new long[Shape.numel(os)];
        for (int i = 0; i < v.length; i++) out[i * classes + (int) v[i]] = 1L;
        return Tensor.contiguousOf(out, os);
    }
}
