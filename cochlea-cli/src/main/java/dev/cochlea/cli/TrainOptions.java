package dev.cochlea.cli;

import dev.cochlea.train.TrainSettings;
import dev.cochlea.train.TrainSettings.Defaults;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The training recipe's options, shared by {@code train} and {@code crossval}; defaults come from
 * {@link TrainSettings.Defaults}, the documented recipe.
 *
 * <pre>{@code
 * @CommandLine.Mixin TrainOptions recipe;
 * TrainSettings s = recipe.apply(TrainSettings.builder(data, out)).build();
 * }</pre>
 */
public final class TrainOptions {
    @Option(names = "--model", defaultValue = Defaults.MODEL, description = "cnn, cifar, mlp, tdnn, lstm, bcresnet-1 (-1.5, -2, -3, -6, -8), tcresnet8, tcresnet14, "
            + "tcresnet8-1.5 or tcresnet14-1.5; several joined by + train an ensemble that averages their probabilities (docs/training.md). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", defaultValue = "" + Defaults.EPOCHS, description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + Defaults.BATCH_SIZE, description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + Defaults.LR, description = "Peak learning rate (cosine-annealed to 0). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--optimizer", defaultValue = Defaults.OPTIMIZER, description = "adam, adamw or sgd. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--weight-decay", defaultValue = "" + Defaults.WEIGHT_DECAY, description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed; the same seed gives the same run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--validation", defaultValue = Defaults.VALIDATION, description = "Validation set carved from the training part, "
            + "which chooses the checkpoint and stops early: auto (a tenth of the speakers when files carry 8 or more; none with fewer, "
            + "keeping the last averaged weights; else a random tenth), "
            + "none, group:<name>[,<name>], groups:<count>, random:<fraction>. The test part never chooses anything. Default: ${DEFAULT-VALUE}.")
    String validation;

    @Option(names = "--normalize", defaultValue = Defaults.NORMALIZE, description = "Feature normalisation: dataset (training-set "
            + "statistics per band), utterance (each clip's own) or recording (each clip's own over its recorded frames, "
            + "padding excluded). Default: ${DEFAULT-VALUE}.")
    String normalize;

    @Option(names = "--augment", defaultValue = Defaults.AUGMENT, description = "Waveform augmentation every epoch: default, none, "
            + "or a list such as speed=0.9:1.1,gain=6,noise=5:25 (docs/training.md). Default: ${DEFAULT-VALUE}.")
    String augment;

    @Option(names = "--noise-dir", description = "Folder of audio recordings mixed in as background noise by the noise augmentation.")
    Path noiseDir;

    @Option(names = "--rir-dir", description = "Folder of audio room impulse responses used by the reverb augmentation.")
    Path rirDir;

    @Option(names = "--time-shift", defaultValue = "" + Defaults.TIME_SHIFT, description = "Largest random shift of training clips "
            + "in time, as a fraction of the clip (0: none). Default: ${DEFAULT-VALUE}.")
    double timeShift;

    @Option(names = "--no-spec-augment", description = "Train without SpecAugment time/frequency masks.")
    boolean noSpecAugment;

    @Option(names = "--label-smoothing", defaultValue = "" + Defaults.LABEL_SMOOTHING, description = "Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--mixup", defaultValue = "" + Defaults.MIXUP, description = "Mixup Beta(alpha, alpha); 0 is off. Default: ${DEFAULT-VALUE}.")
    double mixup;

    @Option(names = "--ema", defaultValue = "" + Defaults.EMA, description = "Decay of a moving average of the weights used for "
            + "validation and the saved model, e.g. 0.999; 0 is off. Default: ${DEFAULT-VALUE}.")
    double ema;

    @Option(names = "--patience", defaultValue = "" + Defaults.PATIENCE, description = "Stop after this many epochs without a better "
            + "validation accuracy; 0 never stops early. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--refit", negatable = true, defaultValue = "" + Defaults.REFIT, description = "After validation has chosen the "
            + "epoch, train the final model again on the training and validation clips together for that many epochs (--no-refit: "
            + "keep the validated model). Default: ${DEFAULT-VALUE}.")
    boolean refit;

    @Option(names = "--clip-store", paramLabel = "DIR|none", description = ClipStoreOption.DESCRIPTION)
    String clipStore;

    @CommandLine.Mixin
    FeatureOptions features;

    /** Sets every recipe option on {@code b}. */
    TrainSettings.Builder apply(TrainSettings.Builder b) {
        return b.model(model).epochs(epochs).batchSize(batchSize).lr(lr).optimizer(optimizer).weightDecay(weightDecay).seed(seed)
                .validation(validation).normalize(normalize).augment(augment).noiseDir(noiseDir).rirDir(rirDir)
                .timeShift(timeShift).specAugment(!noSpecAugment).labelSmoothing(labelSmoothing).mixup(mixup).ema(ema).patience(patience).refit(refit)
                .features(features.toConfig()).clipStore(ClipStoreOption.resolve(clipStore, System.err));
    }
}
