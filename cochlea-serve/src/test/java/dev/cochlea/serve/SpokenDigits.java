package dev.cochlea.serve;

import dev.cochlea.audio.Audio;
import dev.cochlea.train.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Long recordings made of spoken digits of the test split with quiet between them, with where each
 * digit is, for the streaming tests; the recordings and the model come from {@link SpokenDigitModel}.
 *
 * <pre>{@code
 * Classifier model = SpokenDigits.model();
 * SpokenDigits.Recording r = SpokenDigits.recording(40, 3);
 * }</pre>
 */
final class SpokenDigits {
    static final int RATE = 8000;
    private SpokenDigits() {}

    /** The model {@link SpokenDigitModel#model()} trains once per JVM. */
    static Classifier model() throws Exception {
        return SpokenDigitModel.model();
    }

    static Path recordings() {
        return SpokenDigitModel.recordings();
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
