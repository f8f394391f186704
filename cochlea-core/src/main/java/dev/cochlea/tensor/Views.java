package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;

import java.util.Arrays;

/**
 * View operations: new shapes and strides over the same storage, each with its backward rule.
 */
final class Views {
    private Views() {}

    static int[] inferShape(String op, int[] newShape, int numel, int[] oldShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1, found shape " + Arrays.toString(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + s[i] + " in shape " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape) + " is invalid for input of size " + numel
                        + " (shape " + Shape.str(oldShape) + ")");
            }
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape) + " is invalid for input of size " + numel
                    + " (shape " + Shape.str(oldShape) + ")");
        }
        return s;
    }

    /** Strides for viewing (shape, strides) as newShape without copying, or null if impossible. */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        // PyTorch's computeStride: walk old dims in chunks that are contiguous among themselves.
        int[] newStrides = new int[newShape.length];
        if (Shape.numel(shape) == 0 || shape.length == 0) return Shape.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBaseStride = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= shape[tensorD];
            if (tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = strides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return newStrides;
    }

    static Tensor view(Tensor t, int[] newShape) {
        int[] s = inferShape("view", newShape, t.numel(), t.shape);
        int[] st = viewStrides(t.shape, t.strides, s);
        if (st == null) {
            throw new IllegalArgumentException("view: size " + Arrays.toString(newShape) + " is not compatible with the input's size and strides "
                    + "(shape " + Shape.str(t.shape) + ", strides " + Arrays.toString(t.strides) + "); use reshape() instead");
        }
        int[] old = t.shape;
        return Autograd.record(t.viewOf(s, st, t.offset), "ViewBackward", new Tensor[] {t}, g -> new Tensor[] {g.reshape(old)});
    }

    static Tensor reshape(Tensor t, int[] newShape) {
        int[] s = inferShape("reshape", newShape, t.numel(), t.shape);
        int[] st = viewStrides(t.shape, t.strides, s);
        if (st != null) return view(t, s);
        return view(t.contiguous(), s);
    }

    static Tensor flatten(Tensor t, int start, int end) {
        int r = t.dim();
        if (r == 0) return reshape(t, new int[] {1});
        int s = Shape.dim("flatten", start, r);
        int e = Shape.dim("flatten", end, r);
        if (s > e) throw new IllegalArgumentException("flatten: start_dim " + start + " comes after end_dim " + end);
        int[] ns = new int[r - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) ns[j++] = t.shape[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= t.shape[i];
        ns[j++] = prod;
        for (int i = e + 1; i < r; i++) ns[j++] = t.shape[i];
        return reshape(t, ns);
    }

    static Tensor unflatten(Tensor t, int dim, int[] sizes) {
        int d = Shape.dim("unflatten", dim, t.dim());
        int[] sz = inferShape("unflatten", sizes, t.shape[d], new int[] {t.shape[d]});
        int[] ns = new int[t.dim() - 1 + sz.length];
        int j = 0;
        for (int i = 0; i < d; i++) ns[j++] = t.shape[i];
        for (int v : sz) ns[j++] = v;
        for (int i = d + 1; i < t.dim(); i++) ns[j++] = t.shape[i];
        return view(t, ns);
    }

    static Tensor squeeze(Tensor t, Integer dim) {
        int r = t.dim();
        boolean[] drop = new boolean[r];
        if (dim == null) {
            for (int i = 0; i < r; i++) drop[i] = t.shape[i] == 1;
        } else {
            if (r == 0) return t;
            int d = Shape.dim("squeeze", dim, r);
            drop[d] = t.shape[d] == 1;
        }
        int n = 0;
        for (boolean b : drop) if (!b) n++;
        if (n == r) return t;
        int[] ns = new int[n], st = new int[n];
        int j = 0;
        for (int i = 0; i < r; i++) {
            if (!drop[i]) {
                ns[j] = t.shape[i];
                st[j++] = t.strides[i];
            }
        }
        int[] old = t.shape;
        return Autograd.record(t.viewOf(ns, st, t.offset), "SqueezeBackward", new Tensor[] {t}, g -> new Tensor[] {g.reshape(old)});
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int r = t.dim();
        int d = Shape.dim("unsqueeze", dim, r + 1);
        int[] ns = new int[r + 1], st = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) {
                ns[i] = 1;
                st[i] = d < r ? t.strides[d] * t.shape[d] : 1;
            } else {
                ns[i] = t.shape[j];
                st[i] = t.strides[j++];
            }
        }
        return Autograd.record(t.viewOf(ns, st, t.offset), "UnsqueezeBackward", new Tensor[] {t}, g -> new Tensor[] {g.squeeze(d)});
    }

    static Tensor permute(Tensor t, int[] dims) {
        int r = t.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: expected " + r + " dims for a tensor of shape " + Shape.str(t.shape)
                    + ", found " + Arrays.toString(dims));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.dim("permute", dims[i], r);
            if (seen[p[i]]) throw new IllegalArgumentException("permute: dim " + p[i] + " repeats in " + Arrays.toString(dims));
            seen[p[i]] = true;
        }
        int[] ns = new int[r], st = new int[r], inv = new int[r];
        for (int i = 0; i < r; i++) {
            ns[i] = t.shape[p[i]];
            st[i] = t.strides[p[i]];
            inv[p[i]] = i;
        }
        return Autograd.record(t.viewOf(ns, st, t.offset), "PermuteBackward", new Tensor[] {t}, g -> new Tensor[] {g.permute(inv)});
    }

    static Tensor transpose(Tensor t, int d0, int d1) {
        int r = t.dim();
        if (r == 0) return t;
        int a = Shape.dim("transpose", d0, r), b = Shape.dim("transpose", d1, r);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        p[a] = b;
        p[b] = a;
        return permute(t, p);
    }

    static Tensor narrow(Tensor t, int dim, int start, int length) {
        int d = Shape.dim("narrow", dim, t.dim());
        int size = t.shape[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length + " exceed dimension " + d
                    + " of size " + size + " (shape " + Shape.str(t.shape) + ")");
        }
        return slice(t, d, s, s + length, 1);
    }

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Shape.dim("slice", dim, t.dim());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, found " + step);
        int size = t.shape[d];
        int s = start < 0 ? Math.max(0, start + size) : Math.min(start, size);
        int e = end < 0 ? Math.max(0, end + size) : Math.min(end, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] ns = t.shape.clone(), st = t.strides.clone();
        ns[d] = len;
        st[d] = t.strides[d] * step;
        int[] inShape = t.shape;
        final int fs = s;
        return Autograd.record(t.viewOf(ns, st, t.offset + s * t.strides[d]), "SliceBackward", new Tensor[] {t}, g -> {
            Tensor full = Tensor.zeros(inShape);
            Copy.copyInto(slice(full, d, fs, fs + (len - 1) * step + 1, step), g);
            return new Tensor[] {full};
        });
    }

    static Tensor select(Tensor t, int dim, int index) {
        int d = Shape.dim("select", dim, t.dim());
        int size = t.shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dimension " + d + " with size " + size
                    + " (shape " + Shape.str(t.shape) + ")");
        }
        int r = t.dim();
        int[] ns = new int[r - 1], st = new int[r - 1];
        for (int k = 0, j = 0; k < r; k++) {
            if (k != d) {
                ns[j] = t.shape[k];
                st[j++] = t.strides[k];
            }
        }
        int[] inShape = t.shape;
        return Autograd.record(t.viewOf(ns, st, t.offset + i * t.strides[d]), "SelectBackward", new Tensor[] {t}, g -> {
            Tensor full = Tensor.zeros(inShape);
            Copy.copyInto(select(full, d, i), g);
            return new Tensor[] {full};
        });
    }

    static Tensor expand(Tensor t, int[] newShape) {
        int r = newShape.length;
        if (r < t.dim()) {
            throw new IllegalArgumentException("expand: the number of sizes " + Arrays.toString(newShape)
                    + " must be at least the tensor's rank " + t.dim() + " (shape " + Shape.str(t.shape) + ")");
        }
        int lead = r - t.dim();
        int[] ns = new int[r], st = new int[r];
        for (int i = 0; i < r; i++) {
            int want = newShape[i];
            if (i < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension in " + Arrays.toString(newShape));
                ns[i] = want;
                st[i] = 0;
            } else {
                int have = t.shape[i - lead];
                if (want == -1 || want == have) {
                    ns[i] = have;
                    st[i] = t.strides[i - lead];
                } else if (have == 1) {
                    ns[i] = want;
                    st[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: the expanded size " + want + " must match the existing size " + have
                            + " at non-singleton dimension " + i + " (shape " + Shape.str(t.shape) + " to " + Arrays.toString(newShape) + ")");
                }
            }
        }
        if (Arrays.equals(ns, t.shape)) return t;
        int[] inShape = t.shape;
        return Autograd.record(t.viewOf(ns, st, t.offset), "ExpandBackward", new Tensor[] {t}, g -> new Tensor[] {g.sumTo(inShape)});
    }

    static Tensor indexSelect(Tensor t, int dim, Tensor index) {
        int d = Shape.dim("indexSelect", dim, t.dim());
        if (index.dim() > 1) throw new IllegalArgumentException("indexSelect: index must be 0-d or 1-d, found shape " + Shape.str(index.shape));
        long[] idx = index.toLongArray();
        int size = t.shape[d];
        for (long v : idx) {
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("indexSelect: index " + v + " is out of bounds for dimension " + d + " with size " + size);
            }
        }
        int[] ns = t.shape.clone();
        ns[d] = idx.length;
        Tensor out = t.dtype == DType.FLOAT32 ? Tensor.zeros(ns) : Tensor.zerosLong(ns);
        for (int i = 0; i < idx.length; i++) {
            int src = (int) (idx[i] < 0 ? idx[i] + size : idx[i]);
            Copy.copyInto(select(out.detach(), d, i), select(t.detach(), d, src));
        }
        int[] inShape = t.shape;
        return Autograd.record(out, "IndexSelectBackward", new Tensor[] {t}, g -> {
            Tensor full = Tensor.zeros(inShape);
            for (int i = 0; i < idx.length; i++) {
                int src = (int) (idx[i] < 0 ? idx[i] + size : idx[i]);
                Pointwise.addInto(select(full, d, src), select(g, d, i));
            }
            return new Tensor[] {full};
        });
    }

    static Tensor gather(Tensor t, int dim, Tensor index) {
        int r = t.dim();
        int d = Shape.dim("gather", dim, r);
        if (index.dim() != r) {
            throw new IllegalArgumentException("gather: index rank " + index.dim() + " differs from input rank " + r
                    + " (input " + Shape.str(t.shape) + ", index " + Shape.str(index.shape) + ")");
        }
        for (int i = 0; i < r; i++) {
            if (i != d && index.shape[i] > t.shape[i]) {
                throw new IllegalArgumentException("gather: index shape " + Shape.str(index.shape) + " exceeds input shape "
                        + Shape.str(t.shape) + " at dimension " + i);
            }
        }
        t.requireFloat("gather");
        Tensor ic = index.toLong().contiguous();
        long[] idx = ic.ldata;
        int[] os = index.shape.clone();
        int n = Shape.numel(os);
        float[] out = new float[n];
        int[] pos = new int[r];
        int size = t.shape[d];
        int[] srcIndex = new int[n];
        int[] cs = Shape.contiguousStrides(t.shape);
        for (int k = 0; k < n; k++) {
            long v = idx[ic.offset + k];
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException("gather: index " + v + " is out of bounds for dimension " + d + " with size " + size);
            }
            int p = t.offset, ci = 0;
            for (int i = 0; i < r; i++) {
                int coord = i == d ? (int) v : pos[i];
                p += coord * t.strides[i];
                ci += coord * cs[i];
            }
            srcIndex[k] = ci;
            out[k] = t.data[p];
            for (int i = r - 1; i >= 0; i--) {
                if (++pos[i] < os[i]) break;
                pos[i] = 0;
            }
        }
        int[] inShape = t.shape;
        return Autograd.record(Tensor.contiguousOf(out, os), "GatherBackward", new Tensor[] {t}, g -> {
            float[] gi = new float[Shape.numel(inShape)];
            float[] gc = g.toFloatArray();
            for (int k = 0; k < n; k++) gi[srcIndex[k]] += gc[k];
            return new Tensor[] {Tensor.contiguousOf(gi, inShape.clone())};
        });
    }
}
