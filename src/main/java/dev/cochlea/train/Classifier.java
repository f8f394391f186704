package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.Wav;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trained model ready to use in a service: loads a run folder (weights, class names, feature
 * settings and normalisation) and labels recordings. Files at another sample rate are resampled.
 * Thread-safe for concurrent {@code predict} calls.
 *
 * <pre>{@code
 * Classifier classifier = Classifier.load(Path.of("runs/fsdd"));
 * Prediction p = classifier.predict(Path.of("7_theo_3.wav"));
 * String label = p.label();   // "7"
 * }</pre>
 */
public final class Classifier {
    private final RunConfig config;
    private final Module model;
    private final FeatureExtractor extractor;
    private final Normalizer normalizer;
    private final FeatureNormalization normalization;

    private Classifier(RunConfig config, Module model) {
        this.config = config;
        this.model = model;
        this.extractor = new FeatureExtractor(config.features());
        this.normalizer = config.normalizer();
        this.normalization = config.normalization();
    }

    /** Loads the best weights of the run in {@code runDir}. */
    public static Classifier load(Path runDir) throws IOException {
        RunConfig cfg = RunConfig.read(runDir);
        Module model = Models.create(cfg.model(), cfg.features().inputShape(), cfg.classes().size());
        RunFolder.open(runDir).loadWeights(model, RunFolder.BEST);
        model.eval();
        return new Classifier(cfg, model);
    }

    /** The class names, in the model's output order. */
    public List<String> labels() {
        return config.classes();
    }

    /** The run's configuration. */
    public RunConfig config() {
        return config;
    }

    /** The model (in eval mode). */
    public Module model() {
        return model;
    }

    /** Labels a WAV file. */
    public Prediction predict(Path wav) throws IOException {
        return predict(Wav.read(wav));
    }

    /** Labels decoded audio. */
    public Prediction predict(AudioData audio) {
        return rank(probabilities(normalization.apply(extractor.extract(audio), normalizer).unsqueeze(0)).select(0, 0));
    }

    /** Softmax probabilities [N, classes] for normalised features [N, 1, bands, frames]. */
    public Tensor probabilities(Tensor features) {
        try (NoGrad ignored = NoGrad.enter()) {
            return model.forward(features).softmax(1);
        }
    }

    /** The features of a recording as the model sees them: [1, bands, frames], normalised. */
    public Tensor features(AudioData audio) {
        return normalization.apply(extractor.extract(audio), normalizer);
    }

    private Prediction rank(Tensor probs) {
        float[] p = probs.toFloatArray();
        List<Prediction.Ranked> ranked = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) ranked.add(new Prediction.Ranked(config.classes().get(i), p[i]));
        ranked.sort(Comparator.comparingDouble((Prediction.Ranked r) -> r.probability()).reversed());
        return new Prediction(ranked.get(0).label(), ranked.get(0).probability(), List.copyOf(ranked));
    }
}
