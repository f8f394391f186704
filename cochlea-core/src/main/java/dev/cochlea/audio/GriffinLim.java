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
 * <p>Analysis and synthesis use the {@link StftOptions} the spectrogram was made with, with
 * torchaudio's defaults: {@code nFft = 400}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, periodic Hann window, centred frames with reflect padding
 * (torchaudio's GriffinLim has no pad-mode argument; librosa's {@code griffinlim} pads with
 * zeros: {@code padMode(PadMode.CONSTANT)}), no normalisation, onesided. Its own options
 * ({@link Options}) default to torchaudio's: {@code nIter = 32}, {@code power = 2},
 * {@code momentum = 0.99}, {@code length} null, {@code randInit = true}.
 *
 * <pre>{@code
 * StftOptions stft = StftOptions.of(256).hopLength(64);
 * Tensor spec = new Spectrogram(Spectrogram.options().stft(stft)).forward(wave);      // power 2
 * GriffinLim gl = new GriffinLim(GriffinLim.options().stft(stft).nIter(32).seed(0));
 * Tensor recon = gl.forward(spec);                 // [1, samples]
 * }</pre>
 */
public final class GriffinLim extends Module {
    /**
     * Griffin-Lim options ({@code torchaudio.transforms.GriffinLim}'s arguments), immutable, with
     * withers; {@link GriffinLim#options()} has torchaudio's defaults. Every value is checked when
     * the record is made.
     *
     * <pre>{@code
     * GriffinLim.Options o = GriffinLim.options().stft(StftOptions.of(512).hopLength(128)).power(1.0).nIter(60).randInit(false);
     * }</pre>
     *
     * @param stft      the STFT's options, those the spectrogram was made with
     * @param nIter     iterations ({@code n_iter}, {@code >= 0})
     * @param power     exponent the input spectrogram was raised to (positive: 2 power, 1 magnitude)
     * @param momentum  momentum of the fast update, in {@code [0, 1)} (0: the original algorithm)
     * @param length    output length in samples, or null for the length the frames give
     * @param randInit  whether the initial phase is random (else zero)
     * @param generator source of the random initial phase, shared by every transform built from
     *                  these options, or null
     * @param seed      seed of a fresh generator for each transform built from these options (so
     *                  each gives the same result), or null; with both null the process-wide
     *                  generator is used
     */
    public record Options(StftOptions stft, int nIter, double power, double momentum, Integer length, boolean randInit,
                          Generator generator, Long seed) {
        /** Checks every value. */
        public Options {
            if (stft == null) throw new IllegalArgumentException("GriffinLim.Options: stft must not be null (StftOptions.defaults())");
            if (nIter < 0) throw new IllegalArgumentException("GriffinLim.Options: n_iter must be non-negative, found " + nIter);
            if (!(power > 0)) throw new IllegalArgumentException("GriffinLim.Options: power must be positive, found " + power);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("GriffinLim.Options: momentum must be in the range [0, 1), found " + momentum);
            }
            if (length != null && length < 0) {
                throw new IllegalArgumentException("GriffinLim.Options: length must be non-negative or null, found " + length);
            }
            if (generator != null && seed != null) {
                throw new IllegalArgumentException("GriffinLim.Options: give a generator or a seed, not both; found seed " + seed);
            }
        }

        /** These options with the STFT options {@code stft}. <pre>{@code options.stft(StftOptions.of(256).hopLength(64))}</pre> */
        public Options stft(StftOptions stft) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options with {@code nIter} iterations. <pre>{@code options.nIter(60)}</pre> */
        public Options nIter(int nIter) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options for an input raised to {@code power}. <pre>{@code options.power(1.0)}</pre> */
        public Options power(double power) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options with momentum {@code momentum}. <pre>{@code options.momentum(0.0)}</pre> */
        public Options momentum(double momentum) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options with output length {@code length} (null: from the frames). <pre>{@code options.length(8000)}</pre> */
        public Options length(Integer length) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options with a random or zero initial phase. <pre>{@code options.randInit(false)}</pre> */
        public Options randInit(boolean randInit) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, seed);
        }

        /** These options drawing the initial phase from {@code generator} (clears a seed). <pre>{@code options.generator(new Generator(7))}</pre> */
        public Options generator(Generator generator) {
            return new Options(stft, nIter, power, momentum, length, randInit, generator, null);
        }

        /**
         * These options giving each transform a fresh generator started from {@code seed}, for
         * reproducible results (clears a generator). <pre>{@code options.seed(0)}</pre>
         */
        public Options seed(long seed) {
            return new Options(stft, nIter, power, momentum, length, randInit, null, seed);
        }
    }

    private static final Options DEFAULTS = new Options(StftOptions.defaults(), 32, 2.0, 0.99, null, true, null, null);

    private final Stft stft;
    private final int nIter;
    private final double power;
    private final double momentum;
    private final Integer length;
    private final boolean randInit;
    private final Generator generator;

    /** Griffin-Lim with torchaudio's defaults. */
    public GriffinLim() {
        this(DEFAULTS);
    }

    /** Griffin-Lim with the given options. */
    public GriffinLim(Options o) {
        this.stft = new Stft(o.stft(), StftOptions.Defaults.TORCHAUDIO, "griffinlim");
        this.nIter = o.nIter();
        this.power = o.power();
        this.momentum = o.momentum();
        this.length = o.length();
        this.randInit = o.randInit();
        this.generator = o.seed() != null ? new Generator(o.seed())
                : o.generator() != null ? o.generator() : Generator.defaultGenerator();
        registerBuffer("window", Tensor.wrap(stft.windowValues(), stft.winLength()));
    }

    /** torchaudio's defaults: {@code n_fft = 400}, 32 iterations, power 2, momentum 0.99, random phase. <pre>{@code GriffinLim.options().nIter(60)}</pre> */
    public static Options options() {
        return DEFAULTS;
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
}
