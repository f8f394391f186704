package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Maps a linear-frequency spectrogram to the mel scale with a bank of triangular filters:
 * {@code torchaudio.transforms.MelScale}, with {@link #melFilterbank} equal to
 * {@code torchaudio.functional.melscale_fbanks} (torchaudio 0.13).
 *
 * <p>Input {@code [..., freq, time]} with {@code freq = nStft}; output {@code [..., nMels, time]},
 * computed as {@code fb^T @ spec} with the filter bank {@code fb [nStft, nMels]}. The triangles
 * are applied band by band, skipping the bank's zeros (its non-zero band per filter is worked out
 * once, and again whenever the "fb" buffer changes); a bank without such bands, or an input holding
 * NaN or infinity (which a dense product spreads through the zeros), goes through the dense matrix
 * product.
 *
 * <p>Defaults are torchaudio's: {@code nMels = 128}, {@code sampleRate = 16000},
 * {@code fMin = 0}, {@code fMax = sampleRate / 2} (integer division), {@code nStft = 201},
 * no area normalisation, HTK mel scale. librosa's defaults differ: Slaney scale and Slaney
 * normalisation ({@code melScale(Scale.SLANEY).norm(Norm.SLANEY)}); see
 * {@code docs/audio-conventions.md}. Bin {@code i} of the spectrogram is taken to lie at
 * {@code i * (sampleRate / 2) / (nStft - 1)} Hz, with {@code sampleRate / 2} rounded down as in
 * torchaudio. Filter banks are computed once per configuration and cached.
 *
 * <pre>{@code
 * MelScale mel = new MelScale(MelScale.options().nMels(40).sampleRate(8000).nStft(129));
 * Tensor m = mel.forward(power);                    // [1, 129, 63] -> [1, 40, 63]
 * Tensor fb = MelScale.melFilterbank(129, 0, 4000, 40, 8000, MelScale.Norm.NONE, MelScale.Scale.HTK);
 * MelScale warped = new MelScale(MelScale.options().nMels(40).sampleRate(8000).nStft(129).vtlpWarp(1.05));   // VTLP
 * }</pre>
 */
public final class MelScale extends Module {
    /**
     * The mel scale: how frequencies in Hz map to mels.
     *
     * <pre>{@code
     * double m = MelScale.hzToMel(1000, MelScale.Scale.SLANEY);   // 15.0
     * }</pre>
     */
    public enum Scale {
        /** {@code 2595 log10(1 + f / 700)} (HTK, torchaudio's default). */
        HTK,
        /** Linear below 1 kHz, logarithmic above (Slaney's Auditory Toolbox, librosa's default). */
        SLANEY
    }

    /**
     * Normalisation of the triangular filters.
     *
     * <pre>{@code
     * MelScale m = new MelScale(MelScale.options().norm(MelScale.Norm.SLANEY));
     * }</pre>
     */
    public enum Norm {
        /** Peak value 1 (torchaudio's default). */
        NONE,
        /** Divide each triangle by its width in Hz / 2, for constant energy per channel (librosa's default). */
        SLANEY
    }

