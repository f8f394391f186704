package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Fuzzes {@code Audio.read}/{@code Audio.info} with AIFF and AIFF-C files (the libsndfile reference files as seeds). */
class AiffFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = AudioTarget.files("aiff", "input.aiff", "cochlea-core/src/test/resources/reference/formats", 16,
            ".aiff", ".aifc");

    AiffFuzzTest() {
        super(TARGET, 20_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh aiff 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }
}
