package dev.cochlea.audio;

import dev.cochlea.tensor.Generator;

/**
 * SpecAugment time masking: sets a band of up to {@code timeMaskParam - 1} consecutive frames of a
 * spectrogram {@code [..., freq, time]} to a value (0 by default), as
 * {@code torchaudio.transforms.TimeMasking} (torchaudio 0.13). {@code p} caps the band at that
 * fraction of the frames. With {@code iidMasks} and a 4-D input {@code [batch, channel, freq,
 * time]} every (batch, channel) pair gets its own band; otherwise one band is shared. Masks are
 * applied in training mode only (the default); {@code train(false)} makes this the identity, as
 * data augmentation should be at evaluation time. See {@link AxisMasking} for the sampling.
 *
 * <pre>{@code
 * TimeMasking tm = new TimeMasking(30, true, 0.2).generator(new Generator(7));
 * Tensor augmented = tm.forward(batchOfSpecs);    // [8, 1, 40, 100]
 * tm.train(false);                                // evaluation: no masking
 * }</pre>
 */
public final class TimeMasking extends AxisMasking {
    /** Shared masks, no proportion cap. */
    public TimeMasking(int timeMaskParam) {
        this(timeMaskParam, false, 1.0);
    }

    /** Masks shared or independent per example, no proportion cap. */
    public TimeMasking(int timeMaskParam, boolean iidMasks) {
        this(timeMaskParam, iidMasks, 1.0);
    }

    /** torchaudio's {@code TimeMasking(time_mask_param, iid_masks, p)}. */
    public TimeMasking(int timeMaskParam, boolean iidMasks, double p) {
        super(timeMaskParam, 2, iidMasks, p);
    }

    /** Sets the source of random numbers; returns this. */
    public TimeMasking generator(Generator generator) {
        setGenerator(generator);
        return this;
    }

    /** Sets training mode (masks applied) or evaluation mode (identity); returns this. */
    @Override
    public TimeMasking train(boolean training) {
        super.train(training);
        return this;
    }

    /** Evaluation mode: same as {@code train(false)}; returns this. */
    @Override
    public TimeMasking eval() {
        return train(false);
    }

    @Override
    public String extraRepr() {
        return "mask_param=" + maskParam() + ", iid_masks=" + iidMasks();
    }
}
