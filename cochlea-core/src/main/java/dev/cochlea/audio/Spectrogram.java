package dev.cochlea.audio;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * A spectrogram of a waveform: {@code torchaudio.transforms.Spectrogram} and
 * {@code torchaudio.functional.spectrogram} (torchaudio 0.13).
 *
 * <p>Input {@code [..., samples]} ({@code [samples]}, {@code [channels, samples]},
 * {@code [batch, channels, samples]}, ...); output {@code [..., freq, frames]} with
 * {@code freq = nFft / 2 + 1} (onesided) holding {@code |STFT|^power}. With {@code power} null,
 * {@link #forward} returns the complex spectrum as {@code [..., freq, frames, 2]} (real, imaginary;
 * {@code torch.view_as_real} of torchaudio's complex output) and {@link #complex} returns it as a
 * {@link ComplexSpectrum}.
 *
 * <p>Defaults are torchaudio's: {@code nFft = 400}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, {@code pad = 0} (zeros added at both ends before the STFT),
 * periodic Hann window, {@code power = 2}, no normalisation, {@code center = true} with reflect
 * padding, onesided. {@link Normalization#WINDOW} ({@code normalized=True} in torchaudio) divides by
 * the window's L2 norm; {@link Normalization#FRAME_LENGTH} by {@code sqrt(nFft)}.
 *
 * <pre>{@code
 * Spectrogram spec = Spectrogram.builder().nFft(256).hopLength(128).power(2.0).build();
 * Tensor s = spec.forward(wave);                  // wave [1, 8000] -> [1, 129, 63]
 * Tensor mag = Spectrogram.builder().nFft(512).power(1.0).build().apply(wave);
 * }</pre>
 */
public final class Spectrogram extends Module {
    /**
     * How the spectrogram is normalised (torchaudio's {@code normalized} argument).
     *
     * <pre>{@code
     * Spectrogram s = Spectrogram.builder().normalized(Spectrogram.Normalization.FRAME_LENGTH).build();
     * }</pre>
     */
    public enum Normalization {
        /** No normalisation ({@code normalized=False}). */
        NONE,
        /** Divide by the L2 norm of the window ({@code normalized=True} or {@code "window"}). */
        WINDOW,
        /** Divide by {@code sqrt(nFft)} ({@code normalized="frame_length"}). */
        FRAME_LENGTH
    }

    private final Stft stft;
    private final int pad;
    private final Double power;
    private final Normalization normalized;

    /** A spectrogram with the settings of {@code b}. */
    private Spectrogram(Builder b) {
        int winLength = b.winLength != null ? b.winLength : b.nFft;
        int hopLength = b.hopLength != null ? b.hopLength : Math.max(winLength / 2, 1);
        Stft.Builder sb = Stft.builder(b.nFft).winLength(winLength).hopLength(hopLength).center(b.center)
                .padMode(b.padMode).onesided(b.onesided).normalized(b.normalized == Normalization.FRAME_LENGTH);
        if (b.window != null) sb.window(b.window);
        else sb.window(b.windowKind, b.periodic);
        this.stft = sb.build();
        if (b.pad < 0) throw new IllegalArgumentException("spectrogram: pad must be non-negative, found " + b.pad);
        if (b.power != null && !(b.power > 0)) {
            throw new IllegalArgumentException("spectrogram: power must be positive or null, found " + b.power);
        }
        this.pad = b.pad;
        this.power = b.power;
        this.normalized = b.normalized;
        registerBuffer("window", Tensor.wrap(stft.windowValues(), stft.winLength()));
    }

    /** 1 / (L2 norm of the window) for {@link Normalization#WINDOW}, else 1. */
    private double windowScale() {
        if (normalized != Normalization.WINDOW) return 1.0;
        double energy = 0;
        for (float w : stft.windowValues()) energy += (double) w * w;
        return 1.0 / Math.sqrt(energy);
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code torchaudio.functional.spectrogram} as a function: {@code power} null gives the complex
     * spectrum as {@code [..., freq, frames, 2]}.
     */
    public static Tensor spectrogram(Tensor waveform, int pad, Tensor window, int nFft, int hopLength, int winLength,
                                     Double power, Normalization normalized, boolean center, PadMode padMode,
                                     boolean onesided) {
        return builder().pad(pad).window(window).nFft(nFft).hopLength(hopLength).winLength(winLength).power(power)
                .normalized(normalized).center(center).padMode(padMode).onesided(onesided).build().forward(waveform);
    }

    /** The spectrogram of {@code waveform [..., samples]}: {@code [..., freq, frames]} (or {@code [..., freq, frames, 2]} when complex). */
    @Override
    public Tensor forward(Tensor waveform) {
        Tensor x = Signals.padLast(waveform, pad);
        if (power == null) return complexOfPadded(x).viewAsReal();
        return stft.power(x, power, windowScale());
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor waveform) {
        return forward(waveform);
    }

    /** The complex spectrum {@code [..., freq, frames]} (normalised as configured, before the power). */
    public ComplexSpectrum complex(Tensor waveform) {
        return complexOfPadded(Signals.padLast(waveform, pad));
    }

    private ComplexSpectrum complexOfPadded(Tensor x) {
        ComplexSpectrum s = stft.apply(x);
        double scale = windowScale();
        return scale == 1.0 ? s : s.mul((float) scale);
    }

    /** The underlying STFT (window, hop, padding). */
    public Stft stft() {
        return stft;
    }

    /** FFT size. */
    public int nFft() {
        return stft.nFft();
    }

    /** Window length. */
    public int winLength() {
        return stft.winLength();
    }

    /** Hop length. */
    public int hopLength() {
        return stft.hopLength();
    }

    /** Zeros added at both ends before the transform. */
    public int pad() {
        return pad;
    }

    /** Exponent of the magnitude, or null for complex output. */
    public Double power() {
        return power;
    }

    /** The normalisation. */
    public Normalization normalized() {
        return normalized;
    }

    @Override
    public String extraRepr() {
        return "n_fft=" + nFft() + ", win_length=" + winLength() + ", hop_length=" + hopLength() + ", pad=" + pad
                + ", power=" + power + ", normalized=" + normalized + ", center=" + stft.center() + ", pad_mode="
                + stft.padMode().torchName() + ", onesided=" + stft.onesided();
    }

    /**
     * Settings of a {@link Spectrogram} (torchaudio's argument names in camelCase).
     *
     * <pre>{@code
     * Spectrogram s = Spectrogram.builder().nFft(512).winLength(400).hopLength(160).power(1.0).build();
     * }</pre>
     */
    public static final class Builder {
        int nFft = 400;
        Integer winLength;
        Integer hopLength;
        int pad;
        Tensor window;
        Windows.Kind windowKind = Windows.Kind.HANN;
        boolean periodic = true;
        Double power = 2.0;
        Normalization normalized = Normalization.NONE;
        boolean center = true;
        PadMode padMode = PadMode.REFLECT;
        boolean onesided = true;

        /** Use {@link Spectrogram#builder()}. */
        private Builder() {}

        /** FFT size (default 400). */
        public Builder nFft(int nFft) {
            this.nFft = nFft;
            return this;
        }

        /** Window length (default nFft). */
        public Builder winLength(Integer winLength) {
            this.winLength = winLength;
            return this;
        }

        /** Hop length (default winLength / 2). */
        public Builder hopLength(Integer hopLength) {
            this.hopLength = hopLength;
            return this;
        }

        /** Zeros added at both ends of the waveform (default 0). */
        public Builder pad(int pad) {
            this.pad = pad;
            return this;
        }

        /** Explicit window values of length winLength (overrides the window kind); null restores Hann. */
        public Builder window(Tensor window) {
            this.window = window;
            if (window == null) windowKind = Windows.Kind.HANN;
            return this;
        }

        /** Periodic window of this kind (default Hann), torchaudio's {@code window_fn}. */
        public Builder window(Windows.Kind kind) {
            return window(kind, true);
        }

        /** Window of this kind, periodic or symmetric. */
        public Builder window(Windows.Kind kind, boolean periodic) {
            this.windowKind = kind;
            this.periodic = periodic;
            this.window = null;
            return this;
        }

        /** Exponent of the magnitude (default 2; 1 gives the magnitude; null the complex spectrum). */
        public Builder power(Double power) {
            this.power = power;
            return this;
        }

        /** Normalisation (default none). */
        public Builder normalized(Normalization normalized) {
            this.normalized = normalized == null ? Normalization.NONE : normalized;
            return this;
        }

        /** torchaudio's boolean form: true is {@link Normalization#WINDOW}. */
        public Builder normalized(boolean normalized) {
            return normalized(normalized ? Normalization.WINDOW : Normalization.NONE);
        }

        /** Whether frames are centred (default true). */
        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        /** Padding mode when centred (default reflect). */
        public Builder padMode(PadMode padMode) {
            this.padMode = padMode == null ? PadMode.REFLECT : padMode;
            return this;
        }

        /** Whether only non-negative frequencies are kept (default true). */
        public Builder onesided(boolean onesided) {
            this.onesided = onesided;
            return this;
        }

        /** The transform. */
        public Spectrogram build() {
            return new Spectrogram(this);
        }
    }
}
