package dev.cochlea.audio;

import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The short-time Fourier transform and its inverse, equal to {@code torch.stft(...,
 * return_complex=True)} and {@code torch.istft} of PyTorch 1.13, configured by {@link StftOptions}.
 *
 * <p>The input is {@code [..., samples]} with any number of leading (batch, channel) dimensions;
 * the spectrum is {@code [..., freq, frames]} with {@code freq = nFft / 2 + 1} when
 * {@code onesided} (the default for real input) or {@code nFft}, and
 * {@code frames = 1 + (samples + 2 * (nFft / 2) - nFft) / hopLength} when {@code center}
 * ({@code 1 + (samples - nFft) / hopLength} otherwise). Frame {@code t} starts at sample
 * {@code t * hopLength} of the (padded) signal. With reflect padding, signals shorter than the
 * padding are mirrored repeatedly (PyTorch refuses them).
 *
 * <p>Unset options take {@code torch.stft}'s defaults: {@code hopLength = nFft / 4} and a
 * rectangular window of ones (torchaudio's transforms and librosa use Hann: pass
 * {@code window(Windows.Kind.HANN)}). {@link StftOptions.Normalization#FRAME_LENGTH} is
 * {@code torch.stft}'s {@code normalized=True} (bins times {@code nFft^-0.5});
 * {@link StftOptions.Normalization#WINDOW} divides by the window's L2 norm, as torchaudio's
 * spectrogram does. The inverse undoes either.
 *
 * <p>The FFT runs in double precision; frames are processed in parallel for long inputs.
 *
 * <pre>{@code
 * Stft stft = new Stft(StftOptions.of(256).hopLength(64).window(Windows.hann(256)));
 * ComplexSpectrum s = stft.apply(wave);            // wave [2, 8000] -> s.real() [2, 129, 126]
 * Tensor mag = s.magnitude();
 * Tensor back = stft.inverse(s, 8000);             // [2, 8000], equal to wave up to rounding
 *
 * ComplexSpectrum t = Stft.stft(wave, StftOptions.of(256).hopLength(64).window(Windows.Kind.HANN));
 * }</pre>
 */
public final class Stft {
    private final StftOptions options;
    private final int nFft;
    private final int hopLength;
    private final int winLength;
    private final float[] window;
    private final boolean center;
    private final PadMode padMode;
    private final StftOptions.Normalization normalized;
    private final boolean onesided;

    /** The transform {@code options} describe, unset values at {@code torch.stft}'s defaults. */
    public Stft(StftOptions options) {
        this(options, StftOptions.Defaults.TORCH, "stft");
    }

    /** The transform {@code options} describe, unset values at {@code defaults}; errors start with {@code op}. */
    Stft(StftOptions options, StftOptions.Defaults defaults, String op) {
        this.options = Objects.requireNonNull(options, op + ": options must not be null");
        this.nFft = options.nFft();
        this.winLength = options.effectiveWinLength();
        this.hopLength = options.hopLength(defaults);
        // an own copy: owners that are modules expose it as their "window" buffer
        this.window = options.windowValues(op, defaults);
        this.center = options.center();
        this.padMode = options.padMode();
        this.normalized = options.normalized();
        this.onesided = options.onesided();
    }

    /** {@code torch.stft(input, ..., return_complex=True)} with the given options. */
    public static ComplexSpectrum stft(Tensor input, StftOptions options) {
        return new Stft(options).apply(input);
    }

    /**
     * {@code torch.istft(spectrum, ..., length)} with the given options; {@code length} may be
     * null (the full length the frames cover, less the centre padding).
     */
    public static Tensor istft(ComplexSpectrum spectrum, StftOptions options, Integer length) {
        return new Stft(options).inverse(spectrum, length);
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
        Tensor[] out = run(input, Double.NaN);
        return new ComplexSpectrum(out[0], out[1]);
    }

    /** Same as {@link #apply(Tensor)}. */
    public ComplexSpectrum forward(Tensor input) {
        return apply(input);
    }

    /**
     * {@code |stft(input)|^power} {@code [..., freq, frames]}, computed in one pass without
     * materialising the complex spectrum: the magnitude for {@code power = 1}, the power spectrum
     * for {@code power = 2}.
     */
    public Tensor power(Tensor input, double power) {
        if (!(power > 0)) throw new IllegalArgumentException("stft: power must be positive, found " + power);
        return run(input, power)[0];
    }

    /** The kernel call behind {@link #apply} (power NaN: real and imaginary parts) and {@link #power}. */
    private Tensor[] run(Tensor input, double power) {
        Signals.requireDims("stft", input, 1, "[..., samples]");
        Tensor x = Signals.floatContiguous(input);
        int len = x.size(-1);
        int rows = Signals.leading(x.shape(), 1);
        int frames = frames(len);
        int freqs = freqs();
        boolean complex = Double.isNaN(power);
        float[] re = new float[rows * freqs * frames];
        float[] im = complex ? new float[re.length] : null;
        SpectralKernels.stft(x.storage(), x.offset(), len, rows, len, center ? nFft / 2 : 0, padMode.kernel,
                paddedWindow(), nFft, hopLength, frames, onesided, scale(), power, re, im, 0);
        int[] shape = Signals.replaceLast(x.shape(), 1, freqs, frames);
        return new Tensor[] {Tensor.wrap(re, shape), complex ? Tensor.wrap(im, shape) : null};
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
        double scale = switch (normalized) {
            case NONE -> 1.0;
            case FRAME_LENGTH -> Math.sqrt(nFft);
            case WINDOW -> windowNorm();
        };
        SpectralKernels.istft(re.storage(), re.offset(), im.storage(), im.offset(), rows, freqs, frames, onesided,
                paddedWindow(), nFft, hopLength, scale, start, outLen, out, 0);
        return Tensor.wrap(out, Signals.replaceLast(re.shape(), 2, outLen));
    }

    /** The factor every bin is multiplied by: 1, {@code nFft^-0.5} or 1 / (L2 norm of the window). */
    private double scale() {
        return switch (normalized) {
            case NONE -> 1.0;
            case FRAME_LENGTH -> 1.0 / Math.sqrt(nFft);
            case WINDOW -> 1.0 / windowNorm();
        };
    }

    /** The L2 norm of the window. */
    private double windowNorm() {
        double energy = 0;
        for (float w : window) energy += (double) w * w;
        return Math.sqrt(energy);
    }

    /** The options this transform was built from, as given (unset values stay unset). */
    public StftOptions options() {
        return options;
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

    /** How the bins are scaled. */
    public StftOptions.Normalization normalized() {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Stft s && s.nFft == nFft && s.hopLength == hopLength && s.winLength == winLength
                && s.center == center && s.padMode == padMode && s.normalized == normalized && s.onesided == onesided
                && Arrays.equals(s.window, window);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {nFft, hopLength, winLength, center ? 1 : 0, padMode.ordinal(),
                normalized.ordinal(), onesided ? 1 : 0, Arrays.hashCode(window)});
    }
}
