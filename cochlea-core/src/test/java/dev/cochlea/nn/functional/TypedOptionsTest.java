package dev.cochlea.nn.functional;

import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.CrossEntropyLoss;
import dev.cochlea.nn.GELU;
import dev.cochlea.nn.MSELoss;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed options of the functional surface ({@link ConvOptions}, {@link MaxPoolOptions},
 * {@link AvgPoolOptions}, {@link Reduction}, {@link GeluApproximation}): withers leave the value
 * they start from alone, bad values fail naming the option, the options forms compute exactly
 * what PyTorch's positional forms compute, and padding modes equal an explicit {@code F.pad}
 * followed by an unpadded convolution (PyTorch's own definition).
 */
class TypedOptionsTest {
    private static final Generator G = new Generator(17);

    @Test
    void convOptionsAreImmutableValues() {
        ConvOptions base = ConvOptions.defaults();
        ConvOptions strided = base.stride(2).padding(1);
        assertArrayEquals(new int[] {1}, base.stride());
        assertArrayEquals(new int[] {0}, base.padding());
        assertArrayEquals(new int[] {2}, strided.stride());
        assertEquals(strided, ConvOptions.defaults().padding(1).stride(2));
        assertEquals(strided.hashCode(), ConvOptions.defaults().padding(1).stride(2).hashCode());
        assertNotEquals(base, strided);
        int[] given = {3, 1};
        ConvOptions o = base.stride(given);
        given[0] = 7;
        assertArrayEquals(new int[] {3, 1}, o.stride(), "the record keeps its own copy");
        ConvOptions same = base.padding(ConvPadding.SAME);
        assertNull(same.padding());
        assertSame(ConvPadding.SAME, same.namedPadding());
        assertEquals(ConvPadding.VALID, base.padding("valid").namedPadding());
        assertNull(same.padding(2).namedPadding(), "numeric padding replaces the rule");
        assertEquals(PaddingMode.CIRCULAR, base.paddingMode("circular").paddingMode());
        assertEquals("ConvOptions[stride=[2], padding=[1], dilation=[1], groups=1, bias=true, paddingMode=zeros, outputPadding=[0]]",
                strided.toString());
    }

    @Test
    void badConvOptionsNameTheOptionAndTheValue() {
        ConvOptions d = ConvOptions.defaults();
        assertMessage(() -> d.stride(0), "stride", "[0]");
        assertMessage(() -> d.padding(-1, 2), "padding", "[-1, 2]");
        assertMessage(() -> d.dilation(new int[0]), "dilation", "none");
        assertMessage(() -> d.groups(0), "groups", "0");
        assertMessage(() -> d.padding("full"), "padding", "'full'");
        assertMessage(() -> d.paddingMode("mirror"), "padding_mode", "'mirror'");
        assertMessage(() -> d.stride(1, 1, 1).forRank("conv2d", 2, false), "conv2d: stride must have 1 or 2 entries", "[1, 1, 1]");
        assertMessage(() -> d.stride(2).padding(ConvPadding.SAME).forRank("conv1d", 1, false), "strided", "[2]");
        assertMessage(() -> d.outputPadding(1).forRank("conv2d", 2, false), "output_padding", "transposed");
        assertMessage(() -> d.padding(ConvPadding.SAME).forRank("conv_transpose1d", 1, true), "padding='same'", "transposed");
        assertMessage(() -> d.paddingMode(PaddingMode.REFLECT).forRank("conv_transpose2d", 2, true), "zeros", "'reflect'");
        assertMessage(() -> d.stride(2).outputPadding(2).forRank("conv_transpose1d", 1, true), "output_padding [2]", "stride [2]");
        assertArrayEquals(new int[] {2, 2, 2}, d.stride(2).forRank("conv3d", 3, false).stride());
    }

    @Test
    void optionsFormsEqualThePositionalForms() {
        Tensor x = Tensor.randn(G, 2, 4, 9, 8), w = Tensor.randn(G, 6, 2, 3, 2), b = Tensor.randn(G, 6);
        Tensor positional = Convolution.conv2d(x, w, b, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2);
        Tensor typed = F.conv2d(x, w, b, ConvOptions.defaults().stride(2, 1).padding(1, 0).dilation(1, 2).groups(2));
        TensorAssert.assertClose(positional, typed, 0, 0, "conv2d");
        Tensor xt = Tensor.randn(G, 1, 4, 5), wt = Tensor.randn(G, 4, 3, 3);
        TensorAssert.assertClose(Convolution.convTranspose1d(xt, wt, null, 2, 1, 1, 1, 1),
                F.convTranspose1d(xt, wt, null, ConvOptions.defaults().stride(2).padding(1).outputPadding(1)), 0, 0, "conv_transpose1d");
        Tensor p = Tensor.randn(G, 2, 3, 9, 9);
        TensorAssert.assertClose(Pooling.maxPool2d(p, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, true),
                F.maxPool2d(p, 3, MaxPoolOptions.defaults().stride(2).padding(1).ceilMode(true)), 0, 0, "max_pool2d");
        TensorAssert.assertClose(Pooling.avgPool2d(p, new int[] {3, 2}, new int[] {1}, new int[] {1}, false, false, 0),
                F.avgPool2d(p, new int[] {3, 2}, AvgPoolOptions.defaults().stride(1).padding(1).countIncludePad(false)), 0, 0, "avg_pool2d");
        Tensor q = Tensor.randn(G, 2, 3, 10);
        TensorAssert.assertClose(Pooling.avgPool1d(q, 4, 2, 1, false, true), F.avgPool1d(q, 4, AvgPoolOptions.defaults().stride(2).padding(1)),
                0, 0, "avg_pool1d");
        assertMessage(() -> F.avgPool1d(q, 2, AvgPoolOptions.defaults().divisorOverride(3)), "avg_pool1d", "divisor_override");
        assertMessage(() -> MaxPoolOptions.defaults().stride(0), "MaxPoolOptions: stride", "[0]");
        assertMessage(() -> AvgPoolOptions.defaults().divisorOverride(-1), "divisor_override", "-1");
    }

    @Test
    void paddingModesPadThenConvolveLikePyTorch() {
        Tensor w1 = Tensor.randn(G, 3, 2, 5), b1 = Tensor.randn(G, 3);
        for (PaddingMode mode : new PaddingMode[] {PaddingMode.REFLECT, PaddingMode.REPLICATE, PaddingMode.CIRCULAR}) {
            Tensor x = Tensor.randn(G, 2, 2, 11).requiresGrad(true);
            Tensor y = F.conv1d(x, w1, b1, ConvOptions.defaults().padding(2).paddingMode(mode));
            Tensor x2 = x.detach().requiresGrad(true);
            Tensor expected = F.conv1d(Tensor.pad(x2, new int[] {2, 2}, mode.torchName(), 0f), w1, b1);
            TensorAssert.assertClose(expected, y, 0, 0, "conv1d " + mode);
            Tensor g = Tensor.randn(G, y.shape());
            y.backward(g);
            expected.backward(g);
            TensorAssert.assertClose(x2.grad(), x.grad(), 0, 0, "conv1d " + mode + " grad input");
        }
        // 2-D, different padding per dim: F.pad takes the last dim first.
        Tensor x = Tensor.randn(G, 1, 2, 6, 7), w = Tensor.randn(G, 4, 2, 3, 3);
        TensorAssert.assertClose(F.conv2d(Tensor.pad(x, new int[] {2, 2, 1, 1}, "circular", 0f), w, null),
                F.conv2d(x, w, null, ConvOptions.defaults().padding(1, 2).paddingMode(PaddingMode.CIRCULAR)), 0, 0, "conv2d circular");
        // "same" with an even kernel pads one more after than before.
        Tensor we = Tensor.randn(G, 4, 2, 2, 4);
        Tensor same = F.conv2d(x, we, null, ConvOptions.defaults().padding(ConvPadding.SAME).paddingMode(PaddingMode.REPLICATE));
        assertArrayEquals(new int[] {1, 4, 6, 7}, same.shape());
        TensorAssert.assertClose(F.conv2d(Tensor.pad(x, new int[] {1, 2, 0, 1}, "replicate", 0f), we, null), same, 0, 0,
                "conv2d same replicate");
        // The layer runs the same path.
        Conv1d layer = new Conv1d(2, 3, 5, Conv1d.options().padding(2).paddingMode(PaddingMode.REFLECT));
        Tensor xl = Tensor.randn(G, 2, 2, 9);
        TensorAssert.assertClose(F.conv1d(Tensor.pad(xl, new int[] {2, 2}, "reflect", 0f), layer.weight, layer.bias),
                layer.forward(xl), 0, 0, "Conv1d reflect");
        assertEquals(PaddingMode.REFLECT, layer.paddingMode());
    }

    @Test
    void aBiasTensorWithBiasFalseIsAnError() {
        Tensor x = Tensor.randn(G, 1, 2, 5), w = Tensor.randn(G, 3, 2, 3);
        assertMessage(() -> F.conv1d(x, w, Tensor.zeros(3), ConvOptions.defaults().bias(false)), "conv1d", "bias(false)");
        assertArrayEquals(new int[] {1, 3, 3}, F.conv1d(x, w, null, ConvOptions.defaults().bias(false)).shape());
        assertNull(new Conv2d(2, 3, 3, Conv2d.options().bias(false)).bias);
    }

    @Test
    void enumsParsePyTorchsStrings() {
        assertSame(Reduction.SUM, Reduction.of("sum"));
        assertEquals("none", Reduction.NONE.torchName());
        assertMessage(() -> Reduction.of("avg"), "'mean', 'sum' or 'none'", "'avg'");
        assertSame(GeluApproximation.TANH, GeluApproximation.of("tanh"));
        assertMessage(() -> GeluApproximation.of("fast"), "approximate", "'fast'");
        assertSame(ConvPadding.SAME, ConvPadding.of("same"));
        assertSame(PaddingMode.REPLICATE, PaddingMode.of("replicate"));
        Tensor logits = Tensor.randn(G, 4, 5), labels = Tensor.ofLongs(new long[] {0, 3, 4, 1}, 4);
        TensorAssert.assertClose(F.crossEntropy(logits, labels, "sum"), F.crossEntropy(logits, labels, Reduction.SUM), 0, 0, "sum");
        assertArrayEquals(new int[] {4}, F.crossEntropy(logits, labels, Reduction.NONE).shape());
        TensorAssert.assertClose(F.gelu(logits, "tanh"), F.gelu(logits, GeluApproximation.TANH), 0, 0, "gelu tanh");
        assertMessage(() -> F.mseLoss(logits, logits, "avg"), "mseLoss", "'avg'");
        assertEquals(Reduction.NONE, new MSELoss(Reduction.NONE).reduction());
        assertEquals(Reduction.SUM, new MSELoss("sum").reduction());
        assertMessage(() -> new MSELoss("avg"), "MSELoss: reduction", "'avg'");
        assertMessage(() -> new CrossEntropyLoss(null, -100, 0, "avg"), "CrossEntropyLoss: reduction", "'avg'");
        assertEquals("GELU(approximate='tanh')", new GELU(GeluApproximation.TANH).toString());
        assertMessage(() -> new GELU("fast"), "GELU: approximate", "'fast'");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }
}
