package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Fusion;
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

    private final int crops;
    private final double threshold;

    private Classifier(RunConfig config, Module model, FeatureExtractor extractor, int crops, double threshold) {
        this.config = config;
        this.model = model;
        this.crops = crops;
        this.threshold = threshold;
        this.extractor = extractor;
        this.normalizer = config.normalizer();
        this.normalization = config.normalization();
    }

    /**
     * Loads the best weights of the run in {@code runDir}, in evaluation mode, batch norms folded into
     * the convolutions before them ({@link Fusion#foldBatchNorms}) and each convolution fused with
     * the ReLU and max pooling after it ({@link Fusion#fuseConvolutions}).
     */
    public static Classifier load(Path runDir) throws IOException {
        RunFolder run = RunFolder.open(runDir);
        RunConfig cfg = run.config();
        Module model = Models.create(cfg.model(), cfg.features().inputShape(), cfg.classes().size());
        run.loadWeights(model, RunFolder.BEST);
        requireFinite(model, runDir.resolve(RunFolder.BEST));
        model.eval();
        Fusion.foldBatchNorms(model);
        Fusion.fuseConvolutions(model);
        return new Classifier(cfg, model, new FeatureExtractor(cfg.features()), 1, 0);
    }

    /**
     * A classifier running {@code model} (any module mapping normalised features
     * {@code [N, 1, bands, frames]} to logits {@code [N, classes]}: an imported ONNX model, for
     * instance) with the features, normalisation and labels of {@code config}. The model is put in
     * eval mode and tried once on silence, so a model that does not fit the configuration is refused here.
     *
     * <pre>{@code
     * Classifier c = Classifier.of(RunConfig.read(Path.of("runs/fsdd")), OnnxModel.read(Path.of("kws.onnx")));
     * }</pre>
     */
    public static Classifier of(RunConfig config, Module model) {
        model.eval();
        int[] in = config.features().inputShape();
        int[] shape = new int[in.length + 1];
        shape[0] = 1;
        System.arraycopy(in, 0, shape, 1, in.length);
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = model.call(Tensor.zeros(shape));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model does not take the configured features " + java.util.Arrays.toString(shape)
                    + ": " + e.getMessage(), e);
        }
        if (out.dim() != 2 || out.size(1) != config.classes().size()) {
            throw new IllegalArgumentException("the model gives " + java.util.Arrays.toString(out.shape()) + " for features "
                    + java.util.Arrays.toString(shape) + "; the configuration has " + config.classes().size() + " labels, so [1, "
                    + config.classes().size() + "] was expected");
        }
        return new Classifier(config, model, new FeatureExtractor(config.features()), 1, 0);
    }

    /** Refuses weights holding NaN or infinity (a diverged training), naming the file and the tensor. */
    static void requireFinite(Module model, Path file) throws IOException {
        for (var e : model.stateDict().entrySet()) {
            if (e.getValue().dtype() != dev.cochlea.tensor.DType.FLOAT32) continue;
            for (float v : e.getValue().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new IOException(file + ": weight '" + e.getKey() + "' holds " + v + " (expected finite values; the "
                            + "training that wrote it diverged: train again with a lower --lr)");
                }
            }
        }
    }

    /**
     * A classifier that averages the probabilities of {@code crops} copies of each recording shifted
     * in time (evenly from −{@value #TTA_SHIFT} to +{@value #TTA_SHIFT} of the clip length, the
     * unshifted one included when {@code crops} is odd); 1 turns test-time augmentation off.
     */
    public Classifier withCrops(int crops) {
        if (crops < 1) throw new IllegalArgumentException("crops: expected >= 1, found " + crops);
        return new Classifier(config, model, extractor, crops, threshold);
    }

    /**
     * A classifier that answers {@link Prediction#UNKNOWN} when the best probability is below
     * {@code threshold} (0 always answers a class).
     */
    public Classifier withThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold: expected a probability in [0, 1], found " + threshold);
        }
        return new Classifier(config, model, extractor, crops, threshold);
    }

    /** The largest shift of test-time crops, as a fraction of the clip. */
    public static final double TTA_SHIFT = 0.1;

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

    /**
     * Labels an audio file of any format {@link dev.cochlea.audio.Audio} reads (WAV, AIFF, AU, and FLAC,
     * MP3, Ogg with the codec module), chosen by its content.
     *
     * @throws dev.cochlea.audio.AudioFormatException naming the file when it cannot be decoded or its
     *                                                rate is outside {@link SampleRates}' range
     */
    public Prediction predict(Path file) throws IOException {
        return predict(read(file));
    }

    /**
     * Reads what the model uses of {@code file}, as {@link #predict(Path)} does: its first 30 s
     * (four clips at least), refusing an empty file or a rate outside {@link SampleRates}' range.
     */
    public AudioData read(Path file) throws IOException {
        AudioData audio = extractor.read(file);
        if (audio.frames() == 0) throw new dev.cochlea.audio.AudioFormatException(file, "holds no audio samples (0 frames)");
        if (audio.sampleRate() != config.features().sampleRate()) SampleRates.check(file, audio.sampleRate());
        return audio;
    }

    /** Labels decoded audio. */
    public Prediction predict(AudioData audio) {
        return rank(probabilities(audio));
    }

    /**
     * Softmax probabilities [classes] for decoded audio, prepared as in training (mixed to mono,
     * resampled to the model's rate, DC removed), averaged over the crops.
     */
    public Tensor probabilities(AudioData audio) {
        return probabilities(cropFeatures(extractor.mono(audio).toFloatArray())).mean(0);
    }

    /** Softmax probabilities averaged over the crops, for a mono waveform at the model's rate. */
    public Tensor probabilities(float[] mono) {
        return probabilities(cropFeatures(mono)).mean(0);
    }

    /** The normalised features of every crop of a mono waveform at the model's rate: [crops, 1, bands, frames]. */
    Tensor cropFeatures(float[] mono) {
        return cropFeatures(mono, crops);
    }

    private Tensor cropFeatures(float[] mono, int crops) {
        int n = config.features().clipSamples();
        Tensor[] xs = new Tensor[crops];
        for (int c = 0; c < crops; c++) {
            int offset = crops == 1 ? 0 : (int) Math.round((2.0 * c / (crops - 1) - 1) * TTA_SHIFT * n);
            Tensor clip = Tensor.wrap(AugmentedDataset.place(mono, n, offset), n);
            int[] active = FeatureNormalization.activeFrames(Math.max(0, offset), Math.min(n, offset + mono.length),
                    config.features().hopLength(), n);
            xs[c] = normalization.apply(extractor.fromWaveform(clip), normalizer, active[0], active[1]);
        }
        return Tensor.stack(java.util.Arrays.asList(xs), 0);
    }

    /**
     * Runs the whole prediction path (features of a quiet noise clip, then the model) one clip at a time
     * and in batches of {@code batch}, for at most {@code millis} milliseconds, so that the JIT
     * compiler has compiled the paths both sizes take before the first real request: a server calls it
     * before it listens (without it, the first seconds run partly interpreted, with latencies of
     * hundreds of milliseconds).
     *
     * <pre>{@code
     * classifier.warmUp(64, 1500);
     * }</pre>
     */
    public void warmUp(int batch, long millis) {
        int rate = config.features().sampleRate(), n = config.features().clipSamples();
        float[] noise = new float[n];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < n; i++) noise[i] = (float) (0.01 * random.nextGaussian());
        AudioData clip = new AudioData(Tensor.of(noise, 1, n), rate, dev.cochlea.audio.AudioEncoding.FLOAT32);
        Tensor one = features(clip).unsqueeze(0);
        Tensor many = Tensor.cat(java.util.Collections.nCopies(Math.max(1, batch), one), 0);
        long end = System.nanoTime() + millis * 1_000_000L;
        for (int i = 0; i < 400 && System.nanoTime() < end; i++) {
            probabilities(features(clip).unsqueeze(0));
            if (i % 8 == 0) probabilities(many);
        }
    }

    /** Softmax probabilities [N, classes] for normalised features [N, 1, bands, frames]. */
    public Tensor probabilities(Tensor features) {
        try (NoGrad ignored = NoGrad.enter()) {
            return model.call(features).softmax(1);
        }
    }

    /** The features of a recording as the model sees them: [1, bands, frames], normalised. */
    public Tensor features(AudioData audio) {
        return cropFeatures(extractor.mono(audio).toFloatArray(), 1).select(0, 0);
    }

    private Prediction rank(Tensor probs) {
        return rank(probs.toFloatArray());
    }

    /** The prediction for class probabilities {@code p} (in {@link #labels()} order), as {@link #predict} ranks them. */
    public Prediction rank(float[] p) {
        List<Prediction.Ranked> ranked = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) ranked.add(new Prediction.Ranked(config.classes().get(i), p[i]));
        ranked.sort(Comparator.comparingDouble((Prediction.Ranked r) -> r.probability()).reversed());
        boolean accepted = ranked.get(0).probability() >= threshold;
        return new Prediction(accepted ? ranked.get(0).label() : Prediction.UNKNOWN, ranked.get(0).probability(), List.copyOf(ranked),
                accepted);
    }
}
