package dev.cochlea.serve;

import dev.cochlea.train.Classifier;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Free Spoken Digit Dataset (2,500 recordings {@code {digit}_{speaker}_{index}.wav}, 8 kHz,
 * in {@code ../shared/data/fsdd/recordings}) and a small CNN trained on its official split (test:
 * index 0-4) in about 20 s, once per test JVM, for tests that need a model that hears real speech.
 *
 * <pre>{@code
 * Path recordings = SpokenDigitModel.recordings();        // skips the test when absent
 * Classifier digits = SpokenDigitModel.model();
 * }</pre>
 */
final class SpokenDigitModel {
    static final String RECORDINGS = "data/fsdd/recordings";

    private SpokenDigitModel() {
    }

    /** The recordings folder; the test is skipped (failed under CI=true) when it is not there. */
    static Path recordings() {
        Path p = TestEnvironment.shared(RECORDINGS).orElse(null);
        TestEnvironment.require(p != null && Files.isDirectory(p),
                "the Free Spoken Digit Dataset is missing: expected shared/" + RECORDINGS + " beside the repository (../shared)");
        return p;
    }

    private static Classifier model;

    /** The CNN trained once per JVM (into a temporary folder). */
    static synchronized Classifier model() throws IOException {
        if (model == null) model = train(recordings(), Files.createTempDirectory("cochlea-serve-fsdd").resolve("run"));
        return model;
    }

    /** Trains the CNN for 8 epochs (seed 0) into {@code out} and loads it. */
    static Classifier train(Path recordings, Path out) throws IOException {
        TrainSettings s = TrainSettings.builder(recordings, out).model("cnn").labelPattern("^(\\d+)_").split("official")
                .epochs(8).seed(0).build();
        new TrainJob(s, new TrainListener() {}).run();
        return Classifier.load(out);
    }
}
