package dev.cochlea.audio;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * Mel-frequency cepstral coefficients: {@code torchaudio.transforms.MFCC} (torchaudio 0.13), with
 * {@link #createDct} equal to {@code torchaudio.functional.create_dct}.
 *
 * <p>A {@link MelSpectrogram} is turned into decibels by {@code AmplitudeToDB("power", top_db=80)}
 * (torchaudio fixes {@code top_db} at 80, with its per-spectrogram floor; see
 * {@link AmplitudeToDB}), or, with {@code logMels}, into {@code log(mel + 1e-6)}; then a DCT-II
 * matrix keeps the first {@code nMfcc} coefficients. Input {@code [..., samples]}; output
 * {@code [..., nMfcc, frames]}.
 *
 * <p>Defaults are torchaudio's: {@code sampleRate = 16000}, {@code nMfcc = 40}, DCT type 2 with
 * orthonormal scaling, {@code logMels = false}, and {@link MelSpectrogram}'s defaults
 * ({@code nFft = 400}, {@code nMels = 128}, HTK, ...). The STFT is set in the mel spectrogram's
 * options ({@link MelSpectrogram.Options#stft}), torchaudio's {@code melkwargs}. librosa's {@code mfcc} defaults differ
 * ({@code n_mfcc = 20}, Slaney mel filters, a top_db floor over the whole array); see
 * {@code docs/audio-conventions.md}.
 *
 * <pre>{@code
 * Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(8000).nMfcc(13)
 *         .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128)).nMels(40)));
 * Tensor c = mfcc.forward(wave);                   // [1, 8000] -> [1, 13, 63]
 * Tensor dct = Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO);   // [40, 13]
 * }</pre>
 */
public final class Mfcc extends Module {
    /**
     * Scaling of the DCT-II matrix.
     *
     * <pre>{@code
     * Tensor d = Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO);
     * }</pre>
     */
    public enum DctNorm {
        /** Orthonormal DCT-II (torchaudio's default, {@code norm="ortho"}). */
        ORTHO,
        /** Unnormalised DCT-II scaled by 2 ({@code norm=None}). */
        NONE
    }

    /**
     * MFCC options ({@code torchaudio.transforms.MFCC}'s arguments), immutable, with withers;
     * {@link Mfcc#options()} has torchaudio's defaults. Every value is checked when the record is
     * made; {@code nMfcc <= nMels} when the transform is built.
     *
     * <pre>{@code
     * Mfcc.Options o = Mfcc.options().sampleRate(16000).nMfcc(13).logMels(true)
     *         .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(512).hopLength(160)).nMels(40));
     * }</pre>
     *
     * @param sampleRate     sample rate in Hz; overrides the mel spectrogram's, as in torchaudio
     * @param nMfcc          number of coefficients kept ({@code n_mfcc}, positive)
     * @param dctType        DCT type; only 2 is supported
     * @param norm           DCT scaling
     * @param logMels        whether {@code log(mel + 1e-6)} replaces the decibel conversion
     * @param melSpectrogram the mel spectrogram's options (torchaudio's {@code melkwargs})
     */
    public record Options(int sampleRate, int nMfcc, int dctType, DctNorm norm, boolean logMels,
                          MelSpectrogram.Options melSpectrogram) {
        /** Checks every value. */
        public Options {
            if (sampleRate < 1) throw new IllegalArgumentException("Mfcc.Options: sample_rate must be positive, found " + sampleRate);
            if (nMfcc < 1) throw new IllegalArgumentException("Mfcc.Options: n_mfcc must be positive, found " + nMfcc);
            if (dctType != 2) throw new IllegalArgumentException("Mfcc.Options: dct_type must be 2 (the only one supported), found " + dctType);
            if (norm == null) throw new IllegalArgumentException("Mfcc.Options: norm must not be null (DctNorm.ORTHO is the default)");
            if (melSpectrogram == null) {
                throw new IllegalArgumentException("Mfcc.Options: melSpectrogram must not be null (MelSpectrogram.options())");
            }
        }

        /** These options with sample rate {@code sampleRate} Hz. <pre>{@code options.sampleRate(8000)}</pre> */
        public Options sampleRate(int sampleRate) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }

