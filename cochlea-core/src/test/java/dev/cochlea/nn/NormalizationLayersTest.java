package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BatchNorm and LayerNorm modules; golden cases from reference/make_golden.py
 * ({@code nn.BatchNorm2d(3).train()(input).backward(grad_output)}, {@code F.layer_norm(input, [6], weight, bias)}).
 */
class NormalizationLayersTest {
    @Test
    void batchNorm2dTrainingMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("batch_norm2d_train");
        BatchNorm2d bn = new BatchNorm2d(3);
        try (NoGrad ignored = NoGrad.enter()) {
            bn.weight.copyFrom(c.input("weight"));
            bn.bias.copyFrom(c.input("bias"));
        }
        Tensor x = c.input("input").requiresGrad(true);
        Tensor y = bn.forward(x);
        TensorAssert.assertClose(c.output("output"), y, "output");
        TensorAssert.assertClose(c.output("running_mean"), bn.runningMean, "running_mean");
        TensorAssert.assertClose(c.output("running_var"), bn.runningVar, "running_var (unbiased)");
        assertEquals(1, bn.numBatchesTracked.getLong());
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), "grad input");
        TensorAssert.assertClose(c.grad("weight"), bn.weight.grad(), "grad weight");
        TensorAssert.assertClose(c.grad("bias"), bn.bias.grad(), "grad bias");
    }

    @Test
    void layerNormMatchesPyTorch() {
        Golden.Case c = Golden.nn().caseNamed("layer_norm");
        LayerNorm ln = new LayerNorm(c.intsParam("normalized_shape"));
        try (NoGrad ignored = NoGrad.enter()) {
            ln.weight.copyFrom(c.input("weight"));
            ln.bias.copyFrom(c.input("bias"));
        }
        Tensor x = c.input("input").requiresGrad(true);
        Tensor y = ln.forward(x);
        TensorAssert.assertClose(c.output("output"), y, "output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), "grad input");
        TensorAssert.assertClose(c.grad("weight"), ln.weight.grad(), "grad weight");
        TensorAssert.assertClose(c.grad("bias"), ln.bias.grad(), "grad bias");
    }

    @Test
    void batchNormUsesRunningStatsInEval() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
        Tensor train = bn.forward(x);
        // training: batch statistics, per column mean 0
        TensorAssert.assertClose(Tensor.zeros(2), train.mean(0), 1e-5, 1e-5, "batch-normalised mean");
        // running: 0.9·0 + 0.1·mean, 0.9·1 + 0.1·unbiased var
        TensorAssert.assertClose(Tensor.tensor(0.3f, 2f), bn.runningMean, "running mean");
        TensorAssert.assertClose(Tensor.tensor(0.9f + 0.1f * 4f, 0.9f + 0.1f * 100f), bn.runningVar, "running var");
        bn.eval();
        Tensor ev = bn.forward(x);
        float expected = (float) ((1 - 0.3) / Math.sqrt(1.3 + 1e-5));
        assertEquals(expected, ev.get(0, 0), 1e-5f);
        assertEquals(1, bn.numBatchesTracked.getLong(), "eval does not count batches");
        Tensor ev2 = bn.forward(x);
        assertArrayEquals(ev.toFloatArray(), ev2.toFloatArray(), "eval is deterministic and leaves stats alone");
    }

    @Test
    void cumulativeAverageAndNoTracking() {
        BatchNorm1d cma = new BatchNorm1d(1, 1e-5, null, true, true);
        cma.forward(Tensor.of(new float[] {0, 2}, 2, 1));   // mean 1
        cma.forward(Tensor.of(new float[] {4, 6}, 2, 1));   // mean 5
        assertEquals(3f, cma.runningMean.item(), 1e-6f, "momentum=None averages the batches");
        BatchNorm2d free = new BatchNorm2d(2, 1e-5, 0.1, false, false);
        assertTrue(free.stateDict().isEmpty());
        assertEquals(List.of(), free.parameters());
        free.eval();
        Tensor y = free.forward(Tensor.randn(4, 2, 3, 3));
        TensorAssert.assertClose(Tensor.zeros(2), y.mean(new int[] {0, 2, 3}, false), 1e-5, 1e-5, "batch stats in eval without tracking");
    }

    @Test
    void batchNormChecksRank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Tensor.zeros(3, 4, 4)));
        assertTrue(e.getMessage().contains("BatchNorm2d(3") && e.getMessage().contains("expected 4D input (got 3D input"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 4)));
    }

    @Test
    void layerNormIsTheSameInTrainAndEval() {
        LayerNorm ln = new LayerNorm(4);
        Tensor x = Tensor.randn(3, 4);
        Tensor a = ln.forward(x);
        ln.eval();
        assertArrayEquals(a.toFloatArray(), ln.forward(x).toFloatArray());
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
    }
}
