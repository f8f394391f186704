package dev.cochlea.audio.augment;

import dev.cochlea.kernels.WaveKernels;

/**
 * Synthetic noise colours for {@link AdditiveNoise}, generated from a seed in one pass
 * ({@link WaveKernels#noise}).
 *
 * <pre>{@code
 * AdditiveNoise n = AdditiveNoise.builder().colors(NoiseColor.PINK, NoiseColor.BROWN).build();
 * }</pre>
 */
public enum NoiseColor {
    /** Flat spectrum. */
    WHITE(WaveKernels.WHITE),
    /** -3 dB per octave. */
    PINK(WaveKernels.PINK),
    /** -6 dB per octave. */
    BROWN(WaveKernels.BROWN);

    final int kernelCode;

    NoiseColor(int kernelCode) {
        this.kernelCode = kernelCode;
    }
}
