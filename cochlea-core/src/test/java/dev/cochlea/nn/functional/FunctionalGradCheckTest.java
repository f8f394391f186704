package dev.cochlea.nn.functional;

import dev.cochlea.autograd.GradCheck;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks (central differences in float32, eps 1e-3, tolerance 1e-2 relative +
 * 1e-3 absolute) of the gradients of every functional op, including the weighted, ignore-index,
 * label-smoothed and probability-target forms of cross entropy and every reduction.
 */
class FunctionalGradCheckTest {
    private static final Generator G = new Generator(42);

    /** Normal values pushed at least 0.1 away from 0, so no element sits on a kink. */
    private static Tensor awayFromZero(int... shape) {
        float[] v = Tensor.randn(G, shape).toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] += v[i] >= 0 ? 0.1f : -0.1f;
        return Tensor.of(v, shape).requiresGrad(true);
    }

    private static Tensor randn(int... shape) {
        return Tensor.randn(G, shape).requiresGrad(true);
    }

    private static Tensor labels(long[] v, int... shape) {
        return Tensor.ofLongs(v, shape);
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, 1e-3f, 1e-2, 1e-3, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }

    // ------------------------------------------------------------------ activations

    @Test
    void activations() {
        check("relu", in -> Activations.relu(in[0]), awayFromZero(3, 5));
        check("leakyRelu", in -> Activations.leakyRelu(in[0], 0.2f), awayFromZero(3, 5));
        check("elu", in -> Activations.elu(in[0], 1.5f), awayFromZero(3, 5));
        check("gelu", in -> Activations.gelu(in[0]), randn(3, 5));
        check("gelu tanh", in -> F.gelu(in[0], "tanh"), randn(3, 5));
        check("tanh", in -> Activations.tanh(in[0]), randn(3, 5));
        check("sigmoid", in -> Activations.sigmoid(in[0]), randn(3, 5));
        check("softmax", in -> Activations.softmax(in[0], 1), randn(3, 5));
        check("logSoftmax", in -> Activations.logSoftmax(in[0], 0), randn(3, 5));
        check("silu", in -> Activations.silu(in[0]), randn(3, 5));
        check("softplus", in -> Activations.softplus(in[0]), randn(3, 5));
        check("softplus beta/threshold", in -> Activations.softplus(in[0], 2f, 1f), awayFromZero(3, 5));
        Tensor h = Tensor.of(new float[] {-2.5f, -0.5f, 0.3f, 0.9f, 1.7f, -1.2f}, 2, 3).requiresGrad(true);
        check("hardtanh", in -> Activations.hardtanh(in[0]), h);
        check("relu6", in -> Activations.relu6(in[0].mul(4f)), awayFromZero(2, 4));
    }

    @Test
    void activationsOnNonContiguousInput() {
        Tensor x = randn(4, 3);
        check("gelu of a transpose", in -> Activations.gelu(in[0].t()), x);
        check("elu of a transpose", in -> Activations.elu(in[0].t()), awayFromZero(4, 3));
    }

    // ------------------------------------------------------------------ linear

    @Test
    void linear() {
        check("linear 2-D", in -> LinearOps.linear(in[0], in[1], in[2]), randn(4, 3), randn(5, 3), randn(5));
        check("linear 3-D no bias", in -> LinearOps.linear(in[0], in[1]), randn(2, 3, 4), randn(2, 4));
        check("linear 1-D", in -> LinearOps.linear(in[0], in[1], in[2]), randn(3), randn(2, 3), randn(2));
        check("linear transposed input", in -> LinearOps.linear(in[0].t(), in[1], in[2]), randn(3, 4), randn(5, 3), randn(5));
    }

    // ------------------------------------------------------------------ cross entropy / nll

    @Test
    void crossEntropyReductions() {
        Tensor t = labels(new long[] {1, 0, 4, 2}, 4);
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("crossEntropy " + red, in -> F.crossEntropy(in[0], t, red), randn(4, 5));
        }
    }

    @Test
    void crossEntropyWeightedIgnoreSmoothed() {
        Tensor w = Tensor.tensor(0.5f, 2f, 1f, 0.25f, 1.5f);
        Tensor t = labels(new long[] {1, -100, 4, 2, 3}, 5);
        Tensor t7 = labels(new long[] {1, 7, 4, 7, 0}, 5);
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("weighted " + red, in -> F.crossEntropy(in[0], t, w, -100, 0f, red), randn(5, 5));
            check("smoothed " + red, in -> F.crossEntropy(in[0], t, null, -100, 0.2f, red), randn(5, 5));
            check("weighted smoothed " + red, in -> F.crossEntropy(in[0], t, w, -100, 0.3f, red), randn(5, 5));
            check("ignore 7 " + red, in -> F.crossEntropy(in[0], t7, null, 7, 0.1f, red), randn(5, 5));
        }
    }

    @Test
    void crossEntropySpatialAndUnbatched() {
        Tensor t = labels(new long[] {0, 2, 1, 1, 2, 0, -100, 1, 2, 0, 0, 1}, 2, 2, 3);
        check("[N, C, d1, d2]", in -> F.crossEntropy(in[0], t, Tensor.tensor(1f, 2f, 0.5f), -100, 0.1f, "mean"), randn(2, 3, 2, 3));
        check("[N, C, d1, d2] none", in -> F.crossEntropy(in[0], t, null, -100, 0f, "none"), randn(2, 3, 2, 3));
        Tensor t0 = Tensor.ofLongs(new long[] {2});
        check("[C]", in -> Losses.crossEntropy(in[0], t0.reshape()), randn(4));
    }

    @Test
    void crossEntropyProbabilityTargets() {
        Tensor w = Tensor.tensor(0.5f, 2f, 1f);
        Tensor p = Tensor.randn(G, 4, 3).softmax(1).requiresGrad(true);
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("prob " + red, in -> F.crossEntropy(in[0], in[1], w, -100, 0.2f, red), randn(4, 3), p);
        }
        Tensor p4 = Tensor.randn(G, 2, 3, 2).softmax(1);
        check("prob spatial", in -> Losses.crossEntropy(in[0], p4), randn(2, 3, 2));
    }

    @Test
    void nllLoss() {
        Tensor w = Tensor.tensor(0.5f, 2f, 1f, 3f);
        Tensor t = labels(new long[] {3, 0, -100, 1}, 4);
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("nll " + red, in -> F.nllLoss(in[0], t, w, -100, red), randn(4, 4));
        }
        check("nll of logSoftmax", in -> Losses.nllLoss(Activations.logSoftmax(in[0], 1), t), randn(4, 4));
    }

    // ------------------------------------------------------------------ regression and binary losses

    @Test
    void regressionLosses() {
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("mse " + red, in -> F.mseLoss(in[0], in[1], red), randn(3, 4), randn(3, 4));
            Tensor y = Tensor.randn(G, 3, 4);
            check("l1 " + red, in -> F.l1Loss(in[0].add(y), y, red), awayFromZero(3, 4));
        }
        check("mse broadcast", in -> Losses.mseLoss(in[0], in[1]), randn(3, 4), randn(4));
    }

    @Test
    void binaryLosses() {
        Tensor probs = Tensor.rand(G, 3, 4).mul(0.8f).add(0.1f).requiresGrad(true);
        Tensor target = Tensor.rand(G, 3, 4).requiresGrad(true);
        Tensor w = Tensor.rand(G, 4).add(0.5f);
        for (String red : new String[] {"mean", "sum", "none"}) {
            check("bce " + red, in -> F.bceLoss(in[0], in[1], w, red), probs, target);
            check("bceWithLogits " + red, in -> F.bceWithLogits(in[0], in[1], in[2], in[3], red),
                    randn(3, 4), target, Tensor.rand(G, 3, 4).add(0.5f).requiresGrad(true), Tensor.rand(G, 4).add(0.5f).requiresGrad(true));
        }
        check("bceWithLogits plain", in -> Losses.bceWithLogits(in[0], in[1]), randn(5), Tensor.rand(G, 5).requiresGrad(true));
    }

    // ------------------------------------------------------------------ normalisation and dropout

    @Test
    void batchNorm() {
        check("batchNorm train [N, C, H, W]", in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5),
                randn(3, 2, 2, 3), randn(2), randn(2));
        check("batchNorm train [N, C]", in -> Normalization.batchNorm(in[0], Tensor.zeros(3), Tensor.ones(3), in[1], null, true, 0.1, 1e-5),
                randn(4, 3), randn(3));
        Tensor rm = Tensor.randn(G, 2), rv = Tensor.rand(G, 2).add(0.5f);
        check("batchNorm eval [N, C, L]", in -> Normalization.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5),
                randn(2, 2, 5), randn(2), randn(2));
    }

    @Test
    void layerNorm() {
        check("layerNorm [6]", in -> Normalization.layerNorm(in[0], new int[] {6}, in[1], in[2], 1e-5), randn(3, 6), randn(6), randn(6));
        check("layerNorm [2, 3] no affine", in -> Normalization.layerNorm(in[0], new int[] {2, 3}, null, null, 1e-5), randn(2, 2, 3));
        check("layerNorm transposed input", in -> Normalization.layerNorm(in[0].t(), new int[] {4}, in[1], null, 1e-5),
                randn(4, 3), randn(4));
    }

    @Test
    void dropout() {
        check("dropout", in -> Dropouts.dropout(in[0], 0.4f, true, new Generator(7)), randn(4, 5));
    }
}
