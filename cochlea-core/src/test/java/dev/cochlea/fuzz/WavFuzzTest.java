package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Fuzzes {@code Audio.read}/{@code Audio.info} with WAV files. A new format is a copy of this class
 * with its own {@link AudioTarget} (name, seeds, optional mutation) and budget.
 */
class WavFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = AudioTarget.wav();

    WavFuzzTest() {
        super(TARGET, 25_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh wav 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }
}
