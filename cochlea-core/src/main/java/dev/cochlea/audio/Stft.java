package dev.cochlea.audio;

import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * The short-time Fourier transform and its inverse, equal to {@code torch.stft(...,
 * return_complex=True)} and {@code torch.istft} of PyTorch 1.13.
 *
 * <p>The input is {@code [..., samples]} with any number of leading (batch, channel) dimensions;
 * the spectrum is {@code [..., freq, frames]} with {@code freq = nFft / 2 + 1} when
 * {@code onesided} (the default for real input) or {@code nFft}, and
 * {@code frames = 1 + (samples + 2 * (nFft / 2) - nFft) / hopLength} when {@code center}
 * ({@code 1 + (samples - nFft) / hopLength} otherwise). Frame {@code t} starts at sample
 * {@code t * hopLength} of the (padded) signal. A window shorter than {@code nFft}
 * ({@code winLength < nFft}) is zero-padded on both sides to {@code nFft}, centred, as in PyTorch.
 *
 * <p>Defaults follow {@code torch.stft}: {@code hopLength = nFft / 4}, {@code winLength = nFft},
 * a rectangular window of ones when none is given (torchaudio's transforms and librosa use Hann:
 * pass {@code window(Windows.hann(winLength))}), {@code center = true} with
 * {@link PadMode#REFLECT reflect} padding of {@code nFft / 2} samples at each end,
 * {@code normalized = false} (true multiplies by {@code nFft^-0.5}), {@code onesided = true}.
 * With reflect padding, signals shorter than the padding are mirrored repeatedly (PyTorch refuses
 * them).
 *
 * <p>The FFT runs in double precision; frames are processed in parallel for long inputs.
 *
 * <pre>{@code
 * Stft stft = Stft.builder(256).hopLength(64).window(Windows.hann(256)).build();
 * ComplexSpectrum s = stft.apply(wave);            // wave [2, 8000] -> s.real() [2, 129, 126]
 * Tensor mag = s.magnitude();
 * Tensor back = stft.inverse(s, 8000);             // [2, 8000], equal to wave up to rounding
 *
 * ComplexSpectrum t = Stft.stft(wave, 256, 64, 256, Windows.hann(256), true, PadMode.REFLECT, false, true);
 * }</pre>
 */
public final class Stft {
    private final int nFft;
    private final int hopLength;
    private final int winLength;
    private final float[] window;
    private final boolean center;
    private final PadMode padMode;
    private final boolean normalized;
    private final boolean onesided;

    private Stft(Builder b) {
        if (b.nFft < 1) throw new IllegalArgumentException("stft: n_fft must be positive, found " + b.nFft);
        this.nFft = b.nFft;
        this.winLength = b.winLength != null ? b.winLength : nFft;
        this.hopLength = b.hopLength != null ? b.hopLength : Math.max(nFft / 4, 1);
        if (hopLength < 1) throw new IllegalArgumentException("stft: hop_length must be positive, found " + hopLength);
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("stft: expected 0 < win_length <= n_fft, found win_length=" + winLength
                    + " and n_fft=" + nFft);
        }
        // an own copy: owners that are modules expose it as their "window" buffer
        if (b.window != null) {
            this.window = Signals.values1d("stft", "window", b.window);
        } else if (b.windowKind != null) {
            this.window = Windows.values(b.windowKind, winLength, b.periodic).clone();
        } else {
            this.window = Windows.values(Windows.Kind.RECTANGULAR, winLength, true).clone();
        }
        if (window.length != winLength) {
            throw new IllegalArgumentException("stft: expected a window of win_length=" + winLength
                    + " samples, found " + window.length);
        }
        this.center = b.center;
        this.padMode = b.padMode;
        this.normalized = b.normalized;
        this.onesided = b.onesided;
    }

    /** A builder for transforms of {@code nFft}-point frames. */
    public static Builder builder(int nFft) {
        return new Builder(nFft);
    }

    /**
     * {@code torch.stft(input, nFft, hopLength, winLength, window, center, padMode, normalized,
     * onesided, return_complex=True)} as a function. {@code window} may be null (ones).
     */
    public static ComplexSpectrum stft(Tensor input, int nFft, int hopLength, int winLength, Tensor window,
                                       boolean center, PadMode padMode, boolean normalized, boolean onesided) {
        return builder(nFft).hopLength(hopLength).winLength(winLength).window(window).center(center)
                .padMode(padMode).normalized(normalized).onesided(onesided).build().apply(input);
    }

    /**
     * {@code torch.istft(spectrum, nFft, hopLength, winLength, window, center, normalized,
     * onesided, length)} as a function. {@code window} may be null (ones); {@code length} may be
     * null (the full length the frames cover, less the centre padding).
     */
    public static Tensor istft(ComplexSpectrum spectrum, int nFft, int hopLength, int winLength, Tensor window,
                               boolean center, boolean normalized, boolean onesided, Integer length) {
        return builder(nFft).hopLength(hopLength).winLength(winLength).window(window).center(center)
                .normalized(normalized).onesided(onesided).build().inverse(spectrum, length);
    }

    /** Zero-pads a window on both sides to {@code nFft} samples, left padding {@code (nFft - len) / 2}. */
    static float[] padWindow(float[] w, int nFft) {
        if (w.length == nFft) return w;
        float[] p = new float[nFft];
        System.arraycopy(w, 0, p, (nFft - w.length) / 2, w.length);
        return p;
    }

    /** Number of frames for a signal of {@code samples} samples. */
    public int frames(int samples) {
        int padded = center ? samples + 2 * (nFft / 2) : samples;
        if (padded < nFft) {
            throw new IllegalArgumentException("stft: n_fft=" + nFft + " is longer than the " + (center ? "padded " : "")
                    + "signal of " + padded + " samples");
        }
        return 1 + (padded - nFft) / hopLength;
    }

    /** Number of frequency bins: {@code nFft / 2 + 1} when onesided, else {@code nFft}. */
    public int freqs() {
        return onesided ? nFft / 2 + 1 : nFft;
    }

    /** The complex STFT of {@code input [..., samples]}: real and imaginary parts {@code [..., freq, frames]}. */
    public ComplexSpectrum apply(Tensor input) {
        Signals.requireDims("stft", input, 1, "[..., samples]");
        Tensor x = Signals.floatContiguous(input);
        int len = x.size(-1);
        int rows = Signals.leading(x.shape(), 1);
        int frames = frames(len);
        int freqs = freqs();
        float[] re = new float[rows * freqs * frames];
        float[] im = new float[re.length];
        SpectralKernels.stft(x.storage(), x.offset(), len, rows, len, center ? nFft / 2 : 0, padMode.kernel,
                paddedWindow(), nFft, hopLength, frames, onesided, scale(), Double.NaN, re, im, 0);
        int[] shape = Signals.replaceLast(x.shape(), 1, freqs, frames);
        return new ComplexSpectrum(Tensor.wrap(re, shape), Tensor.wrap(im, shape));
    }

    /** Same as {@link #apply(Tensor)}. */
    public ComplexSpectrum forward(Tensor input) {
        return apply(input);
    }

    /**
     * {@code |stft(input)|^power} computed in one pass without materialising the complex
     * spectrum: the magnitude for {@code power = 1}, the power spectrum for {@code power = 2}.
     * {@code extraScale} multiplies every bin before the magnitude is taken.
     */
    Tensor power(Tensor input, double power, double extraScale) {
        Signals.requireDims("stft", input, 1, "[..., samples]");
        Tensor x = Signals.floatContiguous(input);
        int len = x.size(-1);
        int rows = Signals.leading(x.shape(), 1);
        int frames = frames(len);
        int freqs = freqs();
        float[] out = new float[rows * freqs * frames];
        SpectralKernels.stft(x.storage(), x.offset(), len, rows, len, center ? nFft / 2 : 0, padMode.kernel,
                paddedWindow(), nFft, hopLength, frames, onesided, scale() * extraScale, power, out, null, 0);
        return Tensor.wrap(out, Signals.replaceLast(x.shape(), 1, freqs, frames));
    }

    /** {@code |stft(input)|^power} ({@code power = 1}: magnitude, {@code 2}: power), {@code [..., freq, frames]}. */
    public Tensor power(Tensor input, double power) {
        return power(input, power, 1.0);
    }

    /** The inverse transform with the default length (see {@link #inverse(ComplexSpectrum, Integer)}). */
    public Tensor inverse(ComplexSpectrum spectrum) {
        return inverse(spectrum, null);
    }

    /**
     * {@code torch.istft}: the least-squares signal {@code [..., samples]} whose STFT is closest to
     * {@code spectrum [..., freq, frames]}, by windowed overlap-add divided by the overlap-added
     * squared window. With {@code length} null the result has
     * {@code nFft + hopLength * (frames - 1)} samples, less {@code 2 * (nFft / 2)} when centred;
     * otherwise exactly {@code length} samples (zero-filled past the last frame).
     *
     * @throws IllegalArgumentException when the window and hop do not overlap-add to a non-zero
     *                                  envelope (NOLA condition)
     */
    public Tensor inverse(ComplexSpectrum spectrum, Integer length) {
        Tensor re = Signals.floatContiguous(spectrum.real());
        Tensor im = Signals.floatContiguous(spectrum.imag());
        Signals.requireDims("istft", re, 2, "[..., freq, frames]");
        int freqs = re.size(-2);
        int frames = re.size(-1);
        if (freqs != freqs()) {
            throw new IllegalArgumentException("istft: expected " + freqs() + " frequency bins for n_fft=" + nFft
                    + (onesided ? " (onesided)" : "") + ", found " + freqs);
        }
        if (frames < 1) throw new IllegalArgumentException("istft: expected at least one frame");
        int rows = Signals.leading(re.shape(), 2);
        int expected = nFft + hopLength * (frames - 1);
        int start = center ? nFft / 2 : 0;
        int outLen = length != null ? length : expected - (center ? 2 * (nFft / 2) : 0);
        if (outLen < 0) throw new IllegalArgumentException("istft: length must be non-negative, found " + outLen);
        float[] out = new float[rows * outLen];
        double scale = normalized ? Math.sqrt(nFft) : 1.0;
        SpectralKernels.istft(re.storage(), re.offset(), im.storage(), im.offset(), rows, freqs, frames, onesided,
                paddedWindow(), nFft, hopLength, scale, start, outLen, out, 0);
        return Tensor.wrap(out, Signals.replaceLast(re.shape(), 2, outLen));
    }

    private double scale() {
        return normalized ? 1.0 / Math.sqrt(nFft) : 1.0;
    }

    /** FFT size. */
    public int nFft() {
        return nFft;
    }

    /** Samples between frame starts. */
    public int hopLength() {
        return hopLength;
    }

    /** Window length before zero-padding to {@link #nFft()}. */
    public int winLength() {
        return winLength;
    }

    /** The window ({@code [winLength]}, a copy). */
    public Tensor window() {
        return Tensor.of(window.clone(), winLength);
    }

    /** The window zero-padded to nFft (the window array itself when no padding is needed). */
    private float[] paddedWindow() {
        return padWindow(window, nFft);
    }

    /** This transform's own window array (live: owners expose it as a module buffer). */
    float[] windowValues() {
        return window;
    }

    /** Whether frames are centred by padding {@code nFft / 2} samples at each end. */
    public boolean center() {
        return center;
    }

    /** How the ends are padded when centred. */
    public PadMode padMode() {
        return padMode;
    }

    /** Whether bins are multiplied by {@code nFft^-0.5}. */
    public boolean normalized() {
        return normalized;
    }

    /** Whether only the {@code nFft / 2 + 1} non-negative frequencies are returned. */
    public boolean onesided() {
        return onesided;
    }

    @Override
    public String toString() {
        return "Stft(n_fft=" + nFft + ", hop_length=" + hopLength + ", win_length=" + winLength + ", center=" + center
                + ", pad_mode=" + padMode.torchName() + ", normalized=" + normalized + ", onesided=" + onesided + ")";
    }

    /**
     * Settings of an {@link Stft}; unset values take {@code torch.stft}'s defaults.
     *
     * <pre>{@code
     * Stft s = Stft.builder(512).hopLength(160).winLength(400).window(Windows.Kind.HANN).build();
     * }</pre>
     */
    public static final class Builder {
        private final int nFft;
        private Integer hopLength;
        private Integer winLength;
        private Tensor window;
        private Windows.Kind windowKind;
        private boolean periodic = true;
        private boolean center = true;
        private PadMode padMode = PadMode.REFLECT;
        private boolean normalized;
        private boolean onesided = true;

        private Builder(int nFft) {
            this.nFft = nFft;
        }

        /** Samples between frames (default {@code nFft / 4}). */
        public Builder hopLength(Integer hopLength) {
            this.hopLength = hopLength;
            return this;
        }

        /** Window length, at most nFft (default nFft). */
        public Builder winLength(Integer winLength) {
            this.winLength = winLength;
            return this;
        }

        /** Window values of length {@code winLength}; null means ones. */
        public Builder window(Tensor window) {
            this.window = window;
            this.windowKind = null;
            return this;
        }

        /** A periodic window of the given kind and length {@code winLength}. */
        public Builder window(Windows.Kind kind) {
            return window(kind, true);
        }

        /** A window of the given kind and length {@code winLength}, periodic or symmetric. */
        public Builder window(Windows.Kind kind, boolean periodic) {
            this.windowKind = kind;
            this.periodic = periodic;
            this.window = null;
            return this;
        }

        /** Whether to centre frames by padding {@code nFft / 2} samples at each end (default true). */
        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        /** Padding mode used when centred (default reflect). */
        public Builder padMode(PadMode padMode) {
            this.padMode = padMode == null ? PadMode.REFLECT : padMode;
            return this;
        }

        /** Whether to multiply by {@code nFft^-0.5} (default false). */
        public Builder normalized(boolean normalized) {
            this.normalized = normalized;
            return this;
        }

        /** Whether to keep only the non-negative frequencies (default true). */
        public Builder onesided(boolean onesided) {
            this.onesided = onesided;
            return this;
        }

        /** The transform. */
        public Stft build() {
            return new Stft(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stft s && s.nFft == nFft && s.hopLength == hopLength && s.winLength == winLength
                && s.center == center && s.padMode == padMode && s.normalized == normalized && s.onesided == onesided
                && Arrays.equals(s.window, window);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {nFft, hopLength, winLength, center ? 1 : 0, padMode.ordinal(),
                normalized ? 1 : 0, onesided ? 1 : 0, Arrays.hashCode(window)});
    }
}
