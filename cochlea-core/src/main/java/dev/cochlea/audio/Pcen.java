package dev.cochlea.audio;

import dev.cochlea.kernels.WaveKernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * Per-channel energy normalisation (Wang et al. 2017, "Trainable frontend for robust and
 * far-field keyword spotting") of a mel power spectrogram {@code [..., nMels, time]}, exactly as
 * {@code librosa.pcen} computes it (librosa 0.8-0.10, {@code max_size = 1}, {@code ref = None},
 * {@code axis = -1}):
 * <pre>
 * M[t]   = b S[t] + (1 - b) M[t-1],   M[-1] = 1   (scipy lfilter with lfilter_zi, not scaled by S[0])
 * smooth = exp(-gain (log eps + log1p(M / eps)))          ( = (eps + M)^-gain )
 * out    = bias^power expm1(power log1p(S smooth / bias))  ( = (S smooth + bias)^power - bias^power )
 * </pre>
 * with {@code out = log1p(S smooth)} when {@code power = 0} and {@code (S smooth)^power} when
 * {@code bias = 0}. The smoothing coefficient is {@code b} when given, otherwise librosa's
 * {@code b = (sqrt(1 + 4 T^2) - 1) / (2 T^2)} with {@code T = timeConstant sampleRate / hopLength}
 * frames.
 *
 * <p>Defaults are librosa's function defaults: {@code sampleRate = 22050}, {@code hopLength = 512},
 * {@code gain = 0.98}, {@code bias = 2}, {@code power = 0.5}, {@code timeConstant = 0.4} s,
 * {@code eps = 1e-6}. librosa does not scale its input: the {@code S * 2**31} in its
 * documentation is an example that brings float audio in [-1, 1) to the 32-bit integer range the
 * defaults were tuned for. Here that is the option {@link Options#inputScale} (default 1, as
 * librosa's function); set it to {@code 2^31} to follow the documentation's example. Computed in
 * double precision per element, stored as float; input must be non-negative.
 *
 * <pre>{@code
 * Pcen pcen = new Pcen(Pcen.options().sampleRate(8000).hopLength(128).inputScale(Math.pow(2, 31)));
 * Tensor p = pcen.forward(melPower);                  // [1, 40, 63] -> [1, 40, 63]
 * }</pre>
 */
public final class Pcen extends Module {
    /**
     * PCEN options ({@code librosa.pcen}'s arguments; {@code hopLength} is the hop of the
     * spectrogram it reads, not an STFT this transform runs), immutable, with withers;
     * {@link Pcen#options()} has librosa's defaults. Every value is checked when the record is made.
     *
     * <pre>{@code
     * Pcen.Options o = Pcen.options().sampleRate(16000).hopLength(160).gain(0.8).bias(10).power(0.25);
     * }</pre>
     *
     * @param sampleRate   sample rate of the audio in Hz ({@code sr}, positive)
     * @param hopLength    samples between the spectrogram's frames (positive)
     * @param gain         gain exponent of the automatic gain control ({@code >= 0})
     * @param bias         bias added before compression ({@code >= 0})
     * @param power        compression exponent ({@code >= 0}; 0 gives log compression)
     * @param timeConstant smoother time constant in seconds (positive)
     * @param eps          floor added to the smoothed energy (positive)
     * @param b            explicit smoothing coefficient in {@code [0, 1]}, or null for the one
     *                     {@code timeConstant}, {@code sampleRate} and {@code hopLength} give
     * @param inputScale   factor applied to the input first (positive; 1 as {@code librosa.pcen},
     *                     {@code 2^31} as its documentation example)
     */
    public record Options(int sampleRate, int hopLength, double gain, double bias, double power, double timeConstant,
                          double eps, Double b, double inputScale) {
        /** Checks every value. */
        public Options {
            if (sampleRate <= 0) throw new IllegalArgumentException("Pcen.Options: sampleRate must be positive, found " + sampleRate);
            if (hopLength <= 0) throw new IllegalArgumentException("Pcen.Options: hopLength must be positive, found " + hopLength);
            if (!(power >= 0)) throw new IllegalArgumentException("Pcen.Options: power must be >= 0, found " + power);
            if (!(gain >= 0)) throw new IllegalArgumentException("Pcen.Options: gain must be >= 0, found " + gain);
            if (!(bias >= 0)) throw new IllegalArgumentException("Pcen.Options: bias must be >= 0, found " + bias);
            if (!(eps > 0)) throw new IllegalArgumentException("Pcen.Options: eps must be > 0, found " + eps);
            if (!(timeConstant > 0)) throw new IllegalArgumentException("Pcen.Options: timeConstant must be > 0, found " + timeConstant);
            if (!(inputScale > 0)) throw new IllegalArgumentException("Pcen.Options: inputScale must be > 0, found " + inputScale);
            if (b != null && !(b >= 0 && b <= 1)) throw new IllegalArgumentException("Pcen.Options: b must be in [0, 1], found " + b);
        }

        /** These options for audio at {@code sampleRate} Hz. <pre>{@code options.sampleRate(8000)}</pre> */
        public Options sampleRate(int sampleRate) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options for frames {@code hopLength} samples apart. <pre>{@code options.hopLength(128)}</pre> */
        public Options hopLength(int hopLength) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with gain exponent {@code gain}. <pre>{@code options.gain(0.8)}</pre> */
        public Options gain(double gain) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with bias {@code bias}. <pre>{@code options.bias(10)}</pre> */
        public Options bias(double bias) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with compression exponent {@code power}. <pre>{@code options.power(0.25)}</pre> */
        public Options power(double power) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with time constant {@code timeConstant} seconds. <pre>{@code options.timeConstant(0.06)}</pre> */
        public Options timeConstant(double timeConstant) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with energy floor {@code eps}. <pre>{@code options.eps(1e-9)}</pre> */
        public Options eps(double eps) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options with smoothing coefficient {@code b} (null: from the time constant). <pre>{@code options.b(0.025)}</pre> */
        public Options b(Double b) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }

        /** These options scaling the input by {@code inputScale} first. <pre>{@code options.inputScale(Math.pow(2, 31))}</pre> */
        public Options inputScale(double inputScale) {
            return new Options(sampleRate, hopLength, gain, bias, power, timeConstant, eps, b, inputScale);
        }
    }

    private static final Options DEFAULTS = new Options(22050, 512, 0.98, 2.0, 0.5, 0.4, 1e-6, null, 1.0);

    private final int sampleRate;
    private final int hopLength;
    private final double gain;
    private final double bias;
    private final double power;
    private final double timeConstant;
    private final double eps;
    private final double b;
    private final double inputScale;

    /** PCEN with librosa's defaults. */
    public Pcen() {
        this(DEFAULTS);
    }

    /** PCEN with the given options. */
    public Pcen(Options o) {
        this.sampleRate = o.sampleRate();
        this.hopLength = o.hopLength();
        this.gain = o.gain();
        this.bias = o.bias();
        this.power = o.power();
        this.timeConstant = o.timeConstant();
        this.eps = o.eps();
        this.inputScale = o.inputScale();
        if (o.b() != null) {
            this.b = o.b();
        } else {
            double t = timeConstant * sampleRate / hopLength;
            this.b = (Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
        }
        if (!(b >= 0 && b <= 1)) throw new IllegalArgumentException("pcen: b must be in [0, 1], found " + b);
    }

    /** librosa's defaults: 22050 Hz, hop 512, gain 0.98, bias 2, power 0.5, 0.4 s, eps 1e-6. <pre>{@code Pcen.options().hopLength(128)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /** PCEN of {@code melPower [..., nMels, time]} (non-negative), same shape. */
    @Override
    public Tensor forward(Tensor melPower) {
        Signals.requireDims("pcen", melPower, 2, "[..., n_mels, time]");
        Tensor c = Signals.floatContiguous(melPower);
        if (inputScale != 1.0) c = c.mul((float) inputScale).contiguous();
        int time = c.size(-1);
        int rows = time == 0 ? 0 : c.numel() / time;
        float[] src = c.storage();
        int off = c.offset();
        for (int i = 0; i < rows * time; i++) {
            if (!(src[off + i] >= 0)) {
                throw new IllegalArgumentException("pcen: expected a non-negative (power or magnitude) spectrogram, found "
                        + src[off + i] + " at flat index " + i);
            }
        }
        float[] out = new float[rows * time];
        WaveKernels.pcen(src, off, rows, time, b, gain, bias, power, eps, out, 0);
        return Tensor.wrap(out, c.shape());
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor melPower) {
        return forward(melPower);
    }

    /** The smoothing coefficient in use. */
    public double b() {
        return b;
    }

    @Override
    public String extraRepr() {
        return "sr=" + sampleRate + ", hop_length=" + hopLength + ", gain=" + gain + ", bias=" + bias + ", power=" + power
                + ", time_constant=" + timeConstant + ", eps=" + eps + ", b=" + b
                + (inputScale == 1.0 ? "" : ", input_scale=" + inputScale);
    }
}
