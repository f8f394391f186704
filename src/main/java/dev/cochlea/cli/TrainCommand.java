package dev.cochlea.cli;

import dev.cochlea.train.TrainJob;
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

    @Option(names = "--model", defaultValue = "cnn", description = "cnn, cifar, mlp, tdnn, lstm, bcresnet-1 (-1.5, -2, -3, -6, -8), tcresnet8, tcresnet14, tcresnet8-1.5 or tcresnet14-1.5. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.002", description = "Initial learning rate (cosine-annealed). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed; the same seed gives the same run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--no-spec-augment", description = "Train without SpecAugment time/frequency masks.")
    boolean noSpecAugment;

    @Option(names = "--overwrite", description = "Replace an existing run folder.")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (up to --epochs in total).")
    boolean resume;

    @CommandLine.Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        TrainJob.Settings s = new TrainJob.Settings(data, out, dataOptions.labelPattern, dataOptions.groupPattern, dataOptions.split,
                model, epochs, batchSize, lr, optimizer, seed, features.toConfig(), !noSpecAugment, overwrite, resume);
        return runJob(s);
    }

    /** Runs a job with progress output and Ctrl-C handling; shared with {@code demo}. */
    static int runJob(TrainJob.Settings s) throws Exception {
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
