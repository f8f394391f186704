package dev.cochlea.serve;

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
 * docs/architecture.md's rule for cochlea-serve, checked on its sources as ArchitectureTest checks
 * the core's: the server uses the library through {@code dev.cochlea.train} (a trained run:
 * {@code Classifier}, {@code StreamingClassifier}), {@code audio} (decoding) and {@code tensor}
 * (features), never the layers or kernels; nothing in the core names this module.
 */
class ServeArchitectureTest {
    private static final Path SOURCES = Path.of("cochlea-serve/src/main/java/dev/cochlea/serve");
    private static final Path CORE = Path.of("cochlea-core/src/main/java/dev/cochlea");
    private static final Set<String> ALLOWED = Set.of("audio", "tensor", "train", "serve");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cochlea((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void theServerUsesOnlyTheLibrarysFrontDoor() throws IOException {
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
        assertTrue(violations.isEmpty(), "cochlea-serve may use only dev.cochlea.train (Classifier, StreamingClassifier), audio and tensor:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theCoreDoesNotNameTheServer() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                if (code.contains("dev.cochlea.serve")) violations.add(CORE.relativize(f).toString());
            }
        }
        assertTrue(violations.isEmpty(), "the core knows nothing of the server; these name dev.cochlea.serve: " + violations);
    }
}
