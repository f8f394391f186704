package dev.cochlea.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.util.stream.Stream;

/**
 * The two checks every fuzz target runs in {@code ./cochlea test}: its committed inputs (the
 * regression tests that findings become) and a seeded mutation campaign with a fixed number of
 * cases. A subclass names its {@link FuzzTarget} and budget and declares the Jazzer
 * {@code @FuzzTest} (run on demand with {@code bench/fuzz.sh}); see {@link WavFuzzTest}.
 */
abstract class FuzzTestBase {
    /** Damaged files are read with warnings by design; thousands of them would flood the build's log. */
    private static final java.util.logging.Logger AUDIO_WARNINGS = quiet(dev.cochlea.audio.AudioWarnings.LOGGER);
    private final FuzzTarget target;
    private final long ciCases;

    FuzzTestBase(FuzzTarget target, long ciCases) {
        this.target = target;
        this.ciCases = ciCases;
    }

    /** Skips the {@code scalar-kernels} execution (an assumption: class annotations are not inherited by the targets). */
    @BeforeEach
    void onceNotPerKernelChoice() {
        Assumptions.assumeFalse("scalar".equals(System.getProperty("cochlea.kernels")),
                "the fuzz targets run once, in the default execution; the kernel choice is not what they test");
    }

    @Test
    void committedInputs() throws IOException {
        Fuzzer.replay(target, getClass());
    }

    @Test
    void mutations() {
        Fuzzer.campaign(target, getClass(), ciCases);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    /** {@code target}'s seeds as arguments, for a {@code @MethodSource} that hands them to Jazzer as its first inputs. */
    static Stream<Arguments> seedArguments(FuzzTarget target) {
        return target.seeds().stream().map(b -> Arguments.of((Object) b));
    }
}
