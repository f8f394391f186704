package dev.cochlea.onnx.export;

import dev.cochlea.nn.GRU;
import dev.cochlea.nn.LSTM;
import dev.cochlea.nn.RNN;
import dev.cochlea.nn.RNNBase;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Emitters of the recurrent layers: one ONNX LSTM, GRU or RNN node per layer (ONNX's are single
 * layers), time-major, from zero initial states, returning the output sequence as the layer's
 * {@code forward} does. The gates are reordered from PyTorch's (LSTM i f g o, GRU r z n) to
 * ONNX's (LSTM i o f c, GRU z r h, with {@code linear_before_reset=1}, which is PyTorch's GRU); the
 * directions are stacked, and the bias is {@code [b_ih; b_hh]} per direction. These weights are
 * initializers of their own, named {@code <layer>.W_l<k>}, {@code .R_l<k>}, {@code .B_l<k>} for
 * layer {@code k}.
 */
final class RecurrentEmitters {
    private RecurrentEmitters() {}

    /** ONNX's gate blocks as indices of PyTorch's. */
    private static final int[] LSTM_GATES = {0, 3, 1, 2};
    private static final int[] GRU_GATES = {1, 0, 2};
    private static final int[] RNN_GATES = {0};

    static void register(LayerEmitters.Registry r) {
        r.put(LSTM.class, (m, x, s) -> recurrent(m, x, s, "LSTM", LSTM_GATES));
        r.put(GRU.class, (m, x, s) -> recurrent(m, x, s, "GRU", GRU_GATES));
        r.put(RNN.class, (m, x, s) -> recurrent(m, x, s, "RNN", RNN_GATES));
    }

    private static Value recurrent(RNNBase m, Value x, ExportScope s, String op, int[] gates) {
        if (x.rank() != 3) throw s.unsupported("input of rank " + x.rank() + "; a batch of sequences (rank 3) exports");
        int hidden = m.hiddenSize(), dirs = m.numDirections();
        Value seq = m.isBatchFirst() ? s.transpose(x, 1, 0, 2) : x;            // [T, B, F]
        int steps = seq.dim(0), batch = seq.dim(1);
        for (int layer = 0; layer < m.numLayers(); layer++) {
            String w = derived(s, m, "W", "weight_ih", layer, gates, hidden);
            String rec = derived(s, m, "R", "weight_hh", layer, gates, hidden);
            String b = m.hasBias() ? derived(s, m, "B", "bias", layer, gates, hidden) : "";
            ExportNode n = s.node(op).in(seq.name(), w, rec).i("hidden_size", hidden)
                    .s("direction", dirs == 2 ? "bidirectional" : "forward");
            if (m.hasBias()) n.in(b);
            if (op.equals("GRU")) n.i("linear_before_reset", 1);
            if (op.equals("RNN")) {
                String act = ((RNN) m).nonlinearity().equals("relu") ? "Relu" : "Tanh";
                n.strings("activations", dirs == 2 ? new String[] {act, act} : new String[] {act});
            }
            Value y = n.output(new int[] {steps, dirs, batch, hidden});             // [T, D, B, H]
            seq = dirs == 1 ? s.squeeze(y, 1)
                    : s.node("Reshape").in(s.transpose(y, 0, 2, 1, 3).name(), s.ints(0, 0, (long) dirs * hidden))
                            .output(new int[] {steps, batch, dirs * hidden});
        }
        return m.isBatchFirst() ? s.transpose(seq, 1, 0, 2) : seq;
    }

    /**
     * Layer {@code layer}'s weights {@code what} (weight_ih, weight_hh, or the biases) in ONNX's layout:
     * [D, G·H, in] with the gate blocks reordered, or for the bias [D, 2·G·H] = [b_ih; b_hh] per direction.
     */
    private static String derived(ExportScope s, RNNBase m, String onnxName, String what, int layer, int[] gates, int hidden) {
        List<Tensor> perDirection = new ArrayList<>();
        for (int d = 0; d < m.numDirections(); d++) {
            String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
            if (what.equals("bias")) {
                perDirection.add(Tensor.cat(0, reorder(m.getParameter("bias_ih" + suffix), gates, hidden),
                        reorder(m.getParameter("bias_hh" + suffix), gates, hidden)));
            } else {
                perDirection.add(reorder(m.getParameter(what + suffix), gates, hidden));
            }
        }
        return s.graph().derived(s.path() + "." + onnxName + "_l" + layer, Tensor.stack(perDirection, 0).contiguous());
    }

    private static Tensor reorder(Tensor t, int[] gates, int hidden) {
        List<Tensor> blocks = new ArrayList<>();
        for (int g : gates) blocks.add(t.narrow(0, g * hidden, hidden));
        return Tensor.cat(blocks, 0);
    }
}
