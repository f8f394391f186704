package dev.cochlea.train;

import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.Split;
import dev.cochlea.data.ValidationSplit;
import dev.cochlea.train.models.Models;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything {@code ./cochlea train} can set, with the defaults of the documented recipe
 * (docs/training.md). Built with named options:
 *
 * <pre>{@code
 * TrainSettings s = TrainSettings.builder(Path.of("data/recordings"), Path.of("runs/fsdd"))
 *         .labelPattern("^(\\d+)_").split("official").model("bcresnet-3").epochs(30).build();
 * }</pre>
 *
 * @param data           the folder of recordings
 * @param out            the run folder
 * @param labelPattern   regular expression whose first group is the label, or null for sub-folders
 * @param groupPattern   regular expression whose first group is the group, or null for the default
 * @param split          the test split spec ({@link Split#parse})
 * @param validation     how the validation set is carved from the training part ({@link ValidationSplit#parse})
 * @param model          the architecture ({@link Models#NAMES}, or several joined by {@code +} for an ensemble)
 * @param epochs         epochs to train (in total, when resuming)
 * @param batchSize      batch size
 * @param lr             peak learning rate (cosine-annealed to 0 over the epochs)
 * @param optimizer      adam, adamw or sgd (momentum 0.9)
 * @param weightDecay    weight decay (decoupled for adamw, L2 for the others)
 * @param seed           random seed
 * @param features       the feature pipeline
 * @param normalize      feature normalisation: dataset, utterance
 * @param augment        waveform augmentation spec: default, none, or a list (docs/training.md)
 * @param noiseDir       recordings mixed in as noise, or null
 * @param rirDir         room impulse responses, or null
 * @param timeShift      the largest random time shift of training clips, as a fraction of the clip length (0: none)
 * @param specAugment    whether to apply SpecAugment masks while training
 * @param labelSmoothing label smoothing of the cross-entropy, in [0, 1)
 * @param mixup          mixup's Beta(α, α) parameter; 0 turns mixup off
 * @param ema            decay of the exponential moving average of the weights; 0 turns it off
 * @param patience       epochs without a better validation accuracy before stopping; 0 never stops early
 * @param refit          whether the final model is trained again on the training and validation clips together,
 *                       for the epochs validation chose
 * @param overwrite      whether an existing run folder may be replaced
 * @param resume         whether to continue the run in {@code out}
 * @param clipStore      folder of the clip store that keeps decoded audio and features on disk and reuses them
 *                       across runs ({@link dev.cochlea.data.ClipStore}), or null to keep them on the heap
 */
public record TrainSettings(Path data, Path out, String labelPattern, String groupPattern, String split, String validation,
                            String model, int epochs, int batchSize, double lr, String optimizer, double weightDecay, long seed,
                            FeatureConfig features, String normalize, String augment, Path noiseDir, Path rirDir,
                            double timeShift, boolean specAugment, double labelSmoothing, double mixup, double ema, int patience,
                            boolean refit, boolean overwrite, boolean resume, Path clipStore) {

    /** Validates every value, naming the option at fault. */
    public TrainSettings {
        if (epochs < 1) throw new IllegalArgumentException("epochs: expected >= 1, found " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize: expected >= 1, found " + batchSize);
        if (!(lr > 0)) throw new IllegalArgumentException("lr: expected a positive learning rate, found " + lr);
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!optimizer.equals("adam") && !optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer: expected adam, adamw or sgd, found " + optimizer);
        }
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay: expected >= 0, found " + weightDecay);
        model = model.toLowerCase(Locale.ROOT);
        Models.members(model);
        if (labelPattern != null) AudioFolder.pattern("labelPattern", labelPattern);
        if (groupPattern != null) AudioFolder.pattern("groupPattern", groupPattern);
        Split.parse(split);
        ValidationSplit.parse(validation);
        FeatureNormalization.parse(normalize);
        if (!(timeShift >= 0 && timeShift <= 0.5)) {
            throw new IllegalArgumentException("timeShift: expected a fraction of the clip in [0, 0.5], found " + timeShift);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing: expected a value in [0, 1), found " + labelSmoothing);
        }
        if (!(mixup >= 0)) throw new IllegalArgumentException("mixup: expected alpha >= 0 (0 turns mixup off), found " + mixup);
        if (!(ema >= 0 && ema < 1)) throw new IllegalArgumentException("ema: expected a decay in [0, 1) (0 turns it off), found " + ema);
        if (patience < 0) throw new IllegalArgumentException("patience: expected >= 0 epochs (0: never stop early), found " + patience);
    }

    /** Starts settings for {@code data} and run folder {@code out}, every other option at its default. */
    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /** A builder holding these settings, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder(data, out);
        b.labelPattern = labelPattern;
        b.groupPattern = groupPattern;
        b.split = split;
        b.validation = validation;
        b.model = model;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.lr = lr;
        b.optimizer = optimizer;
        b.weightDecay = weightDecay;
        b.seed = seed;
        b.features = features;
        b.normalize = normalize;
        b.augment = augment;
        b.noiseDir = noiseDir;
        b.rirDir = rirDir;
        b.timeShift = timeShift;
        b.specAugment = specAugment;
        b.labelSmoothing = labelSmoothing;
        b.mixup = mixup;
        b.ema = ema;
        b.patience = patience;
        b.refit = refit;
        b.overwrite = overwrite;
        b.resume = resume;
        b.clipStore = clipStore;
        return b;
    }

    /** Named options for {@link TrainSettings}; unset ones keep the documented defaults. */
    public static final class Builder {
        private Path data;
        private Path out;
        private String labelPattern;
        private String groupPattern;
        private Path clipStore;
        private String split = Defaults.SPLIT;
        private String validation = Defaults.VALIDATION;
        private String model = Defaults.MODEL;
        private int epochs = Defaults.EPOCHS;
        private int batchSize = Defaults.BATCH_SIZE;
        private double lr = Defaults.LR;
        private String optimizer = Defaults.OPTIMIZER;
        private double weightDecay = Defaults.WEIGHT_DECAY;
        private long seed;
        private FeatureConfig features = FeatureConfig.defaults();
        private String normalize = Defaults.NORMALIZE;
        private String augment = Defaults.AUGMENT;
        private Path noiseDir;
        private Path rirDir;
        private double timeShift = Defaults.TIME_SHIFT;
        private boolean specAugment = true;
        private double labelSmoothing = Defaults.LABEL_SMOOTHING;
        private double mixup = Defaults.MIXUP;
        private double ema = Defaults.EMA;
        private int patience = Defaults.PATIENCE;
        private boolean refit = Defaults.REFIT;
        private boolean overwrite;
        private boolean resume;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        /** The folder of recordings. */
        public Builder data(Path v) { data = v; return this; }

        /** The run folder. */
        public Builder out(Path v) { out = v; return this; }

        /** The label regular expression (first group), or null for sub-folder names. */
        public Builder labelPattern(String v) { labelPattern = v; return this; }

        /** The group regular expression (first group), or null for the second {@code _} field. */
        public Builder groupPattern(String v) { groupPattern = v; return this; }

        /** The test split: official, random:F, group:NAME or all. */
        public Builder split(String v) { split = v; return this; }

        /** The validation split carved from the training part: auto, none, group:NAME, groups:K, random:F. */
        public Builder validation(String v) { validation = v; return this; }

        /** The architecture name. */
        public Builder model(String v) { model = v; return this; }

        /** Total epochs. */
        public Builder epochs(int v) { epochs = v; return this; }

        /** Batch size. */
        public Builder batchSize(int v) { batchSize = v; return this; }

        /** Peak learning rate. */
        public Builder lr(double v) { lr = v; return this; }

        /** adam, adamw or sgd. */
        public Builder optimizer(String v) { optimizer = v; return this; }

        /** Weight decay. */
        public Builder weightDecay(double v) { weightDecay = v; return this; }

        /** Random seed. */
        public Builder seed(long v) { seed = v; return this; }

        /** Feature pipeline. */
        public Builder features(FeatureConfig v) { features = v; return this; }

        /** dataset or utterance. */
        public Builder normalize(String v) { normalize = v; return this; }

        /** Waveform augmentation spec. */
        public Builder augment(String v) { augment = v; return this; }

        /** Noise recordings for augmentation. */
        public Builder noiseDir(Path v) { noiseDir = v; return this; }

        /** Room impulse responses for augmentation. */
        public Builder rirDir(Path v) { rirDir = v; return this; }

        /** The largest time shift as a fraction of the clip; 0 is off. */
        public Builder timeShift(double v) { timeShift = v; return this; }

        /** SpecAugment on or off. */
        public Builder specAugment(boolean v) { specAugment = v; return this; }

        /** Label smoothing in [0, 1). */
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }

        /** Mixup's alpha; 0 is off. */
        public Builder mixup(double v) { mixup = v; return this; }

        /** EMA decay; 0 is off. */
        public Builder ema(double v) { ema = v; return this; }

        /** Early-stopping patience in epochs; 0 is off. */
        public Builder patience(int v) { patience = v; return this; }

        /** Whether the final model is retrained on training and validation clips for the chosen epochs. */
        public Builder refit(boolean v) { refit = v; return this; }

        /** Whether an existing run folder may be replaced. */
        public Builder overwrite(boolean v) { overwrite = v; return this; }

        /** Whether to continue the run in the run folder. */
        public Builder resume(boolean v) { resume = v; return this; }

        /** Keeps decoded audio and features in the clip store under {@code v} (null: on the heap). */
        public Builder clipStore(Path v) { clipStore = v; return this; }

        /** The validated settings. */
        public TrainSettings build() {
            return new TrainSettings(data, out, labelPattern, groupPattern, split, validation, model, epochs, batchSize, lr,
                    optimizer, weightDecay, seed, features, normalize, augment, noiseDir, rirDir, timeShift, specAugment, labelSmoothing,
                    mixup, ema, patience, refit, overwrite, resume, clipStore);
        }
    }

    /**
     * The documented recipe's defaults, in one place, chosen by leave-one-speaker-out accuracy on
     * the spoken digits (docs/benchmarks.md, "Speaker-robust training"): an ensemble of the
     * {@code cnn} and {@code cifar} models (their mean probabilities), per-utterance
     * normalisation, 25 epochs, AdamW with weight decay 0.05, label smoothing 0.1, mixup 0.2 and a
     * weight average with decay 0.99, and {@code --validation auto} (with five speakers: every speaker
     * trains); clips cut to the word ({@link FeatureConfig#defaults()}). Waveform augmentation and
     * refitting measured worse for the worst speaker there and are off.
     */
    public static final class Defaults {
        /** Test split. */
        public static final String SPLIT = "official";
        /** Validation carved from the training part. */
        public static final String VALIDATION = "auto";
        /** Architecture: two models trained side by side, answering with their mean probabilities. */
        public static final String MODEL = "cnn+cifar";
        /** Epochs (20 gave 0.4-0.5 points less mean leave-one-speaker-out accuracy, in 80 % of the time). */
        public static final int EPOCHS = 25;
        /** Batch size. */
        public static final int BATCH_SIZE = 32;
        /** Peak learning rate. */
        public static final double LR = 2e-3;
        /** Optimiser. */
        public static final String OPTIMIZER = "adamw";
        /** Weight decay. */
        public static final double WEIGHT_DECAY = 0.05;
        /** Feature normalisation. */
        public static final String NORMALIZE = "utterance";
        /** Waveform augmentation. */
        public static final String AUGMENT = "none";
        /** Largest time shift, fraction of the clip. */
        public static final double TIME_SHIFT = 0;
        /** Label smoothing. */
        public static final double LABEL_SMOOTHING = 0.1;
        /** Mixup alpha. */
        public static final double MIXUP = 0.2;
        /** EMA decay. */
        public static final double EMA = 0.99;
        /** Early-stopping patience. */
        public static final int PATIENCE = 0;
        /** Retrain the final model on training and validation clips. */
        public static final boolean REFIT = false;

        private Defaults() {}
    }
}
