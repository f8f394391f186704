package dev.cochlea.audio;

import dev.cochlea.tensor.Generator;

/**
 * SpecAugment frequency masking: sets a band of up to {@code freqMaskParam - 1} consecutive
 * frequency bins of a spectrogram {@code [..., freq, time]} to a value (0 by default), as
 * {@code torchaudio.transforms.FrequencyMasking} (torchaudio 0.13). With {@code iidMasks} and a
 * 4-D input {@code [batch, channel, freq, time]} every (batch, channel) pair gets its own band;
 * otherwise one band is shared. Masks are applied in training mode only (the default);
 * {@code train(false)} makes this the identity. See {@link AxisMasking} for the sampling.
 *
 * <pre>{@code
 * FrequencyMasking fm = new FrequencyMasking(8).generator(new Generator(3));
 * Tensor augmented = fm.forward(melSpec);         // [1, 40, 100], up to 7 mel bins zeroed
 * }</pre>
 */
public final class FrequencyMasking extends AxisMasking {
    /** Shared masks. */
    public FrequencyMasking(int freqMaskParam) {
        this(freqMaskParam, false);
    }

    /** torchaudio's {@code FrequencyMasking(freq_mask_param, iid_masks)}. */
    public FrequencyMasking(int freqMaskParam, boolean iidMasks) {
        super(freqMaskParam, 1, iidMasks, 1.0);
    }

    /** Sets the source of random numbers; returns this. */
    public FrequencyMasking generator(Generator generator) {
        setGenerator(generator);
        return this;
    }

    /** Sets training mode (masks applied) or evaluation mode (identity); returns this. */
    @Override
    public FrequencyMasking train(boolean training) {
        super.train(training);
        return this;
    }

    /** Evaluation mode: same as {@code train(false)}; returns this. */
    @Override
    public FrequencyMasking eval() {
        return train(false);
    }

    @Override
    public String extraRepr() {
        return "mask_param=" + maskParam() + ", iid_masks=" + iidMasks();
    }
}
