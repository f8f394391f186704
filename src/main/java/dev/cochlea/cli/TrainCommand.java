package dev.cochlea.cli;

import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            job.requestStop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "cochlea-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // The summary is printed before the hook is released: after Ctrl-C the JVM exits as soon as it is.
            progress.finish(job.run());
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is exiting and the hook is running; nothing to remove.
        }
        return 0;
    }
}
