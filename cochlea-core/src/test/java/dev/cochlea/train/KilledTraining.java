package dev.cochlea.train;

import java.nio.file.Path;

/**
 * The training process {@link FaultInjectionTest} kills: a small run of the full recipe, started
 * fresh or resumed. With a write number {@code n >= 0} it halts itself (as {@code kill -9} would:
 * no shutdown hooks, nothing flushed) just before the n-th checkpoint file is written; with
 * {@code copyEpochs} it copies the run folder after every epoch, for the reference.
 *
 * <pre>{@code java -cp ... dev.cochlea.train.KilledTraining DATA OUT fresh|resume HALT_AT [copyEpochs]}</pre>
 */
final class KilledTraining {
    private KilledTraining() {
    }

    static TrainSettings recipe(Path data, Path out, boolean resume) {
        return TrainSettings.builder(data, out).model("cnn").split("random:0.25").validation("random:0.2").epochs(FaultInjectionTest.EPOCHS)
                .batchSize(8).lr(3e-3).seed(11).features(TrainJobTest.small()).augment("default").timeShift(0.1).normalize("utterance")
                .labelSmoothing(0.1).mixup(0.2).ema(0.99).patience(5).optimizer("adamw").weightDecay(0.01).resume(resume).build();
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        boolean resume = args[2].equals("resume");
        int haltAt = Integer.parseInt(args[3]);
        boolean copyEpochs = args.length > 4 && args[4].equals("copyEpochs");
        TrainJob job = new TrainJob(recipe(data, out, resume), new TrainListener() {
            @Override
            public void epochEnd(EpochResult result, boolean best) {
                if (!copyEpochs) return;
                try {
                    FaultInjectionTest.copyRun(out, out.resolveSibling(out.getFileName() + "-epoch-" + result.epoch()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        int[] writes = {0};
        if (haltAt >= 0) {
            job.onCheckpointWrite(f -> {
                if (writes[0]++ == haltAt) Runtime.getRuntime().halt(137);
            });
        }
        job.run();
        System.out.println("finished");
    }
}
