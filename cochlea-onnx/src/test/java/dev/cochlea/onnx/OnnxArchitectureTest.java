package dev.cochlea.onnx;

import dev.cochlea.ModuleRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule for cochlea-onnx: the module uses the library's tensors, layers and
 * trained runs only (what import and export will need), its own package and the classes protoc makes
 * from onnx.proto; nothing in the core names it.
 */
class OnnxArchitectureTest {
    @Test
    void theOnnxModuleUsesOnlyTheLibrarysModelTypes() throws IOException {
        List<String> violations = ModuleRule.outside(Path.of("cochlea-onnx/src/main/java/dev/cochlea/onnx"),
                Set.of("onnx", "onnx.ops", "onnx.export", "onnx.proto", "tensor", "nn", "nn.functional", "autograd", "train", "train.models", "io"));
        assertTrue(violations.isEmpty(), "cochlea-onnx may use only dev.cochlea.tensor, autograd, nn, train, train.models and io:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theOperatorsKnowOnlyTensorsAndTheSchema() throws IOException {
        List<String> violations = ModuleRule.outside(Path.of("cochlea-onnx/src/main/java/dev/cochlea/onnx/ops"),
                Set.of("onnx.ops", "onnx.proto", "tensor", "nn.functional", "autograd"));
        assertTrue(violations.isEmpty(), "dev.cochlea.onnx.ops runs operators on tensors only (no graph, no export):\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameOnnx() throws IOException {
        assertTrue(ModuleRule.coreFilesNaming("dev.cochlea.onnx").isEmpty(), "the core knows nothing of the ONNX module");
    }
}
