package dev.cochlea;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dependency rules of docs/architecture.md, checked on the sources: every package of the core
 * library may use only the packages listed for it (its own sub-packages count as itself only where
 * listed). A reference in an import or in code ({@code dev.cochlea.x.Y}) counts; comments do not.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("cochlea-core/src/main/java/dev/cochlea");

    /** Package (relative to dev.cochlea; "" is dev.cochlea itself) → the packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = new TreeMap<>(Map.ofEntries(
            Map.entry("", Set.of("kernels")),
            Map.entry("kernels", Set.of()),
            Map.entry("tensor", Set.of("kernels", "autograd")),
            Map.entry("autograd", Set.of("tensor")),
            Map.entry("io", Set.of("tensor")),
            Map.entry("nn.init", Set.of("tensor", "autograd")),
            Map.entry("nn.functional", Set.of("tensor", "autograd", "kernels")),
            Map.entry("nn", Set.of("nn.functional", "nn.init", "tensor", "autograd", "kernels", "io")),
            Map.entry("optim", Set.of("nn", "tensor", "autograd", "kernels")),
            Map.entry("audio", Set.of("nn", "nn.functional", "tensor", "autograd", "kernels", "io")),
            Map.entry("audio.augment", Set.of("audio", "tensor", "kernels")),
            Map.entry("vision", Set.of("tensor", "kernels", "io")),
            Map.entry("data", Set.of("audio", "tensor", "kernels", "io")),
            Map.entry("tensorboard", Set.of("tensorboard.proto", "nn", "tensor", "vision", "io")),
            Map.entry("train.models", Set.of("nn", "nn.functional", "nn.init", "tensor", "autograd")),
            Map.entry("train", Set.of("", "train.models", "tensorboard", "data", "vision", "audio", "audio.augment", "optim", "nn",
                    "nn.functional", "nn.init", "io", "tensor", "autograd", "kernels"))));

    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.cochlea((?:\\.[a-z][a-z0-9]*)*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cochlea((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void packagesUseOnlyThePackagesBelowThem() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "sources not found at " + SOURCES.toAbsolutePath() + " (tests run from the repository root)");
        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList()) {
                String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                Matcher pm = PACKAGE.matcher(code);
                if (!pm.find()) fail(f + ": no dev.cochlea package declaration");
                String own = owner(pm.group(1));
                seen.add(own);
                Matcher m = REFERENCE.matcher(code.substring(pm.end()));
                while (m.find()) {
                    String used = owner(m.group(1));
                    if (used.equals(own)) continue;
                    if (!ALLOWED.getOrDefault(own, Set.of()).contains(used)) {
                        violations.add(SOURCES.relativize(f) + ": " + name(own) + " uses " + name(used));
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "dependencies docs/architecture.md does not allow:\n  "
                + String.join("\n  ", new TreeSet<>(violations)));
        assertEquals(ALLOWED.keySet(), seen, "every package has a rule (add new packages to docs/architecture.md and here)");
    }

    /** The rule a package falls under: the longest package with a rule that contains it. */
    private static String owner(String dotted) {
        String p = dotted.isEmpty() ? "" : dotted.substring(1);
        while (!p.isEmpty() && !ALLOWED.containsKey(p)) p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "";
        return p;
    }

    private static String name(String p) {
        return p.isEmpty() ? "dev.cochlea" : p;
    }
}
