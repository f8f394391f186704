package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LSTM, GRU and RNN with ONNX's layout and gate order (LSTM i o f c, GRU z r h), run by the same
 * recurrent scan as Cochlea's layers after reordering the gates to PyTorch's (i f g o, r z n).
 * A GRU with {@code linear_before_reset=0} (ONNX's default, not PyTorch's) runs step by step.
 */
public final class Recurrent {
    private Recurrent() {}

    private static final int[] LSTM_TO_TORCH = {0, 2, 3, 1};
    private static final int[] GRU_TO_TORCH = {1, 0, 2};

    static void register(Map<String, Operator> ops) {
        ops.put("LSTM", n -> run(n, RecurrentMode.LSTM, LSTM_TO_TORCH, "Sigmoid", "Tanh", "Tanh"));
        ops.put("GRU", n -> run(n, RecurrentMode.GRU, GRU_TO_TORCH, "Sigmoid", "Tanh"));
        ops.put("RNN", n -> {
            List<String> acts = n.attributes().strings("activations");
            boolean relu = acts != null && !acts.isEmpty() && acts.get(0).equals("Relu");
            return run(n, relu ? RecurrentMode.RNN_RELU : RecurrentMode.RNN_TANH, new int[] {0}, relu ? "Relu" : "Tanh");
        });
    }

    /** The attribute a graph sets on a node whose W, R and B it has already put in PyTorch's gate order (see {@link #toTorchGates}). */
    public static final String REORDERED = "cochlea_gates_in_torch_order";

    /**
     * {@code t} (an LSTM's or GRU's W or R {@code [D, G·H, X]}, or B {@code [D, 2·G·H]}) with each
     * direction's gate blocks in PyTorch's order, so a graph can reorder its weights once when it is
     * loaded instead of on every run; null for other operators or for a GRU with {@code linear_before_reset=0}.
     */
    public static Tensor toTorchGates(String opType, Attributes a, Tensor t, boolean bias) {
        int[] order = switch (opType) {
            case "LSTM" -> LSTM_TO_TORCH;
            case "GRU" -> a.i("linear_before_reset", 0) != 0 ? GRU_TO_TORCH : null;
            default -> null;
        };
        if (order == null || t.dim() != (bias ? 2 : 3)) return null;
        int rows = bias ? t.size(1) / 2 : t.size(1);
        if (rows % order.length != 0) return null;
        int hidden = rows / order.length;
        List<Tensor> dirs = new ArrayList<>();
        for (int d = 0; d < t.size(0); d++) {
            Tensor one = t.narrow(0, d, 1).squeeze(0);
            dirs.add(bias ? Tensor.cat(List.of(reorder(one.narrow(0, 0, rows), order, hidden), reorder(one.narrow(0, rows, rows), order, hidden)), 0)
                    : reorder(one, order, hidden));
        }
        return Tensor.stack(dirs, 0).contiguous();
    }

    private static Tensor[] run(NodeCall n, RecurrentMode mode, int[] order, String... defaultActivations) {
        Attributes a = n.attributes();
        if (a.i(REORDERED, 0) != 0) {
            order = new int[order.length];
            for (int g = 0; g < order.length; g++) order[g] = g;
        }

        if (a.has("clip")) throw n.unsupported("the clip attribute is not supported");
        if (a.i("input_forget", 0) != 0) throw n.unsupported("input_forget is not supported");
        List<String> acts = a.strings("activations");
        if (acts != null && !acts.isEmpty()) {
            for (int i = 0; i < acts.size(); i++) {
                if (!acts.get(i).equalsIgnoreCase(defaultActivations[i % defaultActivations.length])) {
                    throw n.unsupported("activations " + acts + " are not supported (only " + List.of(defaultActivations) + ")");
                }
            }
        }
        String direction = a.s("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (!direction.equals("forward") && !direction.equals("reverse") && dirs == 1) throw n.error("direction '" + direction + "'");
        boolean batchFirst = a.i("layout", 0) != 0;
        Tensor x = batchFirst ? n.input(0).transpose(0, 1).contiguous() : n.input(0);
        Tensor w = n.input(1), r = n.input(2), b = n.optional(3), lens = n.optional(4);
        Tensor h0 = n.optional(5), c0 = n.optional(6);
        Tensor peep = n.has(7) && n.input(7).abs().sum().item() != 0f ? n.input(7) : null;
        if (peep != null && a.i(REORDERED, 0) != 0) throw n.error("peephole weights with reordered gates");
        if (h0 != null && batchFirst) h0 = h0.transpose(0, 1).contiguous();
        if (c0 != null && batchFirst) c0 = c0.transpose(0, 1).contiguous();
        int steps = x.size(0), hidden = r.size(2), gates = order.length;
        if (lens != null) {
            for (long l : Ints.values(lens)) if (l != steps) throw n.unsupported("sequence_lens shorter than the input (" + l + " of " + steps + ") are not supported");
        }
        boolean resetAfter = a.i("linear_before_reset", 0) != 0;
        List<Tensor> ys = new ArrayList<>(), hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Tensor wd = w.narrow(0, d, 1).squeeze(0), rd = r.narrow(0, d, 1).squeeze(0);
            Tensor bi = b == null ? null : b.narrow(0, d, 1).squeeze(0).narrow(0, 0, gates * hidden);
            Tensor bh = b == null ? null : b.narrow(0, d, 1).squeeze(0).narrow(0, gates * hidden, gates * hidden);
            Tensor hd = h0 == null ? null : h0.narrow(0, d, 1).squeeze(0);
            Tensor cd = c0 == null ? null : c0.narrow(0, d, 1).squeeze(0);
            if (peep != null) {
                Tensor[] out = lstmPeephole(x, wd, rd, bi, bh, peep.narrow(0, d, 1).squeeze(0), hd, cd, hidden, reverse);
                ys.add(out[0]);
                hs.add(out[1]);
                cs.add(out[2]);
                continue;
            }
            if (mode == RecurrentMode.GRU && !resetAfter) {
                Tensor[] out = gruResetBefore(x, wd, rd, bi, bh, hd, hidden, reverse);
                ys.add(out[0]);
                hs.add(out[1]);
                continue;
            }
            RecurrentOutput out = F.recurrentLayer(mode, x, reorder(wd, order, hidden), reorder(rd, order, hidden),
                    reorder(bi, order, hidden), reorder(bh, order, hidden), hd, cd, reverse);
            ys.add(out.output());
            hs.add(out.hidden());
            if (mode == RecurrentMode.LSTM) cs.add(out.cell());
        }
        Tensor y = dirs == 1 ? ys.get(0).unsqueeze(1) : Tensor.stack(ys, 1);      // [T, D, B, H]
        Tensor yh = dirs == 1 ? hs.get(0).unsqueeze(0) : Tensor.stack(hs, 0);     // [D, B, H]
        Tensor yc = cs.isEmpty() ? null : dirs == 1 ? cs.get(0).unsqueeze(0) : Tensor.stack(cs, 0);
        if (batchFirst) {
            y = y.permute(2, 0, 1, 3).contiguous();
            yh = yh.transpose(0, 1).contiguous();
            if (yc != null) yc = yc.transpose(0, 1).contiguous();
        }
        return mode == RecurrentMode.LSTM ? new Tensor[] {y, yh, yc} : new Tensor[] {y, yh};
    }

