package dev.cochlea.serve;

import dev.cochlea.ModuleRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule for cochlea-serve: the server uses the library through
 * {@code dev.cochlea.train} (a trained run: {@code Classifier}, {@code StreamingClassifier}),
 * {@code audio} (decoding, resampling a stream), {@code tensor} (features) and {@code dev.cochlea.Cochlea}
 * (threads), never the layers or kernels; nothing in the core names this module.
 */
class ServeArchitectureTest {
    @Test
    void theServerUsesOnlyTheLibrarysFrontDoor() throws IOException {
        List<String> violations = ModuleRule.outside(Path.of("cochlea-serve/src/main/java/dev/cochlea/serve"),
                Set.of("", "audio", "tensor", "train", "serve"));
        assertTrue(violations.isEmpty(), "cochlea-serve may use only dev.cochlea.train, audio and tensor:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameTheServer() throws IOException {
        List<String> naming = ModuleRule.coreFilesNaming("dev.cochlea.serve");
        assertTrue(naming.isEmpty(), "the core knows nothing of the server; these name dev.cochlea.serve: " + naming);
    }
}
