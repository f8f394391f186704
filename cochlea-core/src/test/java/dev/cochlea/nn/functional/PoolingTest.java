package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;
import dev.cochlea.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.cochlea.nn.functional.ConvolutionTest.assertClose;
import static dev.cochlea.nn.functional.ConvolutionTest.check;
import static dev.cochlea.nn.functional.ConvolutionTest.gradCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pooling against PyTorch (reference/make_golden.py: F.max_pool1d/2d, F.avg_pool1d/2d and
 * F.adaptive_avg_pool2d with the parameters each case names; each golden test is named after its
 * case and call, e.g. {@code max_pool2d_ceil: F.max_pool2d(input, kernel_size=[2, 2], ...,
 * ceil_mode=True)}), hand-computed PyTorch semantics (ceil mode, padding, divisors, NaN, adaptive
 * windows) and finite differences.
 */
class PoolingTest {
    private static final Generator G = new Generator(5);
    private static final Set<String> OPS = Set.of("max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d",
            "adaptive_avg_pool2d");

    @TestFactory
    List<DynamicTest> goldenCases() {
        Golden nn = Golden.nn();
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : nn.cases()) {
            if (OPS.contains(c.op())) tests.add(DynamicTest.dynamicTest(c.label(), () -> runGolden(c)));
        }
        assertTrue(tests.size() >= 9, "expected the pooling cases of nn.json, found " + tests.size());
        return tests;
    }

    private static void runGolden(Golden.Case c) {
        Tensor x = c.input("input").requiresGrad(true);
        Tensor y = switch (c.op()) {
            case "max_pool1d" -> Pooling.maxPool1d(x, c.intParam("kernel_size"), c.intParam("stride"), c.intParam("padding"),
                    c.intParam("dilation"), c.boolParam("ceil_mode"));
            case "max_pool2d" -> Pooling.maxPool2d(x, c.intsParam("kernel_size"), c.intsParam("stride"), c.intsParam("padding"),
                    c.intsParam("dilation"), c.boolParam("ceil_mode"));
            case "avg_pool1d" -> Pooling.avgPool1d(x, c.intParam("kernel_size"), c.intParam("stride"), c.intParam("padding"),
                    c.boolParam("ceil_mode"), c.boolParam("count_include_pad"));
            case "avg_pool2d" -> Pooling.avgPool2d(x, c.intsParam("kernel_size"), c.intsParam("stride"), c.intsParam("padding"),
                    c.boolParam("ceil_mode"), c.boolParam("count_include_pad"), 0);
            case "adaptive_avg_pool2d" -> Pooling.adaptiveAvgPool2d(x, c.intsParam("output_size"));
            default -> throw new IllegalStateException(c.op());
        };
        check(c.name(), "output", c.output(), y);
        y.backward(c.gradOutput());
        check(c.name(), "grad input", c.grad("input"), x.grad());
    }

    // ------------------------------------------------------------------ PyTorch semantics by hand

    @Test
    void maxPoolWithDilationPaddingAndIndices() {
        Tensor x = Tensor.arange(10).reshape(1, 1, 10);
        ValuesIndices vi = Pooling.maxPool1dWithIndices(x, 3, 1, 0, 2, false); // windows i, i+2, i+4
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9}, vi.values().toFloatArray());
        assertArrayEquals(new long[] {4, 5, 6, 7, 8, 9}, vi.indices().toLongArray());
        // Padding is -inf, not zero: an all-negative input keeps its own maxima.
        Tensor neg = Tensor.of(new float[] {-3, -1, -2, -5}, 1, 4);
        assertArrayEquals(new float[] {-3, -1, -5}, Pooling.maxPool1d(neg, 2, 2, 1, 1, false).toFloatArray());
        // NaN wins its window; ties keep the first position.
        Tensor nan = Tensor.of(new float[] {1, Float.NaN, 2, 2, 7, 7}, 1, 1, 6);
        ValuesIndices n = Pooling.maxPool1dWithIndices(nan, 2, 2, 0, 1, false);
        assertTrue(Float.isNaN(n.values().get(0, 0, 0)));
        assertArrayEquals(new long[] {1, 2, 4}, n.indices().toLongArray());
        // 2-D indices are flat positions in each H*W plane; values equal the input gathered there.
        Tensor x2 = Tensor.randn(G, 2, 3, 7, 6);
        ValuesIndices v2 = Pooling.maxPool2dWithIndices(x2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, true);
        assertArrayEquals(new int[] {2, 3, 4, 4}, v2.values().shape());
        assertClose(x2.flatten(2).gather(2, v2.indices().flatten(2)).reshape(2, 3, 4, 4), v2.values(), "gather by indices");
    }

    @Test
    void ceilModeAndAverageDivisors() {
        Tensor ones6 = Tensor.ones(1, 1, 6);
        // k2 s2 p1 ceil on 6: 4 windows [-1,1) [1,3) [3,5) [5,7): the edge ones cover one input and one pad.
        assertArrayEquals(new float[] {0.5f, 1, 1, 0.5f}, Pooling.avgPool1d(ones6, 2, 2, 1, true, true).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, Pooling.avgPool1d(ones6, 2, 2, 1, true, false).toFloatArray());
        // On 5 the ceil window [5,7) would start beyond input + left padding: dropped.
        assertEquals(3, Pooling.avgPool1d(Tensor.ones(1, 1, 5), 2, 2, 1, true, true).size(2));
        assertEquals(3, Pooling.outputSize(5, 2, 2, 1, 1, true));
        assertEquals(4, Pooling.outputSize(6, 2, 2, 1, 1, true));
        assertEquals(4, Pooling.outputSize(7, 2, 2, 0, 1, true));
        assertEquals(3, Pooling.outputSize(7, 2, 2, 0, 1, false));
        // k3 s2 p1 ceil on 4: the last window [3,6) is clipped to the padded input [3,5): divisor 2.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4);
        assertArrayEquals(new float[] {3f / 3, 9f / 3, 4f / 2}, Pooling.avgPool1d(x, 3, 2, 1, true, true).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3f / 2, 9f / 3, 4f / 1}, Pooling.avgPool1d(x, 3, 2, 1, true, false).toFloatArray(), 1e-6f);
        // Without padding, ceil mode's partial last window counts only real elements.
        Tensor x5 = Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5);
        assertArrayEquals(new float[] {1.5f, 3.5f, 5f}, Pooling.avgPool1d(x5, 2, 2, 0, true, true).toFloatArray(), 1e-6f);
        // divisor_override divides every window by the same number.
        Tensor d = Pooling.avgPool2d(Tensor.ones(1, 1, 4, 4), new int[] {2}, null, new int[] {1}, false, true, 3);
        assertArrayEquals(new int[] {1, 1, 3, 3}, d.shape());
        assertEquals(1f / 3, d.get(0, 0, 0, 0), 1e-6f);
        assertEquals(4f / 3, d.get(0, 0, 1, 1), 1e-6f);
        // Max pool ceil mode: partial windows at the end.
        Tensor m = Pooling.maxPool2d(Tensor.arange(15).reshape(1, 3, 5), new int[] {2}, null, new int[] {0}, new int[] {1}, true);
        assertArrayEquals(new int[] {1, 2, 3}, m.shape());
        assertArrayEquals(new float[] {6, 8, 9, 11, 13, 14}, m.toFloatArray());
    }

    @Test
    void adaptiveWindowsOverlapLikePyTorch() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5);
        // windows [floor(i*5/3), ceil((i+1)*5/3)): [0,2) [1,4) [3,5)
        assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, Pooling.adaptiveAvgPool1d(x, 3).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {2, 4, 5}, Pooling.adaptiveMaxPool1d(x, 3).toFloatArray());
        Tensor img = Tensor.randn(G, 2, 3, 7, 9);
        assertClose(img.mean(new int[] {2, 3}, true), Pooling.adaptiveAvgPool2d(img, 1), "global average");
        Tensor mx = Pooling.adaptiveMaxPool2d(img, 1, 1);
        assertClose(img.flatten(2).max(2, true).values().unsqueeze(3), mx, "global max");
        ValuesIndices vi = Pooling.adaptiveMaxPool2dWithIndices(img, 3, 4);
        assertClose(img.flatten(2).gather(2, vi.indices().flatten(2)).reshape(2, 3, 3, 4), vi.values(), "adaptive indices");
        assertArrayEquals(new int[] {3, 2, 2, 2}, Pooling.adaptiveAvgPool3d(Tensor.randn(G, 3, 4, 5, 6), 2).shape());
        // Upsampling (output larger than input) repeats elements.
        assertArrayEquals(new float[] {1, 1, 2, 2}, Pooling.adaptiveAvgPool1d(Tensor.of(new float[] {1, 2}, 1, 2), 4)
                .toFloatArray());
    }

    @Test
    void pool3dAndUnbatched() {
        Tensor x = Tensor.randn(G, 2, 4, 4, 6);
        Tensor y = Pooling.maxPool3d(x, 2);
        assertArrayEquals(new int[] {2, 2, 2, 3}, y.shape());
        float best = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 2; c++) best = Math.max(best, x.get(1, a, b, c));
        assertEquals(best, y.get(1, 0, 0, 0), 0f);
        Tensor a = Pooling.avgPool3d(x, 2);
        assertEquals(x.narrow(1, 0, 2).narrow(2, 2, 2).narrow(3, 4, 2).select(0, 0).mean().item(), a.get(0, 0, 1, 2), 1e-5f);
        Tensor u = Tensor.randn(G, 3, 8, 8);
        assertClose(Pooling.maxPool2d(u.unsqueeze(0), 2).squeeze(0), Pooling.maxPool2d(u, 2), "unbatched");
    }

    @TestFactory
    List<DynamicTest> finiteDifferences() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(gradCheck("max_pool1d pad dil ceil", in -> Pooling.maxPool1d(in[0], 3, 2, 1, 2, true), distinct(2, 3, 13)));
        t.add(gradCheck("max_pool2d overlapping", in -> Pooling.maxPool2d(in[0], new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, false), distinct(2, 2, 7, 6)));
        t.add(gradCheck("max_pool3d", in -> Pooling.maxPool3d(in[0], new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1},
                false), distinct(1, 2, 3, 4, 3)));
        t.add(gradCheck("avg_pool1d ceil incl", in -> Pooling.avgPool1d(in[0], 3, 2, 1, true, true), leaf(2, 2, 8)));
        t.add(gradCheck("avg_pool2d excl", in -> Pooling.avgPool2d(in[0], new int[] {3, 2}, new int[] {2, 1},
                new int[] {1, 1}, true, false, 0), leaf(2, 2, 7, 6)));
        t.add(gradCheck("avg_pool2d divisor", in -> Pooling.avgPool2d(in[0], new int[] {2}, null, new int[] {0}, false, true, 3),
                leaf(1, 2, 4, 6)));
        t.add(gradCheck("avg_pool3d", in -> Pooling.avgPool3d(in[0], new int[] {2}, new int[] {1}, new int[] {1}, false, true, 0),
                leaf(1, 1, 3, 3, 4)));
        t.add(gradCheck("adaptive_avg_pool1d", in -> Pooling.adaptiveAvgPool1d(in[0], 3), leaf(2, 3, 7)));
        t.add(gradCheck("adaptive_avg_pool2d", in -> Pooling.adaptiveAvgPool2d(in[0], 3, 4), leaf(2, 2, 7, 9)));
        t.add(gradCheck("adaptive_max_pool2d", in -> Pooling.adaptiveMaxPool2d(in[0], 2, 3), distinct(2, 2, 5, 7)));
        return t;
    }

    @Test
    void errorsNameTheOpAndTheShapes() {
        Tensor x = Tensor.randn(G, 1, 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(x, 5));
        assertEquals("max_pool2d: input [1, 3, 4, 4] with kernel [5, 5], padding [0, 0], dilation [1, 1], stride [5, 5] "
                + "gives output size [0, 0]; the input is too small", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool2d(x, new int[] {3}, null, new int[] {2},
                false, true, 0));
        assertTrue(e.getMessage().startsWith("avg_pool2d: padding [2, 2]") && e.getMessage().contains("half"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool1d(x, 2));
        assertTrue(e.getMessage().contains("max_pool1d") && e.getMessage().contains("[1, 3, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(Tensor.zeros(2, 0, 4, 4), 2));
        assertTrue(e.getMessage().contains("[2, 0, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pooling.adaptiveAvgPool2d(x, 1, 2, 3));
        assertTrue(e.getMessage().contains("output_size"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor leaf(int... shape) {
        return Tensor.randn(G, shape).requiresGrad(true);
    }

    /** Values 0.05 apart in random order, so finite differences never flip a maximum. */
    private static Tensor distinct(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.05f * (i - n / 2f);
        for (int i = n - 1; i > 0; i--) {
            int j = G.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }
}
