package dev.cochlea.cli;

import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code cochlea train}: trains a classifier on a folder of recordings and writes a run folder
 * (checkpoints, config.json, TensorBoard logs).
 *
 * <pre>{@code
 * ./cochlea train --data fsdd/recordings --label-pattern '^(\d+)_' --split official --out runs/fsdd
 * }</pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an audio classifier on a folder of recordings.")
final class TrainCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = {"--data", "--manifest"}, description = "Folder of audio files (WAV, AIFF, AU; FLAC, MP3, Ogg with the codec "
            + "module): <label>/*.wav, any layout with --label-pattern, Speech Commands, ESC-50 or UrbanSound8K as unpacked; or a "
            + "CSV/TSV manifest with a header naming path, label and optionally group, fold, split "
            + "(with --resume: the run's own, unless given).")
    Path data;

    @Option(names = "--out", required = true, description = "Run folder to create, e.g. runs/fsdd.")
    Path out;

    @CommandLine.Mixin
    DataOptions dataOptions;

    @CommandLine.Mixin
    TrainOptions recipe;

    @Option(names = "--overwrite", description = "Replace an existing run folder.")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (up to --epochs in total).")
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // With --resume only the options given on the command line are passed on, so that the library
    // can tell a changed setting (refused) from one left out (the run's own is kept).
    private static final Map<String, BiConsumer<TrainSettings.Builder, TrainSettings>> RESUMABLE = Map.ofEntries(
            Map.entry("--label-pattern", (b, a) -> b.labelPattern(a.labelPattern())),
            Map.entry("--group-pattern", (b, a) -> b.groupPattern(a.groupPattern())),
            Map.entry("--split", (b, a) -> b.split(a.split())),
            Map.entry("--validation", (b, a) -> b.validation(a.validation())),
            Map.entry("--model", (b, a) -> b.model(a.model())),
            Map.entry("--batch-size", (b, a) -> b.batchSize(a.batchSize())),
            Map.entry("--lr", (b, a) -> b.lr(a.lr())),
            Map.entry("--optimizer", (b, a) -> b.optimizer(a.optimizer())),
            Map.entry("--weight-decay", (b, a) -> b.weightDecay(a.weightDecay())),
            Map.entry("--seed", (b, a) -> b.seed(a.seed())),
            Map.entry("--normalize", (b, a) -> b.normalize(a.normalize())),
            Map.entry("--augment", (b, a) -> b.augment(a.augment())),
            Map.entry("--noise-dir", (b, a) -> b.noiseDir(a.noiseDir())),
            Map.entry("--rir-dir", (b, a) -> b.rirDir(a.rirDir())),
            Map.entry("--time-shift", (b, a) -> b.timeShift(a.timeShift())),
            Map.entry("--no-spec-augment", (b, a) -> b.specAugment(a.specAugment())),
            Map.entry("--label-smoothing", (b, a) -> b.labelSmoothing(a.labelSmoothing())),
            Map.entry("--mixup", (b, a) -> b.mixup(a.mixup())),
            Map.entry("--ema", (b, a) -> b.ema(a.ema())),
            Map.entry("--patience", (b, a) -> b.patience(a.patience())),
            Map.entry("--refit", (b, a) -> b.refit(a.refit())));
    private static final List<String> FEATURE_OPTIONS = List.of("--features", "--sample-rate", "--clip-seconds", "--n-fft",
            "--win-length", "--hop-length", "--n-mels", "--f-min", "--f-max", "--mel-scale", "--norm", "--n-mfcc", "--top-db",
            "--keep-dc", "--trim-db");

    @Override
    public Integer call() throws Exception {
        if (data == null && !resume) {
            throw new IllegalArgumentException("--data: missing: the folder of WAV files to train on (only --resume can do "
                    + "without it: it takes the run's own)");
        }
        TrainSettings s = recipe.apply(TrainSettings.builder(data, out)).labelPattern(dataOptions.labelPattern)
                .groupPattern(dataOptions.groupPattern).split(dataOptions.split).overwrite(overwrite).resume(resume).build();
        return runJob(resume ? onlyGiven(s) : s);
    }

    private TrainSettings onlyGiven(TrainSettings all) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        TrainSettings.Builder b = TrainSettings.builder(data, out).epochs(all.epochs()).overwrite(overwrite).resume(true)
                .clipStore(all.clipStore());
        RESUMABLE.forEach((option, copy) -> {
            if (given.hasMatchedOption(option)) copy.accept(b, all);
        });
        if (FEATURE_OPTIONS.stream().anyMatch(given::hasMatchedOption)) b.features(all.features());
        return b.build();
    }

    /** Runs a job with progress output and Ctrl-C handling; shared with {@code demo}. */
    static int runJob(TrainSettings s) throws Exception {
        TuneCommand.atFirstUse(System.out);
        TrainProgress progress = new TrainProgress(System.out);
        TrainJob job = new TrainJob(s, progress);
        return StopOnInterrupt.run(job::requestStop, () -> {
            progress.finish(job.run());
            return 0;
        });
    }
}
