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
 * defaults were tuned for. Here that is the option {@link Builder#inputScale} (default 1, as
 * librosa's function); set it to {@code 2^31} to follow the documentation's example. Computed in
 * double precision per element, stored as float; input must be non-negative.
 *
 * <pre>{@code
 * Pcen pcen = Pcen.builder().sampleRate(8000).hopLength(128).inputScale(Math.pow(2, 31)).build();
 * Tensor p = pcen.forward(melPower);                  // [1, 40, 63] -> [1, 40, 63]
 * }</pre>
 */
public final class Pcen extends Module {
    private final int sampleRate;
    private final int hopLength;
    private final double gain;
    private final double bias;
    private final double power;
    private final double timeConstant;
    private final double eps;
    private final double b;
    private final double inputScale;

    private Pcen(Builder o) {
        if (o.sampleRate <= 0) throw new IllegalArgumentException("pcen: sampleRate must be positive, found " + o.sampleRate);
        if (o.hopLength <= 0) throw new IllegalArgumentException("pcen: hopLength must be positive, found " + o.hopLength);
        if (!(o.power >= 0)) throw new IllegalArgumentException("pcen: power must be >= 0, found " + o.power);
        if (!(o.gain >= 0)) throw new IllegalArgumentException("pcen: gain must be >= 0, found " + o.gain);
        if (!(o.bias >= 0)) throw new IllegalArgumentException("pcen: bias must be >= 0, found " + o.bias);
        if (!(o.eps > 0)) throw new IllegalArgumentException("pcen: eps must be > 0, found " + o.eps);
        if (!(o.timeConstant > 0)) throw new IllegalArgumentException("pcen: timeConstant must be > 0, found " + o.timeConstant);
        if (!(o.inputScale > 0)) throw new IllegalArgumentException("pcen: inputScale must be > 0, found " + o.inputScale);
        this.sampleRate = o.sampleRate;
        this.hopLength = o.hopLength;
        this.gain = o.gain;
        this.bias = o.bias;
        this.power = o.power;
        this.timeConstant = o.timeConstant;
        this.eps = o.eps;
        this.inputScale = o.inputScale;
        if (o.b != null) {
            this.b = o.b;
        } else {
            double t = timeConstant * sampleRate / hopLength;
            this.b = (Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
        }
        if (!(b >= 0 && b <= 1)) throw new IllegalArgumentException("pcen: b must be in [0, 1], found " + b);
    }

    /** A builder with librosa's defaults. */
    public static Builder builder() {
        return new Builder();
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

    /**
     * Settings of a {@link Pcen}.
     *
     * <pre>{@code
     * Pcen p = Pcen.builder().sampleRate(16000).hopLength(160).gain(0.8).bias(10).power(0.25).build();
     * }</pre>
     */
    public static final class Builder {
        int sampleRate = 22050;
        int hopLength = 512;
        double gain = 0.98;
        double bias = 2.0;
        double power = 0.5;
        double timeConstant = 0.4;
        double eps = 1e-6;
        Double b;
        double inputScale = 1.0;

        private Builder() {}

        /** Sample rate of the audio in Hz (default 22050, librosa's). */
        public Builder sampleRate(int v) { this.sampleRate = v; return this; }

        /** Hop length in samples between frames (default 512, librosa's). */
        public Builder hopLength(int v) { this.hopLength = v; return this; }

        /** Gain exponent of the automatic gain control (default 0.98). */
        public Builder gain(double v) { this.gain = v; return this; }

        /** Bias added before compression (default 2). */
        public Builder bias(double v) { this.bias = v; return this; }

        /** Compression exponent (default 0.5; 0 gives log compression). */
        public Builder power(double v) { this.power = v; return this; }

        /** Smoother time constant in seconds (default 0.4). */
        public Builder timeConstant(double v) { this.timeConstant = v; return this; }

        /** Floor added to the smoothed energy (default 1e-6). */
        public Builder eps(double v) { this.eps = v; return this; }

        /** Explicit smoothing coefficient in [0, 1] (default null: from timeConstant, sampleRate and hopLength). */
        public Builder b(Double v) { this.b = v; return this; }

        /** Factor applied to the input first (default 1 as librosa.pcen; 2^31 follows librosa's documentation example). */
        public Builder inputScale(double v) { this.inputScale = v; return this; }

        /** The transform. */
        public Pcen build() {
            return new Pcen(this);
        }
    }
}
