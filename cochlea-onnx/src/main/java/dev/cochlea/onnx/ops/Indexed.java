package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operators that pick or place elements by index: TopK, NonZero, GatherND, ScatterND,
 * ScatterElements (and the older Scatter), Compress and ReverseSequence. They compute element by
 * element on the values (no gradient) except TopK, which sorts with Cochlea's own ops.
 */
final class Indexed {
    private Indexed() {}

    static void register(Map<String, Operator> ops) {
        ops.put("TopK", Indexed::topK);
        ops.put("NonZero", n -> {
            Tensor x = n.input(0);
            long[] v = Ints.isInt(x) ? x.toLongArray() : null;
            float[] f = v == null ? x.toFloatArray() : null;
            int[] s = x.shape();
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < x.numel(); i++) if (v != null ? v[i] != 0 : f[i] != 0f) hits.add(i);
            long[] out = new long[s.length * hits.size()];
            for (int h = 0; h < hits.size(); h++) {
                int flat = hits.get(h);
                for (int d = s.length - 1; d >= 0; d--) {
                    out[d * hits.size() + h] = flat % s[d];
                    flat /= s[d];
                }
            }
            return new Tensor[] {Ints.of(out, s.length, hits.size())};
        });
        ops.put("GatherND", Indexed::gatherNd);
        ops.put("ScatterND", Indexed::scatterNd);
        ops.put("ScatterElements", Indexed::scatterElements);
        ops.put("Scatter", Indexed::scatterElements);
        ops.put("Compress", n -> {
            Tensor x = n.input(0);
            long[] keep = Ints.values(n.input(1));
            List<Long> picked = new ArrayList<>();
            Tensor source = n.attributes().has("axis") ? x : x.reshape(x.numel());
            int axis = n.attributes().has("axis") ? Shapes.axis(n, n.attributes().i("axis", 0), x.dim()) : 0;
            for (int i = 0; i < keep.length && i < source.size(axis); i++) if (keep[i] != 0) picked.add((long) i);
            Tensor idx = Ints.vector(picked.stream().mapToLong(Long::longValue).toArray());
            return new Tensor[] {Ints.move(source, t -> t.indexSelect(axis, idx).contiguous())};
        });
        ops.put("ReverseSequence", n -> {
            Tensor x = n.input(0);
            long[] lens = Ints.values(n.input(1));
            int batchAxis = (int) n.attributes().i("batch_axis", 1), timeAxis = (int) n.attributes().i("time_axis", 0);
            return new Tensor[] {Ints.move(x, t -> {
                List<Tensor> rows = new ArrayList<>();
                for (int b = 0; b < t.size(batchAxis); b++) {
                    Tensor row = t.narrow(batchAxis, b, 1);
                    int len = (int) Math.min(lens[b], row.size(timeAxis));
                    long[] order = new long[row.size(timeAxis)];
                    for (int i = 0; i < order.length; i++) order[i] = i < len ? len - 1 - i : i;
                    rows.add(row.indexSelect(timeAxis, Ints.vector(order)));
                }
                return Tensor.cat(rows, batchAxis).contiguous();
            })};
        });
    }

    private static Tensor[] topK(NodeCall n) {
        Tensor x = Ints.toFloat(n.input(0));
        int k = (int) Ints.values(n.input(1))[0];
        int axis = Shapes.axis(n, n.attributes().i("axis", -1), x.dim());
        boolean largest = n.attributes().i("largest", 1) != 0;
        if (k < 0 || k > x.size(axis)) throw n.error("k " + k + " for an axis of " + x.size(axis));
        // A stable sort keeps equal values in index order, as ONNX asks (lower index first).
        Tensor order = x.argsort(axis, largest).narrow(axis, 0, k).contiguous();
        Tensor values = x.gather(axis, order);
        return new Tensor[] {Ints.isInt(n.input(0)) ? values.toLong() : values, order};
    }

    /** Row-major strides of {@code shape}. */
    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    private static Tensor[] gatherNd(NodeCall n) {
        Tensor x = n.input(0), idx = n.input(1);
        int batch = (int) n.attributes().i("batch_dims", 0);
        int[] xs = x.shape(), is = idx.shape();
        int depth = is[is.length - 1];
        if (depth > xs.length - batch) throw n.error("index depth " + depth + " for data of rank " + xs.length);
        int[] strides = strides(xs);
        int batches = Shapes.product(xs, 0, batch), slice = Shapes.product(xs, batch + depth, xs.length);
        int perBatch = Shapes.product(is, batch, is.length - 1), batchStride = Shapes.product(xs, batch, xs.length);
        long[] ind = Ints.values(idx);
        int[] picks = new int[batches * perBatch];
        for (int b = 0; b < batches; b++) {
            for (int q = 0; q < perBatch; q++) {
                int at = b * batchStride;
                for (int d = 0; d < depth; d++) {
                    long i = ind[(b * perBatch + q) * depth + d];
                    int size = xs[batch + d];
                    if (i < -size || i >= size) throw n.error("index " + i + " out of range for a dimension of " + size);
                    at += (int) (i < 0 ? i + size : i) * strides[batch + d];
                }
                picks[b * perBatch + q] = at;
            }
        }
        int[] out = new int[is.length - 1 + xs.length - batch - depth];
        System.arraycopy(is, 0, out, 0, is.length - 1);
        System.arraycopy(xs, batch + depth, out, is.length - 1, xs.length - batch - depth);
        long[] flat = new long[picks.length * slice];
        for (int p = 0; p < picks.length; p++) for (int j = 0; j < slice; j++) flat[p * slice + j] = picks[p] + j;
        Tensor where = Ints.vector(flat);
        return new Tensor[] {Ints.move(x, t -> t.reshape(t.numel()).indexSelect(0, where).reshape(out))};
    }

    private interface Combine {
        double apply(double old, double update);
    }

    private static Combine reduction(NodeCall n) {
        return switch (n.attributes().s("reduction", "none")) {
            case "none" -> (o, u) -> u;
            case "add" -> Double::sum;
            case "mul" -> (o, u) -> o * u;
            case "max" -> Math::max;
            case "min" -> Math::min;
            default -> throw n.error("reduction '" + n.attributes().s("reduction", "") + "'");
        };
    }

    private static Tensor[] scatterNd(NodeCall n) {
        Tensor x = n.input(0), idx = n.input(1), upd = n.input(2);
        int[] xs = x.shape(), is = idx.shape();
        int depth = is[is.length - 1];
        int[] strides = strides(xs);
        int slice = Shapes.product(xs, depth, xs.length), count = Shapes.product(is, 0, is.length - 1);
        long[] ind = Ints.values(idx);
        Combine combine = reduction(n);
        double[] data = doubles(x), u = doubles(upd);
        for (int q = 0; q < count; q++) {
            int at = 0;
            for (int d = 0; d < depth; d++) {
                long i = ind[q * depth + d];
                if (i < -xs[d] || i >= xs[d]) throw n.error("index " + i + " out of range for a dimension of " + xs[d]);
                at += (int) (i < 0 ? i + xs[d] : i) * strides[d];
            }
            for (int j = 0; j < slice; j++) data[at + j] = combine.apply(data[at + j], u[q * slice + j]);
        }
        return new Tensor[] {like(x, data)};
    }

    private static Tensor[] scatterElements(NodeCall n) {
        Tensor x = n.input(0), idx = n.input(1), upd = n.input(2);
        int axis = Shapes.axis(n, n.attributes().i("axis", 0), x.dim());
        int[] xs = x.shape(), is = idx.shape();
        int[] xStrides = strides(xs), iStrides = strides(is);
        long[] ind = Ints.values(idx);
        Combine combine = reduction(n);
        double[] data = doubles(x), u = doubles(upd);
        for (int q = 0; q < ind.length; q++) {
            int at = 0, rest = q;
            for (int d = 0; d < is.length; d++) {
                int coord = rest / iStrides[d];
                rest %= iStrides[d];
                if (d == axis) {
                    long i = ind[q];
                    if (i < -xs[d] || i >= xs[d]) throw n.error("index " + i + " out of range for axis " + axis + " of " + xs[d]);
                    coord = (int) (i < 0 ? i + xs[d] : i);
                }
                at += coord * xStrides[d];
            }
            data[at] = combine.apply(data[at], u[q]);
        }
        return new Tensor[] {like(x, data)};
    }

    private static double[] doubles(Tensor x) {
        double[] d = new double[x.numel()];
        if (Ints.isInt(x)) {
            long[] v = x.toLongArray();
            for (int i = 0; i < d.length; i++) d[i] = v[i];
        } else {
            float[] v = x.toFloatArray();
            for (int i = 0; i < d.length; i++) d[i] = v[i];
        }
        return d;
    }

    private static Tensor like(Tensor x, double[] d) {
        if (Ints.isInt(x)) {
            long[] v = new long[d.length];
            for (int i = 0; i < d.length; i++) v[i] = (long) d[i];
            return Ints.of(v, x.shape());
        }
        float[] v = new float[d.length];
        for (int i = 0; i < d.length; i++) v[i] = (float) d[i];
        return Tensor.wrap(v, x.shape());
    }
}
