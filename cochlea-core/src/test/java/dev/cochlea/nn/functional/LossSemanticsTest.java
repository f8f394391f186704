package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch semantics of the losses and activations beyond the golden file: values computed with
 * PyTorch 1.13 ({@code F.cross_entropy(x, t, weight=w, label_smoothing=...)} etc., inputs below),
 * edge cases, and the error messages.
 */
class LossSemanticsTest {
    private static final Tensor X = Tensor.of(new float[][] {
            {0.5f, -1.2f, 2.0f, 0.3f, -0.7f}, {1.5f, 0.2f, -0.4f, 0.9f, -2.1f},
            {-0.3f, 0.8f, 1.1f, -1.5f, 0.6f}, {2.2f, -0.9f, 0.4f, 0.1f, -0.2f}});
    private static final Tensor T = Tensor.ofLongs(new long[] {1, -100, 4, 2}, 4);
    private static final Tensor W = Tensor.tensor(0.5f, 2f, 1f, 0.25f, 1.5f);

    private static Tensor x() {
        return Tensor.of(X.toFloatArray(), 4, 5).requiresGrad(true);
    }

    @Test // F.cross_entropy(x, t, weight=w, label_smoothing=0.2)
    void weightedSmoothedMean() {
        Tensor x = x();
        Tensor loss = F.crossEntropy(x, T, W, -100, 0.2f, "mean");
        assertEquals(2.379755973815918, loss.item(), 1e-5);
        loss.backward();
        TensorAssert.assertClose(Tensor.of(new float[][] {
                {0.05484280f, -0.36250260f, 0.25681800f, 0.04631800f, 0.00452360f}, {0, 0, 0, 0, 0},
                {0.02451380f, 0.06921770f, 0.10854270f, 0.00649980f, -0.20877410f},
                {0.15322390f, -0.01067490f, -0.16060430f, 0.01708530f, 0.00097000f}}), x.grad(), 1e-4, 1e-6, "grad");
    }

    @Test // F.cross_entropy(x, t, label_smoothing=0.2): the smoothing term is averaged over all 4 rows, ignored included
    void smoothedMeanWithoutWeights() {
        Tensor x = x();
        Tensor loss = F.crossEntropy(x, T, null, -100, 0.2f, "mean");
        assertEquals(2.3603856563568115, loss.item(), 1e-5);
        loss.backward();
        TensorAssert.assertClose(Tensor.of(new float[][] {
                {0.03579970f, -0.27102420f, 0.20686570f, 0.02689340f, 0.00146530f}, {0, 0, 0, 0, 0},
                {0.01747330f, 0.07921500f, 0.11159390f, -0.00405450f, -0.20422780f},
                {0.22082759f, -0.00278460f, -0.24129350f, 0.01534120f, 0.00790930f}}), x.grad(), 1e-4, 1e-6, "grad");
    }

    @Test // F.cross_entropy(x, t, weight=w, reduction='none' / 'sum', label_smoothing=0.1)
    void weightedSmoothedNoneAndSum() {
        Tensor x = x();
        Tensor none = F.crossEntropy(x, T, W, -100, 0.1f, "none");
        TensorAssert.assertClose(Tensor.tensor(6.782333850860596f, 0f, 2.1569533348083496f, 2.217400074005127f), none, 1e-5, 1e-6, "none");
        Tensor sum = F.crossEntropy(x, T, W, -100, 0.1f, "sum");
        assertEquals(11.15668773651123, sum.item(), 1e-4);
        sum.backward();
        TensorAssert.assertClose(Tensor.of(new float[][] {
                {0.27079549f, -1.78870320f, 1.23843777f, 0.22489581f, 0.05457400f}, {0, 0, 0, 0, 0},
                {0.12447110f, 0.36397359f, 0.52530748f, 0.03550190f, -1.04925418f},
                {0.69599521f, -0.00819550f, -0.80329978f, 0.08145360f, 0.03404640f}}), x.grad(), 1e-4, 1e-6, "grad");
    }

