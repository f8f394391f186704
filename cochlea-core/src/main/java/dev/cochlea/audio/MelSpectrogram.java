package dev.cochlea.audio;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * A mel-frequency spectrogram: a {@link Spectrogram} followed by a {@link MelScale}, as
 * {@code torchaudio.transforms.MelSpectrogram} (torchaudio 0.13).
 *
 * <p>Input {@code [..., samples]}; output {@code [..., nMels, frames]}. Defaults are
 * torchaudio's: {@code sampleRate = 16000}, {@code nFft = 400}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, {@code fMin = 0}, {@code fMax = sampleRate / 2},
 * {@code pad = 0}, {@code nMels = 128}, periodic Hann window, {@code power = 2}, no normalisation,
 * centred frames with reflect padding, onesided, no filter normalisation, HTK mel scale.
 *
 * <pre>{@code
 * MelSpectrogram mel = MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40).build();
 * Tensor m = mel.forward(wave);                     // [1, 8000] -> [1, 40, 63]
 * // librosa.feature.melspectrogram defaults (Slaney scale and norm, zero padding):
 * MelSpectrogram lib = MelSpectrogram.builder().sampleRate(22050).nFft(2048).hopLength(512)
 *         .melScale(MelScale.Scale.SLANEY).norm(MelScale.Norm.SLANEY).padMode(PadMode.CONSTANT).build();
 * // vocal-tract-length perturbation for training: one warped transform per factor
 * MelSpectrogram warped = MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40).vtlpWarp(0.95).build();
 * }</pre>
 */
public final class MelSpectrogram extends Module {
    private final Spectrogram spectrogram;
    private final MelScale melScale;

    private MelSpectrogram(Builder b) {
        this.spectrogram = registerModule("spectrogram", b.spec.build());
        this.melScale = registerModule("mel_scale", b.mel.nStft(spectrogram.nFft() / 2 + 1).build());
        if (spectrogram.power() == null) {
            throw new IllegalArgumentException("mel spectrogram: power must be a positive number, found null");
        }
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mel spectrogram {@code [..., nMels, frames]} of {@code waveform [..., samples]}. */
    @Override
    public Tensor forward(Tensor waveform) {
        return melScale.forward(spectrogram.forward(waveform));
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor waveform) {
        return forward(waveform);
    }

    /** The spectrogram stage. */
    public Spectrogram spectrogram() {
        return spectrogram;
    }

    /** The mel filter-bank stage. */
    public MelScale melScale() {
        return melScale;
    }

    /** Number of mel filters. */
    public int nMels() {
        return melScale.nMels();
    }

    /**
     * Settings of a {@link MelSpectrogram}: the union of {@link Spectrogram.Builder} and
     * {@link MelScale.Builder} (whose {@code nStft} is set to {@code nFft / 2 + 1}).
     *
     * <pre>{@code
     * MelSpectrogram m = MelSpectrogram.builder().sampleRate(16000).nFft(512).winLength(400).hopLength(160)
     *         .nMels(80).fMin(20.0).build();
     * }</pre>
     */
    public static final class Builder {
        final Spectrogram.Builder spec = Spectrogram.builder();
        final MelScale.Builder mel = MelScale.builder();

        private Builder() {}

        /** Sample rate in Hz (default 16000). */
        public Builder sampleRate(int sampleRate) {
            mel.sampleRate(sampleRate);
            return this;
        }

        /** FFT size (default 400). */
        public Builder nFft(int nFft) {
            spec.nFft(nFft);
            return this;
        }

        /** Window length (default nFft). */
        public Builder winLength(Integer winLength) {
            spec.winLength(winLength);
            return this;
        }

        /** Hop length (default winLength / 2). */
        public Builder hopLength(Integer hopLength) {
            spec.hopLength(hopLength);
            return this;
        }

        /** Lowest frequency in Hz (default 0). */
        public Builder fMin(double fMin) {
            mel.fMin(fMin);
            return this;
        }

        /** Highest frequency in Hz (default null: sampleRate / 2). */
        public Builder fMax(Double fMax) {
            mel.fMax(fMax);
            return this;
        }

        /** Zeros added at both ends of the waveform (default 0). */
        public Builder pad(int pad) {
            spec.pad(pad);
            return this;
        }

        /** Number of mel filters (default 128). */
        public Builder nMels(int nMels) {
            mel.nMels(nMels);
            return this;
        }

        /** Explicit window values of length winLength. */
        public Builder window(Tensor window) {
            spec.window(window);
            return this;
        }

        /** Periodic window of this kind (default Hann). */
        public Builder window(Windows.Kind kind) {
            spec.window(kind);
            return this;
        }

        /** Exponent of the magnitude (default 2). */
        public Builder power(double power) {
            spec.power(power);
            return this;
        }

        /** Spectrogram normalisation (default none). */
        public Builder normalized(Spectrogram.Normalization normalized) {
            spec.normalized(normalized);
            return this;
        }

        /** Whether frames are centred (default true). */
        public Builder center(boolean center) {
            spec.center(center);
            return this;
        }

        /** Padding mode when centred (default reflect). */
        public Builder padMode(PadMode padMode) {
            spec.padMode(padMode);
            return this;
        }

        /** Whether only non-negative frequencies are kept (default true; must stay true for the mel stage). */
        public Builder onesided(boolean onesided) {
            spec.onesided(onesided);
            return this;
        }

        /** Filter normalisation (default none). */
        public Builder norm(MelScale.Norm norm) {
            mel.norm(norm);
            return this;
        }

        /** Mel scale (default HTK). */
        public Builder melScale(MelScale.Scale melScale) {
            mel.melScale(melScale);
            return this;
        }

        /** Vocal-tract-length perturbation factor of the mel filter bank (default 1: none); see {@link MelScale.Builder#vtlpWarp}. */
        public Builder vtlpWarp(double alpha) {
            mel.vtlpWarp(alpha);
            return this;
        }

        /** VTLP boundary frequency in Hz (default null: 0.6 times sampleRate / 2); see {@link MelScale.Builder#vtlpBoundaryHz}. */
        public Builder vtlpBoundaryHz(Double hz) {
            mel.vtlpBoundaryHz(hz);
            return this;
        }

        /** The transform. */
        public MelSpectrogram build() {
            return new MelSpectrogram(this);
        }
    }
}
