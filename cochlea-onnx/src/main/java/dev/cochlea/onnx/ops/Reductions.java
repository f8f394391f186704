package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** ReduceMean, ReduceSum, ReduceMax... and ArgMax/ArgMin, with ONNX's keepdims and axes rules. */
final class Reductions {
    private Reductions() {}

    private interface Reduce {
        Tensor over(Tensor x, int[] dims, boolean keep);
    }

    static void register(Map<String, Operator> ops) {
        reduce(ops, "ReduceSum", 13, Tensor::sum);
        reduce(ops, "ReduceMean", 18, (x, d, k) -> x.dim() == 4 && d.length == 1 && d[0] == 2 && k ? F.frequencyMean(x) : x.mean(d, k));
        reduce(ops, "ReduceMax", 18, (x, d, k) -> eachDim(x, d, k, (t, i, kk) -> t.max(i, kk).values()));
        reduce(ops, "ReduceMin", 18, (x, d, k) -> eachDim(x, d, k, (t, i, kk) -> t.min(i, kk).values()));
        reduce(ops, "ReduceProd", 18, (x, d, k) -> eachDim(x, d, k, Tensor::prod));
        reduce(ops, "ReduceL1", 18, (x, d, k) -> x.abs().sum(d, k));
        reduce(ops, "ReduceL2", 18, (x, d, k) -> x.square().sum(d, k).sqrt());
        reduce(ops, "ReduceSumSquare", 18, (x, d, k) -> x.square().sum(d, k));
        reduce(ops, "ReduceLogSum", 18, (x, d, k) -> x.sum(d, k).log());
        reduce(ops, "ReduceLogSumExp", 18, (x, d, k) -> eachDim(x, d, k, Tensor::logsumexp));
        arg(ops, "ArgMax", true);
        arg(ops, "ArgMin", false);
    }

    private interface OneDim {
        Tensor over(Tensor x, int dim, boolean keep);
    }

    /** A reduction over several dims done one dim at a time, highest first so the lower ones keep their numbers. */
    private static Tensor eachDim(Tensor x, int[] dims, boolean keep, OneDim f) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        Tensor y = x;
        for (int i = sorted.length - 1; i >= 0; i--) y = f.over(y, sorted[i], keep);
        return y;
    }

    private static void reduce(Map<String, Operator> ops, String name, int axesInputFrom, Reduce f) {
        ops.put(name, n -> {
            Tensor in = n.input(0);
            Tensor x = Ints.toFloat(in);
            boolean keep = n.attributes().i("keepdims", 1) != 0;
            long[] axes = n.opset() >= axesInputFrom ? (n.has(1) ? Ints.values(n.input(1)) : null) : n.attributes().ints("axes");
            if (axes == null || axes.length == 0) {
                if (n.attributes().i("noop_with_empty_axes", 0) != 0) return new Tensor[] {in};
                axes = new long[x.dim()];
                for (int i = 0; i < axes.length; i++) axes[i] = i;
            }
            int[] dims = new int[axes.length];
            for (int i = 0; i < dims.length; i++) dims[i] = Shapes.axis(n, axes[i], x.dim());
            Tensor y = dims.length == 0 ? x : f.over(x, dims, keep);
            return new Tensor[] {Ints.isInt(in) ? y.toLong() : y};
        });
    }

    private static void arg(Map<String, Operator> ops, String name, boolean max) {
        ops.put(name, n -> {
            Tensor x = Ints.toFloat(n.input(0));
            int axis = Shapes.axis(n, n.attributes().i("axis", 0), x.dim());
            boolean keep = n.attributes().i("keepdims", 1) != 0;
            boolean last = n.attributes().i("select_last_index", 0) != 0;
            Tensor t = last ? x.flip(axis) : x;
            Tensor idx = max ? t.argmax(axis, keep) : t.argmin(axis, keep);
            if (last) {
                long size = x.size(axis);
                idx = Ints.binary(idx, Ints.vector(0), (v, z) -> size - 1 - v);
            }
            return new Tensor[] {idx};
        });
    }
}
