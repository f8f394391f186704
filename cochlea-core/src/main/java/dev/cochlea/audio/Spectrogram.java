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
 * <p>The STFT ({@code n_fft}, {@code win_length}, {@code hop_length}, {@code window},
 * {@code center}, {@code pad_mode}, {@code normalized}, {@code onesided}) is configured by
 * {@link StftOptions}, with torchaudio's defaults: {@code nFft = 400}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, periodic Hann window, centred frames with reflect padding,
 * no normalisation, onesided. The spectrogram's own options ({@link Options}) are {@code pad = 0}
 * (zeros added at both ends before the STFT) and {@code power = 2}.
 *
 * <pre>{@code
 * Spectrogram spec = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(128)));
 * Tensor s = spec.forward(wave);                  // wave [1, 8000] -> [1, 129, 63]
 * Tensor mag = new Spectrogram(Spectrogram.options().stft(StftOptions.of(512)).power(1.0)).forward(wave);
 * }</pre>
 */
public final class Spectrogram extends Module {
    /**
     * A spectrogram's options ({@code torchaudio.transforms.Spectrogram}'s arguments), immutable,
     * with withers; {@link Spectrogram#options()} has torchaudio's defaults. Every value is checked
     * when the record is made.
     *
     * <pre>{@code
     * Spectrogram.Options o = Spectrogram.options().stft(StftOptions.of(512).winLength(400).hopLength(160)).power(1.0);
     * }</pre>
     *
     * @param stft  the STFT's options (unset hop and window: {@code winLength / 2}, periodic Hann)
     * @param pad   zeros added at both ends of the waveform before the STFT ({@code >= 0})
     * @param power exponent of the magnitude (positive: 1 the magnitude, 2 the power), or null for
     *              the complex spectrum
     */
    public record Options(StftOptions stft, int pad, Double power) {
        /** Checks every value. */
        public Options {
            if (stft == null) throw new IllegalArgumentException("Spectrogram.Options: stft must not be null (StftOptions.defaults())");
            if (pad < 0) throw new IllegalArgumentException("Spectrogram.Options: pad must be non-negative, found " + pad);
            if (power != null && !(power > 0)) {
                throw new IllegalArgumentException("Spectrogram.Options: power must be positive or null, found " + power);
            }
        }

        /** These options with the STFT options {@code stft}. <pre>{@code options.stft(StftOptions.of(256).hopLength(128))}</pre> */
        public Options stft(StftOptions stft) {
            return new Options(stft, pad, power);
        }

        /** These options with {@code pad} zeros at both ends. <pre>{@code options.pad(10)}</pre> */
        public Options pad(int pad) {
            return new Options(stft, pad, power);
        }

        /** These options with exponent {@code power} (null: complex output). <pre>{@code options.power(1.0)}</pre> */
        public Options power(Double power) {
            return new Options(stft, pad, power);
        }
    }

    private static final Options DEFAULTS = new Options(StftOptions.defaults(), 0, 2.0);

    private final Stft stft;
    private final int pad;
    private final Double power;

    /** A spectrogram with torchaudio's defaults. */
    public Spectrogram() {
        this(DEFAULTS);
    }

    /** A spectrogram with the given options. */
    public Spectrogram(Options options) {
        this.stft = new Stft(options.stft(), StftOptions.Defaults.TORCHAUDIO, "spectrogram");
        this.pad = options.pad();
        this.power = options.power();
        registerBuffer("window", Tensor.wrap(stft.windowValues(), stft.winLength()));
    }

    /** torchaudio's defaults: {@code n_fft = 400}, hop 200, Hann, power 2. <pre>{@code Spectrogram.options().power(1.0)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /**
     * {@code torchaudio.functional.spectrogram} as a function: {@code power} null gives the complex
     * spectrum as {@code [..., freq, frames, 2]}.
     */
    public static Tensor spectrogram(Tensor waveform, Options options) {
        return new Spectrogram(options).forward(waveform);
    }

    /** The spectrogram of {@code waveform [..., samples]}: {@code [..., freq, frames]} (or {@code [..., freq, frames, 2]} when complex). */
    @Override
    public Tensor forward(Tensor waveform) {
        Tensor x = Signals.padLast(waveform, pad);
        if (power == null) return stft.apply(x).viewAsReal();
        return stft.power(x, power);
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor waveform) {
        return forward(waveform);
    }

    /** The complex spectrum {@code [..., freq, frames]} (normalised as configured, before the power). */
    public ComplexSpectrum complex(Tensor waveform) {
        return stft.apply(Signals.padLast(waveform, pad));
    }

    /** The underlying STFT (window, hop, padding). */
    public Stft stft() {
        return stft;
    }

    /** Zeros added at both ends before the transform. */
    public int pad() {
        return pad;
    }

    /** Exponent of the magnitude, or null for complex output. */
    public Double power() {
        return power;
    }

    @Override
    public String extraRepr() {
        return "n_fft=" + stft.nFft() + ", win_length=" + stft.winLength() + ", hop_length=" + stft.hopLength() + ", pad="
                + pad + ", power=" + power + ", normalized=" + stft.normalized() + ", center=" + stft.center() + ", pad_mode="
                + stft.padMode().torchName() + ", onesided=" + stft.onesided();
    }
}
