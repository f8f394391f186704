package dev.cochlea.onnx;

import dev.cochlea.nn.Fusion;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A load-time rewrite: a BatchNormalization (inference) that only normalises a Conv's output is
 * folded into that Conv's weights and bias, {@code W' = W·s}, {@code b' = (b − mean)·s + β} with
 * {@code s = γ / √(var + ε)}, so the graph runs one pass instead of two. Done only where the Conv's
 * weights and the normalisation's parameters are weights no other node reads and nothing else reads
 * the Conv's output; the folded weights replace the originals (so they are what {@link OnnxModel}'s
 * parameters hold).
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /** Folds what it can: rewrites the Conv nodes in {@code nodes}, adds or replaces {@code weights}; the indices of the folded BatchNormalization nodes. */
    static Set<Integer> fold(List<OnnxProto.NodeProto> nodes, Map<String, Tensor> weights, Map<String, Integer> readersOf, Set<String> graphValues) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) for (String out : nodes.get(i).getOutputList()) producer.put(out, i);
        Set<Integer> folded = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxProto.NodeProto bn = nodes.get(i);
            if (!bn.getOpType().equals("BatchNormalization") || bn.getInputCount() != 5 || bn.getOutputCount() != 1) continue;
            if (bn.getAttributeList().stream().anyMatch(a -> a.getName().equals("training_mode") && a.getI() != 0)) continue;
            String x = bn.getInput(0);
            Integer j = producer.get(x);
            if (j == null || readersOf.getOrDefault(x, 0) != 1 || graphValues.contains(x)) continue;
            OnnxProto.NodeProto conv = nodes.get(j);
            if (!conv.getOpType().equals("Conv") || conv.getOutputCount() != 1 || conv.getInputCount() < 2) continue;
            String wName = conv.getInput(1);
            String bName = conv.getInputCount() > 2 ? conv.getInput(2) : "";
            if (!onlyHere(wName, weights, readersOf) || !bName.isEmpty() && !onlyHere(bName, weights, readersOf)) continue;
            boolean params = true;
            for (int k = 1; k < 5; k++) params &= weights.containsKey(bn.getInput(k)) && weights.get(bn.getInput(k)).dim() == 1;
            if (!params) continue;
            Tensor w = weights.get(wName);
            int out = w.size(0);
            Tensor gamma = weights.get(bn.getInput(1)), beta = weights.get(bn.getInput(2));
            Tensor mean = weights.get(bn.getInput(3)), var = weights.get(bn.getInput(4));
            if (gamma.numel() != out || beta.numel() != out || mean.numel() != out || var.numel() != out) continue;
            float eps = 1e-5f;
            for (OnnxProto.AttributeProto a : bn.getAttributeList()) if (a.getName().equals("epsilon")) eps = a.getF();
            Tensor[] fused = Fusion.foldedConvBatchNorm(w, bName.isEmpty() ? null : weights.get(bName), mean, var, gamma, beta, eps);
            weights.put(wName, fused[0]);
            String newBias = bName.isEmpty() ? unused(bn.getOutput(0) + ".folded_bias", weights) : bName;
            weights.put(newBias, fused[1]);
            OnnxProto.NodeProto.Builder b = conv.toBuilder().clearOutput().addOutput(bn.getOutput(0));
            if (bName.isEmpty()) {
                if (conv.getInputCount() == 2) b.addInput(newBias);
                else b.setInput(2, newBias);
            }
            nodes.set(j, b.build());
            folded.add(i);
            for (int k = 1; k < 5; k++) if (readersOf.getOrDefault(bn.getInput(k), 0) == 1) weights.remove(bn.getInput(k));
        }
        return folded;
    }

    private static boolean onlyHere(String name, Map<String, Tensor> weights, Map<String, Integer> readersOf) {
        return weights.containsKey(name) && readersOf.getOrDefault(name, 0) == 1;
    }

    private static String unused(String name, Map<String, Tensor> weights) {
        String n = name;
        for (int k = 2; weights.containsKey(n); k++) n = name + k;
        return n;
    }
}
