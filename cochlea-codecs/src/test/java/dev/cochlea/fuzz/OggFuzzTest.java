package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Fuzzes {@code Audio.read}/{@code Audio.info} with Ogg Vorbis and Ogg Opus files, the decoders of this module found
 * through ServiceLoader (seeds: the libsndfile reference files). A compressed file may decode to up to
 * 256 bytes of samples per byte.
 */
class OggFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = AudioTarget.files("ogg", "input.ogg", "cochlea-codecs/src/test/resources/reference/codecs", 256, ".ogg", ".opus");

    OggFuzzTest() {
        super(TARGET, 3_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh ogg 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }
}
