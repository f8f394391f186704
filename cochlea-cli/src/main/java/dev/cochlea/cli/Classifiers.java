package dev.cochlea.cli;

import dev.cochlea.onnx.OnnxClassifier;
import dev.cochlea.train.Classifier;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code predict} and {@code serve} accept as a model: a run folder, or an ONNX file (by its
 * {@code .onnx} name) with its feature configuration from {@code --config}, its own metadata (Cochlea's
 * exports) or a config.json beside it.
 *
 * <pre>{@code
 * Classifier c = Classifiers.open(Path.of("kws.onnx"), Path.of("runs/kws"));
 * }</pre>
 */
final class Classifiers {
    private Classifiers() {}

    static Classifier open(Path model, Path config) throws IOException {
        if (OnnxClassifier.isOnnx(model)) return OnnxClassifier.load(model, config);
        if (config != null) throw new IllegalArgumentException("--config: only for ONNX models; the run folder " + model + " has its own");
        return Classifier.load(model);
    }
}
