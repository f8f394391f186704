package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of a short-time Fourier transform, declared, checked and documented once for
 * every transform that cuts a signal into frames: {@link Stft}, {@link Spectrogram},
 * {@link MelSpectrogram} (and {@link Mfcc} through it) and {@link GriffinLim}. The names are
 * those of {@code torch.stft} and torchaudio's transforms in camelCase: {@code n_fft},
 * {@code win_length}, {@code hop_length}, {@code window}, {@code center}, {@code pad_mode},
 * {@code normalized}, {@code onesided}. Immutable: each wither returns a new value.
 *
 * <p>Defaults: {@code winLength = nFft}; {@code center = true} with {@link PadMode#REFLECT}
 * padding of {@code nFft / 2} samples at each end; no normalisation; onesided. Two values are
 * left unset unless given, because PyTorch's functions disagree on them and each transform keeps
 * its own library's default:
 * <ul>
 *   <li>{@code hopLength}: {@code torch.stft}'s {@code nFft / 4} in {@link Stft};
 *       torchaudio's {@code winLength / 2} in the other transforms;</li>
 *   <li>{@code window}: {@code torch.stft}'s rectangular window (ones) in {@link Stft};
 *       torchaudio's periodic Hann window ({@code window_fn=torch.hann_window}) in the others.</li>
 * </ul>
 * {@link #defaults()} has torchaudio's {@code n_fft = 400}. A window is given either as values
 * ({@link #window(Tensor)}, {@code win_length} samples) or as a kind that is computed at
 * {@code win_length} samples ({@link #window(Windows.Kind)}); a window shorter than {@code nFft}
 * is zero-padded on both sides, centred, as in PyTorch.
 *
 * <p>Each value is checked when the record is made; the checks between values
 * ({@code winLength <= nFft}, the window's length) run when a transform is built from them.
 *
 * <pre>{@code
 * StftOptions o = StftOptions.of(400).hopLength(160).window(Windows.hann(400)).center(true);
 * Stft stft = new Stft(o);                                             // torch.stft(n_fft=400, hop_length=160, ...)
 * Spectrogram s = new Spectrogram(Spectrogram.options().stft(StftOptions.of(512).winLength(400).hopLength(160)));
 * StftOptions librosa = StftOptions.of(2048).hopLength(512).window(Windows.Kind.HANN).padMode(PadMode.CONSTANT);
 * }</pre>
 *
 * @param nFft       FFT size {@code n_fft}; the onesided spectrum has {@code nFft / 2 + 1} bins
 * @param winLength  window length {@code win_length} in {@code [1, nFft]}, or null for {@code nFft}
 * @param hopLength  samples between frame starts {@code hop_length} (positive), or null for the
 *                   transform's default (see above)
 * @param window     window values ({@code [winLength]}), or null for {@code windowKind}
 * @param windowKind window shape computed at {@code winLength} samples, or null (with
 *                   {@code window} null) for the transform's default (see above)
 * @param periodic   whether {@code windowKind} is periodic (PyTorch's default) or symmetric
 * @param center     whether frame {@code t} is centred on sample {@code t * hopLength}, by padding
 *                   {@code nFft / 2} samples at each end
 * @param padMode    how the ends are padded when centred ({@code pad_mode})
 * @param normalized how the bins are scaled ({@code normalized})
 * @param onesided   whether only the {@code nFft / 2 + 1} non-negative frequencies are kept
 */
public record StftOptions(int nFft, Integer winLength, Integer hopLength, Tensor window, Windows.Kind windowKind,
                          boolean periodic, boolean center, PadMode padMode, Normalization normalized,
                          boolean onesided) {
    /**
     * How the bins are scaled: torchaudio's {@code normalized} argument. {@code torch.stft}'s
     * {@code normalized=True} is {@link #FRAME_LENGTH}; torchaudio's transforms read
     * {@code normalized=True} as {@link #WINDOW}.
     *
     * <pre>{@code
     * StftOptions o = StftOptions.of(512).normalized(StftOptions.Normalization.FRAME_LENGTH);
     * }</pre>
     */
    public enum Normalization {
        /** No scaling ({@code normalized=False}). */
        NONE,
        /** Divide by the L2 norm of the window (torchaudio's {@code normalized=True} or {@code "window"}). */
        WINDOW,
        /** Divide by {@code sqrt(nFft)} ({@code torch.stft(normalized=True)}, torchaudio's {@code "frame_length"}). */
        FRAME_LENGTH;

        /**
         * The mode with torchaudio's name ({@code "window"}, {@code "frame_length"}, {@code "none"}),
         * or {@code "true"} / {@code "false"} as torchaudio's transforms read a boolean.
         */
        public static Normalization of(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "none", "false" -> NONE;
                case "window", "true" -> WINDOW;
                case "frame_length" -> FRAME_LENGTH;
                default -> throw new IllegalArgumentException("normalized: expected none, window or frame_length, found '"
                        + name + "'");
            };
        }
    }

    /**
     * Whose defaults fill an unset hop length and window: {@code torch.stft}'s or torchaudio's
     * transforms' (see the class comment).
     */
    enum Defaults {
        /** {@code torch.stft}: hop {@code nFft / 4}, rectangular window. */
        TORCH(Windows.Kind.RECTANGULAR),
        /** torchaudio's transforms: hop {@code winLength / 2}, periodic Hann window. */
        TORCHAUDIO(Windows.Kind.HANN);

        final Windows.Kind window;

        Defaults(Windows.Kind window) {
            this.window = window;
        }

        int hopLength(int nFft, int winLength) {
            return Math.max(this == TORCH ? nFft / 4 : winLength / 2, 1);
        }
    }

    private static final StftOptions DEFAULTS = of(400);

    /** Checks every value on its own; a window tensor is copied, so later changes to it do not leak in. */
    public StftOptions {
        if (nFft < 1) throw new IllegalArgumentException("StftOptions: n_fft must be positive, found " + nFft);
        if (winLength != null && winLength < 1) {
            throw new IllegalArgumentException("StftOptions: win_length must be positive (or null for n_fft), found " + winLength);
        }
        if (hopLength != null && hopLength < 1) {
            throw new IllegalArgumentException("StftOptions: hop_length must be positive (or null for the default), found "
                    + hopLength);
        }
        if (window != null && windowKind != null) {
            throw new IllegalArgumentException("StftOptions: give the window as values or as a kind, not both; found "
                    + window.numel() + " values and " + windowKind);
        }
        if (window != null) {
            float[] v = Signals.values1d("StftOptions", "window", window);
            window = Tensor.wrap(v, v.length);
        }
        Objects.requireNonNull(padMode, "StftOptions: pad_mode must not be null (REFLECT is the default)");
        Objects.requireNonNull(normalized, "StftOptions: normalized must not be null (NONE is the default)");
    }

    /**
     * Options for {@code nFft}-point frames, the rest unset or at their defaults (see the class
     * comment). <pre>{@code StftOptions.of(512).hopLength(128)}</pre>
     */
    public static StftOptions of(int nFft) {
        return new StftOptions(nFft, null, null, null, null, true, true, PadMode.REFLECT, Normalization.NONE, true);
    }

    /** torchaudio's defaults: {@code n_fft = 400}, the rest as {@link #of}. <pre>{@code StftOptions.defaults().hopLength(160)}</pre> */
    public static StftOptions defaults() {
        return DEFAULTS;
    }

    /** These options with FFT size {@code nFft}. <pre>{@code options.nFft(1024)}</pre> */
    public StftOptions nFft(int nFft) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with window length {@code winLength} (null: {@code nFft}). <pre>{@code options.winLength(400)}</pre> */
    public StftOptions winLength(Integer winLength) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with hop length {@code hopLength} (null: the transform's default). <pre>{@code options.hopLength(160)}</pre> */
    public StftOptions hopLength(Integer hopLength) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /**
     * These options with the window values {@code window} ({@code [winLength]}; null: the
     * transform's default). <pre>{@code options.window(Windows.hann(400))}</pre>
     */
    public StftOptions window(Tensor window) {
        return new StftOptions(nFft, winLength, hopLength, window, null, true, center, padMode, normalized, onesided);
    }

    /** These options with a periodic window of {@code kind} ({@code window_fn}). <pre>{@code options.window(Windows.Kind.HAMMING)}</pre> */
    public StftOptions window(Windows.Kind kind) {
        return window(kind, true);
    }

    /** These options with a window of {@code kind}, periodic or symmetric. <pre>{@code options.window(Windows.Kind.HANN, false)}</pre> */
    public StftOptions window(Windows.Kind kind, boolean periodic) {
        return new StftOptions(nFft, winLength, hopLength, null, kind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with centred frames or not. <pre>{@code options.center(false)}</pre> */
    public StftOptions center(boolean center) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with padding mode {@code padMode} for centred frames. <pre>{@code options.padMode(PadMode.CONSTANT)}</pre> */
    public StftOptions padMode(PadMode padMode) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with normalisation {@code normalized}. <pre>{@code options.normalized(StftOptions.Normalization.WINDOW)}</pre> */
    public StftOptions normalized(Normalization normalized) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** These options with onesided output or not. <pre>{@code options.onesided(false)}</pre> */
    public StftOptions onesided(boolean onesided) {
        return new StftOptions(nFft, winLength, hopLength, window, windowKind, periodic, center, padMode, normalized, onesided);
    }

    /** The window values ({@code [winLength]}, a copy), or null when the window is a kind or unset. */
    @Override
    public Tensor window() {
        return window == null ? null : Tensor.of(window.toFloatArray(), window.numel());
    }

    /** Equal options: the same values, window values compared element by element. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StftOptions s && s.nFft == nFft && Objects.equals(s.winLength, winLength)
                && Objects.equals(s.hopLength, hopLength) && s.windowKind == windowKind && s.periodic == periodic
                && s.center == center && s.padMode == padMode && s.normalized == normalized && s.onesided == onesided
                && (s.window == null ? window == null
                        : window != null && Arrays.equals(s.window.toFloatArray(), window.toFloatArray()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(nFft, winLength, hopLength, windowKind, periodic, center, padMode, normalized, onesided,
                window == null ? 0 : Arrays.hashCode(window.toFloatArray()));
    }

    /** The window length in effect: {@code winLength}, or {@code nFft} when unset. */
    public int effectiveWinLength() {
        return winLength != null ? winLength : nFft;
    }

    /** The window values these options give under {@code defaults}, checked against the window length ({@code op} starts errors). */
    float[] windowValues(String op, Defaults defaults) {
        int win = effectiveWinLength();
        if (win > nFft) {
            throw new IllegalArgumentException(op + ": expected 0 < win_length <= n_fft, found win_length=" + win
                    + " and n_fft=" + nFft);
        }
        float[] v;
        if (window != null) v = window.toFloatArray();   // a fresh array
        else if (windowKind != null) v = Windows.values(windowKind, win, periodic).clone();
        else v = Windows.values(defaults.window, win, true).clone();
        if (v.length != win) {
            throw new IllegalArgumentException(op + ": expected a window of win_length=" + win + " samples, found " + v.length);
        }
        return v;
    }

    /** The hop length these options give under {@code defaults}. */
    int hopLength(Defaults defaults) {
        return hopLength != null ? hopLength : defaults.hopLength(nFft, effectiveWinLength());
    }
}
