package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** BatchNormalization (inference), InstanceNormalization and LayerNormalization. */
final class Normalizations {
    private Normalizations() {}

    static void register(Map<String, Operator> ops) {
        ops.put("BatchNormalization", n -> {
            if (n.attributes().i("training_mode", 0) != 0) throw n.unsupported("training_mode 1 is not supported (inference only)");
            Tensor x = n.input(0);
            if (x.dim() < 2) throw n.error("input of shape " + Arrays.toString(x.shape()) + ": expected [N, C, ...]");
            double eps = n.attributes().f("epsilon", 1e-5f);
            return new Tensor[] {F.batchNorm(x, n.input(3), n.input(4), n.input(1), n.input(2), false, 0.1, eps)};
        });
        ops.put("InstanceNormalization", n -> {
            Tensor x = n.input(0);
            double eps = n.attributes().f("epsilon", 1e-5f);
            int[] dims = new int[x.dim() - 2];
            for (int i = 0; i < dims.length; i++) dims[i] = i + 2;
            Tensor mean = x.mean(dims, true);
            Tensor var = x.var(dims, false, true);
            Tensor y = x.sub(mean).div(var.add((float) eps).sqrt());
            return new Tensor[] {y.mul(channels(n.input(1), x.dim())).add(channels(n.input(2), x.dim()))};
        });
        ops.put("LayerNormalization", Normalizations::layerNorm);
        ops.put("MeanVarianceNormalization", n -> {
            Tensor x = n.input(0);
            long[] axes = n.attributes().ints("axes");
            int[] dims = axes == null ? new int[] {0, 2, 3} : new int[axes.length];
            if (axes != null) for (int i = 0; i < dims.length; i++) dims[i] = Shapes.axis(n, axes[i], x.dim());
            Tensor centred = x.sub(x.mean(dims, true));
            Tensor std = centred.square().mean(dims, true).sqrt();
            return new Tensor[] {centred.div(std.add(1e-9f))};
        });
        ops.put("LRN", n -> {
            // y = x / (bias + alpha / size * Σ x² over `size` neighbouring channels)^beta
            Tensor x = n.input(0);
            int size = (int) n.attributes().i("size", 1);
            float alpha = n.attributes().f("alpha", 1e-4f), beta = n.attributes().f("beta", 0.75f), bias = n.attributes().f("bias", 1f);
            int before = (size - 1) / 2, after = size - 1 - before;
            Tensor sq = Tensor.pad(x.square().transpose(1, x.dim() - 1).contiguous(), new int[] {before, after});
            Tensor sum = null;
            for (int k = 0; k < size; k++) {
                Tensor part = sq.narrow(x.dim() - 1, k, x.size(1));
                sum = sum == null ? part : sum.add(part);
            }
            sum = sum.transpose(1, x.dim() - 1).contiguous();
            return new Tensor[] {x.div(sum.mul(alpha / size).add(bias).pow(beta))};
        });
    }

    private static Tensor channels(Tensor v, int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[1] = v.numel();
        return v.reshape(s);
    }

    private static Tensor[] layerNorm(NodeCall n) {
        Tensor x = n.input(0), scale = n.input(1), bias = n.optional(2);
        int axis = Shapes.axis(n, n.attributes().i("axis", -1), x.dim());
        double eps = n.attributes().f("epsilon", 1e-5f);
        int[] normalized = Arrays.copyOfRange(x.shape(), axis, x.dim());
        if (n.outputCount() == 1 && Arrays.equals(scale.shape(), normalized) && (bias == null || Arrays.equals(bias.shape(), normalized))) {
            return new Tensor[] {F.layerNorm(x, normalized, scale, bias, eps)};
        }
        int[] dims = new int[normalized.length];
        for (int i = 0; i < dims.length; i++) dims[i] = axis + i;
        Tensor mean = x.mean(dims, true);
        Tensor inv = x.var(dims, false, true).add((float) eps).sqrt().pow(-1f);
        Tensor y = x.sub(mean).mul(inv).mul(scale);
        if (bias != null) y = y.add(bias);
        return new Tensor[] {y, mean, inv};
    }
}
