package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.cochlea.onnx.ops.Shapes.axis;
import static dev.cochlea.onnx.ops.Shapes.requireAllocatable;
import static dev.cochlea.onnx.ops.Shapes.toInts;

/** Split, Slice (with steps) and Pad: the operators that cut a tensor up or grow its borders. */
final class Slicing {
    private Slicing() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Split", Slicing::split);
        ops.put("Slice", Slicing::slice);
        ops.put("Pad", Slicing::pad);
    }

    private static Tensor[] split(NodeCall n) {
        Tensor x = n.input(0);
        int axis = axis(n, n.attributes().i("axis", 0), x.dim());
        int size = x.size(axis);
        long[] parts = n.has(1) ? Ints.values(n.input(1)) : n.attributes().ints("split");
        int count = n.outputCount();
        int[] sizes;
        if (parts != null) {
            sizes = toInts(n, parts);
            if (sizes.length != count) throw n.error(sizes.length + " split sizes for " + count + " outputs");
            if (Arrays.stream(sizes).sum() != size) throw n.error("split sizes " + Arrays.toString(sizes) + " do not add up to " + size);
        } else {
            int each = (size + count - 1) / count;
            sizes = new int[count];
            for (int i = 0, left = size; i < count; i++, left -= each) sizes[i] = Math.min(each, Math.max(left, 0));
        }
        Tensor[] out = new Tensor[count];
        for (int i = 0, at = 0; i < count; at += sizes[i], i++) {
            int from = at, len = sizes[i];
            out[i] = Ints.move(x, t -> t.narrow(axis, from, len).contiguous());
        }
        return out;
    }

    private static Tensor[] slice(NodeCall n) {
        Tensor x = n.input(0);
        long[] starts, ends, axes, steps;
        if (n.opset() < 10) {
            starts = n.attributes().ints("starts");
            ends = n.attributes().ints("ends");
            axes = n.attributes().ints("axes");
            steps = null;
        } else {
            starts = Ints.values(n.input(1));
            ends = Ints.values(n.input(2));
            axes = n.has(3) ? Ints.values(n.input(3)) : null;
            steps = n.has(4) ? Ints.values(n.input(4)) : null;
        }
        if (starts == null || ends == null || starts.length != ends.length) throw n.error("starts and ends must be given, of equal length");
        int[] shape = x.shape();
        int[][] pick = new int[x.dim()][];
        for (int k = 0; k < starts.length; k++) {
            int d = axis(n, axes == null ? k : axes[k], x.dim());
            long step = steps == null ? 1 : steps[k];
            if (step == 0) throw n.error("step 0");
            long dim = shape[d];
            long s = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (step > 0) {
                s = Math.clamp(s, 0, dim);
                e = Math.clamp(e, 0, dim);
            } else {
                s = Math.clamp(s, -1, dim - 1);
                e = Math.clamp(e, -1, dim - 1);
            }
            List<Integer> idx = new ArrayList<>();
            for (long i = s; step > 0 ? i < e : i > e; i += step) idx.add((int) i);
            pick[d] = idx.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Tensor[] {Ints.move(x, t -> {
            Tensor y = t;
            for (int d = 0; d < pick.length; d++) {
                if (pick[d] == null) continue;
                int[] p = pick[d];
                boolean contiguousRun = true;
                for (int i = 1; i < p.length; i++) contiguousRun &= p[i] == p[i - 1] + 1;
                if (contiguousRun && p.length > 0) {
                    y = y.narrow(d, p[0], p.length);
                } else {
                    long[] l = new long[p.length];
                    for (int i = 0; i < p.length; i++) l[i] = p[i];
                    y = y.indexSelect(d, Ints.vector(l));
                }
            }
            return y.contiguous();
        })};
    }

    private static Tensor[] pad(NodeCall n) {
        Tensor x = n.input(0);
        String mode = n.attributes().s("mode", "constant");
        long[] pads;
        float value = 0f;
        long[] axes = null;
        if (n.opset() < 11) {
            pads = n.attributes().ints("pads");
            value = n.attributes().f("value", 0f);
        } else {
            pads = Ints.values(n.input(1));
            if (n.has(2)) value = Ints.toFloat(n.input(2)).toFloatArray()[0];
            if (n.has(3)) axes = Ints.values(n.input(3));
        }
        int rank = x.dim();
        int[] dims = new int[axes == null ? rank : axes.length];
        for (int i = 0; i < dims.length; i++) dims[i] = axes == null ? i : axis(n, axes[i], rank);
        if (pads == null || pads.length != 2 * dims.length) throw n.error("expected " + 2 * dims.length + " pads, found "
                + (pads == null ? "none" : pads.length));
        // ONNX lists all begins then all ends, first axis first; F.pad wants (begin, end) pairs from the last axis.
        long[] big = new long[rank];
        for (int d = 0; d < rank; d++) big[d] = x.size(d);
        for (int i = 0; i < dims.length; i++) big[dims[i]] += pads[i] + pads[i + dims.length];
        requireAllocatable(n, big);
        int[] torch = new int[2 * rank];
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            torch[2 * (rank - 1 - d)] = (int) pads[i];
            torch[2 * (rank - 1 - d) + 1] = (int) pads[i + dims.length];
        }
        String m = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge" -> "replicate";
            case "wrap" -> "circular";
            default -> throw n.error("pad mode '" + mode + "' (expected constant, reflect, edge or wrap)");
        };
        float v = value;
        if (Ints.isInt(x) && v != 0f) throw n.unsupported("int64 padding with a non-zero value is not supported");
        return new Tensor[] {Ints.move(x, t -> Tensor.pad(t, torch, m, v))};
    }
}
