package dev.cochlea.cli;

import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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
    @Option(names = "--data", required = true, description = "Folder of WAV files: <label>/*.wav, or any layout with --label-pattern.")
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

    @Override
    public Integer call() throws Exception {
        TrainSettings s = recipe.apply(TrainSettings.builder(data, out)).labelPattern(dataOptions.labelPattern)
                .groupPattern(dataOptions.groupPattern).split(dataOptions.split).overwrite(overwrite).resume(resume).build();
        return runJob(s);
    }

    /** Runs a job with progress output and Ctrl-C handling; shared with {@code demo}. */
    static int runJob(TrainSettings s) throws Exception {
        TrainProgress progress = new TrainProgress(System.out);
        TrainJob job = new TrainJob(s, progress);
        return StopOnInterrupt.run(job::requestStop, () -> {
            progress.finish(job.run());
            return 0;
        });
    }
}
