package dev.cochlea.data;

import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small labelled set of synthetic sounds for demos and tests, needing no downloads: steady tones,
 * rising and falling chirps, noise bursts, click trains and amplitude-modulated tones, each with
 * random pitch, length, loudness, onset and background noise. Written as 16-bit WAV files in
 * {@code <dir>/<class>/<class>_<n>.wav}, the layout {@link AudioFolder} reads.
 *
 * <pre>{@code
 * SyntheticSounds.write(Path.of("runs/demo/data"), 60, 8000, 1L);
 * AudioFolder f = AudioFolder.scan(Path.of("runs/demo/data"), null, null);
 * }</pre>
 */
public final class SyntheticSounds {
    /** The classes, in the order {@link AudioFolder} lists them. */
    public static final List<String> CLASSES = List.of("am_tone", "chirp_down", "chirp_up", "click_train", "noise_burst", "tone");

    private SyntheticSounds() {}

    /** Writes {@code perClass} clips of each class at {@code sampleRate} Hz; returns the number written. */
    public static int write(Path dir, int perClass, int sampleRate, long seed) throws IOException {
        Generator g = new Generator(seed);
        int n = 0;
        for (String c : CLASSES) {
            Path sub = dir.resolve(c);
            Files.createDirectories(sub);
            for (int i = 0; i < perClass; i++) {
                float[] x = clip(c, sampleRate, g);
                Wav.write16(sub.resolve(c + "_" + i + ".wav"), Tensor.wrap(x, 1, x.length), sampleRate);
                n++;
            }
        }
        return n;
    }

    /** One clip of class {@code kind}: 0.25–0.9 s of sound at a random place in up to 1 s, plus noise. */
    public static float[] clip(String kind, int sr, Generator g) {
        int total = (int) (sr * (0.6 + 0.4 * g.nextFloat()));
        int len = (int) (sr * (0.25 + 0.35 * g.nextFloat()));
        int onset = g.nextInt(Math.max(1, total - len));
        float amp = 0.3f + 0.5f * g.nextFloat();
        float noise = 0.005f + 0.05f * g.nextFloat();
        double nyq = sr / 2.0;
        double f0 = 150 + (nyq * 0.6 - 150) * g.nextFloat();
        double f1 = switch (kind) {
            case "chirp_up" -> Math.min(nyq * 0.9, f0 * (1.8 + g.nextFloat()));
            case "chirp_down" -> f0 / (1.8 + g.nextFloat());
            default -> f0;
        };
        double modHz = 4 + 12 * g.nextFloat();
        double clickHz = 8 + 30 * g.nextFloat();
        float[] x = new float[total];
        double phase = 0;
        for (int i = 0; i < len; i++) {
            double t = (double) i / sr;
            double frac = (double) i / len;
            double env = Math.min(1, Math.min(i, len - i) / (0.01 * sr));
            double f = f0 + (f1 - f0) * frac;
            phase += 2 * Math.PI * f / sr;
            double v = switch (kind) {
                case "tone", "chirp_up", "chirp_down" -> Math.sin(phase);
                case "am_tone" -> Math.sin(phase) * (0.55 + 0.45 * Math.sin(2 * Math.PI * modHz * t));
                case "noise_burst" -> g.nextGaussian() * 0.5;
                case "click_train" -> ((i % (int) (sr / clickHz)) < sr / 2000 + 1) ? 1.0 : 0.0;
                default -> throw new IllegalArgumentException("unknown synthetic sound '" + kind + "'; known: " + CLASSES);
            };
            x[onset + i] = (float) (amp * env * v);
        }
        for (int i = 0; i < total; i++) x[i] = Math.max(-1f, Math.min(1f, x[i] + noise * g.nextGaussian()));
        return x;
    }
}