    @Test // F.cross_entropy(x, p, weight=w, label_smoothing=0.15) with probability targets
    void probabilityTargets() {
        Tensor x = x();
        Tensor p = Tensor.of(new float[][] {{0.1f, 0.2f, 0.3f, 0.3f, 0.1f}, {0.5f, 0.5f, 0, 0, 0}, {0, 0, 0, 0, 1f}, {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}});
        Tensor loss = F.crossEntropy(x, p, W, -100, 0.15f, "mean");
        assertEquals(2.383315086364746, loss.item(), 1e-5);
        loss.backward();
        TensorAssert.assertClose(Tensor.of(new float[][] {
                {0.02196810f, -0.09336070f, 0.09162850f, 0.01194270f, -0.03217870f},
                {0.09575970f, -0.18590219f, 0.01532940f, 0.08189270f, -0.00707950f},
                {0.02934790f, 0.08443170f, 0.12671870f, 0.00809390f, -0.24859220f},
                {0.15940170f, -0.09169280f, -0.01951860f, 0.01008120f, -0.05827150f}}), x.grad(), 1e-4, 1e-6, "grad");
    }

    @Test // F.cross_entropy with every target ignored is nan, as in PyTorch
    void allIgnoredMeanIsNaN() {
        assertTrue(Float.isNaN(Losses.crossEntropy(X, Tensor.ofLongs(new long[] {-100, -100, -100, -100}, 4)).item()));
    }

    @Test // F.binary_cross_entropy(tensor([0, .3, 1, .9]), tensor([1, 0, 1, .5])): log clamped at -100
    void bceClampsLog() {
        Tensor loss = Losses.bceLoss(Tensor.tensor(0f, 0.3f, 1f, 0.9f), Tensor.tensor(1f, 0f, 1f, 0.5f));
        assertEquals(25.390161514282227, loss.item(), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> Losses.bceLoss(Tensor.tensor(1.5f), Tensor.tensor(1f)));
    }

    @Test // F.binary_cross_entropy_with_logits(x, t, weight=[[1],[3]], pos_weight=[2, .5, 1]), extreme logits
    void bceWithLogitsStable() {
        Tensor x = Tensor.of(new float[][] {{0.5f, -3f, 20f}, {-40f, 1f, 0f}}).requiresGrad(true);
        Tensor t = Tensor.of(new float[][] {{1, 0, 1}, {0, 1, 0.5f}});
        Tensor loss = F.bceWithLogits(x, t, Tensor.of(new float[][] {{1f}, {3f}}), Tensor.tensor(2f, 0.5f, 1f), "mean");
        assertEquals(0.5910125374794006, loss.item(), 1e-6);
        loss.backward();
        TensorAssert.assertClose(Tensor.of(new float[][] {{-0.12584688f, 0.00790431f, 0f}, {0f, -0.06723535f, 0f}}), x.grad(), 1e-4,
                1e-7, "grad");
    }

    @Test // F.gelu(x, approximate='tanh'), F.gelu(x), F.softplus(x, beta=2, threshold=10)
    void activationValues() {
        Tensor x = Tensor.tensor(-6f, -3f, -0.5f, 0f, 0.5f, 3f);
        TensorAssert.assertClose(Tensor.tensor(0f, -0.0036374331f, -0.1542860f, 0f, 0.3457140f, 2.9963627f),
                F.gelu(x, "tanh"), 1e-5, 1e-6, "gelu tanh");
        TensorAssert.assertClose(Tensor.tensor(0f, -0.0040498674f, -0.1542688f, 0f, 0.3457312f, 2.9959502f),
                Activations.gelu(x), 1e-5, 1e-6, "gelu");
        TensorAssert.assertClose(Tensor.tensor(4.37825544636038e-27f, 0.063464f, 0.34657359f, 5.0000229f, 25f),
                Activations.softplus(Tensor.tensor(-30f, -1f, 0f, 5f, 25f), 2f, 10f), 1e-5, 0, "softplus");
        assertThrows(IllegalArgumentException.class, () -> F.gelu(x, "fast"));
    }

