package dev.cochlea.serve;

import dev.cochlea.audio.Audio;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;
import dev.cochlea.train.TrainSettings;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The spoken digits for the serving tests: the recordings in {@code ../shared/data/fsdd}, a model
 * trained on their official training split once per test JVM ({@code cnn}, 8 epochs, about 20 s), and
 * long recordings made of test-split digits with quiet between them, with where each digit is.
 * Without the data the tests are skipped, or fail when {@code CI=true}.
 *
 * <pre>{@code
 * Classifier model = SpokenDigits.model();
 * SpokenDigits.Recording r = SpokenDigits.recording(40, 3);
 * }</pre>
 */
final class SpokenDigits {
    static final int RATE = 8000;
    private static Classifier model;

    private SpokenDigits() {}

    /** The recordings folder, found by walking up from the working directory. */
    static Path recordings() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path c : new Path[] {p.resolve("shared/data/fsdd/recordings"), p.resolve("../shared/data/fsdd/recordings")}) {
                if (Files.isDirectory(c)) return c.normalize();
            }
        }
        String msg = "the spoken digits (../shared/data/fsdd/recordings beside the repository) are missing";
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(msg);
        Assumptions.abort(msg);
        return null;
    }

    /** A cnn trained on the official training split (take index 5-49), once per JVM. */
    static synchronized Classifier model() throws Exception {
        if (model != null) return model;
        Path out = Files.createTempDirectory("cochlea-serve-fsdd");
        TrainSettings s = TrainSettings.builder(recordings(), out.resolve("fsdd")).model("cnn").labelPattern("^(\\d+)_").split("official")
                .epochs(8).seed(0).build();
        new TrainJob(s, new TrainListener() {}).run();
        model = Classifier.load(out.resolve("fsdd"));
        return model;
    }

    /** A digit in a {@link Recording}: its label and where it starts and ends, seconds. */
    record Word(String label, double start, double end, String file) {
    }

    /** Mono samples at 8 kHz and the digits in them. */
    record Recording(float[] samples, List<Word> words) {
    }

    /**
     * {@code count} test-split digits (shuffled by {@code seed}), each after 0.8-1.5 s of noise at
     * -70 dBFS, and 1 s of it at the end.
     */
    static Recording recording(int count, long seed) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(recordings())) {
            s.filter(p -> p.getFileName().toString().matches("\\d_[a-z]+_[0-4]\\.wav")).sorted().forEach(files::add);
        }
        Random r = new Random(seed);
        java.util.Collections.shuffle(files, r);
        List<float[]> parts = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        int pos = 0;
        for (Path f : files.subList(0, count)) {
            int gap = (int) ((0.8 + 0.7 * r.nextDouble()) * RATE);
            parts.add(new float[gap]);
            pos += gap;
            float[] x = Audio.read(f).waveform().reshape(-1).toFloatArray();
            parts.add(x);
            String name = f.getFileName().toString();
            words.add(new Word(name.substring(0, 1), (double) pos / RATE, (double) (pos + x.length) / RATE, name));
            pos += x.length;
        }
        parts.add(new float[RATE]);
        pos += RATE;
        float[] all = new float[pos];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        double noise = Math.pow(10, -70 / 20.0);
        for (int i = 0; i < all.length; i++) all[i] += (float) (noise * r.nextGaussian());
        return new Recording(all, words);
    }
}
