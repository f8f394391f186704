package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited resampling with a windowed-sinc filter: {@code torchaudio.functional.resample} and
 * {@code torchaudio.transforms.Resample} (torchaudio 0.13), with the same filter, the same
 * padding and the same output length {@code ceil(newFreq * length / origFreq)}.
 *
 * <p>The frequencies are reduced by their greatest common divisor; the filter bank (one filter
 * per output phase) is computed once per configuration in double precision, stored as floats and
 * cached for the life of the JVM. Resampling is then a strided convolution whose dot products run
 * through {@link KernelProvider#get()}.
 *
 * <pre>{@code
 * Tensor y = Resample.resample(x, 8000, 16000);           // x: [..., samples]
 * Resample r = new Resample(44100, 16000);                // reuse for many clips
 * Tensor z = r.apply(clip);
 * Resample k = new Resample(48000, 44100, ResampleMethod.SINC_INTERP_KAISER, 6, 0.99, Resample.DEFAULT_KAISER_BETA);
 * }</pre>
 */
public final class Resample extends Module {
    /** torchaudio's default {@code lowpass_filter_width}. */
    public static final int DEFAULT_LOWPASS_FILTER_WIDTH = 6;
    /** torchaudio's default {@code rolloff}. */
    public static final double DEFAULT_ROLLOFF = 0.99;
    /** torchaudio's default Kaiser {@code beta}. */
    public static final double DEFAULT_KAISER_BETA = 14.769656459379492;

    private static final Map<Key, Bank> CACHE = new ConcurrentHashMap<>();

    private final int origFreq;
    private final int newFreq;
    private final String description;
    private final Bank bank;

    /** Resampling from {@code origFreq} to {@code newFreq} Hz with torchaudio's defaults (Hann window, width 6, rolloff 0.99). */
    public Resample(int origFreq, int newFreq) {
        this(origFreq, newFreq, ResampleMethod.SINC_INTERP_HANN, DEFAULT_LOWPASS_FILTER_WIDTH, DEFAULT_ROLLOFF, DEFAULT_KAISER_BETA);
    }

    /**
     * Resampling with every parameter of torchaudio's.
     *
     * @param origFreq           the input's sample rate, {@code > 0}
     * @param newFreq            the output's sample rate, {@code > 0}
     * @param method             the filter's window
     * @param lowpassFilterWidth the filter's half-width in zero crossings, {@code > 0}
     * @param rolloff            the cut-off as a fraction of the lower Nyquist frequency, in {@code (0, 1]}
     * @param beta               the Kaiser window's shape (ignored for the Hann window)
     */
    public Resample(int origFreq, int newFreq, ResampleMethod method, int lowpassFilterWidth, double rolloff, double beta) {
        if (origFreq <= 0 || newFreq <= 0) {
            throw new IllegalArgumentException("resample: frequencies must be positive, found " + origFreq + " and " + newFreq);
        }
        if (lowpassFilterWidth <= 0) {
            throw new IllegalArgumentException("resample: lowpassFilterWidth must be positive, found " + lowpassFilterWidth);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("resample: rolloff must be in (0, 1], found " + rolloff);
        }
        this.description = "orig_freq=" + origFreq + ", new_freq=" + newFreq
                + (method == ResampleMethod.SINC_INTERP_KAISER ? ", resampling_method=sinc_interp_kaiser" : "");
        int g = gcd(origFreq, newFreq);
        this.origFreq = origFreq / g;
        this.newFreq = newFreq / g;
        if (this.origFreq == this.newFreq) {
            this.bank = null;
        } else {
            double b = method == ResampleMethod.SINC_INTERP_KAISER ? beta : 0;
            Key key = new Key(this.origFreq, this.newFreq, method, lowpassFilterWidth, rolloff, b);
            this.bank = CACHE.computeIfAbsent(key, Resample::buildBank);
        }
    }

    /** Resamples {@code waveform} ({@code [..., samples]}) from {@code origFreq} to {@code newFreq} Hz with the default filter. */
    public static Tensor resample(Tensor waveform, int origFreq, int newFreq) {
        return new Resample(origFreq, newFreq).apply(waveform);
    }

    /** {@code torchaudio.functional.resample} with every parameter. */
    public static Tensor resample(Tensor waveform, int origFreq, int newFreq, ResampleMethod method,
                                  int lowpassFilterWidth, double rolloff, double beta) {
        return new Resample(origFreq, newFreq, method, lowpassFilterWidth, rolloff, beta).apply(waveform);
    }

    /** The input rate divided by the gcd of both rates. */
    public int reducedOrigFreq() {
        return origFreq;
    }

    /** The output rate divided by the gcd of both rates. */
    public int reducedNewFreq() {
        return newFreq;
    }

    /** The number of output samples for {@code length} input samples: {@code ceil(newFreq * length / origFreq)}. */
    public int outputLength(int length) {
        long n = ((long) newFreq * length + origFreq - 1) / origFreq;
        if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("resample: output of " + n + " samples is too long");
        return (int) n;
    }

    /** Same as {@link #apply(Tensor)}, so a resampler can sit in a {@code Sequential} before the features. */
    @Override
    public Tensor forward(Tensor waveform) {
        return apply(waveform);
    }

    @Override
    public String extraRepr() {
        return description;
    }

    /**
     * Resamples the last dimension of {@code waveform}. When both rates are equal the input is
     * returned as it is (as torchaudio does).
     *
     * @param waveform {@code [..., samples]}
     * @return {@code [..., outputLength(samples)]}
     */
    public Tensor apply(Tensor waveform) {
        if (waveform.dim() < 1) throw new IllegalArgumentException("resample: expected a tensor [..., samples], found a scalar");
        if (bank == null) return waveform;
        int[] shape = waveform.shape();
        int length = shape[shape.length - 1];
        int rows = length == 0 ? 0 : waveform.numel() / length;
        int outLen = outputLength(length);
        if ((long) rows * outLen > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("resample: output too large");
        float[] out = new float[rows * outLen];
        if (rows > 0) {
            Tensor c = waveform.contiguous();
            float[] src = c.storage();
            int off = c.offset();
            int w = bank.width;
            float[] padded = new float[length + 2 * w + origFreq];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, off + r * length, padded, w, length);
                convolve(padded, out, r * outLen, outLen);
            }
        }
        int[] outShape = shape.clone();
        outShape[outShape.length - 1] = outLen;
        return Tensor.wrap(out, outShape);
    }

    /** {@code out[o + m] = dot(filter[m % newFreq], padded[(m / newFreq) * origFreq ...])} for {@code m < n}. */
    private void convolve(float[] padded, float[] out, int o, int n) {
        Bank b = bank;
        int nf = newFreq, of = origFreq;
        Parallel.forRange(n, 1 << 14, (from, to) -> {
            Kernels k = KernelProvider.get();
            for (int m = from; m < to; m++) {
                int block = m / nf, phase = m - block * nf;
                int s = b.start[phase];
                int len = b.end[phase] - s;
                out[o + m] = len <= 0 ? 0f : k.dot(b.filters, phase * b.length + s, padded, block * of + s, len);
            }
        });
    }

    // ------------------------------------------------------------------ filter bank

    private record Key(int orig, int neu, ResampleMethod method, int lowpassFilterWidth, double rolloff, double beta) {}

    /**
     * The filters, one row of {@code length = 2 * width + orig} taps per output phase, and for each
     * row the range {@code [start, end)} outside of which its taps are exactly zero.
     */
    private record Bank(float[] filters, int length, int width, int[] start, int[] end) {}

    /**
     * torchaudio's {@code _get_sinc_resample_kernel} with {@code dtype=None}: computed in float64
     * (the phase offsets {@code -j / new} in float32, as torch computes them) and stored as float32.
     */
    private static Bank buildBank(Key key) {
        int orig = key.orig, neu = key.neu, lpw = key.lowpassFilterWidth;
        double base = Math.min(orig, neu) * key.rolloff;
        int width = (int) Math.ceil(lpw * orig / base);
        int length = 2 * width + orig;
        if ((long) length * neu > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("resample: " + key.orig + " -> " + key.neu
                    + " (after dividing by the gcd) needs a filter bank too large to build; use rates with a larger common divisor");
        }
        float[] filters = new float[length * neu];
        int[] start = new int[neu];
        int[] end = new int[neu];
        double scale = base / orig;
        boolean kaiser = key.method == ResampleMethod.SINC_INTERP_KAISER;
        double betaF = (float) key.beta;              // torch.tensor(float(beta)) is float32
        double i0Beta = (float) besselI0(betaF);      // torch.i0 of a float32 tensor
        for (int j = 0; j < neu; j++) {
            double phase = -(float) j / (float) neu;  // torch.arange(0, -new, -1) / new: float32
            int first = length, last = -1;
            for (int k = 0; k < length; k++) {
                double idx = (double) (k - width) / orig;
                double t = (phase + idx) * base;
                t = Math.max(-lpw, Math.min(lpw, t));
                double window;
                if (kaiser) {
                    double r = t / lpw;
                    window = besselI0(betaF * Math.sqrt(1 - r * r)) / i0Beta;
                } else {
                    double c = Math.cos(t * Math.PI / lpw / 2);
                    window = c * c;
                }
                t *= Math.PI;
                double sinc = t == 0 ? 1.0 : Math.sin(t) / t;
                float v = (float) (sinc * (window * scale));
                filters[j * length + k] = v;
                if (v != 0f) {
                    if (first == length) first = k;
                    last = k;
                }
            }
            start[j] = Math.min(first, last + 1);
            end[j] = last + 1;
        }
        return new Bank(filters, length, width, start, end);
    }

    /** The modified Bessel function of the first kind, order 0 (power series; exact to double precision for |x| < 50). */
    static double besselI0(double x) {
        double q = x * x / 4, term = 1, sum = 1;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The filter bank, {@code [newFreq, 2 * width + origFreq]} (reduced rates), as torchaudio builds it; for tests. */
    Tensor kernel() {
        if (bank == null) return Tensor.zeros(0, 0);
        return Tensor.of(Arrays.copyOf(bank.filters, bank.filters.length), newFreq, bank.length);
    }
}