    @Test
    void kinksFollowPyTorch() {
        Tensor z = Tensor.tensor(0f, 0f).requiresGrad(true);
        Activations.relu(z).sum().backward();
        TensorAssert.assertClose(Tensor.tensor(0f, 0f), z.grad(), 0, 0, "relu'(0)");
        z.setGrad(null);
        Activations.elu(z, 2f).sum().backward();
        TensorAssert.assertClose(Tensor.tensor(2f, 2f), z.grad(), 0, 0, "elu'(0) = alpha");
        Tensor h = Tensor.tensor(-1f, 1f, 0.5f).requiresGrad(true);
        Activations.hardtanh(h).sum().backward();
        TensorAssert.assertClose(Tensor.tensor(0f, 0f, 1f), h.grad(), 0, 0, "hardtanh' at the ends");
        assertTrue(Float.isNaN(Activations.relu(Tensor.tensor(Float.NaN)).item()));
    }

    @Test
    void dropoutScalesAndPassesThrough() {
        Tensor x = Tensor.ones(1000);
        assertSame(x, Dropouts.dropout(x, 0.5f, false));
        assertSame(x, Dropouts.dropout(x, 0f, true));
        float[] y = Dropouts.dropout(x, 0.25f, true, new Generator(3)).toFloatArray();
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 4f / 3f) < 1e-6, "value " + v);
            if (v != 0f) kept++;
        }
        assertTrue(kept > 700 && kept < 800, "kept " + kept);
        assertEquals(0f, Dropouts.dropout(x, 1f, true).sum().item());
        assertThrows(IllegalArgumentException.class, () -> Dropouts.dropout(x, 1.5f, true));
    }

    @Test
    void batchNormRunningStatsAndEval() {
        Tensor x = Tensor.of(new float[][] {{1f, 10f}, {3f, 20f}, {5f, 60f}});
        Tensor rm = Tensor.zeros(2), rv = Tensor.ones(2);
        Normalization.batchNorm(x, rm, rv, null, null, true, 0.5, 0);
        // means (3, 30), unbiased variances (4, 700)
        TensorAssert.assertClose(Tensor.tensor(1.5f, 15f), rm, 1e-6, 0, "running mean");
        TensorAssert.assertClose(Tensor.tensor(2.5f, 350.5f), rv, 1e-6, 0, "running var");
        Tensor y = Normalization.batchNorm(x, rm, rv, Tensor.tensor(2f, 1f), Tensor.tensor(0f, 1f), false, 0.5, 0);
        assertEquals((1f - 1.5f) / Math.sqrt(2.5) * 2, y.get(0, 0), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(Tensor.ones(1, 2), null, null, null, null, true, 0.1, 1e-5));
    }

    @Test
    void errorsNameTheOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(X, Tensor.ofLongs(new long[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().contains("crossEntropy") && e.getMessage().contains("[3]") && e.getMessage().contains("[4, 5]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(X, Tensor.ofLongs(new long[] {1, 2, 7, 3}, 4)));
        assertTrue(e.getMessage().contains("target 7") && e.getMessage().contains("[2]") && e.getMessage().contains("5 classes"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.nllLoss(X, T, Tensor.ones(3), -100, "mean"));
        assertTrue(e.getMessage().contains("nllLoss") && e.getMessage().contains("weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(X, T, "avg"));
        assertTrue(e.getMessage().contains("reduction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearOps.linear(Tensor.ones(2, 3), Tensor.ones(4, 5)));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.layerNorm(Tensor.ones(2, 3), new int[] {4}, null, null, 1e-5));
        assertTrue(e.getMessage().contains("layerNorm") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.mseLoss(Tensor.ones(2, 3), Tensor.ones(4)));
        assertTrue(e.getMessage().contains("mseLoss"), e.getMessage());
    }

    @Test
    void gradCheckCatchesAWrongBackward() {
        // Guards the finite-difference tests themselves: a deliberately wrong derivative must fail.
        Tensor x = Tensor.randn(new Generator(1), 3, 3).requiresGrad(true);
        var r = dev.cochlea.autograd.GradCheck.check(in -> Support.pointwise("Wrong", in[0],
                (a, ao, y, yo, n) -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * a[ao + i]; },
                (a, ao, y, yo, g, go, gx, gxo, n) -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * a[ao + i]; }), x);
        assertTrue(!r.passed(), r.toString());
    }
}
