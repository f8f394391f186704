package dev.cochlea;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The check behind each integration module's architecture test (docs/architecture.md, "Modules"):
 * which {@code dev.cochlea} packages a module's sources name, and whether the core names the module.
 * Comments are left out; tests run from the repository root.
 *
 * <pre>{@code
 * List<String> bad = ModuleRule.outside(Path.of("cochlea-serve/src/main/java/dev/cochlea/serve"), Set.of("train", "audio", "tensor", "serve"));
 * List<String> naming = ModuleRule.coreFilesNaming("dev.cochlea.serve");
 * }</pre>
 */
public final class ModuleRule {
    /** The core's sources. */
    public static final Path CORE = Path.of("cochlea-core/src/main/java/dev/cochlea");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cochlea((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private ModuleRule() {}

    /** "File uses dev.cochlea.x" for every package below {@code dev.cochlea} named in {@code sources} and not in {@code allowed}. */
    public static List<String> outside(Path sources, Set<String> allowed) throws IOException {
        if (!Files.isDirectory(sources)) {
            throw new IllegalStateException("sources not found at " + sources.toAbsolutePath() + " (tests run from the repository root)");
        }
        List<String> violations = new ArrayList<>();
        for (Path f : javaFiles(sources)) {
            Matcher m = REFERENCE.matcher(code(f));
            while (m.find()) {
                String used = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                if (!allowed.contains(used)) violations.add(f.getFileName() + " uses dev.cochlea." + used);
            }
        }
        return violations;
    }

    /** The core's files (relative to {@link #CORE}) that name {@code pkg}. */
    public static List<String> coreFilesNaming(String pkg) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : javaFiles(CORE)) if (code(f).contains(pkg)) out.add(CORE.relativize(f).toString());
        return out;
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String code(Path f) throws IOException {
        return COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
    }
}
