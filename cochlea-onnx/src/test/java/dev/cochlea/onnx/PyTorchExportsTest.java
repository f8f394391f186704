package dev.cochlea.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models PyTorch itself exported ({@code src/test/resources/onnx/make_models.py}: {@code torch.onnx.export}
 * of a CNN on log-mels, CRNNs with a GRU and an LSTM, a TDNN, a BC-ResNet-style keyword spotter and the
 * course's CIFAR model, with fixed seeds) run in Cochlea and give PyTorch's outputs (saved by the same
 * script from {@code model(features)} in eval mode) within 1e-4 relative.
 */
public class PyTorchExportsTest {
    static final Path DIR = Path.of("cochlea-onnx/src/test/resources/onnx");

    static JsonNode versions() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DIR.resolve("versions.json")));
    }

    @TestFactory
    List<DynamicTest> everyExportedModelGivesPyTorchsOutputs() throws IOException {
        JsonNode models = versions().get("reference_models");
        assertTrue(models != null && models.size() >= 9, "versions.json lists the reference models (run make_models.py)");
        List<DynamicTest> tests = new ArrayList<>();
        models.fieldNames().forEachRemaining(name -> tests.add(DynamicTest.dynamicTest(name, () -> {
            OnnxModel model = OnnxModel.read(DIR.resolve(name));
            Map<String, Tensor> io = Safetensors.load(DIR.resolve(name.replace(".onnx", ".io.safetensors")));
            Tensor got = model.run(Map.of("features", io.get("features"))).get("logits");
            assertClose(io.get("logits"), got, 1e-4f, name);
        })));
        return tests;
    }

    public static void assertClose(Tensor want, Tensor got, float rtol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] a = want.toFloatArray(), b = got.toFloatArray();
        float scale = 0f;
        for (float v : a) scale = Math.max(scale, Math.abs(v));
        float worst = 0f;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        assertTrue(worst <= rtol * Math.max(scale, 1e-3f), what + ": max |difference| " + worst + " against outputs up to " + scale);
    }

    @Test
    void theBatchIsDynamicAndGradientsFlowThroughAnImportedModel() throws IOException {
        OnnxModel model = OnnxModel.read(DIR.resolve("cnn2d.onnx"));
        Map<String, Tensor> io = Safetensors.load(DIR.resolve("cnn2d.io.safetensors"));
        Tensor three = io.get("features");
        Tensor one = three.narrow(0, 1, 1).contiguous();
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = model.call(one);
        }
        assertClose(io.get("logits").narrow(0, 1, 1).contiguous(), y, 1e-4f, "batch of one");
        Tensor loss = model.call(three).square().sum();
        loss.backward();
        long withGrad = model.parameters().stream().filter(p -> p.grad() != null).count();
        assertEquals(model.parameters().size(), withGrad, "every weight gets a gradient");
        assertTrue(model.parameters().get(0).grad().abs().sum().item() > 0f, "a non-zero gradient");
    }
}
