package dev.cochlea.onnx;

import dev.cochlea.train.Classifier;
import dev.cochlea.train.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Classifier} from an ONNX model: the graph maps normalised features to logits, and the
 * feature front end (which stays outside the graph: PyTorch cannot export an STFT) comes from a
 * Cochlea run configuration. That configuration is, in order: the one given (a run folder or its
 * config.json), the copy Cochlea's exports keep in their metadata ({@value #CONFIG_KEY}), or a
 * config.json beside the model file.
 *
 * <pre>{@code
 * Classifier c = OnnxClassifier.load(Path.of("kws.onnx"), Path.of("runs/kws/config.json"));
 * String label = c.predict(Path.of("yes.wav")).label();
 * }</pre>
 */
public final class OnnxClassifier {
    /** The metadata key under which exports keep the run's configuration (config.json's text). */
    public static final String CONFIG_KEY = "cochlea.run_config";

    private OnnxClassifier() {}

    /** The classifier for {@code model}, with {@code config} (a run folder or a config.json; null to look for one as described). */
    public static Classifier load(Path model, Path config) throws IOException {
        OnnxModel m = OnnxModel.read(model);
        RunConfig cfg;
        String source;
        if (config != null) {
            Path f = Files.isDirectory(config) ? config.resolve(RunConfig.FILE) : config;
            if (!Files.isRegularFile(f)) throw new java.nio.file.NoSuchFileException(f.toString(), null, "no such run configuration");
            cfg = RunConfig.readFile(f);
            source = f.toString();
        } else if (m.metadata().containsKey(CONFIG_KEY)) {
            source = model + " (metadata " + CONFIG_KEY + ")";
            cfg = RunConfig.parse(m.metadata().get(CONFIG_KEY), source);
        } else {
            Path beside = model.toAbsolutePath().resolveSibling(RunConfig.FILE);
            if (!Files.isRegularFile(beside)) {
                throw new IOException(model + ": no feature configuration: the file carries none (Cochlea's exports do) and there is no "
                        + RunConfig.FILE + " beside it; give one (a run folder or its " + RunConfig.FILE + ")");
            }
            cfg = RunConfig.readFile(beside);
            source = beside.toString();
        }
        try {
            return Classifier.of(cfg, m);
        } catch (IllegalArgumentException e) {
            throw new IOException(model + " with " + source + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} looks like an ONNX model (by its name): what the command line uses to tell one from a run folder. */
    public static boolean isOnnx(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }
}
