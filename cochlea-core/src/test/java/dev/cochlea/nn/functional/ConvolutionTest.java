package dev.cochlea.nn.functional;

import dev.cochlea.autograd.GradCheck;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolution and transposed convolution against PyTorch (reference/make_golden.py: F.conv1d,
 * F.conv2d, F.conv3d, F.conv_transpose1d/2d with the parameters each case names; each golden test
 * is named after its case and call, e.g. {@code conv2d_asym: F.conv2d(input, weight, bias,
 * stride=[2, 1], padding=[0, 2], dilation=[1, 2], groups=1)}), against a direct (naive)
 * implementation, and against finite differences.
 */
class ConvolutionTest {
    private static final Generator G = new Generator(11);
    private static final Set<String> OPS = Set.of("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d");

    // ------------------------------------------------------------------ PyTorch parity

    @TestFactory
    List<DynamicTest> goldenCases() {
        Golden nn = Golden.nn();
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : nn.cases()) {
            if (OPS.contains(c.op())) tests.add(DynamicTest.dynamicTest(c.label(), () -> runGolden(c)));
        }
        assertTrue(tests.size() >= 12, "expected the conv cases of nn.json, found " + tests.size());
        return tests;
    }

    private static void runGolden(Golden.Case c) {
        Tensor x = c.input("input").requiresGrad(true);
        Tensor w = c.input("weight").requiresGrad(true);
        Tensor b = c.input("bias").requiresGrad(true);
        int[] stride = c.intsParam("stride");
        int[] dilation = c.intsParam("dilation");
        int groups = c.intParam("groups");
        Tensor y;
        switch (c.op()) {
            case "conv1d", "conv2d", "conv3d" -> {
                int rank = c.op().charAt(4) - '0';
                if (c.param("padding").isTextual()) {
                    String pad = c.stringParam("padding");
                    y = switch (rank) {
                        case 1 -> Convolution.conv1d(x, w, b, stride, pad, dilation, groups);
                        case 2 -> Convolution.conv2d(x, w, b, stride, pad, dilation, groups);
                        default -> Convolution.conv3d(x, w, b, stride, pad, dilation, groups);
                    };
                } else {
                    int[] pad = c.intsParam("padding");
                    y = switch (rank) {
                        case 1 -> Convolution.conv1d(x, w, b, stride, pad, dilation, groups);
                        case 2 -> Convolution.conv2d(x, w, b, stride, pad, dilation, groups);
                        default -> Convolution.conv3d(x, w, b, stride, pad, dilation, groups);
                    };
                }
            }
            case "conv_transpose1d" -> y = Convolution.convTranspose1d(x, w, b, stride[0], c.intsParam("padding")[0],
                    c.intsParam("output_padding")[0], groups, dilation[0]);
            case "conv_transpose2d" -> y = Convolution.convTranspose2d(x, w, b, stride, c.intsParam("padding"),
                    c.intsParam("output_padding"), groups, dilation);
            default -> throw new IllegalStateException(c.op());
        }
        check(c.name(), "output", c.output(), y);
        y.backward(c.gradOutput());
        check(c.name(), "grad input", c.grad("input"), x.grad());
        // The weight and bias gradients sum N·H·W products: PyTorch's float32 result is itself off
        // by a few 1e-6 of the largest gradient (conv2d_cifar_5x5_p2: 4e-5 on values up to ~60),
        // so they get an absolute tolerance relative to that; the exact (double) weight gradient
        // is checked at the single-op tolerance below.
        checkReduced(c.name(), "grad weight", c.grad("weight"), w.grad());
        checkReduced(c.name(), "grad bias", c.grad("bias"), b.grad());
        if (c.op().startsWith("conv") && !c.op().startsWith("conv_transpose")) {
            int rank = c.op().charAt(4) - '0';
            int[] pb = new int[rank], pa = new int[rank];
            if (c.param("padding").isTextual()) {
                for (int i = 0; i < rank; i++) {
                    int total = Convolution.perDim("t", "d", dilation, rank)[i] * (w.size(2 + i) - 1);
                    pb[i] = total / 2;
                    pa[i] = total - pb[i];
                }
            } else {
                pb = Convolution.perDim("t", "p", c.intsParam("padding"), rank);
                pa = pb;
            }
            Tensor exact = naiveWeightGrad(c.input("input"), c.gradOutput(), w.shape(),
                    Convolution.perDim("t", "s", stride, rank), pb, Convolution.perDim("t", "d", dilation, rank), groups);
            check(c.name(), "grad weight vs exact", exact, w.grad());
        }
    }

    private static void checkReduced(String name, String what, Tensor expected, Tensor actual) {
        float max = 0;
        for (float v : expected.toFloatArray()) max = Math.max(max, Math.abs(v));
        TensorAssert.assertClose(expected, actual, 1e-4, Math.max(1e-5, 1e-5 * max), name + " " + what);
        report(name, what, expected, actual);
    }

    /** Asserts closeness (1e-4 relative, 1e-5 absolute) and prints the worst errors for the record. */
    static void check(String name, String what, Tensor expected, Tensor actual) {
        TensorAssert.assertClose(expected, actual, 1e-4, 1e-5, name + " " + what);
        report(name, what, expected, actual);
    }

    private static void report(String name, String what, Tensor expected, Tensor actual) {
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        double abs = 0, rel = 0;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - a[i]);
            abs = Math.max(abs, d);
            rel = Math.max(rel, d / Math.max(Math.abs(e[i]), 1e-3));
        }
        System.out.printf("golden %-24s %-12s max abs err %.2e, max rel err %.2e%n", name, what, abs, rel);
    }

    // ------------------------------------------------------------------ the course's 5x5 example

    @Test
    void tutorialFiveByFiveWithTwoByTwoKernel() {
        Tensor x = Tensor.arange(25).reshape(1, 1, 5, 5);
        Tensor w = Tensor.ones(1, 1, 2, 2);
        Tensor y = Convolution.conv2d(x, w, null);
        assertArrayEquals(new int[] {1, 1, 4, 4}, y.shape());
        // Each output sums a 2x2 window: x[i][j] + x[i][j+1] + x[i+1][j] + x[i+1][j+1] = 4*(5i+j) + 12.
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) assertEquals(4 * (5 * i + j) + 12, y.get(0, 0, i, j), 0f);
        }
        // Output sizes as padding, stride and dilation change: floor((5 + 2p - d(2-1) - 1)/s) + 1.
        int[][] cases = { // padding, stride, dilation, expected size
            {0, 1, 1, 4}, {1, 1, 1, 6}, {2, 1, 1, 8}, {0, 2, 1, 2}, {1, 2, 1, 3}, {0, 3, 1, 2},
            {0, 1, 2, 3}, {1, 1, 2, 5}, {0, 2, 2, 2}, {1, 3, 3, 2}, {0, 1, 4, 1},
        };
        for (int[] c : cases) {
            Tensor out = Convolution.conv2d(x, w, null, new int[] {c[1]}, new int[] {c[0]}, new int[] {c[2]}, 1);
            assertArrayEquals(new int[] {1, 1, c[3], c[3]}, out.shape(), "padding " + c[0] + " stride " + c[1] + " dilation " + c[2]);
            assertEquals(c[3], Convolution.outputSize(5, 2, c[1], c[0], c[2]));
            assertClose(naive(x, w, null, new int[] {c[1], c[1]}, new int[] {c[0], c[0]}, new int[] {c[0], c[0]},
                    new int[] {c[2], c[2]}, 1), out, "5x5 " + Arrays.toString(c));
        }
        // Padding pads with zeros: the corner of padding 1 sees only x[0][0].
        Tensor padded = Convolution.conv2d(x, w, null, 1, 1);
        assertEquals(0f, padded.get(0, 0, 0, 0), 0f);
        assertEquals(24f, padded.get(0, 0, 5, 5), 0f);
    }

    // ------------------------------------------------------------------ against a direct implementation

    @TestFactory
    List<DynamicTest> matchesDirectConvolution() {
        List<DynamicTest> t = new ArrayList<>();
        // name, input shape, weight shape, stride, padding, dilation, groups
        Object[][] cases = {
            {"1d basic", new int[] {3, 4, 30}, new int[] {6, 4, 5}, new int[] {1}, new int[] {0}, new int[] {1}, 1},
            {"1d stride dil", new int[] {2, 4, 31}, new int[] {6, 2, 3}, new int[] {3}, new int[] {2}, new int[] {2}, 2},
            {"2d asym", new int[] {3, 3, 11, 13}, new int[] {5, 3, 3, 4}, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 1},
            {"2d 1x1", new int[] {2, 8, 7, 9}, new int[] {4, 8, 1, 1}, new int[] {1}, new int[] {0}, new int[] {1}, 1},
            {"2d 1x1 grouped", new int[] {5, 8, 7, 9}, new int[] {4, 4, 1, 1}, new int[] {1}, new int[] {0}, new int[] {1}, 2},
            {"2d depthwise", new int[] {2, 6, 9, 9}, new int[] {6, 1, 3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 6},
            {"2d big batch (threads, grouped items)", new int[] {9, 16, 12, 12}, new int[] {32, 16, 3, 3}, new int[] {1},
                new int[] {1}, new int[] {1}, 1},
            {"2d cifar-like", new int[] {4, 8, 32, 32}, new int[] {16, 8, 5, 5}, new int[] {1}, new int[] {2}, new int[] {1}, 1},
            {"2d stride 4", new int[] {2, 3, 17, 17}, new int[] {4, 3, 5, 5}, new int[] {4}, new int[] {2}, new int[] {1}, 1},
            {"2d long rows (im2row weight gradient)", new int[] {3, 12, 9, 10}, new int[] {8, 12, 5, 5}, new int[] {2, 1},
                new int[] {2, 1}, new int[] {1}, 1},
            {"2d long rows dilated grouped", new int[] {4, 24, 9, 11}, new int[] {8, 12, 3, 3}, new int[] {1},
                new int[] {2}, new int[] {2, 3}, 2},
            {"2d long rows threaded", new int[] {6, 32, 10, 10}, new int[] {16, 32, 3, 3}, new int[] {1}, new int[] {1},
                new int[] {1}, 1},
            {"2d large image (column matrix in slices)", new int[] {1, 16, 64, 64}, new int[] {8, 16, 3, 3}, new int[] {1},
                new int[] {1}, new int[] {1}, 1},
            {"2d large image, few channels (col2im in slices)", new int[] {1, 4, 128, 96}, new int[] {32, 4, 3, 3},
                new int[] {1}, new int[] {1}, new int[] {1}, 1},
            {"1d long rows", new int[] {5, 64, 30}, new int[] {16, 64, 5}, new int[] {1}, new int[] {2}, new int[] {2}, 1},
            {"3d long rows", new int[] {2, 16, 4, 5, 6}, new int[] {4, 16, 2, 3, 3}, new int[] {1, 2, 1}, new int[] {1},
                new int[] {1}, 1},
            {"3d", new int[] {2, 2, 5, 6, 7}, new int[] {4, 1, 2, 3, 3}, new int[] {1, 2, 1}, new int[] {1, 0, 1},
                new int[] {2, 1, 1}, 2},
        };
        for (Object[] c : cases) {
            t.add(DynamicTest.dynamicTest((String) c[0], () -> {
                int[] xs = (int[]) c[1], ws = (int[]) c[2];
                int rank = xs.length - 2;
                Tensor x = Tensor.randn(G, xs), w = Tensor.randn(G, ws), b = Tensor.randn(G, ws[0]);
                int[] s = Convolution.perDim("t", "s", (int[]) c[3], rank), p = Convolution.perDim("t", "p", (int[]) c[4], rank);
                int[] d = Convolution.perDim("t", "d", (int[]) c[5], rank);
                int groups = (Integer) c[6];
                Tensor y = conv(rank, x, w, b, s, p, d, groups);
                assertClose(naive(x, w, b, s, p, p, d, groups), y, (String) c[0]);
                batchGradientsMatchPerItem(rank, x, w, b, s, p, d, groups);
            }));
        }
        return t;
    }

    /** The batched backward (threads, several items per product) equals the sum of single-item backwards. */
    private static void batchGradientsMatchPerItem(int rank, Tensor x0, Tensor w0, Tensor b0, int[] s, int[] p, int[] d,
                                                   int groups) {
        Tensor x = x0.copy().requiresGrad(true), w = w0.copy().requiresGrad(true), b = b0.copy().requiresGrad(true);
        Tensor y = conv(rank, x, w, b, s, p, d, groups);
        Tensor g = Tensor.randn(G, y.shape());
        y.backward(g);
        int n = x0.size(0);
        float[] gw = new float[w0.numel()], gb = new float[b0.numel()];
        List<Tensor> gxs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Tensor xi = x0.narrow(0, i, 1).contiguous().requiresGrad(true);
            Tensor wi = w0.copy().requiresGrad(true), bi = b0.copy().requiresGrad(true);
            Tensor yi = conv(rank, xi, wi, bi, s, p, d, groups);
            yi.backward(g.narrow(0, i, 1).contiguous());
            gxs.add(xi.grad());
            float[] a = wi.grad().toFloatArray();
            for (int j = 0; j < a.length; j++) gw[j] += a[j];
            a = bi.grad().toFloatArray();
            for (int j = 0; j < a.length; j++) gb[j] += a[j];
        }
        // A float32 sum over N·H·W products: tolerance relative to the largest gradient as well.
        Tensor exact = naiveWeightGrad(x0, g, w0.shape(), s, p, d, groups);
        float max = 0;
        for (float v : exact.toFloatArray()) max = Math.max(max, Math.abs(v));
        TensorAssert.assertClose(exact, w.grad(), 1e-4, 1e-4 + 1e-5 * max, "grad weight vs direct");
        int[] op = new int[rank];
        for (int i = 0; i < rank; i++) {
            op[i] = x0.size(2 + i) - ((g.size(2 + i) - 1) * s[i] - 2 * p[i] + d[i] * (w0.size(2 + i) - 1) + 1);
        }
        assertClose(naiveTranspose(g, w0, null, s, p, op, d, groups), x.grad(), "grad input vs direct");
        assertClose(Tensor.cat(gxs, 0), x.grad(), "grad input batched vs per item");
        assertClose(Tensor.wrap(gw, w0.shape()), w.grad(), "grad weight batched vs per item");
        assertClose(Tensor.wrap(gb, b0.shape()), b.grad(), "grad bias batched vs per item");
    }

    @Test
    void transposedMatchesDirectScatter() {
        Object[][] cases = { // input, weight, stride, padding, output padding, dilation, groups
            {new int[] {2, 4, 6}, new int[] {4, 3, 4}, new int[] {3}, new int[] {1}, new int[] {2}, new int[] {1}, 1},
            {new int[] {2, 4, 5, 6}, new int[] {4, 2, 3, 3}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 0},
                new int[] {1, 2}, 2},
            {new int[] {9, 8, 7, 7}, new int[] {8, 16, 3, 3}, new int[] {2}, new int[] {1}, new int[] {1}, new int[] {1}, 1},
            {new int[] {1, 2, 3, 4, 3}, new int[] {2, 3, 2, 2, 3}, new int[] {2}, new int[] {0}, new int[] {0}, new int[] {1}, 1},
            // stride 1 with many output channels: runs as a convolution with the flipped kernel
            {new int[] {3, 8, 5, 6}, new int[] {8, 16, 3, 3}, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {1}, 1},
            {new int[] {2, 8, 7}, new int[] {8, 12, 4}, new int[] {1}, new int[] {2}, new int[] {0}, new int[] {2}, 2},
        };
        for (Object[] c : cases) {
            int[] xs = (int[]) c[0], ws = (int[]) c[1];
            int rank = xs.length - 2;
            int[] s = Convolution.perDim("t", "s", (int[]) c[2], rank), p = Convolution.perDim("t", "p", (int[]) c[3], rank);
            int[] op = Convolution.perDim("t", "op", (int[]) c[4], rank), d = Convolution.perDim("t", "d", (int[]) c[5], rank);
            int groups = (Integer) c[6];
            Tensor x = Tensor.randn(G, xs), w = Tensor.randn(G, ws), b = Tensor.randn(G, ws[1] * groups);
            Tensor y = convT(rank, x, w, b, s, p, op, d, groups);
            assertClose(naiveTranspose(x, w, b, s, p, op, d, groups), y, "transposed " + Arrays.toString(xs));
        }
    }

    // ------------------------------------------------------------------ finite differences

    @TestFactory
    List<DynamicTest> finiteDifferences() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(gradCheck("conv1d stride dilation", in -> Convolution.conv1d(in[0], in[1], in[2], 2, 1, 2, 1),
                leaf(2, 3, 11), leaf(4, 3, 3), leaf(4)));
        t.add(gradCheck("conv1d groups", in -> Convolution.conv1d(in[0], in[1], in[2], 1, 2, 1, 2),
                leaf(2, 4, 7), leaf(4, 2, 3), leaf(4)));
        t.add(gradCheck("conv1d same", in -> Convolution.conv1d(in[0], in[1], in[2], new int[] {1}, "same", new int[] {3}, 1),
                leaf(1, 2, 9), leaf(3, 2, 4), leaf(3)));
        t.add(gradCheck("conv2d", in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 0},
                new int[] {1, 2}, 1), leaf(2, 2, 6, 7), leaf(3, 2, 3, 2), leaf(3)));
        t.add(gradCheck("conv2d unbatched no bias", in -> Convolution.conv2d(in[0], in[1], null, 1, 1),
                leaf(2, 5, 5), leaf(3, 2, 3, 3)));
        t.add(gradCheck("conv2d same", in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {1}, "same", new int[] {1}, 1),
                leaf(1, 2, 5, 6), leaf(2, 2, 2, 3), leaf(2)));
        t.add(gradCheck("conv3d", in -> Convolution.conv3d(in[0], in[1], in[2], new int[] {1, 2, 1}, new int[] {1},
                new int[] {1}, 1), leaf(1, 2, 3, 4, 4), leaf(2, 2, 2, 2, 2), leaf(2)));
        t.add(gradCheck("conv_transpose1d", in -> Convolution.convTranspose1d(in[0], in[1], in[2], 2, 1, 1, 1, 2),
                leaf(2, 3, 5), leaf(3, 2, 3), leaf(2)));
        t.add(gradCheck("conv_transpose2d groups", in -> Convolution.convTranspose2d(in[0], in[1], in[2], new int[] {2},
                new int[] {1}, new int[] {1}, 2, new int[] {1}), leaf(1, 4, 3, 3), leaf(4, 1, 3, 3), leaf(2)));
        t.add(gradCheck("conv_transpose3d", in -> Convolution.convTranspose3d(in[0], in[1], in[2], new int[] {2},
                new int[] {0}, new int[] {0}, 1, new int[] {1}), leaf(1, 2, 2, 2, 3), leaf(2, 2, 2, 2, 2), leaf(2)));
        return t;
    }

    // ------------------------------------------------------------------ TDNN

    @Test
    void tdnnDilatedConv1dStack() {
        // An x-vector style frame-level stack: kernels 5, 3, 3 with dilations 1, 2, 3 over 40 features.
        Tensor x = Tensor.randn(G, 3, 40, 60);
        Tensor w1 = Tensor.randn(G, 32, 40, 5).mul(0.1f).requiresGrad(true), b1 = Tensor.randn(G, 32).requiresGrad(true);
        Tensor w2 = Tensor.randn(G, 32, 32, 3).mul(0.1f).requiresGrad(true), b2 = Tensor.randn(G, 32).requiresGrad(true);
        Tensor w3 = Tensor.randn(G, 24, 32, 3).mul(0.1f).requiresGrad(true), b3 = Tensor.randn(G, 24).requiresGrad(true);
        Tensor h1 = Convolution.conv1d(x, w1, b1, 1, 0, 1, 1).relu();
        Tensor h2 = Convolution.conv1d(h1, w2, b2, 1, 0, 2, 1).relu();
        Tensor h3 = Convolution.conv1d(h2, w3, b3, 1, 0, 3, 1);
        assertArrayEquals(new int[] {3, 32, 56}, h1.shape());
        assertArrayEquals(new int[] {3, 32, 52}, h2.shape());
        assertArrayEquals(new int[] {3, 24, 46}, h3.shape()); // context of 1 + 4 + 4 + 6 = 15 frames
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor r1 = naive(x, w1.detach(), b1.detach(), new int[] {1}, new int[] {0}, new int[] {0}, new int[] {1}, 1).relu();
            Tensor r2 = naive(r1, w2.detach(), b2.detach(), new int[] {1}, new int[] {0}, new int[] {0}, new int[] {2}, 1).relu();
            Tensor r3 = naive(r2, w3.detach(), b3.detach(), new int[] {1}, new int[] {0}, new int[] {0}, new int[] {3}, 1);
            assertClose(r3, h3, "tdnn stack");
        }
        h3.mean().backward();
        assertArrayEquals(w1.shape(), w1.grad().shape());
        assertTrue(Math.abs(b1.grad().sum().item()) > 0, "gradient reaches the first layer");
        // The same stack, small, against finite differences.
        DynamicTest small = gradCheck("tdnn small", in -> {
            Tensor a = Convolution.conv1d(in[0], in[1], null, 1, 0, 1, 1).tanh();
            Tensor c = Convolution.conv1d(a, in[2], null, 1, 0, 2, 1).tanh();
            return Convolution.conv1d(c, in[3], null, 1, 0, 3, 1);
        }, leaf(2, 3, 18), leaf(4, 3, 3), leaf(4, 4, 3), leaf(2, 4, 3));
        try {
            small.getExecutable().execute();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ shapes and errors

    @Test
    void unbatchedInputBehavesLikeABatchOfOne() {
        Tensor x = Tensor.randn(G, 3, 8, 8).requiresGrad(true);
        Tensor w = Tensor.randn(G, 4, 3, 3, 3).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, null, 1, 1);
        assertArrayEquals(new int[] {4, 8, 8}, y.shape());
        assertClose(Convolution.conv2d(x.detach().unsqueeze(0), w.detach(), null, 1, 1).squeeze(0), y, "unbatched");
        y.sum().backward();
        assertArrayEquals(new int[] {3, 8, 8}, x.grad().shape());
        Tensor t = Convolution.convTranspose1d(Tensor.randn(G, 2, 5), Tensor.randn(G, 2, 3, 4), null);
        assertArrayEquals(new int[] {3, 8}, t.shape());
    }

    @Test
    void gradientsOnlyWhereRequired() {
        Tensor x = Tensor.randn(G, 2, 3, 6, 6);
        Tensor w = Tensor.randn(G, 4, 3, 3, 3).requiresGrad(true);
        Tensor b = Tensor.randn(G, 4);
        Convolution.conv2d(x, w, b).sum().backward();
        assertNull(x.grad());
        assertNull(b.grad());
        assertArrayEquals(w.shape(), w.grad().shape());
        assertTrue(!Convolution.conv2d(x, w.detach(), b).requiresGrad());
    }

    @Test
    void samePaddingKeepsTheSizeAndPadsTheExtraOnTheRight() {
        Tensor x = Tensor.randn(G, 1, 2, 7, 8);
        Tensor w = Tensor.randn(G, 3, 2, 2, 4); // even kernels: total padding 1 and 3, left 0 and 1
        Tensor y = Convolution.conv2d(x, w, null, new int[] {1}, "same", new int[] {1}, 1);
        assertArrayEquals(new int[] {1, 3, 7, 8}, y.shape());
        assertClose(naive(x, w, null, new int[] {1, 1}, new int[] {0, 1}, new int[] {1, 2}, new int[] {1, 1}, 1), y, "same");
        Tensor v = Convolution.conv2d(x, w, null, new int[] {1}, "valid", new int[] {1}, 1);
        assertArrayEquals(new int[] {1, 3, 6, 5}, v.shape());
    }

    @Test
    void errorsNameTheOpAndTheShapes() {
        Tensor x = Tensor.randn(G, 1, 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(x, Tensor.randn(G, 2, 3, 5, 5), null));
        assertEquals("conv2d: input [1, 3, 4, 4] with kernel [5, 5], padding [0, 0], dilation [1, 1], stride [1, 1] "
                + "gives output size [0, 0]; the input is too small", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(G, 6, 2, 3, 3), null,
                new int[] {1}, new int[] {1}, new int[] {1}, 2));
        assertTrue(e.getMessage().contains("[1, 3, 4, 4]") && e.getMessage().contains("[6, 2, 3, 3]")
                && e.getMessage().contains("groups=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(G, 2, 3, 3), null));
        assertTrue(e.getMessage().startsWith("conv2d: weight must be 4-D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv1d(x, Tensor.randn(G, 2, 3, 3), null));
        assertTrue(e.getMessage().contains("conv1d: expected a 2-D (unbatched) or 3-D (batched) input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(G, 2, 3, 3, 3),
                Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("bias [3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(G, 2, 3, 3, 3), null,
                new int[] {2}, "same", new int[] {1}, 1));
        assertTrue(e.getMessage().contains("strided"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(G, 2, 3, 3, 3), null,
                new int[] {1, 1, 1}, new int[] {0}, new int[] {1}, 1));
        assertTrue(e.getMessage().contains("stride must have 1 or 2 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose2d(x, Tensor.randn(G, 3, 2, 3, 3),
                null, new int[] {2}, new int[] {0}, new int[] {2}, 1, new int[] {1}));
        assertTrue(e.getMessage().contains("output_padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose2d(x, Tensor.randn(G, 4, 2, 3, 3),
                null));
        assertTrue(e.getMessage().contains("[1, 3, 4, 4]") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x.toLong(), Tensor.randn(G, 2, 3, 3, 3), null));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor leaf(int... shape) {
        return Tensor.randn(G, shape).requiresGrad(true);
    }

    static DynamicTest gradCheck(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return DynamicTest.dynamicTest(name, () -> {
            GradCheck.Result r = GradCheck.check(f, inputs);
            assertTrue(r.passed(), name + ": " + r);
        });
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        TensorAssert.assertClose(expected, actual, 1e-4, 1e-4, what);
    }

    private static Tensor conv(int rank, Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups) {
        return switch (rank) {
            case 1 -> Convolution.conv1d(x, w, b, s, p, d, groups);
            case 2 -> Convolution.conv2d(x, w, b, s, p, d, groups);
            default -> Convolution.conv3d(x, w, b, s, p, d, groups);
        };
    }

    private static Tensor convT(int rank, Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] op, int[] d, int groups) {
        return switch (rank) {
            case 1 -> Convolution.convTranspose1d(x, w, b, s[0], p[0], op[0], groups, d[0]);
            case 2 -> Convolution.convTranspose2d(x, w, b, s, p, op, groups, d);
            default -> Convolution.convTranspose3d(x, w, b, s, p, op, groups, d);
        };
    }

    /** Pads a spatial shape to three dimensions (leading 1s). */
    private static int[] three(int[] shape, int from, int fill) {
        int[] r = {fill, fill, fill};
        int n = shape.length - from;
        System.arraycopy(shape, from, r, 3 - n, n);
        return r;
    }

    /** Direct convolution in double: out[n][m][z][y][x] = b[m] + Σ w · x at the dilated, strided, padded positions. */
    static Tensor naive(Tensor x, Tensor w, Tensor b, int[] s, int[] pb, int[] pa, int[] d, int groups) {
        int[] xs = x.shape(), ws = w.shape();
        int rank = xs.length - 2;
        int n = xs[0], c = xs[1], m = ws[0], cg = c / groups, mg = m / groups;
        int[] in = three(xs, 2, 1), k = three(ws, 2, 1);
        int[] st = three(s, 0, 1), pbb = three(pb, 0, 0), paa = three(pa, 0, 0), dl = three(d, 0, 1);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) out[i] = Math.floorDiv(in[i] + pbb[i] + paa[i] - dl[i] * (k[i] - 1) - 1, st[i]) + 1;
        float[] xa = x.toFloatArray(), wa = w.toFloatArray(), ba = b == null ? null : b.toFloatArray();
        int inSize = in[0] * in[1] * in[2], outSize = out[0] * out[1] * out[2], kSize = k[0] * k[1] * k[2];
        float[] y = new float[n * m * outSize];
        for (int ni = 0; ni < n; ni++) {
            for (int mi = 0; mi < m; mi++) {
                int g = mi / mg;
                for (int o = 0; o < outSize; o++) {
                    int oz = o / (out[1] * out[2]), oy = o / out[2] % out[1], ox = o % out[2];
                    double acc = ba == null ? 0 : ba[mi];
                    for (int ci = 0; ci < cg; ci++) {
                        for (int kk = 0; kk < kSize; kk++) {
                            int a = kk / (k[1] * k[2]), bb = kk / k[2] % k[1], e = kk % k[2];
                            int iz = oz * st[0] - pbb[0] + a * dl[0], iy = oy * st[1] - pbb[1] + bb * dl[1];
                            int ix = ox * st[2] - pbb[2] + e * dl[2];
                            if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2]) continue;
                            acc += (double) wa[(mi * cg + ci) * kSize + kk]
                                    * xa[(ni * c + g * cg + ci) * inSize + (iz * in[1] + iy) * in[2] + ix];
                        }
                    }
                    y[(ni * m + mi) * outSize + o] = (float) acc;
                }
            }
        }
        int[] shape = new int[rank + 2];
        shape[0] = n;
        shape[1] = m;
        System.arraycopy(out, 3 - rank, shape, 2, rank);
        return Tensor.wrap(y, shape);
    }

    /** The weight gradient in double: dW[m][c][k] = Σ_n Σ_out g[n][m][out] · x[n][group(m)·cg + c][position(out, k)]. */
    static Tensor naiveWeightGrad(Tensor x, Tensor g, int[] ws, int[] s, int[] pb, int[] d, int groups) {
        int[] xs = x.shape(), gs = g.shape();
        int n = xs[0], c = xs[1], m = ws[0], cg = c / groups, mg = m / groups;
        int[] in = three(xs, 2, 1), k = three(ws, 2, 1), out = three(gs, 2, 1);
        int[] st = three(s, 0, 1), pbb = three(pb, 0, 0), dl = three(d, 0, 1);
        float[] xa = x.toFloatArray(), ga = g.toFloatArray();
        int inSize = in[0] * in[1] * in[2], outSize = out[0] * out[1] * out[2], kSize = k[0] * k[1] * k[2];
        float[] dw = new float[m * cg * kSize];
        for (int mi = 0; mi < m; mi++) {
            int gr = mi / mg;
            for (int ci = 0; ci < cg; ci++) {
                for (int kk = 0; kk < kSize; kk++) {
                    int a = kk / (k[1] * k[2]), bb = kk / k[2] % k[1], e = kk % k[2];
                    double acc = 0;
                    for (int ni = 0; ni < n; ni++) {
                        for (int o = 0; o < outSize; o++) {
                            int oz = o / (out[1] * out[2]), oy = o / out[2] % out[1], ox = o % out[2];
                            int iz = oz * st[0] - pbb[0] + a * dl[0], iy = oy * st[1] - pbb[1] + bb * dl[1];
                            int ix = ox * st[2] - pbb[2] + e * dl[2];
                            if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2]) continue;
                            acc += (double) ga[(ni * m + mi) * outSize + o]
                                    * xa[(ni * c + gr * cg + ci) * inSize + (iz * in[1] + iy) * in[2] + ix];
                        }
                    }
                    dw[(mi * cg + ci) * kSize + kk] = (float) acc;
                }
            }
        }
        return Tensor.wrap(dw, ws);
    }

    /** Direct transposed convolution: every input value scatters itself times the kernel into the output. */
    static Tensor naiveTranspose(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] op, int[] d, int groups) {
        int[] xs = x.shape(), ws = w.shape();
        int rank = xs.length - 2;
        int n = xs[0], c = xs[1], cgIn = c / groups, mg = ws[1], m = mg * groups;
        int[] in = three(xs, 2, 1), k = three(ws, 2, 1);
        int[] st = three(s, 0, 1), pp = three(p, 0, 0), opp = three(op, 0, 0), dl = three(d, 0, 1);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) out[i] = (in[i] - 1) * st[i] - 2 * pp[i] + dl[i] * (k[i] - 1) + opp[i] + 1;
        float[] xa = x.toFloatArray(), wa = w.toFloatArray(), ba = b == null ? null : b.toFloatArray();
        int inSize = in[0] * in[1] * in[2], outSize = out[0] * out[1] * out[2], kSize = k[0] * k[1] * k[2];
        double[] y = new double[n * m * outSize];
        for (int ni = 0; ni < n; ni++) {
            for (int ci = 0; ci < c; ci++) {
                int g = ci / cgIn;
                for (int i = 0; i < inSize; i++) {
                    int iz = i / (in[1] * in[2]), iy = i / in[2] % in[1], ix = i % in[2];
                    double v = xa[(ni * c + ci) * inSize + i];
                    for (int mi = 0; mi < mg; mi++) {
                        for (int kk = 0; kk < kSize; kk++) {
                            int a = kk / (k[1] * k[2]), bb = kk / k[2] % k[1], e = kk % k[2];
                            int oz = iz * st[0] - pp[0] + a * dl[0], oy = iy * st[1] - pp[1] + bb * dl[1];
                            int ox = ix * st[2] - pp[2] + e * dl[2];
                            if (oz < 0 || oz >= out[0] || oy < 0 || oy >= out[1] || ox < 0 || ox >= out[2]) continue;
                            y[(ni * m + g * mg + mi) * outSize + (oz * out[1] + oy) * out[2] + ox] +=
                                    v * wa[(ci * mg + mi) * kSize + kk];
                        }
                    }
                }
            }
        }
        float[] yf = new float[y.length];
        for (int i = 0; i < y.length; i++) yf[i] = (float) (y[i] + (ba == null ? 0 : ba[i / outSize % m]));
        int[] shape = new int[rank + 2];
        shape[0] = n;
        shape[1] = m;
        System.arraycopy(out, 3 - rank, shape, 2, rank);
        return Tensor.wrap(yf, shape);
    }
}
