package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A load-time rewrite: {@code Mul(x, Sigmoid(x))}, SiLU as exporters write it, runs as one {@code F.silu}. */
final class SiluFusion {
    private SiluFusion() {}

    /**
     * The Sigmoid nodes whose only reader is a Mul of the Sigmoid's own input by it (SiLU as exporters
     * write it); those Muls run the fused F.silu instead, and the Sigmoids are left out.
     */
    static Set<Integer> pairs(List<OnnxProto.NodeProto> nodes, List<Integer> order, Map<String, Integer> readersOf,
                                          Set<String> kept) {
        Map<String, Integer> sigmoidOf = new HashMap<>();
        for (int i : order) {
            OnnxProto.NodeProto n = nodes.get(i);
            if (n.getOpType().equals("Sigmoid") && n.getInputCount() == 1 && n.getOutputCount() == 1) sigmoidOf.put(n.getOutput(0), i);
        }
        Set<Integer> fused = new HashSet<>();
        for (int i : order) {
            OnnxProto.NodeProto n = nodes.get(i);
            if (!n.getOpType().equals("Mul") || n.getInputCount() != 2) continue;
            for (int k = 0; k < 2; k++) {
                Integer sig = sigmoidOf.get(n.getInput(k));
                if (sig == null || kept.contains(n.getInput(k)) || readersOf.getOrDefault(n.getInput(k), 0) != 1) continue;
                if (nodes.get(sig).getInput(0).equals(n.getInput(1 - k))) {
                    fused.add(sig);
                    break;
                }
            }
        }
        return fused;
    }

    /** For a Mul that replaces a fused Sigmoid: the Sigmoid's output it reads; otherwise null. */
    static String sigmoidRead(OnnxProto.NodeProto n, List<OnnxProto.NodeProto> nodes, Set<Integer> fusedAway) {
        if (!n.getOpType().equals("Mul") || n.getInputCount() != 2) return null;
        for (int sig : fusedAway) {
            OnnxProto.NodeProto s = nodes.get(sig);
            for (int k = 0; k < 2; k++) {
                if (s.getOutput(0).equals(n.getInput(k)) && s.getInput(0).equals(n.getInput(1 - k))) return n.getInput(k);
            }
        }
        return null;
    }
}