    /** The gate blocks of {@code t} (rows of {@code hidden}) put in PyTorch's order. */
    private static Tensor reorder(Tensor t, int[] order, int hidden) {
        if (t == null || order.length == 1 || isIdentity(order)) return t;
        List<Tensor> blocks = new ArrayList<>();
        for (int g : order) blocks.add(t.narrow(0, g * hidden, hidden));
        return Tensor.cat(blocks, 0).contiguous();
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) if (order[i] != i) return false;
        return true;
    }

    /** ONNX's LSTM with peephole weights p = [Pi, Po, Pf] ({@code [3H]}), step by step in ONNX's gate order i, o, f, c. */
    private static Tensor[] lstmPeephole(Tensor x, Tensor w, Tensor r, Tensor bi, Tensor bh, Tensor p, Tensor h0, Tensor c0, int hidden,
                                         boolean reverse) {
        int steps = x.size(0), batch = x.size(1);
        Tensor h = h0 == null ? Tensor.zeros(batch, hidden) : h0, c = c0 == null ? Tensor.zeros(batch, hidden) : c0;
        Tensor gx = x.matmul(w.t());
        if (bi != null) gx = gx.add(bi);
        if (bh != null) gx = gx.add(bh);
        Tensor pi = p.narrow(0, 0, hidden), po = p.narrow(0, hidden, hidden), pf = p.narrow(0, 2 * hidden, hidden);
        Tensor[] out = new Tensor[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor g = gx.narrow(0, t, 1).squeeze(0).add(h.matmul(r.t()));
            Tensor i = g.narrow(1, 0, hidden).add(c.mul(pi)).sigmoid();
            Tensor f = g.narrow(1, 2 * hidden, hidden).add(c.mul(pf)).sigmoid();
            Tensor cand = g.narrow(1, 3 * hidden, hidden).tanh();
            c = f.mul(c).add(i.mul(cand));
            Tensor o = g.narrow(1, hidden, hidden).add(c.mul(po)).sigmoid();
            h = o.mul(c.tanh());
            out[t] = h;
        }
        return new Tensor[] {Tensor.stack(List.of(out), 0), h, c};
    }

    /** ONNX's GRU with the reset gate applied before the recurrent product: h~ = tanh(Wh·x + Rh·(r⊙h) + Rbh + Wbh). */
    private static Tensor[] gruResetBefore(Tensor x, Tensor w, Tensor r, Tensor bi, Tensor bh, Tensor h0, int hidden, boolean reverse) {
        int steps = x.size(0), batch = x.size(1);
        Tensor h = h0 == null ? Tensor.zeros(batch, hidden) : h0;
        Tensor gx = x.matmul(w.t());                          // [T, B, 3H]: z r h
        if (bi != null) gx = gx.add(bi);
        Tensor rzr = r.narrow(0, 0, 2 * hidden).t(), rh = r.narrow(0, 2 * hidden, hidden).t();
        Tensor bzr = bh == null ? null : bh.narrow(0, 0, 2 * hidden), bhh = bh == null ? null : bh.narrow(0, 2 * hidden, hidden);
        Tensor[] out = new Tensor[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor g = gx.narrow(0, t, 1).squeeze(0);
            Tensor zr = h.matmul(rzr);
            if (bzr != null) zr = zr.add(bzr);
            zr = zr.add(g.narrow(1, 0, 2 * hidden)).sigmoid();
            Tensor z = zr.narrow(1, 0, hidden), reset = zr.narrow(1, hidden, hidden);
            Tensor cand = reset.mul(h).matmul(rh);
            if (bhh != null) cand = cand.add(bhh);
            cand = cand.add(g.narrow(1, 2 * hidden, hidden)).tanh();
            h = z.rsub(1f).mul(cand).add(z.mul(h));
            out[t] = h;
        }
        return new Tensor[] {Tensor.stack(List.of(out), 0), h};
    }
}
