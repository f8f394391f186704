package dev.cochlea.audio.augment;

import dev.cochlea.tensor.Generator;

/**
 * One random waveform augmentation: a transform of a mono clip whose random parameters are drawn
 * from the {@link Generator} it is given, so the same generator state gives the same output bit
 * for bit. Implementations are immutable and safe to share between threads.
 *
 * <p>{@link #apply} always transforms; {@link WaveAugmentations} draws whether to apply a step
 * with its {@link #probability()}.
 *
 * <pre>{@code
 * WaveAugmentation gain = RandomGain.builder().minDb(-6).maxDb(6).build();
 * float[] louder = gain.apply(clip, new Generator(7));
 * }</pre>
 */
public interface WaveAugmentation {
    /** The probability with which a pipeline applies this step, in {@code [0, 1]}. */
    double probability();

    /**
     * The augmented clip (a new array; the input is not modified). Its length may differ from the
     * input's (speed perturbation).
     */
    float[] apply(float[] waveform, Generator generator);

    /** A short description with the parameters, for logs, e.g. {@code gain=-6:6dB@0.5}. */
    String description();
}
