package dev.cochlea.train;

import dev.cochlea.tensor.Generator;

/**
 * What training asks of a waveform augmentation: a new version of a clip, and the clip's
 * vocal-tract-length warp factor for the mel filter bank (1 for none). Both draw from the clip's
 * own generator, so results repeat for the same seed on any thread.
 *
 * <pre>{@code
 * ClipAugmentation louder = new ClipAugmentation() {
 *     public float[] apply(float[] w, int sampleRate, Generator g) { ... }
 * };
 * }</pre>
 */
public interface ClipAugmentation {
    /** No augmentation. */
    ClipAugmentation NONE = (w, sr, g) -> w;

    /** A new version of mono waveform {@code w} at {@code sampleRate} (its length may change). */
    float[] apply(float[] w, int sampleRate, Generator g);

    /** The mel filter bank's warp factor for this clip (1: no warp). */
    default double warp(Generator g) {
        return 1.0;
    }
}
