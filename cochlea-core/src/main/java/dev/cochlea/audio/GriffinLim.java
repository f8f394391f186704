package dev.cochlea.audio;

import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Recovers a waveform from a magnitude (or power) spectrogram by estimating the phase with the
 * fast Griffin-Lim algorithm: {@code torchaudio.transforms.GriffinLim} and
 * {@code torchaudio.functional.griffinlim} (torchaudio 0.13).
 *
 * <p>Input {@code [..., freq, frames]} with {@code freq = nFft / 2 + 1}, holding
 * {@code |STFT|^power}; output {@code [..., samples]} ({@code length} samples when set). Each of
 * {@code nIter} iterations inverts the spectrogram with the current phase, re-analyses the result
 * and takes its phase, extrapolated with {@code momentum} ({@code a = rebuilt - momentum / (1 +
 * momentum) * previous}). The initial phase is uniformly random in real and imaginary parts
 * (torch's complex {@code rand}) with {@code randInit}, else zero phase. Random numbers come from
 * the configured {@link Generator}; results therefore differ from torchaudio's, which uses torch's
 * generator.
 *
 * <p>Defaults are torchaudio's: {@code nFft = 400}, {@code nIter = 32}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, periodic Hann window, {@code power = 2},
 * {@code momentum = 0.99}, {@code length} null, {@code randInit = true}.
 *
 * <pre>{@code
 * Tensor spec = Spectrogram.builder().nFft(256).hopLength(64).build().forward(wave);  // power 2
 * GriffinLim gl = GriffinLim.builder().nFft(256).hopLength(64).nIter(32).seed(0).build();
 * Tensor recon = gl.forward(spec);                 // [1, samples]
 * }</pre>
 */
public final class GriffinLim extends Module {
    private final Stft stft;
    private final int nIter;
    private final double power;
    private final double momentum;
    private final Integer length;
    private final boolean randInit;
    private final Generator generator;

    private GriffinLim(Builder b) {
        if (!(b.momentum >= 0 && b.momentum < 1)) {
            throw new IllegalArgumentException("griffinlim: momentum must be in the range [0, 1), found " + b.momentum);
        }
        if (!(b.power > 0)) throw new IllegalArgumentException("griffinlim: power must be positive, found " + b.power);
        if (b.nIter < 0) throw new IllegalArgumentException("griffinlim: n_iter must be non-negative, found " + b.nIter);
        int winLength = b.winLength != null ? b.winLength : b.nFft;
        int hopLength = b.hopLength != null ? b.hopLength : Math.max(winLength / 2, 1);
        Stft.Builder sb = Stft.builder(b.nFft).winLength(winLength).hopLength(hopLength).center(true)
                .padMode(PadMode.REFLECT);
        if (b.window != null) sb.window(b.window);
        else sb.window(b.windowKind, true);
        this.stft = sb.build();
        this.nIter = b.nIter;
        this.power = b.power;
        this.momentum = b.momentum;
        this.length = b.length;
        this.randInit = b.randInit;
        this.generator = b.generator != null ? b.generator : Generator.defaultGenerator();
        registerBuffer("window", Tensor.wrap(stft.windowValues(), stft.winLength()));
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The waveform {@code [..., samples]} estimated from {@code specgram [..., freq, frames]}. */
    @Override
    public Tensor forward(Tensor specgram) {
        Signals.requireDims("griffinlim", specgram, 2, "[..., freq, frames]");
        Tensor spec = Signals.floatContiguous(specgram);
        int[] shape = spec.shape();
        int freqs = shape[shape.length - 2];
        int frames = shape[shape.length - 1];
        if (freqs != stft.freqs()) {
            throw new IllegalArgumentException("griffinlim: expected " + stft.freqs() + " frequency bins for n_fft="
                    + stft.nFft() + ", found " + freqs);
        }
        int rows = Signals.leading(shape, 2);
        int n = rows * freqs * frames;
        int[] packed = {rows, freqs, frames};
        float[] mag = new float[n];
        SpectralKernels.pow(spec.storage(), spec.offset(), mag, 0, n, 1.0 / power);
        float[] re = new float[n];
        float[] im = new float[n];
        if (randInit) {
            // angles = torch.rand(complex): uniform real and imaginary parts; spectrum = mag * angles
            float[] u = new float[2 * n];
            generator.fillUniform(u, 0, 2 * n, 0f, 1f);
            SpectralKernels.scaleComplex(mag, u, re, im, n);
        } else {
            System.arraycopy(mag, 0, re, 0, n);
        }
        double alpha = momentum / (1 + momentum);
        float[] prevRe = null;
        float[] prevIm = null;
        for (int it = 0; it < nIter; it++) {
            Tensor inverse = stft.inverse(new ComplexSpectrum(Tensor.wrap(re, packed), Tensor.wrap(im, packed)), length);
            ComplexSpectrum rebuilt = stft.apply(inverse);
            float[] rr = rebuilt.real().storage();
            float[] ri = rebuilt.imag().storage();
            if (rr.length != n) {
                throw new IllegalArgumentException("griffinlim: length " + length + " gives " + rebuilt.real().size(-1)
                        + " frames, not the " + frames + " of the input");
            }
            SpectralKernels.griffinLimStep(rr, ri, momentum > 0 ? prevRe : null, prevIm, alpha, mag, re, im, n);
            prevRe = rr;
            prevIm = ri;
        }
        Tensor wave = stft.inverse(new ComplexSpectrum(Tensor.wrap(re, packed), Tensor.wrap(im, packed)), length);
        return wave.reshape(Signals.replaceLast(shape, 2, wave.size(-1)));
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor specgram) {
        return forward(specgram);
    }

    /** The STFT settings used for analysis and synthesis. */
    public Stft stft() {
        return stft;
    }

    /** Number of iterations. */
    public int nIter() {
        return nIter;
    }

    /** Momentum of the fast Griffin-Lim update. */
    public double momentum() {
        return momentum;
    }

    @Override
    public String extraRepr() {
        return "n_fft=" + stft.nFft() + ", win_length=" + stft.winLength() + ", hop_length=" + stft.hopLength()
                + ", n_iter=" + nIter + ", power=" + power + ", momentum=" + momentum + ", length=" + length
                + ", rand_init=" + randInit;
    }

    /**
     * Settings of a {@link GriffinLim}.
     *
     * <pre>{@code
     * GriffinLim g = GriffinLim.builder().nFft(512).hopLength(128).power(1.0).nIter(60).randInit(false).build();
     * }</pre>
     */
    public static final class Builder {
        int nFft = 400;
        int nIter = 32;
        Integer winLength;
        Integer hopLength;
        Tensor window;
        Windows.Kind windowKind = Windows.Kind.HANN;
        double power = 2.0;
        double momentum = 0.99;
        Integer length;
        boolean randInit = true;
        Generator generator;

        private Builder() {}

        /** FFT size (default 400). */
        public Builder nFft(int nFft) {
            this.nFft = nFft;
            return this;
        }

        /** Iterations (default 32). */
        public Builder nIter(int nIter) {
            this.nIter = nIter;
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

        /** Explicit window values of length winLength. */
        public Builder window(Tensor window) {
            this.window = window;
            return this;
        }

        /** Periodic window of this kind (default Hann). */
        public Builder window(Windows.Kind kind) {
            this.windowKind = kind;
            this.window = null;
            return this;
        }

        /** Exponent the input spectrogram was raised to (default 2: power; 1: magnitude). */
        public Builder power(double power) {
            this.power = power;
            return this;
        }

        /** Momentum in [0, 1) (default 0.99; 0 gives the original Griffin-Lim). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Output length in samples (default null: from the number of frames). */
        public Builder length(Integer length) {
            this.length = length;
            return this;
        }

        /** Random initial phase (default true) or zero phase. */
        public Builder randInit(boolean randInit) {
            this.randInit = randInit;
            return this;
        }

        /** Source of the random initial phase (default: the process-wide generator). */
        public Builder generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** A fresh generator started from {@code seed}, for reproducible results. */
        public Builder seed(long seed) {
            this.generator = new Generator(seed);
            return this;
        }

        /** The transform. */
        public GriffinLim build() {
            return new GriffinLim(this);
        }
    }
}
