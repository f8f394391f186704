package dev.cochlea.nn;

import dev.cochlea.autograd.GradCheck;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentTest {

    // ------------------------------------------------------------------ parity with PyTorch

    /** Loads the case's {@code param.*} tensors into the module, runs forward and backward, and compares everything. */
    private static RNNBase checkGolden(String name, RNNBase m) {
        Golden.Case c = Golden.nn().caseNamed(name);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String k : c.inputNames()) if (k.startsWith("param.")) state.put(k.substring(6), c.input(k));
        m.loadStateDict(state);
        Tensor x = c.input("input").requiresGrad(true);
        Tensor y = m.forward(x);
        TensorAssert.assertClose(c.output("output"), y, c.label() + " output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), c.label() + " grad input");
        Map<String, Tensor> params = m.namedParameters();
        assertEquals(state.keySet(), params.keySet(), c.label() + " parameter names");
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            TensorAssert.assertClose(c.grad("param." + p.getKey()), p.getValue().grad(), c.label() + " grad " + p.getKey());
        }
        return m;
    }

    @Test // nn.LSTM(4, 6, num_layers=2, batch_first=True)(input)[0].backward(grad_output)
    void lstmTwoLayersMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("lstm_2layer");
        RNNBase m = checkGolden("lstm_2layer", new LSTM(c.intParam("input_size"), c.intParam("hidden_size"),
                LSTM.options().numLayers(c.intParam("num_layers")).batchFirst(c.boolParam("batch_first"))));
        // h_n of the top layer is the last output step; c_n has the same shape.
        RecurrentOutput r = ((LSTM) m).forward(c.input("input"), null, null);
        TensorAssert.assertClose(c.output("output").select(1, -1), r.hidden().select(0, 1), "lstm h_n top layer");
        assertArrayEquals(new int[] {2, 3, 6}, r.hidden().shape());
        assertArrayEquals(new int[] {2, 3, 6}, r.cell().shape());
    }

    @Test // nn.GRU(4, 5, num_layers=1, batch_first=True, bidirectional=True)(input)[0].backward(grad_output)
    void gruBidirectionalMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("gru_bidirectional");
        RNNBase m = checkGolden("gru_bidirectional", new GRU(c.intParam("input_size"), c.intParam("hidden_size"),
                GRU.options().batchFirst(true).bidirectional(c.boolParam("bidirectional"))));
        RecurrentOutput r = ((GRU) m).forward(c.input("input"), null);
        Tensor expected = c.output("output");                        // [B, T, 2H]
        int h = c.intParam("hidden_size");
        TensorAssert.assertClose(expected.select(1, -1).narrow(1, 0, h), r.hidden().select(0, 0), "gru h_n forward");
        TensorAssert.assertClose(expected.select(1, 0).narrow(1, h, h), r.hidden().select(0, 1), "gru h_n reverse");
        assertNull(r.cell());
    }

    @Test // nn.RNN(4, 3, batch_first=True)(input)[0].backward(grad_output)
    void rnnTanhMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("rnn_tanh");
        assertEquals("tanh", c.stringParam("nonlinearity"));
        checkGolden("rnn_tanh", new RNN(c.intParam("input_size"), c.intParam("hidden_size"), RNN.options().batchFirst(true)));
    }

    @Test // the rnn_tanh case, nn.RNN(4, 3, batch_first=True), through Recurrent.layer
    void functionalLayerMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("rnn_tanh");
        Tensor x = c.input("input").requiresGrad(true);
        Tensor wih = c.input("param.weight_ih_l0").requiresGrad(true), whh = c.input("param.weight_hh_l0").requiresGrad(true);
        Tensor bih = c.input("param.bias_ih_l0"), bhh = c.input("param.bias_hh_l0");
        RecurrentOutput r = F.recurrentLayer(RecurrentMode.RNN_TANH, x.transpose(0, 1), wih, whh, bih, bhh, null, null, false);
        Tensor out = r.output().transpose(0, 1);
        TensorAssert.assertClose(c.output("output"), out, "functional output");
        out.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), "functional grad input");
        TensorAssert.assertClose(c.grad("param.weight_hh_l0"), whh.grad(), "functional grad weight_hh");
        TensorAssert.assertClose(c.grad("param.weight_ih_l0"), wih.grad(), "functional grad weight_ih");
    }

    // ------------------------------------------------------------------ finite differences

    private static Tensor[] withParams(RNNBase m, Tensor... inputs) {
        List<Tensor> ps = m.parameters();
        Tensor[] all = new Tensor[inputs.length + ps.size()];
        System.arraycopy(inputs, 0, all, 0, inputs.length);
        for (int i = 0; i < ps.size(); i++) all[inputs.length + i] = ps.get(i);
        return all;
    }

    private static Tensor flatAll(RecurrentOutput r) {
        return r.cell() == null ? Tensor.cat(0, r.output().flatten(), r.hidden().flatten())
                : Tensor.cat(0, r.output().flatten(), r.hidden().flatten(), r.cell().flatten());
    }

    @Test
    void lstmGradientsMatchFiniteDifferences() {
        Generator g = new Generator(3);
        LSTM m = new LSTM(3, 2, LSTM.options().numLayers(2).bidirectional(true).generator(g));
        Tensor x = Tensor.randn(g, 4, 2, 3).requiresGrad(true);
        Tensor h0 = Tensor.randn(g, 4, 2, 2).requiresGrad(true);
        Tensor c0 = Tensor.randn(g, 4, 2, 2).requiresGrad(true);
        GradCheck.Result res = GradCheck.check(in -> flatAll(m.forward(in[0], in[1], in[2])), withParams(m, x, h0, c0));
        assertTrue(res.passed(), "LSTM " + res);
    }

    @Test
    void gruGradientsMatchFiniteDifferences() {
        Generator g = new Generator(4);
        GRU m = new GRU(3, 2, GRU.options().numLayers(2).bidirectional(true).batchFirst(true).generator(g));
        Tensor x = Tensor.randn(g, 2, 4, 3).requiresGrad(true);
        Tensor h0 = Tensor.randn(g, 4, 2, 2).requiresGrad(true);
        GradCheck.Result res = GradCheck.check(in -> flatAll(m.forward(in[0], in[1])), withParams(m, x, h0));
        assertTrue(res.passed(), "GRU " + res);
    }

    @Test
    void rnnReluGradientsMatchFiniteDifferences() {
        Generator g = new Generator(5);
        RNN m = new RNN(3, 4, RNN.options().nonlinearity("relu").bias(false).generator(g));
        Tensor x = Tensor.randn(g, 5, 3).requiresGrad(true);             // unbatched
        Tensor h0 = Tensor.randn(g, 1, 4).requiresGrad(true);
        GradCheck.Result res = GradCheck.check(in -> flatAll(m.forward(in[0], in[1])), withParams(m, x, h0));
        assertTrue(res.passed(), "RNN relu " + res);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(m.namedParameters().keySet()));
    }

    // ------------------------------------------------------------------ shapes and layouts

    @Test
    void shapesForLayoutsDirectionsAndLayers() {
        Generator g = new Generator(6);
        for (boolean batchFirst : new boolean[] {false, true}) {
            for (boolean bi : new boolean[] {false, true}) {
                int d = bi ? 2 : 1;
                LSTM lstm = new LSTM(5, 7, LSTM.options().numLayers(3).batchFirst(batchFirst).bidirectional(bi).generator(g));
                Tensor x = batchFirst ? Tensor.randn(g, 2, 9, 5) : Tensor.randn(g, 9, 2, 5);
                RecurrentOutput r = lstm.forward(x, null, null);
                assertArrayEquals(batchFirst ? new int[] {2, 9, 7 * d} : new int[] {9, 2, 7 * d}, r.output().shape());
                assertArrayEquals(new int[] {3 * d, 2, 7}, r.hidden().shape());
                assertArrayEquals(new int[] {3 * d, 2, 7}, r.cell().shape());
                assertEquals(7 * d, lstm.outputSize());
                assertEquals(3 * d * 4, lstm.parameters().size());

                GRU gru = new GRU(5, 7, GRU.options().numLayers(2).batchFirst(batchFirst).bidirectional(bi).generator(g));
                RecurrentOutput rg = gru.forward(x, null);
                assertArrayEquals(batchFirst ? new int[] {2, 9, 7 * d} : new int[] {9, 2, 7 * d}, rg.output().shape());
                assertArrayEquals(new int[] {2 * d, 2, 7}, rg.hidden().shape());
                assertArrayEquals(rg.output().shape(), gru.forward(x).shape());
            }
        }
    }

    @Test
    void batchFirstAgreesWithTimeMajor() {
        Generator g = new Generator(7);
        GRU a = new GRU(3, 4, GRU.options().bidirectional(true).generator(g));
        GRU b = new GRU(3, 4, GRU.options().bidirectional(true).batchFirst(true).generator(g));
        b.loadStateDict(a.stateDict());
        Tensor x = Tensor.randn(g, 6, 2, 3);                            // [T, B, in]
        RecurrentOutput ra = a.forward(x, null), rb = b.forward(x.transpose(0, 1).contiguous(), null);
        TensorAssert.assertClose(ra.output(), rb.output().transpose(0, 1), 1e-6, 1e-7, "batch_first output");
        TensorAssert.assertClose(ra.hidden(), rb.hidden(), 1e-6, 1e-7, "batch_first h_n");
    }

    @Test
    void unbatchedInputMatchesBatchOfOne() {
        Generator g = new Generator(8);
        LSTM m = new LSTM(3, 4, LSTM.options().numLayers(2).bidirectional(true).generator(g));
        Tensor x = Tensor.randn(g, 5, 3);
        Tensor h0 = Tensor.randn(g, 4, 4), c0 = Tensor.randn(g, 4, 4);
        RecurrentOutput u = m.forward(x, h0, c0);
        assertArrayEquals(new int[] {5, 8}, u.output().shape());
        assertArrayEquals(new int[] {4, 4}, u.hidden().shape());
        assertArrayEquals(new int[] {4, 4}, u.cell().shape());
        RecurrentOutput bt = m.forward(x.unsqueeze(1), h0.unsqueeze(1), c0.unsqueeze(1));
        TensorAssert.assertClose(bt.output().squeeze(1), u.output(), 1e-6, 1e-7, "unbatched output");
        TensorAssert.assertClose(bt.hidden().squeeze(1), u.hidden(), 1e-6, 1e-7, "unbatched h_n");
        TensorAssert.assertClose(bt.cell().squeeze(1), u.cell(), 1e-6, 1e-7, "unbatched c_n");
    }

    @Test
    void initialStateIsUsedAndZeroStateEqualsNone() {
        Generator g = new Generator(9);
        RNN m = new RNN(2, 3, RNN.options().numLayers(2).generator(g));
        Tensor x = Tensor.randn(g, 4, 2, 2);
        RecurrentOutput none = m.forward(x, null);
        RecurrentOutput zero = m.forward(x, Tensor.zeros(2, 2, 3));
        TensorAssert.assertClose(none.output(), zero.output(), 0, 1e-7, "zero h0");
        RecurrentOutput other = m.forward(x, Tensor.ones(2, 2, 3));
        assertFalse(other.output().allClose(none.output(), 1e-3f, 1e-3f));
        // call() with several tensors returns the output sequence
        TensorAssert.assertClose(other.output(), m.call(x, Tensor.ones(2, 2, 3)), 0, 0, "call(x, h0)");
    }

    // ------------------------------------------------------------------ parameters, init, printing

    @Test
    void parametersAreNamedAndInitialisedLikePyTorch() {
        GRU m = new GRU(3, 16, GRU.options().numLayers(2).bidirectional(true).generator(new Generator(10)));
        assertEquals(List.of(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(m.stateDict().keySet()));
        assertArrayEquals(new int[] {48, 3}, m.getParameter("weight_ih_l0").shape());
        assertArrayEquals(new int[] {48, 32}, m.getParameter("weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {48, 16}, m.getParameter("weight_hh_l1").shape());
        float bound = 0.25f;
        for (Tensor p : m.parameters()) {
            assertTrue(p.requiresGrad());
            assertTrue(p.abs().max().item() <= bound, "init within 1/sqrt(hidden)");
            assertTrue(p.abs().max().item() > 0.5f * bound, "init spans the range");
        }
        // Same generator seed, same weights.
        GRU again = new GRU(3, 16, GRU.options().numLayers(2).bidirectional(true).generator(new Generator(10)));
        TensorAssert.assertClose(m.getParameter("weight_hh_l1"), again.getParameter("weight_hh_l1"), 0, 0, "seeded init");
    }

    @Test
    void reprLikePyTorch() {
        assertEquals("LSTM(4, 6, num_layers=2, batch_first=True)", new LSTM(4, 6, LSTM.options().numLayers(2).batchFirst(true)).toString());
        assertEquals("GRU(4, 5, batch_first=True, bidirectional=True)",
                new GRU(4, 5, GRU.options().batchFirst(true).bidirectional(true)).toString());
        assertEquals("RNN(4, 3)", new RNN(4, 3).toString());
        assertEquals("RNN(4, 3, num_layers=3, bias=False, dropout=0.5)",
                new RNN(4, 3, RNN.options().numLayers(3).bias(false).dropout(0.5f)).toString());
    }

    @Test
    void dropoutOnlyBetweenLayersAndOnlyInTraining() {
        Generator g = new Generator(11);
        LSTM m = new LSTM(3, 8, LSTM.options().numLayers(2).dropout(0.5f).generator(g));
        Tensor x = Tensor.randn(g, 5, 4, 3);
        m.eval();
        Tensor e1 = m.forward(x), e2 = m.forward(x);
        TensorAssert.assertClose(e1, e2, 0, 0, "eval is deterministic");
        m.train();
        Tensor t1 = m.forward(x), t2 = m.forward(x);
        assertFalse(t1.allClose(t2, 1e-4f, 1e-5f), "training applies fresh dropout masks");
        assertFalse(t1.allClose(e1, 1e-4f, 1e-5f), "training differs from eval");
        // With one layer dropout has no effect (as in PyTorch).
        LSTM one = new LSTM(3, 8, LSTM.options().dropout(0.5f).generator(g));
        TensorAssert.assertClose(one.forward(x), one.forward(x), 0, 0, "one layer: no dropout");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorMessagesNameTheLayerAndShapes() {
        LSTM m = new LSTM(4, 6, LSTM.options().numLayers(2).batchFirst(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 5, 7)));
        assertTrue(e.getMessage().contains("LSTM(4, 6, num_layers=2, batch_first=True)"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 4"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 5, 7]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new GRU(4, 5).forward(Tensor.zeros(2, 3, 4, 4)));
        assertTrue(e.getMessage().startsWith("GRU(4, 5)") && e.getMessage().contains("2-D") && e.getMessage().contains("[2, 3, 4, 4]"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 5, 4), Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 6)));
        assertTrue(e.getMessage().contains("h0") && e.getMessage().contains("[2, 3, 6]") && e.getMessage().contains("[2, 3, 5]"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 5, 4), Tensor.zeros(2, 3, 6), null));
        assertTrue(e.getMessage().contains("together"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new RNN(4, 3).forward(Tensor.zeros(5, 4), Tensor.zeros(1, 1, 3)));
        assertTrue(e.getMessage().contains("unbatched"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new RNN(4, 3, RNN.options().nonlinearity("sigmoid")));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LSTM(4, 3, LSTM.options().dropout(1.5f)));
        assertThrows(IllegalArgumentException.class, () -> new GRU(4, 0));
    }

    // ------------------------------------------------------------------ learning

    /**
     * A tiny LSTM classifier learns whether a noisy sequence sums to a positive number (the evidence
     * must be accumulated over all steps), with plain SGD written out by hand. 300 steps: at 200 the
     * loss was still falling fast (0.13 with 16-lane vectors, 0.24 with 8, whose sums round differently)
     * and the 8-lane run classified 53 of 64; at 300 both classify all 64.
     */
    @Test
    void lstmClassifierLearnsTheSignOfASequenceSum() {
        Generator g = new Generator(12);
        int n = 64, t = 8;
        LSTM lstm = new LSTM(1, 12, LSTM.options().batchFirst(true).generator(g));
        Tensor w = Tensor.randn(g, 12, 2).mul(0.3f).requiresGrad(true);
        Tensor b = Tensor.zeros(2).requiresGrad(true);
        float[] xs = new float[n * t];
        long[] ys = new long[n];
        for (int i = 0; i < n; i++) {
            float sum = 0f;
            for (int s = 0; s < t; s++) {
                xs[i * t + s] = g.nextGaussian();
                sum += xs[i * t + s];
            }
            ys[i] = sum > 0f ? 1 : 0;
        }
        Tensor x = Tensor.of(xs, n, t, 1);
        Tensor target = Tensor.ofLongs(ys, n, 1);
        List<Tensor> params = new java.util.ArrayList<>(lstm.parameters());
        params.add(w);
        params.add(b);
        float lr = 0.3f, first = Float.NaN, last = Float.NaN;
        for (int step = 0; step < 300; step++) {
            RecurrentOutput r = lstm.forward(x, null, null);
            Tensor logits = r.hidden().select(0, 0).matmul(w).add(b);               // [n, 2]
            Tensor loss = logits.logSoftmax(1).gather(1, target).mean().neg();
            for (Tensor p : params) p.setGrad(null);
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Tensor p : params) p.addInPlace(p.grad(), -lr);
            }
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.4f * first, "loss went from " + first + " to " + last);
        Tensor logits;
        try (NoGrad ignored = NoGrad.enter()) {
            logits = lstm.forward(x, null, null).hidden().select(0, 0).matmul(w).add(b);
        }
        Tensor pred = logits.argmax(1, false);
        int correct = 0;
        for (int i = 0; i < n; i++) if (pred.getLong(i) == ys[i]) correct++;
        assertTrue(correct >= n * 0.9, "accuracy " + correct + "/" + n);
        assertNotNull(lstm.getParameter("weight_hh_l0").grad());
    }
}