    /**
     * A mel filter bank's options ({@code torchaudio.transforms.MelScale}'s arguments), immutable,
     * with withers; {@link MelScale#options()} has torchaudio's defaults. Every value is checked
     * when the record is made; {@code fMin <= fMax} and the VTLP boundary, which depend on the
     * sample rate, when the bank is built. {@link MelSpectrogram}, {@link InverseMelScale} and
     * {@link Mfcc} take these options too.
     *
     * <pre>{@code
     * MelScale.Options o = MelScale.options().nMels(64).sampleRate(16000).nStft(257).fMin(20);
     * }</pre>
     *
     * @param nMels          number of mel filters {@code n_mels} (positive)
     * @param sampleRate     sample rate in Hz (positive)
     * @param fMin           lowest frequency in Hz ({@code f_min}), at most {@code fMax}
     * @param fMax           highest frequency in Hz ({@code f_max}), or null for {@code sampleRate / 2}
     *                       (integer division)
     * @param nStft          number of linear frequency bins {@code n_stft}, {@code nFft / 2 + 1}
     *                       (positive; a {@link MelSpectrogram} sets it from its STFT)
     * @param norm           filter normalisation
     * @param melScale       the mel scale
     * @param vtlpWarp       vocal-tract-length perturbation factor in {@code [0.5, 2]}: the bank's
     *                       frequency axis is warped by {@link MelScale#vtlpWarp(double, double, double, double)}
     *                       (1: no warp, exactly the torchaudio bank; typical training values 0.9 to 1.1)
     * @param vtlpBoundaryHz VTLP boundary frequency in Hz, or null for
     *                       {@link MelScale#DEFAULT_VTLP_BOUNDARY_RATIO} times {@code sampleRate / 2} (2400 Hz at
     *                       8 kHz, 4800 Hz at 16 kHz as in the paper)
     */
    public record Options(int nMels, int sampleRate, double fMin, Double fMax, int nStft, Norm norm, Scale melScale,
                          double vtlpWarp, Double vtlpBoundaryHz) {
        /** Checks every value on its own. */
        public Options {
            if (nMels < 1) throw new IllegalArgumentException("MelScale.Options: n_mels must be positive, found " + nMels);
            if (sampleRate < 1) {
                throw new IllegalArgumentException("MelScale.Options: sample_rate must be positive, found " + sampleRate);
            }
            if (Double.isNaN(fMin)) throw new IllegalArgumentException("MelScale.Options: f_min must be a number, found NaN");
            if (fMax != null && fMax.isNaN()) {
                throw new IllegalArgumentException("MelScale.Options: f_max must be a number (or null for sample_rate / 2), found NaN");
            }
            if (nStft < 1) throw new IllegalArgumentException("MelScale.Options: n_stft must be positive, found " + nStft);
            if (norm == null) throw new IllegalArgumentException("MelScale.Options: norm must not be null (Norm.NONE is the default)");
            if (melScale == null) {
                throw new IllegalArgumentException("MelScale.Options: melScale must not be null (Scale.HTK is the default)");
            }
            if (!(vtlpWarp >= 0.5 && vtlpWarp <= 2)) {
                throw new IllegalArgumentException("MelScale.Options: vtlpWarp must be in [0.5, 2], found " + vtlpWarp);
            }
        }

        /** These options with {@code nMels} filters. <pre>{@code options.nMels(40)}</pre> */
        public Options nMels(int nMels) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with sample rate {@code sampleRate} Hz. <pre>{@code options.sampleRate(8000)}</pre> */
        public Options sampleRate(int sampleRate) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with lowest frequency {@code fMin} Hz. <pre>{@code options.fMin(20)}</pre> */
        public Options fMin(double fMin) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with highest frequency {@code fMax} Hz (null: {@code sampleRate / 2}). <pre>{@code options.fMax(7600.0)}</pre> */
        public Options fMax(Double fMax) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with {@code nStft} linear bins. <pre>{@code options.nStft(257)}</pre> */
        public Options nStft(int nStft) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with filter normalisation {@code norm}. <pre>{@code options.norm(MelScale.Norm.SLANEY)}</pre> */
        public Options norm(Norm norm) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with mel scale {@code melScale}. <pre>{@code options.melScale(MelScale.Scale.SLANEY)}</pre> */
        public Options melScale(Scale melScale) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, vtlpBoundaryHz);
        }

        /** These options with VTLP factor {@code alpha}. <pre>{@code options.vtlpWarp(0.95)}</pre> */
        public Options vtlpWarp(double alpha) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, alpha, vtlpBoundaryHz);
        }

        /** These options with VTLP boundary {@code hz} (null: the default ratio). <pre>{@code options.vtlpBoundaryHz(3000.0)}</pre> */
        public Options vtlpBoundaryHz(Double hz) {
            return new Options(nMels, sampleRate, fMin, fMax, nStft, norm, melScale, vtlpWarp, hz);
        }
    }

    private static final Options DEFAULTS = new Options(128, 16000, 0.0, null, 201, Norm.NONE, Scale.HTK, 1.0, null);

    private record Key(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, Norm norm, Scale scale,
                       double vtlpAlpha, double vtlpBoundaryHz) {}

    /** The default VTLP boundary as a fraction of the Nyquist frequency: 4800 Hz of 8000 in Jaitly and Hinton (2013). */
    public static final double DEFAULT_VTLP_BOUNDARY_RATIO = 0.6;

    private final int nMels;
    private final int sampleRate;
    private final double fMin;
    private final double fMax;
    private final int nStft;
    private final Norm norm;
    private final Scale melScale;
    private final double vtlpAlpha;
    private final double vtlpBoundaryHz;
    private final float[] fb;
    /** The banded form of {@link #fb} (see {@link #bands()}), built on first use. */
    private volatile Bands bands;

    /** A mel filter bank with torchaudio's defaults. */
    public MelScale() {
        this(DEFAULTS);
    }

    /** A mel filter bank with the given options. */
    public MelScale(Options o) {
        this.nMels = o.nMels();
        this.sampleRate = o.sampleRate();
        this.fMin = o.fMin();
        this.fMax = o.fMax() != null ? o.fMax() : (double) (o.sampleRate() / 2);
        this.nStft = o.nStft();
        this.norm = o.norm();
        this.melScale = o.melScale();
        if (fMin > fMax) throw new IllegalArgumentException("mel scale: require f_min: " + fMin + " <= f_max: " + fMax);
        this.vtlpAlpha = o.vtlpWarp();
        double nyquist = sampleRate / 2;
        this.vtlpBoundaryHz = o.vtlpBoundaryHz() != null ? o.vtlpBoundaryHz() : DEFAULT_VTLP_BOUNDARY_RATIO * nyquist;
        checkVtlp(vtlpAlpha, vtlpBoundaryHz, nyquist);
        // an own copy, exposed as the "fb" buffer (torchaudio's name) so that loadStateDict reaches it
        this.fb = filterbankValues(nStft, fMin, fMax, nMels, sampleRate, norm, melScale, vtlpAlpha, vtlpBoundaryHz).clone();
        registerBuffer("fb", Tensor.wrap(fb, nStft, nMels));
    }

    /** torchaudio's defaults: 128 HTK filters for 16 kHz and 201 bins. <pre>{@code MelScale.options().nMels(40)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /**
     * The triangular filter bank {@code [nFreqs, nMels]} ({@code torchaudio.functional.melscale_fbanks}):
     * column {@code m} is filter {@code m}, rising from mel point {@code m} to {@code m + 1} and
     * falling to {@code m + 2}, with {@code nMels + 2} points equally spaced in mels between
     * {@code fMin} and {@code fMax}.
     */
    public static Tensor melFilterbank(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, Norm norm,
                                       Scale melScale) {
        return Tensor.of(filterbankValues(nFreqs, fMin, fMax, nMels, sampleRate, norm, melScale).clone(), nFreqs, nMels);
    }

    /** Cached filter-bank values, row-major {@code [nFreqs, nMels]} (shared, read-only). */
    static float[] filterbankValues(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, Norm norm,
                                    Scale melScale) {
        return filterbankValues(nFreqs, fMin, fMax, nMels, sampleRate, norm, melScale, 1.0, 0.0);
    }

    /** Cached filter-bank values with a VTLP warp ({@code alpha = 1}: the unwarped bank, whatever the boundary). */
    static float[] filterbankValues(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, Norm norm,
                                    Scale melScale, double vtlpAlpha, double vtlpBoundaryHz) {
        if (nFreqs < 1 || nMels < 1) {
            throw new IllegalArgumentException("mel filterbank: n_freqs and n_mels must be positive, found " + nFreqs
                    + " and " + nMels);
        }
        Norm n = norm == null ? Norm.NONE : norm;
        Scale s = melScale == null ? Scale.HTK : melScale;
        double alpha = vtlpAlpha, boundary = vtlpAlpha == 1.0 ? 0.0 : vtlpBoundaryHz;
        return SpectralCache.get(new Key(nFreqs, fMin, fMax, nMels, sampleRate, n, s, alpha, boundary),
                () -> computeFilterbank(nFreqs, fMin, fMax, nMels, sampleRate, n, s, alpha, boundary));
    }

    /** Follows torchaudio's float32 arithmetic step by step so that the banks agree to the last bits. */
    private static float[] computeFilterbank(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, Norm norm,
                                             Scale scale, double vtlpAlpha, double vtlpBoundaryHz) {
        float[] allFreqs = linspace(0f, (float) (sampleRate / 2), nFreqs);
        if (vtlpAlpha != 1.0) {
            for (int f = 0; f < nFreqs; f++) allFreqs[f] = (float) vtlpWarp(allFreqs[f], vtlpAlpha, vtlpBoundaryHz, sampleRate / 2);
        }
        double mMin = hzToMel(fMin, scale);
        double mMax = hzToMel(fMax, scale);
        float[] mPts = linspace((float) mMin, (float) mMax, nMels + 2);
        float[] fPts = new float[nMels + 2];
        for (int i = 0; i < fPts.length; i++) fPts[i] = melToHzFloat(mPts[i], scale);
        float[] fDiff = new float[nMels + 1];
        for (int i = 0; i < fDiff.length; i++) fDiff[i] = fPts[i + 1] - fPts[i];
        float[] fb = new float[nFreqs * nMels];
        for (int f = 0; f < nFreqs; f++) {
            for (int m = 0; m < nMels; m++) {
                float down = (-1.0f * (fPts[m] - allFreqs[f])) / fDiff[m];
                float up = (fPts[m + 2] - allFreqs[f]) / fDiff[m + 1];
                float v = Math.max(0f, Math.min(down, up));
                if (norm == Norm.SLANEY) v *= 2.0f / (fPts[m + 2] - fPts[m]);
                fb[f * nMels + m] = v;
            }
        }
        return fb;
    }

    /**
     * {@code torch.linspace} in float32, bit for bit as torch 1.13's CPU kernel computes it (AVX2
     * build): elements come in pairs of 8-lane vectors whose first value is
     * {@code fma(step, idx, start)} (or {@code fma(-step, steps - 1 - idx, end)} from the halfway
     * point on) and whose lanes add {@code j * step}; the remainder is computed element by element.
     */
    static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 0) return out;
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        final int lanes = 8;
        int i = 0;
        for (; i <= steps - 2 * lanes; i += 2 * lanes) {
            for (int base = i; base < i + 2 * lanes; base += lanes) {
                float b = linspaceAt(start, end, step, steps, halfway, base);
                for (int j = 0; j < lanes; j++) out[base + j] = b + step * (float) j;
            }
        }
        for (; i < steps; i++) out[i] = linspaceAt(start, end, step, steps, halfway, i);
        return out;
    }

    private static float linspaceAt(float start, float end, float step, int steps, int halfway, int idx) {
        return idx < halfway ? Math.fma(step, (float) idx, start) : Math.fma(-step, (float) (steps - idx - 1), end);
    }

    /**
     * The piecewise-linear vocal-tract-length warp of Jaitly and Hinton (2013): {@code f alpha} up to
     * {@code boundaryHz min(alpha, 1) / alpha}, then the straight line that maps the Nyquist
     * frequency to itself. The mel filter bank built with {@link Options#vtlpWarp} weighs the
     * spectrum at {@code f} as if it were at {@code vtlpWarp(f)}.
     *
     * <pre>{@code
     * double f = MelScale.vtlpWarp(1000, 1.1, 2400, 4000);   // 1100.0
     * }</pre>
     */
    public static double vtlpWarp(double freq, double alpha, double boundaryHz, double nyquist) {
        double knee = boundaryHz * Math.min(alpha, 1) / alpha;
        if (freq <= knee) return freq * alpha;
        return nyquist - (nyquist - boundaryHz * Math.min(alpha, 1)) / (nyquist - knee) * (nyquist - freq);
    }

    private static void checkVtlp(double alpha, double boundaryHz, double nyquist) {
        if (alpha != 1.0 && !(boundaryHz > 0 && boundaryHz * Math.min(alpha, 1) / alpha < nyquist)) {
            throw new IllegalArgumentException("mel scale: vtlpBoundaryHz must be positive and boundary * min(alpha, 1) / alpha"
                    + " below the Nyquist frequency " + nyquist + " Hz, found boundary " + boundaryHz + " Hz with alpha " + alpha);
        }
    }

    /** Frequency in Hz to mels on the given scale ({@code torchaudio.functional._hz_to_mel}). */
    public static double hzToMel(double freq, Scale scale) {
        if (scale == Scale.HTK) return 2595.0 * Math.log10(1.0 + freq / 700.0);
        double fSp = 200.0 / 3;
        double mels = freq / fSp;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        if (freq >= minLogHz) mels = minLogMel + Math.log(freq / minLogHz) / logstep;
        return mels;
    }

    /** Mels on the given scale to frequency in Hz ({@code torchaudio.functional._mel_to_hz}). */
    public static double melToHz(double mels, Scale scale) {
        if (scale == Scale.HTK) return 700.0 * (Math.pow(10.0, mels / 2595.0) - 1.0);
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        if (mels >= minLogMel) return minLogHz * Math.exp(logstep * (mels - minLogMel));
        return fSp * mels;
    }

    /** {@link #melToHz} with torchaudio's float32 operation order on a float32 mel value. */
    private static float melToHzFloat(float mels, Scale scale) {
        if (scale == Scale.HTK) {
            float e = mels / 2595.0f;
            float p = (float) Math.pow(10.0, e);
            return 700.0f * (p - 1.0f);
        }
        float fSp = (float) (200.0 / 3);
        double minLogMel = 1000.0 / (200.0 / 3);
        float logstep = (float) (Math.log(6.4) / 27.0);
        if (mels >= minLogMel) {
            float d = mels - (float) minLogMel;
            return 1000.0f * (float) Math.exp(logstep * d);
        }
        return 0.0f + fSp * mels;
    }

    /** The mel spectrogram {@code [..., nMels, time]} of {@code specgram [..., freq, time]}. */
    @Override
    public Tensor forward(Tensor specgram) {
        Bands bands = bands();
        if (bands == null) return applyFilterbank("mel scale", specgram, fb, nStft, nMels);
        Signals.requireDims("mel scale", specgram, 2, "[..., " + nStft + ", time]");
        Tensor c = Signals.floatContiguous(specgram);
        if (c.size(-2) != nStft) {
            throw new IllegalArgumentException("mel scale: expected " + nStft + " rows in dimension -2 of the input, found shape "
                    + Arrays.toString(c.shape()));
        }
        int n = c.numel();
        // the bands skip the bank's zeros; a dense product spreads NaN and infinity through them
        if (!KernelProvider.get().allFinite(c.storage(), c.offset(), n)) return applyFilterbank("mel scale", c, fb, nStft, nMels);
        int time = c.size(-1);
        int batch = Signals.leading(c.shape(), 2);
        float[] out = new float[batch * nMels * time];
        SpectralKernels.bandedProject(c.storage(), c.offset(), batch, nStft, time, nMels, bands.lo, bands.hi, bands.w,
                bands.wOff, out, 0);
        return Tensor.wrap(out, Signals.replaceLast(c.shape(), 2, nMels, time));
    }

    /**
     * The non-zero band of each filter (rows {@code [lo[m], hi[m])} of column {@code m}) and its
     * weights, worked out from {@code snapshot}, a copy of the bank; {@code dense} when the bands
     * would not skip at least half of the bank.
     */
    private record Bands(float[] snapshot, boolean dense, int[] lo, int[] hi, float[] w, int[] wOff) {}

    /** The bands of the current bank, or null to use the dense product; rebuilt when the live "fb" buffer changes. */
    private Bands bands() {
        Bands b = bands;
        if (b == null || !Arrays.equals(b.snapshot, fb)) {
            b = computeBands(fb.clone());
            bands = b;
        }
        return b.dense ? null : b;
    }

    private Bands computeBands(float[] snap) {
        int[] lo = new int[nMels];
        int[] hi = new int[nMels];
        int[] wOff = new int[nMels];
        int total = 0;
        for (int m = 0; m < nMels; m++) {
            int first = -1, last = -1;
            for (int f = 0; f < nStft; f++) {
                if (snap[f * nMels + m] != 0f) { // also true for NaN, which must be kept
                    if (first < 0) first = f;
                    last = f;
                }
            }
            lo[m] = first < 0 ? 0 : first;
            hi[m] = first < 0 ? 0 : last + 1;
            wOff[m] = total;
            total += hi[m] - lo[m];
        }
        if (2L * total > (long) nStft * nMels) return new Bands(snap, true, null, null, null, null);
        float[] w = new float[total];
        for (int m = 0; m < nMels; m++) {
            for (int f = lo[m]; f < hi[m]; f++) w[wOff[m] + f - lo[m]] = snap[f * nMels + m];
        }
        return new Bands(snap, false, lo, hi, w, wOff);
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor specgram) {
        return forward(specgram);
    }

    /** {@code out[b] = fb^T @ x[b]} for {@code x [..., rows, time]} and {@code fb [rows, cols]}, through the gemm kernel. */
    static Tensor applyFilterbank(String op, Tensor x, float[] fb, int rows, int cols) {
        Signals.requireDims(op, x, 2, "[..., " + rows + ", time]");
        Tensor c = Signals.floatContiguous(x);
        if (c.size(-2) != rows) {
            throw new IllegalArgumentException(op + ": expected " + rows + " rows in dimension -2 of the input, found shape "
                    + Arrays.toString(c.shape()));
        }
        int time = c.size(-1);
        int batch = Signals.leading(c.shape(), 2);
        float[] out = new float[batch * cols * time];
        Kernels k = KernelProvider.get();
        float[] src = c.storage();
        for (int b = 0; b < batch; b++) {
            k.gemm(true, false, cols, time, rows, 1f, fb, 0, cols, src, c.offset() + b * rows * time, time,
                    0f, out, b * cols * time, time);
        }
        return Tensor.wrap(out, Signals.replaceLast(c.shape(), 2, cols, time));
    }

    /** The filter bank {@code [nStft, nMels]} (a copy). */
    public Tensor fb() {
        return Tensor.of(fb.clone(), nStft, nMels);
    }

    /** This transform's filter-bank values (live: the "fb" buffer). */
    float[] fbValues() {
        return fb;
    }

    /** Number of mel filters. */
    public int nMels() {
        return nMels;
    }

    /** Sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Lowest frequency in Hz. */
    public double fMin() {
        return fMin;
    }

    /** Highest frequency in Hz. */
    public double fMax() {
        return fMax;
    }

    /** Number of linear frequency bins expected ({@code nFft / 2 + 1}). */
    public int nStft() {
        return nStft;
    }

    /** Filter normalisation. */
    public Norm norm() {
        return norm;
    }

    /** Mel scale. */
    public Scale melScale() {
        return melScale;
    }

    /** The VTLP warp factor (1: no warp). */
    public double vtlpWarp() {
        return vtlpAlpha;
    }

    /** The VTLP boundary frequency in Hz. */
    public double vtlpBoundaryHz() {
        return vtlpBoundaryHz;
    }

    @Override
    public String extraRepr() {
        return "n_mels=" + nMels + ", sample_rate=" + sampleRate + ", f_min=" + fMin + ", f_max=" + fMax + ", n_stft="
                + nStft + ", norm=" + norm + ", mel_scale=" + melScale
                + (vtlpAlpha == 1.0 ? "" : ", vtlp_warp=" + vtlpAlpha + ", vtlp_boundary_hz=" + vtlpBoundaryHz);
    }
}
