package dev.cochlea.onnx;

import dev.cochlea.onnx.ops.Attributes;
import dev.cochlea.onnx.ops.Recurrent;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** A load-time rewrite: an LSTM's or GRU's weights put in PyTorch's gate order once, not on every run. */
final class GateOrder {
    private GateOrder() {}

    /**
     * Puts an LSTM's or GRU's W, R and B weights in PyTorch's gate order once, here, when all three
     * are weights only this node reads (the run then skips reordering them on every call); whether it did.
     */
    static boolean reorderedAtLoad(OnnxProto.NodeProto n, List<OnnxProto.AttributeProto> attrs, Map<String, Tensor> weights,
                                          Map<String, Integer> readersOf) {
        if (!n.getOpType().equals("LSTM") && !n.getOpType().equals("GRU")) return false;
        if (n.getInputCount() > 7 && !n.getInput(7).isEmpty()) return false;     // peepholes run in ONNX's own gate order
        Attributes a = new Attributes(attrs, Map.of());
        int count = Math.min(4, n.getInputCount());
        Tensor[] reordered = new Tensor[count];
        for (int k = 1; k < count; k++) {
            String name = n.getInput(k);
            if (name.isEmpty() && k == 3) continue;
            if (!weights.containsKey(name) || readersOf.getOrDefault(name, 0) != 1) return false;
            reordered[k] = Recurrent.toTorchGates(n.getOpType(), a, weights.get(name), k == 3);
            if (reordered[k] == null) return false;
        }
        if (count < 3) return false;
        for (int k = 1; k < count; k++) if (reordered[k] != null) weights.put(n.getInput(k), reordered[k]);
        return true;
    }
}
