package dev.cochlea.serve;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a serve test needs from the machine it runs on, found or refused in one way: a test whose
 * requirement is missing is skipped, except under {@code CI=true}, where it fails, so that a CI run
 * cannot pass by testing nothing.
 *
 * <pre>{@code
 * TestEnvironment.require(Files.isExecutable(Path.of("/usr/bin/chromium")),
 *         "Chromium is not installed: apt-get install chromium chromium-driver");
 * Path fsdd = TestEnvironment.shared("data/fsdd/recordings").orElseThrow();
 * }</pre>
 */
final class TestEnvironment {
    private TestEnvironment() {
    }

    /** Returns when {@code present}; otherwise skips the test (fails it when CI=true), saying {@code missing}. */
    static void require(boolean present, String missing) {
        if (present) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + " (CI=true, so this fails instead of being skipped)");
        }
        System.err.println("skipped: " + missing);
        Assumptions.abort(missing + " (skipped; with CI=true this fails)");
    }

    /**
     * {@code relative} in the first {@code shared/} folder found walking up from the working
     * directory: the repository's shared data sits beside the repository ({@code ../shared}).
     */
    static Optional<Path> shared(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(relative);
            if (Files.exists(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The repository's root: the nearest folder at or above the working directory holding cochlea-serve/pom.xml. */
    static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("cochlea-serve").resolve("pom.xml"))) return d;
        }
        throw new IllegalStateException("no folder at or above " + Path.of("").toAbsolutePath() + " holds cochlea-serve/pom.xml");
    }
}
