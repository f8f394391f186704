package dev.cochlea.spark;

import dev.cochlea.ModuleRule;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule for cochlea-spark: the Spark jobs use the library through
 * {@code dev.cochlea.train} (a trained run), {@code audio} (decoding), {@code tensor} (batches
 * of features) and {@code dev.cochlea.Cochlea} (threads), never the layers or kernels; nothing in
 * the core names this module.
 */
class SparkArchitectureTest {
    @Test
    void theSparkJobsUseOnlyTheLibrarysFrontDoor() throws IOException {
        List<String> violations = ModuleRule.outside(Path.of("cochlea-spark/src/main/java/dev/cochlea/spark"),
                Set.of("", "audio", "tensor", "train", "spark"));
        assertTrue(violations.isEmpty(), "cochlea-spark may use only dev.cochlea.train, audio, tensor and dev.cochlea.Cochlea:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameSpark() throws IOException {
        List<String> naming = ModuleRule.coreFilesNaming("dev.cochlea.spark");
        assertTrue(naming.isEmpty(), "the core knows nothing of Spark; these name dev.cochlea.spark: " + naming);
        assertTrue(ModuleRule.coreFilesNaming("org.apache.spark").isEmpty(), "the core does not use Spark");
    }
}
