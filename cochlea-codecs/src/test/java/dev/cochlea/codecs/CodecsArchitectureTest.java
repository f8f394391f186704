package dev.cochlea.codecs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule for cochlea-codecs, checked on its sources as ArchitectureTest checks
 * the core's: the decoders use only {@code dev.cochlea.audio} (the seam they plug into) and
 * {@code dev.cochlea.tensor} (the waveform they return); nothing in the core names this module.
 */
class CodecsArchitectureTest {
    private static final Path SOURCES = Path.of("cochlea-codecs/src/main/java/dev/cochlea/codecs");
    private static final Path CORE = Path.of("cochlea-core/src/main/java/dev/cochlea");
    private static final Set<String> ALLOWED = Set.of("audio", "tensor", "codecs");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cochlea((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void codecsUseOnlyTheAudioSeamAndTensors() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "sources not found at " + SOURCES.toAbsolutePath() + " (tests run from the repository root)");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(COMMENTS.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!ALLOWED.contains(used)) violations.add(f.getFileName() + " uses dev.cochlea." + used);
                }
            }
        }
        assertTrue(violations.isEmpty(), "cochlea-codecs may use only dev.cochlea.audio and dev.cochlea.tensor:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameTheCodecs() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                if (code.contains("dev.cochlea.codecs")) violations.add(CORE.relativize(f).toString());
            }
        }
        assertTrue(violations.isEmpty(), "the core finds decoders through ServiceLoader only; these name dev.cochlea.codecs: " + violations);
    }
}
