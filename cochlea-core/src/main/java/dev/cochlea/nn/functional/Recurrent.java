package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * One layer, one direction of a recurrent network (Elman RNN, LSTM, GRU) over a whole sequence,
 * with PyTorch's equations and gate order, behind {@link F#recurrentLayer} (internal: call it through
 * {@link F}) — the building block of {@link dev.cochlea.nn.RNN},
 * {@link dev.cochlea.nn.LSTM} and {@link dev.cochlea.nn.GRU}.
 *
 * <p>The input projection {@code x W_ih^T + b_ih} of all time steps is one matrix product over
 * {@code [T*B, in]}, recorded by autograd like any other; the recurrence is then a single fused
 * operation: per step one GEMM {@code h W_hh^T} for all gates at once and a pass over the gates,
 * and in backward (back-propagation through time) one GEMM per step for the hidden-state gradient
 * plus one GEMM over all steps for {@code W_hh}'s gradient.
 *
 * <pre>{@code
 * // x: [T, B, 4] time-major; an LSTM layer with hidden size 6 has weights [24, 4] and [24, 6]
 * RecurrentOutput r = F.recurrentLayer(RecurrentMode.LSTM, x, wIh, wHh, bIh, bHh, null, null, false);
 * r.output();   // [T, B, 6]
 * r.hidden();   // [B, 6]  (h_T)
 * r.cell();     // [B, 6]  (c_T)
 * }</pre>
 */
final class Recurrent {
    private static final Kernels K = KernelProvider.get();

    private Recurrent() {}

    /**
     * Runs one recurrent layer in one direction over a time-major sequence.
     *
     * @param mode    the cell type
     * @param input   {@code [T, B, in]}
     * @param wIh     {@code [G*H, in]}
     * @param wHh     {@code [G*H, H]}
     * @param bIh     {@code [G*H]} or null
     * @param bHh     {@code [G*H]} or null
     * @param h0      {@code [B, H]} or null for zeros
     * @param c0      {@code [B, H]} or null for zeros (LSTM only; must be null otherwise)
     * @param reverse whether to run from the last time step to the first (the backward direction
     *                of a bidirectional layer); the output stays in input time order
     * @return output {@code [T, B, H]}, hidden {@code [B, H]} and, for LSTM, cell {@code [B, H]}
     */
    static RecurrentOutput layer(RecurrentMode mode, Tensor input, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                 Tensor h0, Tensor c0, boolean reverse) {
        String op = "Recurrent." + mode.torchName();
        if (input.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected a time-major input [T, B, in], found shape " + Arrays.toString(input.shape()));
        }
        int t = input.size(0), b = input.size(1), in = input.size(2);
        int gh = wHh.dim() == 2 ? wHh.size(0) : -1;
        int h = wHh.dim() == 2 ? wHh.size(1) : -1;
        if (gh != mode.gates() * h) {
            throw new IllegalArgumentException(op + ": weight_hh must be [" + mode.gates() + "*hidden, hidden], found shape "
                    + Arrays.toString(wHh.shape()));
        }
        checkShape(op, "weight_hh", wHh, gh, h);
        checkShape(op, "weight_ih", wIh, gh, in);
        if (bIh != null) checkShape(op, "bias_ih", bIh, gh);
        if (bHh != null) checkShape(op, "bias_hh", bHh, gh);
        if (h0 != null) checkShape(op, "h0", h0, b, h);
        if (c0 != null) {
            if (mode != RecurrentMode.LSTM) throw new IllegalArgumentException(op + ": a cell state c0 is only used by LSTM");
            checkShape(op, "c0", c0, b, h);
        }
        if (t == 0) throw new IllegalArgumentException(op + ": the input sequence is empty (shape " + Arrays.toString(input.shape()) + ")");

        Tensor x2 = input.reshape(t * b, in);
        Tensor proj = x2.matmul(wIh.t());
        if (bIh != null) proj = proj.add(bIh);
        Tensor y = scan(mode, proj, wHh, bHh, h0, c0, t, b, h, reverse);
        int last = reverse ? 0 : t - 1;
        if (mode == RecurrentMode.LSTM) {
            Tensor out = y.select(0, 0);
            return new RecurrentOutput(out, out.select(0, last), y.select(0, 1).select(0, last));
        }
        return new RecurrentOutput(y, y.select(0, last), null);
    }

