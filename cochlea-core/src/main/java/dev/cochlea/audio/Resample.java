package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Band-limited resampling with a windowed-sinc filter: {@code torchaudio.functional.resample} and
 * {@code torchaudio.transforms.Resample} (torchaudio 0.13), with the same filter, the same
 * padding and the same output length {@code ceil(newFreq * length / origFreq)}.
 *
 * <p>The frequencies are reduced by their greatest common divisor. Each of the {@code newFreq}
 * output phases (reduced rates) has its own filter, of which only the about {@code 2 * width} taps
 * inside the window are kept ({@code width = ceil(lowpassFilterWidth * origFreq / (min(origFreq,
 * newFreq) * rolloff))}), so a bank costs about {@code 4 * newFreq * (2 * width + 4)} bytes whatever
 * the rates: 2.5 MB for 44,101 Hz to 8 kHz, 5.0 MB for 96,001 Hz to 8 kHz. The taps are computed in
 * double precision and stored as floats, as torchaudio does. A bank is built only when the
 * waveform has more output samples than there are phases and it fits {@link #MAX_BANK_BYTES};
 * otherwise each output sample's taps are computed when they are needed, with the same values.
 * Banks are shared through a cache of at most {@link #CACHE_BANKS} banks and {@link #CACHE_BYTES}
 * bytes, least recently used first out. Resampling is then a strided convolution whose dot
 * products run through {@link KernelProvider#get()}; memory is the output, one padded copy of an
 * input row and at most one bank.
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

    /** The largest filter bank built, in bytes; a resampler that needs more computes its taps per output sample. */
    public static final long MAX_BANK_BYTES = 16L << 20;
    /** The most bytes of filter banks the cache keeps. */
    public static final long CACHE_BYTES = 48L << 20;
    /** The most filter banks the cache keeps. */
    public static final int CACHE_BANKS = 8;

    private static final BankCache CACHE = new BankCache();

    private final int origFreq;
    private final int newFreq;
    private final String description;
    private final Key key;
    private final Filter filter;

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
            this.key = null;
            this.filter = null;
        } else {
            double b = method == ResampleMethod.SINC_INTERP_KAISER ? beta : 0;
            this.key = new Key(this.origFreq, this.newFreq, method, lowpassFilterWidth, rolloff, b);
            this.filter = new Filter(key);
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
        if (filter == null) return waveform;
        int[] shape = waveform.shape();
        int length = shape[shape.length - 1];
        int rows = length == 0 ? 0 : waveform.numel() / length;
        int outLen = outputLength(length);
        if ((long) rows * outLen > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("resample: output too large");
        float[] out = new float[rows * outLen];
        if (rows > 0) {
            Bank bank = (long) rows * outLen > newFreq ? bank() : null;
            Tensor c = waveform.contiguous();
            float[] src = c.storage();
            int off = c.offset();
            int w = filter.width;
            float[] padded = new float[length + 2 * w + origFreq];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, off + r * length, padded, w, length);
                if (bank != null) convolve(bank, padded, out, r * outLen, outLen);
                else convolveDirect(padded, out, r * outLen, outLen);
            }
        }
        int[] outShape = shape.clone();
        outShape[outShape.length - 1] = outLen;
        return Tensor.wrap(out, outShape);
    }

    /**
     * The bytes of the filter bank this resampler uses when it fits {@link #MAX_BANK_BYTES}: about
     * {@code 4 * newFreq * (2 * width + 4)} with {@code width = ceil(lowpassFilterWidth * origFreq /
     * (min(origFreq, newFreq) * rolloff))} (reduced rates); 0 when it computes its taps per output
     * sample instead, or when both rates are equal.
     */
    public long bankBytes() {
        if (filter == null) return 0;
        long b = filter.bankBytes();
        return b <= MAX_BANK_BYTES ? b : 0;
    }

    /** The bytes of filter banks in the shared cache now (at most {@link #CACHE_BYTES}). */
    public static long cachedBytes() {
        return CACHE.bytes();
    }

    /** The number of filter banks in the shared cache now (at most {@link #CACHE_BANKS}). */
    public static int cachedBanks() {
        return CACHE.size();
    }

    /** Empties the shared cache of filter banks. */
    public static void clearCache() {
        CACHE.clear();
    }

    /** This configuration's bank from the cache, built when absent; null when it would exceed {@link #MAX_BANK_BYTES}. */
    private Bank bank() {
        if (filter.bankBytes() > MAX_BANK_BYTES) return null;
        Bank b = CACHE.get(key);
        if (b == null) {
            b = buildBank(filter);
            CACHE.put(key, b);
        }
        return b;
    }

    /** {@code out[o + m] = dot(phase m % newFreq, padded[(m / newFreq) * origFreq ...])} for {@code m < n}. */
    private void convolve(Bank b, float[] padded, float[] out, int o, int n) {
        int nf = newFreq, of = origFreq;
        Parallel.forRange(n, 1 << 14, (from, to) -> {
            Kernels k = KernelProvider.get();
            for (int m = from; m < to; m++) {
                int block = m / nf, phase = m - block * nf;
                int len = b.count[phase];
                out[o + m] = len <= 0 ? 0f : k.dot(b.filters, b.offset[phase], padded, block * of + b.start[phase], len);
            }
        });
    }

    /**
     * As {@link #convolve} with each output sample's taps computed when it is needed, in one buffer
     * per thread, and the same zero taps left out so both give the same sums.
     */
    private void convolveDirect(float[] padded, float[] out, int o, int n) {
        Filter f = filter;
        int nf = newFreq, of = origFreq;
        Parallel.forRange(n, Math.max(1, (1 << 16) / f.stride), (from, to) -> {
            Kernels k = KernelProvider.get();
            float[] taps = new float[f.stride];
            for (int m = from; m < to; m++) {
                int block = m / nf, phase = m - block * nf;
                f.fill(phase, taps, 0);
                int lo = 0, hi = taps.length;
                while (lo < hi && taps[lo] == 0f) lo++;
                while (hi > lo && taps[hi - 1] == 0f) hi--;
                out[o + m] = lo == hi ? 0f : k.dot(taps, lo, padded, block * of + f.first(phase) + lo, hi - lo);
            }
        });
    }

    // ------------------------------------------------------------------ filter bank

    private record Key(int orig, int neu, ResampleMethod method, int lowpassFilterWidth, double rolloff, double beta) {}

    /**
     * torchaudio's {@code _get_sinc_resample_kernel} with {@code dtype=None}, one phase at a time:
     * computed in float64 (the phase offsets {@code -j / new} in float32, as torch computes them)
     * and rounded to float32. Row {@code j} of torchaudio's kernel has {@code length = 2 * width + orig}
     * taps, but only about {@code 2 * width} of them, around {@code width + j * orig / new}, lie
     * inside the window; the others are exactly zero (Hann) or below 1e-21 (Kaiser, whose window
     * does not reach zero at the edge) and are left out. {@link #fill} computes the {@link #stride}
     * taps from {@link #first} on, which hold every tap inside the window.
     */
    private static final class Filter {
        final int orig, neu, lpw, width, length, stride, margin;
        final double base, scale, reach, betaF, i0Beta;
        final boolean kaiser;

        Filter(Key key) {
            orig = key.orig;
            neu = key.neu;
            lpw = key.lowpassFilterWidth;
            base = Math.min(orig, neu) * key.rolloff;
            double w = Math.ceil(lpw * orig / base);
            if (2 * w + orig > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("resample: " + orig + " -> " + neu + " (after dividing by the gcd) needs a filter "
                        + "of " + (long) w + " taps on each side, more than an array holds; expected rates within a factor of "
                        + "about 10^8 of each other");
            }
            width = (int) w;
            length = 2 * width + orig;
            margin = 1 + (int) Math.ceil(orig / 8388608.0);   // the float32 phase's rounding, in taps
            stride = (int) Math.min(length, 2L * width + 2L * margin + 2);
            scale = base / orig;
            reach = lpw * orig / base;
            kaiser = key.method == ResampleMethod.SINC_INTERP_KAISER;
            betaF = (float) key.beta;              // torch.tensor(float(beta)) is float32
            i0Beta = (float) besselI0(betaF);      // torch.i0 of a float32 tensor
        }

        /** The first tap of phase {@code j} that {@link #fill} computes; taps {@code [first, first + stride)} lie within {@code [0, length)}. */
        int first(int j) {
            double centre = width + (double) j * orig / neu;
            int k0 = (int) Math.floor(centre - reach) - margin;
            return Math.max(0, Math.min(length - stride, k0));
        }

        /** Tap {@code k} of phase {@code j}, as torchaudio computes it. */
        float tap(int j, int k) {
            double phase = -(float) j / (float) neu;  // torch.arange(0, -new, -1) / new: float32
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
            return (float) (sinc * (window * scale));
        }

        /** Writes the {@link #stride} taps of phase {@code j} from {@link #first}{@code (j)} on to {@code dst[off ...]}. */
        void fill(int j, float[] dst, int off) {
            int k0 = first(j);
            for (int i = 0; i < stride; i++) dst[off + i] = tap(j, k0 + i);
        }

        /** The bytes of a bank of every phase: {@code neu * stride} floats and three ints per phase. */
        long bankBytes() {
            return (long) neu * stride * Float.BYTES + 3L * neu * Integer.BYTES;
        }
    }

    /**
     * The taps of every phase: phase {@code j}'s non-zero taps are {@code filters[offset[j] ...]},
     * {@code count[j]} of them, and apply from tap {@code start[j]} of torchaudio's kernel row.
     */
    private record Bank(float[] filters, int[] offset, int[] start, int[] count) {
        long bytes() {
            return (long) filters.length * Float.BYTES + 3L * offset.length * Integer.BYTES;
        }
    }

    private static Bank buildBank(Filter f) {
        int neu = f.neu, stride = f.stride;
        float[] filters = new float[neu * stride];
        int[] offset = new int[neu];
        int[] start = new int[neu];
        int[] count = new int[neu];
        for (int j = 0; j < neu; j++) {
            int row = j * stride;
            f.fill(j, filters, row);
            int lo = 0, hi = stride;
            while (lo < hi && filters[row + lo] == 0f) lo++;
            while (hi > lo && filters[row + hi - 1] == 0f) hi--;
            offset[j] = row + lo;
            start[j] = f.first(j) + lo;
            count[j] = hi - lo;
        }
        return new Bank(filters, offset, start, count);
    }

    /**
     * The filter banks last used, least recently used first: at most {@link #CACHE_BANKS} of them and
     * {@link #CACHE_BYTES} in all.
     */
    private static final class BankCache {
        private final LinkedHashMap<Key, Bank> banks = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        synchronized Bank get(Key key) {
            return banks.get(key);
        }

        synchronized void put(Key key, Bank bank) {
            Bank old = banks.put(key, bank);
            if (old != null) bytes -= old.bytes();
            bytes += bank.bytes();
            Iterator<Map.Entry<Key, Bank>> it = banks.entrySet().iterator();
            while (it.hasNext() && (banks.size() > CACHE_BANKS || bytes > CACHE_BYTES)) {
                Map.Entry<Key, Bank> e = it.next();
                if (e.getKey().equals(key)) continue;
                bytes -= e.getValue().bytes();
                it.remove();
            }
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized int size() {
            return banks.size();
        }

        synchronized void clear() {
            banks.clear();
            bytes = 0;
        }
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

    /** The greatest common divisor of two rates (shared with {@link StreamResampler}). */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The filter bank, {@code [newFreq, 2 * width + origFreq]} (reduced rates), as torchaudio builds it; for tests. */
    Tensor kernel() {
        if (filter == null) return Tensor.zeros(0, 0);
        float[] k = new float[newFreq * filter.length];
        for (int j = 0; j < newFreq; j++) {
            for (int i = 0; i < filter.length; i++) k[j * filter.length + i] = filter.tap(j, i);
        }
        return Tensor.of(k, newFreq, filter.length);
    }
}
