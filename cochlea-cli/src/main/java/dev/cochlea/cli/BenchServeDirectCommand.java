package dev.cochlea.cli;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cochlea bench serve-direct}: what the server's figures are measured against, the model called
 * directly in a loop on one clip: decode the file, features, forward, one clip at a time and in
 * batches of 64 (features of each clip, then one pass), predictions per second.
 *
 * <pre>{@code
 * ./cochlea bench serve-direct runs/fsdd --clip clip.wav --seconds 15
 * }</pre>
 */
@Command(name = "serve-direct", mixinStandardHelpOptions = true,
        description = "Predictions/s of a run called directly in a loop (the baseline of bench/serve_load.sh).")
final class BenchServeDirectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    Path run;

    @Option(names = "--clip", required = true, description = "The audio file each prediction reads.")
    Path clip;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per measurement. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Override
    public Integer call() throws Exception {
        Classifier c = Classifier.load(run);
        Path copy = Files.createTempFile("cochlea-direct", ".wav");
        Files.copy(clip, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            for (int batch : new int[] {1, 64}) {
                loop(c, copy, batch, Math.min(3, seconds));
                double rate = loop(c, copy, batch, seconds);
                System.out.printf(Locale.ROOT, "direct, batch %d: %.1f predictions/s (read + features + forward)%n", batch, rate);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        return 0;
    }

    private static double loop(Classifier c, Path file, int batch, double seconds) throws Exception {
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        long done = 0;
        while (System.nanoTime() < end) {
            List<Tensor> xs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                AudioData a = Audio.read(file);
                xs.add(c.features(a));
            }
            c.probabilities(Tensor.stack(xs, 0));
            done += batch;
        }
        return done / ((System.nanoTime() - t0) / 1e9);
    }
}