    private static void checkShape(String op, String what, Tensor x, int... expected) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, found " + x.dtype().torchName());
        }
        if (!Arrays.equals(x.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + what + " must have shape " + Arrays.toString(expected) + ", found "
                    + Arrays.toString(x.shape()));
        }
    }

    /** The tensor's elements, row-major, without copying when the storage already is exactly that. */
    private static float[] dense(Tensor x) {
        float[] s = x.storage();
        if (x.isContiguous() && x.offset() == 0 && s.length == x.numel()) return s;
        return x.toFloatArray();
    }

    /**
     * The fused recurrence over the projected input {@code proj = x W_ih^T + b_ih} ({@code [T*B, G*H]}).
     * Returns the hidden states {@code [T, B, H]}, or for LSTM hidden and cell states {@code [2, T, B, H]}.
     */
    private static Tensor scan(RecurrentMode mode, Tensor proj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0,
                               int tLen, int b, int h, boolean reverse) {
        final int g = mode.gates() * h;
        final int bh = b * h, bg = b * g;
        final float[] xp = dense(proj);
        final float[] w = dense(wHh);
        final float[] bias = bHh == null ? null : dense(bHh);
        final float[] h0a = h0 == null ? null : dense(h0);
        final float[] c0a = c0 == null ? null : dense(c0);
        final boolean lstm = mode == RecurrentMode.LSTM, gru = mode == RecurrentMode.GRU;

        float[] ys = new float[(lstm ? 2 : 1) * tLen * bh];   // h at [t*bh], c at [tLen*bh + t*bh] for LSTM
        final int cBase = tLen * bh;
        float[] acts = lstm || gru ? new float[tLen * bg] : null;  // activated gates
        float[] hn = gru ? new float[tLen * bh] : null;            // GRU: W_hn h + b_hn
        float[] tanhC = lstm ? new float[tLen * bh] : null;        // LSTM: tanh(c_t), kept for backward
        float[] gates = new float[bg];
        float[] zeros = h0a == null || (lstm && c0a == null) ? new float[bh] : null;

        for (int s = 0; s < tLen; s++) {
            int ti = reverse ? tLen - 1 - s : s;
            int tp = reverse ? ti + 1 : ti - 1;
            float[] hp = s == 0 ? (h0a == null ? zeros : h0a) : ys;
            int hpo = s == 0 ? 0 : tp * bh;
            // gates = h_prev W_hh^T + b_hh: one GEMM for all gates of all rows
            if (s == 0 && h0a == null) {
                Arrays.fill(gates, 0f);
            } else {
                K.gemm(false, true, b, g, h, 1f, hp, hpo, h, w, 0, h, 0f, gates, 0, g);
            }
            if (bias != null) {
                for (int r = 0; r < b; r++) K.binary(Kernels.Binary.ADD, gates, r * g, bias, 0, gates, r * g, g);
            }
            int xo = ti * bg, yo = ti * bh;
            switch (mode) {
                case RNN_TANH, RNN_RELU -> {
                    K.binary(Kernels.Binary.ADD, xp, xo, gates, 0, ys, yo, bh);
                    K.unary(mode == RecurrentMode.RNN_TANH ? Kernels.Unary.TANH : Kernels.Unary.RELU, ys, yo, ys, yo, bh);
                }
                case LSTM -> {
                    K.binary(Kernels.Binary.ADD, xp, xo, gates, 0, acts, xo, bg);
                    for (int r = 0; r < b; r++) {
                        int ro = xo + r * g;
                        K.unary(Kernels.Unary.SIGMOID, acts, ro, acts, ro, 2 * h);                  // i, f
                        K.unary(Kernels.Unary.TANH, acts, ro + 2 * h, acts, ro + 2 * h, h);         // g
                        K.unary(Kernels.Unary.SIGMOID, acts, ro + 3 * h, acts, ro + 3 * h, h);      // o
                    }
                    float[] cp = s == 0 ? (c0a == null ? zeros : c0a) : ys;
                    int cpo = s == 0 ? 0 : cBase + tp * bh;
                    int co = cBase + yo;
                    for (int r = 0; r < b; r++) {
                        int ro = xo + r * g, k0 = r * h;
                        for (int j = 0; j < h; j++) {
                            ys[co + k0 + j] = acts[ro + h + j] * cp[cpo + k0 + j] + acts[ro + j] * acts[ro + 2 * h + j];
                        }
                    }
                    K.unary(Kernels.Unary.TANH, ys, co, tanhC, yo, bh);
                    for (int r = 0; r < b; r++) {
                        int ro = xo + r * g, k0 = r * h;
                        for (int j = 0; j < h; j++) ys[yo + k0 + j] = acts[ro + 3 * h + j] * tanhC[yo + k0 + j];
                    }
                }
                case GRU -> {
                    K.binary(Kernels.Binary.ADD, xp, xo, gates, 0, acts, xo, bg);
                    for (int r = 0; r < b; r++) {
                        int ro = xo + r * g, go = r * g, k0 = r * h;
                        K.unary(Kernels.Unary.SIGMOID, acts, ro, acts, ro, 2 * h);                  // r, z
                        System.arraycopy(gates, go + 2 * h, hn, yo + k0, h);
                        for (int j = 0; j < h; j++) acts[ro + 2 * h + j] = xp[ro + 2 * h + j] + acts[ro + j] * gates[go + 2 * h + j];
                        K.unary(Kernels.Unary.TANH, acts, ro + 2 * h, acts, ro + 2 * h, h);         // n
                        for (int j = 0; j < h; j++) {
                            float zg = acts[ro + h + j];
                            ys[yo + k0 + j] = (1f - zg) * acts[ro + 2 * h + j] + zg * hp[hpo + k0 + j];
                        }
                    }
                }
            }
        }

        Tensor y = lstm ? Tensor.wrap(ys, 2, tLen, b, h) : Tensor.wrap(ys, tLen, b, h);
        Tensor[] inputs = {proj, wHh, bHh, h0, c0};
        final float[] cellAct = acts, gruHn = hn, cellTanh = tanhC, initZeros = zeros;
        return Autograd.record(y, "Recurrent" + mode.torchName() + "Backward", inputs, grad -> {
            float[] dy = dense(grad);
            float[] dA = new float[tLen * bg];                   // d(pre-activation), input side
            float[] dH = gru ? new float[tLen * bg] : dA;        // d(pre-activation), hidden side
            float[] dhNext = new float[bh];
            float[] dcNext = lstm ? new float[bh] : null;
            float[] dh = new float[bh];
            for (int s = tLen - 1; s >= 0; s--) {
                int ti = reverse ? tLen - 1 - s : s;
                int tp = reverse ? ti + 1 : ti - 1;
                float[] hp = s == 0 ? (h0a == null ? initZeros : h0a) : ys;
                int hpo = s == 0 ? 0 : tp * bh;
                int yo = ti * bh, xo = ti * bg;
                for (int i = 0; i < bh; i++) dh[i] = dy[yo + i] + dhNext[i];
                switch (mode) {
                    case RNN_TANH -> {
                        for (int r = 0; r < b; r++) {
                            for (int j = 0; j < h; j++) {
                                float hv = ys[yo + r * h + j];
                                dA[xo + r * g + j] = dh[r * h + j] * (1f - hv * hv);
                            }
                        }
                    }
                    case RNN_RELU -> {
                        for (int r = 0; r < b; r++) {
                            for (int j = 0; j < h; j++) {
                                dA[xo + r * g + j] = ys[yo + r * h + j] > 0f ? dh[r * h + j] : 0f;
                            }
                        }
                    }
                    case LSTM -> {
                        float[] cp = s == 0 ? (c0a == null ? initZeros : c0a) : ys;
                        int cpo = s == 0 ? 0 : cBase + tp * bh;
                        for (int r = 0; r < b; r++) {
                            int ro = xo + r * g;
                            for (int j = 0; j < h; j++) {
                                int k = r * h + j;
                                float ig = cellAct[ro + j], fg = cellAct[ro + h + j];
                                float gg = cellAct[ro + 2 * h + j], og = cellAct[ro + 3 * h + j];
                                float tc = cellTanh[yo + k];
                                float dc = dy[cBase + yo + k] + dcNext[k] + dh[k] * og * (1f - tc * tc);
                                dA[ro + j] = dc * gg * ig * (1f - ig);
                                dA[ro + h + j] = dc * cp[cpo + k] * fg * (1f - fg);
                                dA[ro + 2 * h + j] = dc * ig * (1f - gg * gg);
                                dA[ro + 3 * h + j] = dh[k] * tc * og * (1f - og);
                                dcNext[k] = dc * fg;
                            }
                        }
                    }
                    case GRU -> {
                        for (int r = 0; r < b; r++) {
                            int ro = xo + r * g;
                            for (int j = 0; j < h; j++) {
                                int k = r * h + j;
                                float rg = cellAct[ro + j], zg = cellAct[ro + h + j], ng = cellAct[ro + 2 * h + j];
                                float d = dh[k];
                                float dan = d * (1f - zg) * (1f - ng * ng);
                                float dar = dan * gruHn[yo + k] * rg * (1f - rg);
                                float daz = d * (hp[hpo + k] - ng) * zg * (1f - zg);
                                dA[ro + j] = dar;
                                dA[ro + h + j] = daz;
                                dA[ro + 2 * h + j] = dan;
                                dH[ro + j] = dar;
                                dH[ro + h + j] = daz;
                                dH[ro + 2 * h + j] = dan * rg;
                                dh[k] = d * zg;   // the direct path h -> h'
                            }
                        }
                    }
                }
                // d h_prev = dH_t W_hh (+ z * dh for GRU, kept in dh)
                K.gemm(false, false, b, h, g, 1f, dH, xo, g, w, 0, h, gru ? 1f : 0f, gru ? dh : dhNext, 0, h);
                if (gru) System.arraycopy(dh, 0, dhNext, 0, bh);
            }

            Tensor gProj = proj.requiresGrad() ? Tensor.wrap(dA, tLen * b, g) : null;
            Tensor gW = null;
            if (wHh.requiresGrad()) {
                // dW_hh = sum_t dH_t^T h_{t-1}: one GEMM over all steps with the previous states laid out by time
                float[] prev = new float[tLen * bh];
                for (int ti = 0; ti < tLen; ti++) {
                    int tp = reverse ? ti + 1 : ti - 1;
                    boolean first = reverse ? ti == tLen - 1 : ti == 0;
                    if (first) {
                        if (h0a != null) System.arraycopy(h0a, 0, prev, ti * bh, bh);
                    } else {
                        System.arraycopy(ys, tp * bh, prev, ti * bh, bh);
                    }
                }
                float[] dw = new float[g * h];
                K.gemm(true, false, g, h, tLen * b, 1f, dH, 0, g, prev, 0, h, 0f, dw, 0, h);
                gW = Tensor.wrap(dw, g, h);
            }
            Tensor gB = null;
            if (bHh != null && bHh.requiresGrad()) {
                float[] db = new float[g];
                for (int row = 0; row < tLen * b; row++) K.binary(Kernels.Binary.ADD, db, 0, dH, row * g, db, 0, g);
                gB = Tensor.wrap(db, g);
            }
            Tensor gH0 = h0 != null && h0.requiresGrad() ? Tensor.wrap(dhNext, b, h) : null;
            Tensor gC0 = c0 != null && c0.requiresGrad() ? Tensor.wrap(dcNext, b, h) : null;
            return new Tensor[] {gProj, gW, gB, gH0, gC0};
        });
    }
}
