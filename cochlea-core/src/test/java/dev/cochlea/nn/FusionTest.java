package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folding batch norms into convolutions changes nothing a model in evaluation mode computes. */
class FusionTest {

    /** Running statistics, scale and shift far from the identity, so a wrong fold shows. */
    private static void randomize(BatchNormNd bn, Generator g) {
        int c = bn.numFeatures();
        float[] mean = Tensor.randn(g, c).toFloatArray(), var = Tensor.rand(g, c).toFloatArray();
        float[] gamma = Tensor.randn(g, c).toFloatArray(), beta = Tensor.randn(g, c).toFloatArray();
        for (int i = 0; i < c; i++) {
            bn.runningMean.storage()[bn.runningMean.offset() + i] = mean[i];
            bn.runningVar.storage()[bn.runningVar.offset() + i] = 0.1f + 2 * var[i];
            bn.weight.storage()[bn.weight.offset() + i] = gamma[i];
            bn.bias.storage()[bn.bias.offset() + i] = beta[i];
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }

    @Test
    void convolutionsWithABiasTakeTheBatchNormsAfterThem() {
        Generator g = new Generator(7);
        Sequential model = new Sequential(
                new Conv2d(2, 4, 3, Conv2d.options().padding(1)), new BatchNorm2d(4), new ReLU(),
                new Conv2d(4, 6, 3, Conv2d.options().padding(1).bias(false)), new BatchNorm2d(6),
                new Sequential(new Conv1d(6, 3, 1), new BatchNorm1d(3)));
        Sequential inner = (Sequential) model.get(5);
        randomize((BatchNormNd) model.get(1), g);
        randomize((BatchNormNd) model.get(4), g);
        randomize((BatchNormNd) inner.get(1), g);
        model.eval();
        Tensor x = Tensor.randn(g, 3, 2, 5, 7);
        Tensor y0, y1, z0, z1;
        Tensor h = Tensor.randn(g, 3, 6, 11);
        try (NoGrad ignored = NoGrad.enter()) {
            y0 = model.get(0).forward(x);
            y0 = model.get(1).forward(y0);
            z0 = inner.forward(h);
            Tensor whole = new Sequential(model.get(0), model.get(1), model.get(2), model.get(3), model.get(4)).eval().forward(x);
            assertEquals(2, Fusion.foldBatchNorms(model), "the first conv and the 1-D one; the bias-less conv keeps its batch norm");
            assertInstanceOf(Identity.class, model.get(1));
            assertInstanceOf(BatchNorm2d.class, model.get(4));
            assertInstanceOf(Identity.class, inner.get(1));
            y1 = model.get(0).forward(x);
            z1 = inner.forward(h);
            Tensor after = new Sequential(model.get(0), model.get(1), model.get(2), model.get(3), model.get(4)).eval().forward(x);
            assertClose(whole, after);
        }
        assertClose(y0, y1);
        assertClose(z0, z1);
    }

    @Test
    void aModelInTrainingIsRefusedAndATransposedConvolutionIsLeftAlone() {
        Sequential training = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fusion.foldBatchNorms(training));
        assertTrue(e.getMessage().contains("eval()"), e.getMessage());
        Sequential transposed = new Sequential(new ConvTranspose2d(2, 2, 3), new BatchNorm2d(2));
        Module bn = transposed.get(1);
        transposed.eval();
        assertEquals(0, Fusion.foldBatchNorms(transposed));
        assertSame(bn, transposed.get(1));
    }

    /** A spectrogram batch's worth of each default ensemble member: fused, the same logits, the same state dict. */
    @Test
    void convolutionReluAndPoolingFuseIntoOneBlockThatComputesTheSame() {
        Generator g = new Generator(11);
        Module[] models = {new dev.cochlea.train.models.AudioCnn(10), new dev.cochlea.train.models.CifarQuick(1, 40, 63, 10)};
        for (Module model : models) {
            for (Module m : model.namedModules().values()) if (m instanceof BatchNormNd bn) randomize(bn, g);
            model.eval();
            Tensor x = Tensor.randn(g, 5, 1, 40, 63);
            Tensor before;
            try (NoGrad ignored = NoGrad.enter()) {
                before = model.call(x);
            }
            Fusion.foldBatchNorms(model);
            java.util.Set<String> names = model.stateDict().keySet();
            assertEquals(3, Fusion.fuseConvolutions(model), model.getClass().getSimpleName());
            assertEquals(names, model.stateDict().keySet(), "fused blocks keep the parameter names");
            long fused = model.namedModules().values().stream().filter(m -> m instanceof FusedConv2d).count();
            assertEquals(3, fused);
            Tensor after;
            try (NoGrad ignored = NoGrad.enter()) {
                after = model.call(x);
                assertClose(before, after);
                Tensor again = model.call(x);
                assertClose(after, again);
            }
            Tensor withGrad = model.call(x);   // with gradients: the layers one by one
            assertClose(before, withGrad);
            withGrad.sum().backward();
        }
    }

    @Test
    void onlyConvolutionsFollowedByATwoByTwoPoolingAreFused() {
        Sequential model = new Sequential(
                new Conv2d(8, 8, 3, Conv2d.options().padding(1)), new ReLU(),                      // no pooling
                new Conv2d(8, 8, 3, Conv2d.options().padding(1)), new MaxPool2d(3),               // 3x3 pooling
                new Conv2d(8, 8, 3, Conv2d.options().padding(1)), new Identity(), new MaxPool2d(2),  // fused, no ReLU
                new Conv2d(8, 8, 7, Conv2d.options().padding(3)), new ReLU(), new MaxPool2d(2));  // 7x7: fused, layers inside
        model.eval();
        Tensor x = Tensor.randn(new Generator(3), 2, 8, 36, 36);
        Tensor before, after;
        try (NoGrad ignored = NoGrad.enter()) {
            before = model.call(x);
            assertEquals(2, Fusion.fuseConvolutions(model));
            after = model.call(x);
        }
        assertInstanceOf(Conv2d.class, model.get(0));
        assertInstanceOf(Conv2d.class, model.get(2));
        assertInstanceOf(FusedConv2d.class, model.get(4));
        assertInstanceOf(FusedConv2d.class, model.get(7));
        assertInstanceOf(Identity.class, model.get(9));
        assertTrue(model.get(4).toString().contains("MaxPool2d(kernel_size=2, stride=2)"), model.get(4).toString());
        assertClose(before, after);
    }
}
