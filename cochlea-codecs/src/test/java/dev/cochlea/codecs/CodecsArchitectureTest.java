package dev.cochlea.codecs;

import dev.cochlea.ModuleRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule for cochlea-codecs, checked on its sources as ArchitectureTest checks
 * the core's: the decoders use only {@code dev.cochlea.audio} (the seam they plug into) and
 * {@code dev.cochlea.tensor} (the waveform they return); nothing in the core names this module.
 */
class CodecsArchitectureTest {
    @Test
    void codecsUseOnlyTheAudioSeamAndTensors() throws IOException {
        List<String> violations = ModuleRule.outside(Path.of("cochlea-codecs/src/main/java/dev/cochlea/codecs"), Set.of("audio", "tensor", "codecs"));
        assertTrue(violations.isEmpty(), "cochlea-codecs may use only dev.cochlea.audio and dev.cochlea.tensor:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameTheCodecs() throws IOException {
        List<String> naming = ModuleRule.coreFilesNaming("dev.cochlea.codecs");
        assertTrue(naming.isEmpty(), "the core finds decoders through ServiceLoader only; these name dev.cochlea.codecs: " + naming);
    }
}
