package dev.cochlea.audio.augment;

/**
 * The result of {@link WaveAugmentations#apply}: the augmented waveform and the vocal-tract-length
 * warp factor drawn for the clip, to pick the matching warped mel filter bank
 * ({@code MelSpectrogram.options().vtlpWarp(alpha)}); {@code 1.0} when VTLP is off or not drawn.
 *
 * <pre>{@code
 * AugmentedClip c = augment.apply(wave, new Generator(seed));
 * Tensor mel = melFor(c.vtlpAlpha()).forward(Tensor.wrap(c.waveform(), 1, c.waveform().length));
 * }</pre>
 *
 * @param waveform  the augmented mono samples (length may differ from the input's)
 * @param vtlpAlpha the VTLP warp factor for this clip
 */
public record AugmentedClip(float[] waveform, double vtlpAlpha) {}
