package dev.cochlea.testing;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenTest {

    private static void checkSuite(Golden g) {
        assertFalse(g.cases().isEmpty(), g.name());
        assertTrue(g.generatedBy().startsWith("torch"), g.generatedBy());
        Set<String> referenced = new HashSet<>();
        for (Golden.Case c : g.cases()) {
            assertSame(c, g.caseNamed(c.name()));
            assertFalse(c.op().isEmpty(), c + ": op");
            assertFalse(c.call().isEmpty(), c + ": the PyTorch call that produced it");
            assertTrue(c.params().isObject(), c + ": params");
            assertFalse(c.outputs().isEmpty(), c + ": outputs");
            for (String key : c.keys()) {
                assertTrue(g.hasTensor(key), c + ": missing tensor " + key);
                referenced.add(key);
            }
            List<Tensor> inputs = c.inputs();
            assertEquals(c.inputNames().size(), inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                assertArrayEquals(inputs.get(i).shape(), c.input(c.inputNames().get(i)).shape());
                assertArrayEquals(inputs.get(i).shape(), c.input(i).shape());
            }
            if (c.hasGrads()) {
                assertArrayEquals(c.output(0).shape(), c.gradOutput().shape(), c + ": grad_output vs output shape");
                assertFalse(c.grads().isEmpty(), c + ": grads");
                for (String name : c.gradNames()) {
                    assertTrue(c.hasInput(name), c + ": gradient of unknown input " + name);
                    Tensor grad = c.grad(name);
                    assertEquals(DType.FLOAT32, grad.dtype(), c + ": grad " + name);
                    assertArrayEquals(c.input(name).shape(), grad.shape(), c + ": grad " + name + " vs input shape");
                }
            } else {
                assertTrue(c.grads().isEmpty(), c + ": grads without grad_output");
            }
        }
        assertEquals(g.tensorKeys(), referenced, g.name() + ": every stored tensor belongs to a case");
        assertEquals("/usr/bin/python3 reference/make_golden.py", g.command(), g.name() + ": command");
    }

    @Test
    void nnSuiteLoadsWithConsistentShapes() {
        Golden g = Golden.nn();
        checkSuite(g);
        assertSame(g, Golden.nn(), "cached");

        Golden.Case lin = g.caseNamed("linear");
        assertEquals("linear", lin.op());
        assertEquals(List.of("input", "weight", "bias"), lin.inputNames());
        Tensor x = lin.input("input"), w = lin.input(1);
        assertEquals(x.shape()[1], w.shape()[1]);
        assertArrayEquals(new int[] {x.shape()[0], w.shape()[0]}, lin.output().shape());
        assertArrayEquals(lin.input("linear.in.input").toFloatArray(), x.toFloatArray(), "by key too");
        assertArrayEquals(lin.tensor("in.weight").toFloatArray(), lin.tensor("linear.in.weight").toFloatArray());
        assertNotSame(lin.input(0), lin.input(0), "fresh copies");

        for (Golden.Case c : g.casesWithOp("conv2d")) {
            assertEquals(2, c.intsParam("dilation").length, c.toString());
            assertEquals(c.input("input").shape()[1], c.input("weight").shape()[1] * c.intParam("groups"), c.toString());
        }
        Golden.Case conv1 = g.caseNamed("conv1d_s2_p1_d2");
        assertArrayEquals(new int[] {2}, conv1.intsParam("stride"));
        assertEquals("same", g.caseNamed("conv2d_same").stringParam("padding"));
        assertTrue(g.caseNamed("avg_pool2d_incl").boolParam("count_include_pad"));
        assertEquals(DType.INT64, g.caseNamed("cross_entropy").input("target").dtype());
        assertEquals(List.of("output", "running_mean", "running_var"), g.caseNamed("batch_norm2d_train").outputNames());

        for (Golden.Case c : g.cases()) {
            if (c.hasParam("inputs_from")) g.caseNamed(c.stringParam("inputs_from"));
        }
        Golden.Case adam = g.caseNamed("cifar_quick_adam_5steps");
        Golden.Case grad = g.caseNamed("cifar_quick_grad");
        assertArrayEquals(new int[] {5}, adam.output("losses").shape());
        int stride = adam.intParam("final_stride");
        for (String name : grad.gradNames()) {
            int n = grad.input(name).numel();
            assertArrayEquals(new int[] {(n + stride - 1) / stride}, adam.output("final." + name.substring("model.".length())).shape(),
                    name + ": every " + stride + "th element of the final weights");
        }
        assertEquals(0.9, adam.doublesParam("betas")[0]);
        assertEquals(0.001, adam.doubleParam("lr"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.caseNamed("nope"));
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lin.input("nope"));
        assertTrue(e.getMessage().contains("[input, weight, bias]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> lin.output(1));
        assertThrows(IllegalArgumentException.class, () -> lin.param("stride"));
    }

    @Test
    void audioSuiteLoadsWithConsistentShapes() {
        Golden g = Golden.audio();
        checkSuite(g);
        for (Golden.Case c : g.cases()) {
            assertFalse(c.hasGrads(), c.toString());
            if (c.op().equals("load")) {
                assertTrue(c.inputs().isEmpty(), c.toString());
                assertEquals(1, c.output("waveform").size(0), c + ": mono");
                continue;
            }
            assertEquals(1, c.inputs().size(), c.toString());
            assertTrue(c.params().has("n_fft") || c.params().has("orig_freq") || c.params().has("top_db"), c.toString());
        }
        for (Golden.Case c : g.casesWithOp("stft")) {
            assertArrayEquals(c.output("real").shape(), c.output("imag").shape(), c.toString());
            assertEquals(c.intParam("n_fft") / 2 + 1, c.output("real").shape()[0], c.toString());
        }
        for (Golden.Case c : g.casesWithOp("mel")) {
            Tensor out = c.output();
            assertEquals(c.intParam("n_mels"), out.shape()[out.dim() - 2], c.toString());
            assertEquals(c.input("waveform").shape()[0], out.shape()[0], c.toString());
        }
        List<Golden.Case> loads = g.casesWithOp("load");
        assertEquals(4, loads.size(), "four synthetic signals");
        assertEquals(Set.of(8000, 16000), loads.stream().map(c -> c.intParam("sample_rate")).collect(Collectors.toSet()));
        assertEquals(g.cases().stream().filter(c -> c.name().startsWith("tone8k.")).count() * loads.size(), g.cases().size(),
                "every signal has the same cases");
    }

    @Test
    void missingReferenceFilesFailNamingTheFileAndItsGenerator() {
        AssertionError e = assertThrows(AssertionError.class, () -> Golden.suite("nn_absent"));
        for (String part : List.of("cochlea-core/src/test/resources/reference/nn_absent.safetensors", "is missing",
                "/usr/bin/python3 reference/make_golden.py")) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        e = assertThrows(AssertionError.class, () -> ClasspathReference.load("kws_absent"));
        assertTrue(e.getMessage().contains("reference/make_kws_reference.py"), e.getMessage());
        e = assertThrows(AssertionError.class, () -> ReferenceFiles.open("other.json"));
        assertTrue(e.getMessage().contains("reference/README.md"), e.getMessage());
        assertEquals("reference/make_golden.py", ReferenceFiles.generatorFor("audio_tone8k.wav"));
        assertEquals("reference/make_pcen_reference.py", ReferenceFiles.generatorFor("pcen.json"));
    }

    // ------------------------------------------------------------------ TensorAssert (needs no reference files)

    @Test
    void assertClosePassesWithinTolerance() {
        Tensor e = Tensor.of(new float[] {1f, 0f, -100f, Float.NaN, Float.POSITIVE_INFINITY}, 5);
        Tensor a = Tensor.of(new float[] {1.00005f, 5e-6f, -100.009f, Float.NaN, Float.POSITIVE_INFINITY}, 5);
        TensorAssert.assertClose(e, a, 1e-4, 1e-5, "ok");
        TensorAssert.assertClose(e, a, "ok");
        TensorAssert.assertEqual(Tensor.ofLongs(new long[] {1, 2}, 2), Tensor.ofLongs(new long[] {1, 2}, 2), "labels");
        TensorAssert.assertShape(new int[] {5}, a, "shape");
    }

    @Test
    void assertCloseReportsWorstElement() {
        Tensor e = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor a = Tensor.of(new float[] {1, 2.001f, 3, 4, 5.5f, 6}, 2, 3);
        AssertionFailedError err = assertThrows(AssertionFailedError.class, () -> TensorAssert.assertClose(e, a, 1e-4, 1e-5, "conv out"));
        String m = err.getMessage();
        for (String part : List.of("conv out", "2 of 6 elements", "worst at [1, 1]", "flat 4", "expected 5.0", "actual 5.5",
                "abs error 0.5000", "rel error 0.1000")) {
            assertTrue(m.contains(part), "'" + part + "' in: " + m);
        }
        err = assertThrows(AssertionFailedError.class,
                () -> TensorAssert.assertClose(e, Tensor.of(new float[6], 3, 2), 1e-4, 1e-5, "w"));
        assertTrue(err.getMessage().contains("shape mismatch: expected [2, 3] but got [3, 2]"), err.getMessage());
        err = assertThrows(AssertionFailedError.class, () -> TensorAssert.assertClose(Tensor.of(new float[] {1}, 1),
                Tensor.of(new float[] {Float.NaN}, 1), 1, 1, "nan"));
        assertTrue(err.getMessage().contains("actual NaN"), err.getMessage());
        err = assertThrows(AssertionFailedError.class, () -> TensorAssert.assertEqual(Tensor.ofLongs(new long[] {1, 2}, 2),
                Tensor.ofLongs(new long[] {1, 3}, 2), "labels"));
        assertTrue(err.getMessage().contains("expected 2, actual 3"), err.getMessage());
        assertThrows(AssertionFailedError.class, () -> TensorAssert.assertClose(Tensor.ofLongs(new long[] {1}, 1),
                Tensor.of(new float[] {1}, 1), 0, 0, "dtype"));
        assertEquals("[1, 0, 2]", TensorAssert.index(5, new int[] {2, 1, 3}));
        assertEquals("[]", TensorAssert.index(0, new int[0]));
    }
}
