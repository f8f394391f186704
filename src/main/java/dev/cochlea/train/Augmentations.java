package dev.cochlea.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the {@code --augment} option into the waveform augmentation training applies.
 *
 * <pre>{@code
 * ClipAugmentation a = Augmentations.parse("none", null, null);
 * }</pre>
 */
public final class Augmentations {
    private Augmentations() {}

    /** The augmentation {@code spec} names, drawing noise and room responses from the folders when given. */
    public static ClipAugmentation parse(String spec, Path noiseDir, Path rirDir) {
        if (spec == null || spec.trim().toLowerCase(Locale.ROOT).equals("none")) return ClipAugmentation.NONE;
        throw new IllegalArgumentException("--augment: '" + spec + "' is not supported yet");
    }

    /** A one-line description for logs. */
    public static String describe(ClipAugmentation a) {
        return a == ClipAugmentation.NONE ? "none" : a.toString();
    }
}
