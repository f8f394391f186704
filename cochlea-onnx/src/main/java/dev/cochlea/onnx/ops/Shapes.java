package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Shape;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Operators that move data without computing on it: reshape, transpose, slice, gather, concat, split, pad... */
final class Shapes {
    private Shapes() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Identity", n -> new Tensor[] {n.input(0)});
        ops.put("Reshape", n -> new Tensor[] {Ints.move(n.input(0), x -> x.reshape(reshapeTo(n, x.shape(), Ints.values(n.input(1)))))});
        ops.put("Flatten", n -> {
            Tensor x = n.input(0);
            long a = n.attributes().i("axis", 1);
            int axis = axis(n, a < 0 ? a + x.dim() : a, x.dim() + 1);
            int[] s = x.shape();
            return new Tensor[] {Ints.move(x, t -> t.reshape(product(s, 0, axis), product(s, axis, s.length)))};
        });
        ops.put("Transpose", n -> {
            Tensor x = n.input(0);
            long[] perm = n.attributes().ints("perm");
            int[] p = new int[x.dim()];
            for (int i = 0; i < p.length; i++) p[i] = perm == null ? p.length - 1 - i : axis(n, perm[i], p.length);
            return new Tensor[] {Ints.move(x, t -> t.permute(p).contiguous())};
        });
        ops.put("Squeeze", n -> {
            Tensor x = n.input(0);
            long[] axes = axesOf(n, 1);
            List<Integer> keep = new ArrayList<>();
            boolean[] drop = new boolean[x.dim()];
            if (axes == null) {
                for (int d = 0; d < x.dim(); d++) drop[d] = x.size(d) == 1;
            } else {
                for (long a : axes) {
                    int d = axis(n, a, x.dim());
                    if (x.size(d) != 1) throw n.error("cannot squeeze axis " + a + " of size " + x.size(d));
                    drop[d] = true;
                }
            }
            for (int d = 0; d < x.dim(); d++) if (!drop[d]) keep.add(x.size(d));
            return new Tensor[] {Ints.move(x, t -> t.reshape(keep.stream().mapToInt(Integer::intValue).toArray()))};
        });
        ops.put("Unsqueeze", n -> {
            Tensor x = n.input(0);
            long[] axes = axesOf(n, 1);
            if (axes == null) throw n.error("axes are required");
            int rank = x.dim() + axes.length;
            boolean[] added = new boolean[rank];
            for (long a : axes) {
                int d = axis(n, a, rank);
                if (added[d]) throw n.error("axis " + a + " given twice");
                added[d] = true;
            }
            int[] shape = new int[rank];
            for (int d = 0, k = 0; d < rank; d++) shape[d] = added[d] ? 1 : x.size(k++);
            return new Tensor[] {Ints.move(x, t -> t.reshape(shape))};
        });
        ops.put("Concat", n -> {
            Tensor[] xs = n.inputsFrom(0);
            if (xs.length == 0) throw n.error("needs at least one input");
            int axis = axis(n, n.attributes().i("axis", 0), xs[0].dim());
            boolean ints = true;
            for (Tensor x : xs) ints &= Ints.isInt(x);
            if (ints) return new Tensor[] {Ints.move(xs, ys -> Tensor.cat(Arrays.asList(ys), axis))};
            Tensor[] fs = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) fs[i] = Ints.toFloat(xs[i]);
            return new Tensor[] {Tensor.cat(Arrays.asList(fs), axis)};
        });
        Slicing.register(ops);
        ops.put("Gather", n -> {
            Tensor x = n.input(0);
            int axis = axis(n, n.attributes().i("axis", 0), x.dim());
            Tensor indices = n.input(1);
            long[] idx = Ints.values(indices);
            int size = x.size(axis);
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < -size || idx[i] >= size) throw n.error("index " + idx[i] + " out of range for axis " + axis + " of size " + size);
                if (idx[i] < 0) idx[i] += size;
            }
            int[] s = x.shape();
            int[] out = new int[s.length - 1 + indices.dim()];
            System.arraycopy(s, 0, out, 0, axis);
            System.arraycopy(indices.shape(), 0, out, axis, indices.dim());
            System.arraycopy(s, axis + 1, out, axis + indices.dim(), s.length - axis - 1);
            Tensor flat = Ints.vector(idx);
            return new Tensor[] {Ints.move(x, t -> t.indexSelect(axis, flat).reshape(out))};
        });
        ops.put("GatherElements", n -> {
            Tensor x = n.input(0);
            int axis = axis(n, n.attributes().i("axis", 0), x.dim());
            long[] idx = Ints.values(n.input(1));
            for (int i = 0; i < idx.length; i++) if (idx[i] < 0) idx[i] += x.size(axis);
            Tensor index = Ints.of(idx, n.input(1).shape());
            return new Tensor[] {Ints.move(x, t -> t.gather(axis, index))};
        });
        ops.put("Expand", n -> {
            Tensor x = n.input(0);
            long[] wanted = Ints.values(n.input(1));
            long[] big = new long[Math.max(wanted.length, x.dim())];
            for (int i = 0; i < big.length; i++) {
                long a = i < big.length - wanted.length ? 1 : wanted[i - (big.length - wanted.length)];
                long b = i < big.length - x.dim() ? 1 : x.size(i - (big.length - x.dim()));
                big[i] = Math.max(a, b);
            }
            requireAllocatable(n, big);
            int[] target = toInts(n, wanted);
            int[] shape = Shape.broadcast("Expand", x.shape(), target);
            return new Tensor[] {Ints.move(x, t -> t.reshape(padLeft(t.shape(), shape.length)).expand(shape).contiguous())};
        });
        ops.put("Tile", n -> {
            Tensor x = n.input(0);
            long[] r = Ints.values(n.input(1));
            if (r.length != x.dim()) throw n.error(r.length + " repeats for " + x.dim() + " dims");
            long[] big = new long[r.length];
            for (int i = 0; i < r.length; i++) big[i] = r[i] * x.size(i);
            requireAllocatable(n, big);
            int[] reps = toInts(n, r);
            return new Tensor[] {Ints.move(x, t -> t.repeat(reps))};
        });
        ops.put("Dropout", n -> {
            Tensor x = n.input(0);
            if (n.has(2) && Ints.values(n.input(2))[0] != 0) throw n.unsupported("training mode (inference only)");
            if (n.outputCount() > 1) {
                long[] ones = new long[x.numel()];
                Arrays.fill(ones, 1L);
                return new Tensor[] {x, Ints.of(ones, x.shape())};
            }
            return new Tensor[] {x};
        });
    }

    /** {@code a} as an axis of a tensor of rank {@code rank} (negative counts from the end). */
    static int axis(NodeCall n, long a, int rank) {
        if (a < -rank || a >= rank) throw n.error("axis " + a + " is out of range for rank " + rank);
        return (int) (a < 0 ? a + rank : a);
    }

    /**
     * Refuses an output of {@code shape} that a file's numbers ask for (Expand, Tile, ConstantOfShape,
     * Range, Pad) when it would not fit in a Java array or in half the heap, so a hostile shape gives an
     * error naming the node instead of an OutOfMemoryError.
     */
    static void requireAllocatable(NodeCall n, long[] shape) {
        double count = 1;
        for (long d : shape) {
            if (d < 0) throw n.error("negative dimension in " + Arrays.toString(shape));
            count *= d;
        }
        double bytes = count * 8;
        double budget = Runtime.getRuntime().maxMemory() / 2.0;
        if (count > Integer.MAX_VALUE - 16 || bytes > budget) {
            throw n.error(String.format(java.util.Locale.ROOT, "an output of shape %s (%.3g elements) would not fit in memory (%.1f GiB heap)",
                    Arrays.toString(shape), count, Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
        }
    }

    static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    static int[] toInts(NodeCall n, long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) throw n.error("value " + v[i] + " does not fit a dimension");
            out[i] = (int) v[i];
        }
        return out;
    }

    private static int[] padLeft(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    /** Axes from input {@code index} (opset 13 on) or the {@code axes} attribute (before); null when neither. */
    static long[] axesOf(NodeCall n, int index) {
        if (n.has(index)) return Ints.values(n.input(index));
        return n.attributes().ints("axes");
    }

    private static int[] reshapeTo(NodeCall n, int[] in, long[] spec) {
        boolean allowZero = n.attributes().i("allowzero", 0) != 0;
        int[] out = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && !allowZero) {
                if (i >= in.length) throw n.error("dimension " + i + " copies the input's, which has only " + in.length);
                d = in[i];
            }
            if (d == -1) {
                if (infer >= 0) throw n.error("more than one -1 in shape " + Arrays.toString(spec));
                infer = i;
                continue;
            }
            if (d < 0) throw n.error("dimension " + d + " in shape " + Arrays.toString(spec));
            out[i] = (int) d;
            known *= d;
        }
        long total = product(in, 0, in.length);
        if (infer >= 0) {
            if (known == 0 || total % known != 0) throw n.error("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(spec));
            out[infer] = (int) (total / known);
        } else if (known != total) {
            throw n.error("cannot reshape " + Arrays.toString(in) + " (" + total + " elements) to " + Arrays.toString(spec));
        }
        return out;
    }
}
