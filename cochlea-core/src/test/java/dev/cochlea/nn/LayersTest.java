package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.ConvPadding;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.PaddingMode;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayersTest {
    @Test
    void reprsMatchPyTorch() {
        // expected strings as printed by PyTorch's repr() of the same constructors
        assertEquals("Conv1d(40, 64, kernel_size=(3,), stride=(1,), dilation=(2,))", new Conv1d(40, 64, 3, Conv1d.options().dilation(2)).toString());
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=same, bias=False)",
                new Conv2d(3, 8, 3, Conv2d.options().padding(ConvPadding.SAME).bias(false)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 5), stride=(2, 1), groups=2)",
                new Conv2d(4, 8, new int[] {3, 5}, Conv2d.options().stride(2, 1).groups(2)).toString());
        assertEquals("ConvTranspose2d(16, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
                new ConvTranspose2d(16, 8, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1)).toString());
        assertEquals("Conv1d(1, 1, kernel_size=(5,), stride=(1,), padding=(2,), padding_mode=reflect)",
                new Conv1d(1, 1, 5, Conv1d.options().padding(2).paddingMode(PaddingMode.REFLECT)).toString());
        assertEquals("Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=valid)",
                new Conv2d(2, 4, 3, Conv2d.options().padding("valid")).toString());
        assertEquals("ConvTranspose1d(4, 2, kernel_size=(3,), stride=(1,))", new ConvTranspose1d(4, 2, 3).toString());
        assertEquals("MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)", new MaxPool1d(3).toString());
        assertEquals("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0, dilation=1, ceil_mode=False)",
                new MaxPool2d(new int[] {2, 3}, MaxPool2d.options()).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)",
                new MaxPool2d(3, MaxPool2d.options().stride(1).padding(1)).toString());
        assertEquals("AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))", new AvgPool1d(2).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=(2, 2), stride=1, padding=0)",
                new AvgPool2d(new int[] {2, 2}, AvgPool2d.options().stride(1)).toString());
        assertEquals("AvgPool3d(kernel_size=2, stride=2, padding=0)", new AvgPool3d(2).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d(5, 7).toString());
        assertEquals("AdaptiveMaxPool2d(output_size=1)", new AdaptiveMaxPool2d(1).toString());
        assertEquals("AdaptiveAvgPool1d(output_size=4)", new AdaptiveAvgPool1d(4).toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).toString());
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("LogSoftmax(dim=-1)", new LogSoftmax(-1).toString());
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout(p=0.25, inplace=False)", new Dropout(0.25).toString());
        assertEquals("BatchNorm1d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm1d(64).toString());
        assertEquals("BatchNorm2d(3, eps=1e-05, momentum=None, affine=False, track_running_stats=True)",
                new BatchNorm2d(3, 1e-5, null, false, true).toString());
        assertEquals("LayerNorm((6,), eps=1e-05, elementwise_affine=True)", new LayerNorm(6).toString());
        assertEquals("LayerNorm((4, 6), eps=1e-05, elementwise_affine=False)", new LayerNorm(new int[] {4, 6}, 1e-5, false, true).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Unflatten(dim=1, unflattened_size=(2, 5))", new Unflatten(1, 2, 5).toString());
        assertEquals("Identity()", new Identity().toString());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("BCEWithLogitsLoss()", new BCEWithLogitsLoss().toString());
        assertEquals("Linear(in_features=3, out_features=2, bias=False)", new Linear(3, 2, false).toString());
    }

    @Test
    void defaultInitBoundsFollowPyTorch() {
        Linear fc = new Linear(1024, 64);
        float bound = (float) (1 / Math.sqrt(1024));
        assertTrue(maxAbs(fc.weight) <= bound && maxAbs(fc.weight) > 0.9f * bound, "weight within 1/sqrt(in)");
        assertTrue(maxAbs(fc.bias) <= bound && maxAbs(fc.bias) > 0.5f * bound, "bias within 1/sqrt(in)");
        Conv2d conv = new Conv2d(32, 64, 5, Conv2d.options().padding(2));
        float cb = (float) (1 / Math.sqrt(32 * 25));
        assertTrue(maxAbs(conv.weight) <= cb && maxAbs(conv.weight) > 0.9f * cb);
        assertTrue(maxAbs(conv.bias) <= cb);
        ConvTranspose2d up = new ConvTranspose2d(16, 8, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1));
        assertArrayEquals(new int[] {16, 8, 3, 3}, up.weight.shape());
        assertTrue(maxAbs(up.weight) <= (float) (1 / Math.sqrt(8 * 9)));
        Conv1d grouped = new Conv1d(4, 8, 3, Conv1d.options().groups(2).bias(false));
        assertArrayEquals(new int[] {8, 2, 3}, grouped.weight.shape());
        assertEquals(null, grouped.bias);
        // seeded re-initialisation is reproducible
        Linear a = new Linear(10, 5), b = new Linear(10, 5);
        a.resetParameters(new Generator(3));
        b.resetParameters(new Generator(3));
        assertArrayEquals(a.weight.toFloatArray(), b.weight.toFloatArray());
    }

    private static float maxAbs(Tensor t) {
        return t.abs().max().item();
    }

    @Test
    void shapesThroughLayers() {
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(new int[] {8, 64, 96}, new Conv1d(40, 64, 3, Conv1d.options().dilation(2)).forward(Tensor.randn(8, 40, 100)).shape());
            assertArrayEquals(new int[] {2, 4, 8, 9},
                    new Conv2d(3, 4, new int[] {3, 4}, Conv2d.options().padding(ConvPadding.SAME).dilation(2, 1)).forward(Tensor.randn(2, 3, 8, 9)).shape());
            assertArrayEquals(new int[] {1, 4, 5, 6, 7}, new Conv3d(2, 4, 3, Conv3d.options().padding(1)).forward(Tensor.randn(1, 2, 5, 6, 7)).shape());
            assertArrayEquals(new int[] {2, 8, 20, 20}, new ConvTranspose2d(16, 8, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1)).forward(Tensor.randn(2, 16, 10, 10)).shape());
            assertArrayEquals(new int[] {2, 2, 7}, new ConvTranspose1d(4, 2, 3).forward(Tensor.randn(2, 4, 5)).shape());
            assertArrayEquals(new int[] {2, 3, 5}, new MaxPool1d(2).forward(Tensor.randn(2, 3, 11)).shape());
            assertArrayEquals(new int[] {2, 3, 4, 4}, new MaxPool2d(2).forward(Tensor.randn(2, 3, 8, 9)).shape());
            assertArrayEquals(new int[] {1, 2, 2, 2, 2}, new MaxPool3d(2).forward(Tensor.randn(1, 2, 4, 4, 5)).shape());
            assertArrayEquals(new int[] {2, 3, 5}, new AvgPool1d(2).forward(Tensor.randn(2, 3, 10)).shape());
            assertArrayEquals(new int[] {2, 3, 4, 4}, new AvgPool2d(2).forward(Tensor.randn(2, 3, 8, 8)).shape());
            assertArrayEquals(new int[] {1, 2, 2, 2, 2}, new AvgPool3d(2).forward(Tensor.randn(1, 2, 4, 4, 4)).shape());
            assertArrayEquals(new int[] {2, 3, 1}, new AdaptiveAvgPool1d(1).forward(Tensor.randn(2, 3, 7)).shape());
            assertArrayEquals(new int[] {2, 3, 5, 7}, new AdaptiveAvgPool2d(5, 7).forward(Tensor.randn(2, 3, 13, 17)).shape());
            assertArrayEquals(new int[] {2, 3, 1, 1}, new AdaptiveMaxPool2d(1).forward(Tensor.randn(2, 3, 13, 17)).shape());
            assertArrayEquals(new int[] {4, 60}, new Flatten().forward(Tensor.zeros(4, 3, 4, 5)).shape());
            assertArrayEquals(new int[] {4, 3, 20}, new Flatten(2, 3).forward(Tensor.zeros(4, 3, 4, 5)).shape());
            assertArrayEquals(new int[] {8, 64, 4, 4}, new Unflatten(1, 64, 4, 4).forward(Tensor.zeros(8, 1024)).shape());
            Tensor x = Tensor.randn(3, 4);
            assertSame(x, new Identity().forward(x));
        }
    }

    @Test
    void anErrorNamesTheInnermostLayerOnce() {
        Sequential net = new Sequential(new Linear(4, 6), new ReLU(), new Linear(5, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.call(Tensor.zeros(2, 4)));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Linear(in_features=5, out_features=2, bias=True): "), msg);
        assertTrue(!msg.contains("Sequential") && msg.indexOf("Linear(") == msg.lastIndexOf("Linear("), msg);
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> new Softmax(3).call(Tensor.zeros(2, 4)));
        assertTrue(dim.getMessage().startsWith("Softmax(dim=3): "), dim.getMessage());
    }

    @Test
    void tooSmallInputNamesTheLayerAndShapes() {
        Conv2d conv = new Conv2d(3, 8, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.call(Tensor.zeros(1, 3, 3, 3)));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Conv2d(3, 8, kernel_size=(5, 5), stride=(1, 1)): "), msg);
        assertTrue(msg.contains("[1, 3, 3, 3]"), msg);
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(4).call(Tensor.zeros(1, 1, 2, 2)));
        assertTrue(p.getMessage().startsWith("MaxPool2d(kernel_size=4"), p.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> new Linear(1024, 64).call(Tensor.zeros(2, 1000)));
        assertTrue(l.getMessage().startsWith("Linear(in_features=1024, out_features=64, bias=True): "), l.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3).call(Tensor.zeros(1, 4, 8, 8)));
        assertTrue(c.getMessage().startsWith("Conv2d(3, 8"), c.getMessage());
    }

    @Test
    void constructorsValidateArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, Conv2d.options().stride(2).padding(ConvPadding.SAME)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, Conv2d.options().groups(2)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 8, new int[] {3, 3, 3}, Conv2d.options()));
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(4, 8, 3, ConvTranspose2d.options().paddingMode("reflect")));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 8, 3, Conv2d.options().outputPadding(1)));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2, AvgPool1d.options().divisorOverride(2)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
        assertThrows(IllegalArgumentException.class, () -> new MSELoss("avg"));
    }

    @Test
    void activationsComputeTheRightValues() {
        Tensor x = Tensor.tensor(-2f, 0f, 3f);
        assertArrayEquals(new float[] {0f, 0f, 3f}, new ReLU().forward(x).toFloatArray());
        assertArrayEquals(new float[] {-0.02f, 0f, 3f}, new LeakyReLU().forward(x).toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {(float) Math.expm1(-2), 0f, 3f}, new ELU().forward(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.tanh(-2), 0f, (float) Math.tanh(3)}, new Tanh().forward(x).toFloatArray(), 1e-6f);
        assertEquals(0.5f, new Sigmoid().forward(Tensor.tensor(0f)).item(), 1e-7f);
        assertEquals(0.8413447f, new GELU().forward(Tensor.tensor(1f)).item(), 1e-5f);
        Tensor logits = Tensor.randn(4, 5);
        Tensor sm = new Softmax(1).forward(logits);
        TensorAssert.assertClose(Tensor.ones(4), sm.sum(1), "softmax rows");
        TensorAssert.assertClose(sm.log(), new LogSoftmax(1).forward(logits), "log softmax");
    }

    @Test
    void dropoutIsActiveOnlyInTraining() {
        Dropout drop = new Dropout(0.5).generator(new Generator(1));
        Tensor y = drop.forward(Tensor.ones(100, 100));
        float[] v = y.toFloatArray();
        int zeros = 0;
        for (float f : v) {
            assertTrue(f == 0f || f == 2f, "dropped or scaled by 1/(1-p)");
            if (f == 0f) zeros++;
        }
        assertTrue(zeros > 4500 && zeros < 5500, "about half dropped: " + zeros);
        drop.eval();
        Tensor x = Tensor.ones(10, 10);
        assertSame(x, drop.forward(x));
        drop.train();
        assertTrue(new Sequential(drop).forward(Tensor.ones(1000)).eq(0f).sum().item() > 0);
    }

    @Test
    void lossModulesAgreeWithFunctionalForms() {
        Tensor logits = Tensor.randn(6, 4);
        Tensor labels = Tensor.ofLongs(new long[] {0, 1, 2, 3, -100, 1}, 6);
        Tensor w = Tensor.tensor(1f, 2f, 0.5f, 1f);
        TensorAssert.assertClose(F.crossEntropy(logits, labels, w, -100, 0.1f, "mean"),
                new CrossEntropyLoss(w, -100, 0.1, "mean").forward(logits, labels), "cross entropy");
        Tensor logp = new LogSoftmax(1).forward(logits);
        TensorAssert.assertClose(F.nllLoss(logp, labels, null, -100, "sum"), new NLLLoss(null, -100, "sum").forward(logp, labels), "nll");
        Tensor a = Tensor.randn(3, 4), b = Tensor.randn(3, 4);
        TensorAssert.assertClose(a.sub(b).square().mean(), new MSELoss().forward(a, b), "mse");
        TensorAssert.assertClose(a.sub(b).abs(), new L1Loss("none").forward(a, b), "l1");
        Tensor t = Tensor.rand(3, 4).gt(0.5f).toFloat();
        TensorAssert.assertClose(F.bceLoss(a.sigmoid(), t, null, "mean"), new BCELoss().forward(a.sigmoid(), t), "bce");
        TensorAssert.assertClose(new BCELoss().forward(a.sigmoid(), t), new BCEWithLogitsLoss().forward(a, t), 1e-4, 1e-5, "bce with logits");
        assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(a));
        assertEquals(0.0f, new MSELoss().forward(new Tensor[] {a, a}).item());
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(new CrossEntropyLoss(w, -100, 0, "mean").stateDict().keySet()));
        assertTrue(new CrossEntropyLoss().stateDict().isEmpty());
    }
}
