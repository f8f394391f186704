package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;

/** NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss over [N, C] or [N, C, d1, ...], with class weights and ignore_index. */
final class Losses {
    private Losses() {}

    static void register(Map<String, Operator> ops) {
        ops.put("NegativeLogLikelihoodLoss", n -> new Tensor[] {nll(n, Ints.toFloat(n.input(0)), n.input(1), n.optional(2))});
        ops.put("SoftmaxCrossEntropyLoss", n -> {
            Tensor logProb = Ints.toFloat(n.input(0)).logSoftmax(1);
            Tensor loss = nll(n, logProb, n.input(1), n.optional(2));
            return n.outputCount() > 1 ? new Tensor[] {loss, logProb} : new Tensor[] {loss};
        });
    }

    private static Tensor nll(NodeCall n, Tensor x, Tensor target, Tensor weight) {
        if (x.dim() < 2) throw n.error("input must be [N, C, ...]");
        int classes = x.size(1);
        String reduction = n.attributes().s("reduction", "mean");
        boolean hasIgnore = n.attributes().has("ignore_index");
        long ignore = n.attributes().i("ignore_index", -1);
        // [N, C, d...] -> [M, C] with the class axis last; targets -> [M].
        int[] perm = order(x.dim());
        Tensor rows = x.permute(perm).contiguous().reshape(-1, classes);
        long[] t = Ints.values(target);
        long[] picked = new long[t.length];
        float[] w = new float[t.length];
        float[] cw = weight == null ? null : Ints.toFloat(weight).toFloatArray();
        for (int i = 0; i < t.length; i++) {
            boolean skip = hasIgnore && t[i] == ignore;
            if (!skip && (t[i] < 0 || t[i] >= classes)) throw n.error("target " + t[i] + " outside [0, " + classes + ")");
            picked[i] = skip ? 0 : t[i];
            w[i] = skip ? 0f : cw == null ? 1f : cw[(int) t[i]];
        }
        Tensor wt = Tensor.wrap(w, t.length);
        Tensor loss = rows.gather(1, Ints.of(picked, t.length, 1)).reshape(t.length).neg().mul(wt);
        return switch (reduction) {
            case "none" -> loss.reshape(target.shape());
            case "sum" -> loss.sum();
            case "mean" -> loss.sum().div(wt.sum());
            default -> throw n.error("reduction '" + reduction + "' (expected none, sum or mean)");
        };
    }

    /** The permutation moving axis 1 last: [0, 2, 3, ..., 1]. */
    private static int[] order(int rank) {
        int[] p = new int[rank];
        p[0] = 0;
        for (int i = 1; i < rank - 1; i++) p[i] = i + 1;
        p[rank - 1] = 1;
        return p;
    }
}
