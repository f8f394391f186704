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
 * ({@code nFft = 400}, {@code nMels = 128}, HTK, ...). librosa's {@code mfcc} defaults differ
 * ({@code n_mfcc = 20}, Slaney mel filters, a top_db floor over the whole array); see
 * {@code docs/audio-conventions.md}.
 *
 * <pre>{@code
 * Mfcc mfcc = Mfcc.builder().sampleRate(8000).nMfcc(13)
 *         .melSpectrogram(MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40))
 *         .build();
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

    private record DctKey(int nMfcc, int nMels, DctNorm norm) {}

    private static final double LOG_OFFSET = 1e-6;
    private static final double TOP_DB = 80.0;

    private final int nMfcc;
    private final DctNorm norm;
    private final boolean logMels;
    private final MelSpectrogram melSpectrogram;
    private final AmplitudeToDB amplitudeToDB;
    private final float[] dct;

    private Mfcc(Builder b) {
        if (b.dctType != 2) throw new IllegalArgumentException("mfcc: DCT type not supported: " + b.dctType);
        MelSpectrogram.Builder mb = b.mel != null ? b.mel : MelSpectrogram.builder();
        mb.sampleRate(b.sampleRate);
        this.melSpectrogram = mb.build();
        this.nMfcc = b.nMfcc;
        this.norm = b.norm;
        this.logMels = b.logMels;
        int nMels = melSpectrogram.nMels();
        if (nMfcc > nMels) throw new IllegalArgumentException("mfcc: cannot select more MFCC coefficients (" + nMfcc
                + ") than mel bins (" + nMels + ")");
        // torchaudio's child and buffer names: amplitude_to_DB, MelSpectrogram, dct_mat
        this.amplitudeToDB = registerModule("amplitude_to_DB", AmplitudeToDB.of(AmplitudeToDB.SType.POWER, TOP_DB));
        registerModule("MelSpectrogram", melSpectrogram);
        this.dct = dctValues(nMfcc, nMels, norm).clone();
        registerBuffer("dct_mat", Tensor.wrap(dct, nMels, nMfcc));
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
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

    /**
     * Settings of an {@link Mfcc}; mel settings go in a {@link MelSpectrogram.Builder}
     * (torchaudio's {@code melkwargs}), whose sample rate is overridden by this builder's.
     *
     * <pre>{@code
     * Mfcc m = Mfcc.builder().sampleRate(16000).nMfcc(13).logMels(true)
     *         .melSpectrogram(MelSpectrogram.builder().nFft(512).hopLength(160).nMels(40)).build();
     * }</pre>
     */
    public static final class Builder {
        int sampleRate = 16000;
        int nMfcc = 40;
        int dctType = 2;
        DctNorm norm = DctNorm.ORTHO;
        boolean logMels;
        MelSpectrogram.Builder mel;

        private Builder() {}

        /** Sample rate in Hz (default 16000). */
        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        /** Number of coefficients (default 40). */
        public Builder nMfcc(int nMfcc) {
            this.nMfcc = nMfcc;
            return this;
        }

        /** DCT type; only 2 is supported (default 2). */
        public Builder dctType(int dctType) {
            this.dctType = dctType;
            return this;
        }

        /** DCT scaling (default orthonormal). */
        public Builder norm(DctNorm norm) {
            this.norm = norm;
            return this;
        }

        /** Use {@code log(mel + 1e-6)} instead of decibels (default false). */
        public Builder logMels(boolean logMels) {
            this.logMels = logMels;
            return this;
        }

        /** Mel spectrogram settings (torchaudio's {@code melkwargs}); default {@link MelSpectrogram}'s defaults. */
        public Builder melSpectrogram(MelSpectrogram.Builder mel) {
            this.mel = mel;
            return this;
        }

        /** The transform. */
        public Mfcc build() {
            return new Mfcc(this);
        }
    }
}