        /** These options with {@code nMfcc} coefficients. <pre>{@code options.nMfcc(13)}</pre> */
        public Options nMfcc(int nMfcc) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }

        /** These options with DCT type {@code dctType} (only 2). <pre>{@code options.dctType(2)}</pre> */
        public Options dctType(int dctType) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }

        /** These options with DCT scaling {@code norm}. <pre>{@code options.norm(Mfcc.DctNorm.NONE)}</pre> */
        public Options norm(DctNorm norm) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }

        /** These options with {@code log(mel + 1e-6)} instead of decibels, or not. <pre>{@code options.logMels(true)}</pre> */
        public Options logMels(boolean logMels) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }

        /** These options with the mel spectrogram's options (its sample rate is replaced by this one's). <pre>{@code options.melSpectrogram(MelSpectrogram.options().nMels(40))}</pre> */
        public Options melSpectrogram(MelSpectrogram.Options melSpectrogram) {
            return new Options(sampleRate, nMfcc, dctType, norm, logMels, melSpectrogram);
        }
    }

    private static final Options DEFAULTS = new Options(16000, 40, 2, DctNorm.ORTHO, false, MelSpectrogram.options());

    private record DctKey(int nMfcc, int nMels, DctNorm norm) {}

    private static final double LOG_OFFSET = 1e-6;
    private static final double TOP_DB = 80.0;

    private final int nMfcc;
    private final DctNorm norm;
    private final boolean logMels;
    private final MelSpectrogram melSpectrogram;
    private final AmplitudeToDB amplitudeToDB;
    private final float[] dct;

    /** MFCCs with torchaudio's defaults. */
    public Mfcc() {
        this(DEFAULTS);
    }

    /** MFCCs with the given options. */
    public Mfcc(Options o) {
        this.melSpectrogram = new MelSpectrogram(o.melSpectrogram().sampleRate(o.sampleRate()));
        this.nMfcc = o.nMfcc();
        this.norm = o.norm();
        this.logMels = o.logMels();
        int nMels = melSpectrogram.nMels();
        if (nMfcc > nMels) throw new IllegalArgumentException("mfcc: cannot select more MFCC coefficients (" + nMfcc
                + ") than mel bins (" + nMels + ")");
        // torchaudio's child and buffer names: amplitude_to_DB, MelSpectrogram, dct_mat
        this.amplitudeToDB = registerModule("amplitude_to_DB", AmplitudeToDB.of(AmplitudeToDB.SType.POWER, TOP_DB));
        registerModule("MelSpectrogram", melSpectrogram);
        this.dct = dctValues(nMfcc, nMels, norm).clone();
        registerBuffer("dct_mat", Tensor.wrap(dct, nMels, nMfcc));
    }

    /** torchaudio's defaults: 16 kHz, 40 coefficients, orthonormal DCT-II, decibels. <pre>{@code Mfcc.options().nMfcc(13)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /**
     * The DCT-II matrix {@code [nMels, nMfcc]} ({@code torchaudio.functional.create_dct}), to be
     * right-multiplied to row-wise data: column {@code k} is
     * {@code cos(pi / nMels * (n + 0.5) * k)}, scaled by {@code sqrt(2 / nMels)} (and column 0
     * by a further {@code 1 / sqrt(2)}) when orthonormal, by 2 otherwise.
     */
    public static Tensor createDct(int nMfcc, int nMels, DctNorm norm) {
        return Tensor.of(dctValues(nMfcc, nMels, norm).clone(), nMels, nMfcc);
    }

    /** Cached DCT values, row-major {@code [nMels, nMfcc]} (shared, read-only). */
    static float[] dctValues(int nMfcc, int nMels, DctNorm norm) {
        if (nMfcc < 1 || nMels < 1) {
            throw new IllegalArgumentException("create_dct: n_mfcc and n_mels must be positive, found " + nMfcc + " and " + nMels);
        }
        DctNorm n = norm == null ? DctNorm.NONE : norm;
        return SpectralCache.get(new DctKey(nMfcc, nMels, n), () -> {
            // torchaudio's float32 steps: cos(pi / n_mels * (n + 0.5) * k), then the scalings
            float[] d = new float[nMels * nMfcc];
            float a = (float) (Math.PI / nMels);
            float first = (float) (1.0 / Math.sqrt(2.0));
            float s = (float) Math.sqrt(2.0 / nMels);
            for (int i = 0; i < nMels; i++) {
                float t = a * (i + 0.5f);
                for (int k = 0; k < nMfcc; k++) {
                    float v = (float) Math.cos(t * k);
                    if (n == DctNorm.NONE) v *= 2f;
                    else v = (k == 0 ? v * first : v) * s;
                    d[i * nMfcc + k] = v;
                }
            }
            return d;
        });
    }

    /** The coefficients {@code [..., nMfcc, frames]} of {@code waveform [..., samples]}. */
    @Override
    public Tensor forward(Tensor waveform) {
        Tensor mel = melSpectrogram.forward(waveform);
        Tensor logMel = logMels ? mel.add((float) LOG_OFFSET).log() : amplitudeToDB.forward(mel);
        return MelScale.applyFilterbank("mfcc", logMel, dct, melSpectrogram.nMels(), nMfcc);
    }

    /**
     * The coefficients of one block {@code [..., nMels, frames]} of a longer mel spectrogram
     * ({@link FeatureBlocks}): the decibels are floored at {@code floorDb}, the whole spectrogram's
     * maximum in decibels less 80 (ignored with {@code logMels}).
     */
    public Tensor fromMelBlock(Tensor mel, float floorDb) {
        Tensor logMel = logMels ? mel.add((float) LOG_OFFSET).log()
                : AmplitudeToDB.of(AmplitudeToDB.SType.POWER, null).forward(mel).clampMin(floorDb);
        return MelScale.applyFilterbank("mfcc", logMel, dct, melSpectrogram.nMels(), nMfcc);
    }

    /** The {@code top_db} of the decibel stage: the floor is the maximum less this. */
    public static double topDb() {
        return TOP_DB;
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor waveform) {
        return forward(waveform);
    }

    /** The DCT matrix {@code [nMels, nMfcc]} (a copy). */
    public Tensor dctMat() {
        return Tensor.of(dct.clone(), melSpectrogram.nMels(), nMfcc);
    }

    /** The mel spectrogram stage. */
    public MelSpectrogram melSpectrogram() {
        return melSpectrogram;
    }

    /** Number of coefficients kept. */
    public int nMfcc() {
        return nMfcc;
    }

    /** DCT scaling. */
    public DctNorm norm() {
        return norm;
    }

    /** Whether {@code log(mel + 1e-6)} replaces the decibel conversion. */
    public boolean logMels() {
        return logMels;
    }

    @Override
    public String extraRepr() {
        return "n_mfcc=" + nMfcc + ", norm=" + norm + ", log_mels=" + logMels;
    }
}
