package dev.cochlea.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cochlea.Cochlea;
import dev.cochlea.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's {@code config.json}: everything needed to rebuild the model and its inputs (architecture,
 * class names, feature settings, normalisation statistics), how it was trained, and how far
 * training got, so a run can be evaluated, used for prediction, or resumed.
 *
 * <pre>{@code
 * RunConfig cfg = RunConfig.read(Path.of("runs/fsdd"));
 * List<String> labels = cfg.classes();
 * }</pre>
 *
 * @param cochleaVersion the version that wrote the file
 * @param model          the architecture name ({@code Models})
 * @param classes        class names in output order
 * @param features       the feature pipeline
 * @param normMean       per-band feature means of the training set
 * @param normStd        per-band feature standard deviations
 * @param training       the training settings
 * @param epochsDone     completed epochs
 * @param bestEpoch      the epoch (1-based) of the best validation accuracy, 0 if none
 * @param bestAccuracy   that accuracy
 */
public record RunConfig(String cochleaVersion, String model, List<String> classes, FeatureConfig features,
                        float[] normMean, float[] normStd, TrainingSettings training,
                        int epochsDone, int bestEpoch, double bestAccuracy) {

    /** The file name inside a run folder. */
    public static final String FILE = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * How a run was trained (the command-line options).
     *
     * @param data          the data folder
     * @param labelPattern  the label regular expression, or null for sub-folders
     * @param groupPattern  the group regular expression, or null for the default
     * @param split         the split spec
     * @param epochs        planned epochs
     * @param batchSize     batch size
     * @param lr            learning rate
     * @param optimizer     adam or sgd
     * @param seed          random seed
     * @param specAugment   whether SpecAugment masks were applied
     * @param validation    the validation split spec (null in runs written before it existed: the test part validated)
     * @param normalize     feature normalisation, dataset or utterance (null: dataset)
     * @param augment       the waveform augmentation spec (null: none)
     * @param noiseDir      noise recordings used by augmentation, or null
     * @param rirDir        room impulse responses used by augmentation, or null
     * @param timeShift     largest random time shift of training clips, fraction of the clip
     * @param weightDecay   weight decay
     * @param labelSmoothing label smoothing
     * @param mixup         mixup alpha (0: off)
     * @param ema           EMA decay of the weights (0: off)
     * @param patience      early-stopping patience (0: off)
     * @param refit         whether the final model was retrained on training and validation clips
     */
    public record TrainingSettings(String data, String labelPattern, String groupPattern, String split, int epochs,
                                   int batchSize, double lr, String optimizer, long seed,
                                   @JsonProperty("spec_augment") boolean specAugment, String validation, String normalize,
                                   String augment, String noiseDir, String rirDir, double timeShift, double weightDecay, double labelSmoothing,
                                   double mixup, double ema, int patience, boolean refit) {

        /** The settings of {@code s}, as stored. */
        public static TrainingSettings of(TrainSettings s) {
            return new TrainingSettings(s.data().toString(), s.labelPattern(), s.groupPattern(), s.split(), s.epochs(), s.batchSize(),
                    s.lr(), s.optimizer(), s.seed(), s.specAugment(), s.validation(), s.normalize(), s.augment(),
                    s.noiseDir() == null ? null : s.noiseDir().toString(), s.rirDir() == null ? null : s.rirDir().toString(),
                    s.timeShift(), s.weightDecay(), s.labelSmoothing(), s.mixup(), s.ema(), s.patience(), s.refit());
        }
    }

    /** How features are normalised for this run's model. */
    public FeatureNormalization normalization() {
        return FeatureNormalization.parse(training.normalize());
    }

    /** The normalisation statistics as a {@link Normalizer}. */
    public Normalizer normalizer() {
        return new Normalizer(normMean, normStd);
    }

    /** A copy with training progress updated. */
    public RunConfig withProgress(int epochsDone, int bestEpoch, double bestAccuracy) {
        return new RunConfig(cochleaVersion, model, classes, features, normMean, normStd, training, epochsDone, bestEpoch, bestAccuracy);
    }

    /** A new configuration stamped with this library's version. */
    public static RunConfig create(String model, List<String> classes, FeatureConfig features, Normalizer norm,
                                   TrainingSettings training) {
        return new RunConfig(Cochlea.VERSION, model, List.copyOf(classes), features, norm.mean(), norm.std(), training, 0, 0, 0);
    }

    /** Reads {@code <runDir>/config.json}. */
    public static RunConfig read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "not a Cochlea run folder (no " + FILE + "; train one with ./cochlea train)");
        }
        return readFile(f);
    }

    /** Reads the configuration file {@code file} (a run's config.json, wherever it lies). */
    public static RunConfig readFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(() -> JSON.readValue(bytes, RunConfig.class), file.toString());
    }

    /**
     * The configuration in JSON text {@code json} (a run's config.json, or the copy an ONNX export keeps
     * in its metadata); {@code source} names where it came from in errors.
     */
    public static RunConfig parse(String json, String source) throws IOException {
        return parse(() -> JSON.readValue(json, RunConfig.class), source);
    }

    /** Jackson's reading of a configuration, from bytes or text. */
    private interface Reading {
        RunConfig read() throws IOException;
    }

    private static RunConfig parse(Reading reading, String source) throws IOException {
        try {
            RunConfig c = reading.read();
            if (c == null) throw new IOException(source + ": not a valid run configuration: expected a JSON object, found null");
            if (c.model() == null || c.classes() == null || c.features() == null || c.normMean() == null || c.normStd() == null
                    || c.training() == null) {
                throw new IOException(source + ": incomplete run configuration (model, classes, features, normalisation and "
                        + "training are required)");
            }
            String problem = c.problem();
            if (problem != null) throw new IOException(source + ": " + problem);
            return c;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(source + ": not a valid run configuration: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": not a valid run configuration: " + e.getMessage(), e);
        }
    }

    /**
     * The settings this run was trained with, writing to {@code out}, as a builder (values that
     * runs written by older versions lack take what those versions did).
     *
     * <pre>{@code
     * TrainSettings again = RunConfig.read(run).settings(run).resume(true).build();
     * }</pre>
     */
    public TrainSettings.Builder settings(Path out) {
        TrainingSettings t = training;
        return TrainSettings.builder(Path.of(t.data()), out).labelPattern(t.labelPattern()).groupPattern(t.groupPattern())
                .split(t.split() == null ? "official" : t.split()).validation(t.validation() == null ? "none" : t.validation())
                .model(model).epochs(t.epochs()).batchSize(t.batchSize()).lr(t.lr())
                .optimizer(t.optimizer() == null ? "adam" : t.optimizer()).weightDecay(t.weightDecay()).seed(t.seed())
                .features(features).normalize(t.normalize() == null ? "dataset" : t.normalize())
                .augment(t.augment() == null ? "none" : t.augment()).timeShift(t.timeShift())
                .noiseDir(t.noiseDir() == null ? null : Path.of(t.noiseDir())).rirDir(t.rirDir() == null ? null : Path.of(t.rirDir()))
                .specAugment(t.specAugment()).labelSmoothing(t.labelSmoothing()).mixup(t.mixup()).ema(t.ema())
                .patience(t.patience()).refit(t.refit());
    }

    /** What makes this configuration unusable (duplicate classes, bad statistics, an unknown model), or null. */
    String problem() {
        if (classes.size() < 2) return "classes: expected at least 2, found " + classes;
        if (new java.util.HashSet<>(classes).size() != classes.size() || classes.contains(null)) {
            return "classes: expected distinct names, found " + classes;
        }
        if (normMean.length != normStd.length) {
            return "norm_mean and norm_std: expected the same length, found " + normMean.length + " and " + normStd.length;
        }
        for (int i = 0; i < normStd.length; i++) {
            if (!(normStd[i] > 0) || !Float.isFinite(normStd[i])) return "norm_std[" + i + "]: expected a positive finite value, found " + normStd[i];
            if (!Float.isFinite(normMean[i])) return "norm_mean[" + i + "]: expected a finite value, found " + normMean[i];
        }
        try {
            dev.cochlea.train.models.Models.members(model);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (training.data() == null) return "training.data: missing (the folder the run was trained on)";
        try {
            settings(Path.of(".")).build();
        } catch (IllegalArgumentException e) {
            return "training." + e.getMessage();
        }
        return null;
    }

    /** Writes {@code <runDir>/config.json} atomically. */
    public void write(Path runDir) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        AtomicFiles.write(runDir.resolve(FILE), true, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /** The configuration as pretty JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
