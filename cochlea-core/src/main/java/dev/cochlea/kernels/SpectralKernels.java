package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops of the spectral audio front end: framing with padding and windowing followed by a
 * real FFT (the short-time Fourier transform), its inverse by windowed overlap-add, complex
 * magnitude and power, the decibel conversion and the banded (mel) filter-bank product. Work is
 * split over frames (and batch rows) with {@link Parallel}; every FFT runs in double precision, the
 * STFT four frames per vector through {@code FrameFft} for lengths whose half factors into 2, 3
 * and 5 (all the usual ones), otherwise frame by frame through {@link Fft}.
 *
 * <p>Spectrogram arrays use the layout {@code [batch, freqs, frames]} (row-major, contiguous),
 * the layout of {@code torch.stft}'s output.
 *
 * <pre>{@code
 * float[] win = ...;                            // nFft window values (zero-padded if shorter)
 * int frames = 1 + len / hop;                   // centred frames
 * float[] re = new float[(nFft / 2 + 1) * frames], im = new float[re.length];
 * SpectralKernels.stft(x, 0, len, 1, len, nFft / 2, SpectralKernels.Pad.REFLECT,
 *         win, nFft, hop, frames, true, 1.0, Double.NaN, re, im, 0);
 * }</pre>
 */
public final class SpectralKernels {
    /**
     * How samples outside the signal are made up when frames overhang its ends.
     *
     * <pre>{@code
     * SpectralKernels.Pad p = SpectralKernels.Pad.REFLECT;   // x[-1] = x[1]
     * }</pre>
     */
    public enum Pad {
        /** Zeros. */
        CONSTANT,
        /** Mirror without repeating the edge sample: {@code x[-i] = x[i]} (PyTorch {@code "reflect"}). */
        REFLECT,
        /** Repeat the edge sample (PyTorch {@code "replicate"}). */
        REPLICATE,
        /** Wrap around (PyTorch {@code "circular"}). */
        CIRCULAR
    }

    /** Vectors of the banded filter-bank product (8 frames). */
    private static final VectorSpecies<Float> BAND_SPECIES = FloatVector.SPECIES_256;

    /** Frames transformed together before their bins are written out. */
    private static final int BLOCK = 16;

    /** Number of FFT-sized work items per parallel chunk, expressed as samples. */
    private static final int GRAIN_SAMPLES = 1 << 15;

    private SpectralKernels() {}

    /**
     * Short-time Fourier transform of {@code batch} signals of {@code len} samples each, signal
     * {@code b} at {@code x[xOff + b * xStride ..]}.
     *
     * <p>Frame {@code t} holds padded positions {@code [t * hop, t * hop + nFft)}; padded position
     * {@code p} is signal sample {@code p - padLeft}, made up by {@code pad} outside the signal.
     * Each frame is multiplied by {@code window} ({@code nFft} values), transformed, and scaled by
     * {@code scale}. With {@code power} NaN the complex bins go to {@code outRe}/{@code outIm};
     * otherwise {@code |X|^power} goes to {@code outRe} and {@code outIm} is unused (may be null).
     * Output layout: {@code [batch, freqs, frames]} at {@code outOff}, where {@code freqs} is
     * {@code nFft / 2 + 1} when {@code onesided}, else {@code nFft}.
     */
    public static void stft(float[] x, int xOff, int xStride, int batch, int len, int padLeft, Pad pad,
                            float[] window, int nFft, int hop, int frames, boolean onesided, double scale,
                            double power, float[] outRe, float[] outIm, int outOff) {
        if (batch == 0 || frames == 0) return;
        if (len == 0 && pad != Pad.CONSTANT) {
            throw new IllegalArgumentException("stft: cannot pad an empty signal with mode " + pad);
        }
        Fft fft = Fft.of(nFft);
        int bins = fft.bins();
        int freqs = onesided ? bins : nFft;
        boolean complex = Double.isNaN(power);
        int items = batch * frames;
        int grain = Math.max(1, GRAIN_SAMPLES / Math.max(1, nFft));
        FrameFft lanes = FrameFft.of(nFft);
        if (lanes != null) {
            // several frames per transform, one per vector lane (see FrameFft)
            grain = Math.max(grain, FrameFft.LANES);
            Parallel.forRange(items, grain, (from, to) -> lanes.stft(x, xOff, xStride, len, padLeft, pad, window, hop,
                    frames, freqs, scale, power, outRe, outIm, outOff, from, to));
            return;
        }
        Parallel.forRange(items, grain, (from, to) -> {
            double[] frame = new double[nFft];
            // a block of up to BLOCK frames of one signal is transformed, then written bin by bin so
            // that each bin's row receives BLOCK consecutive values (the output is [freqs, frames])
            double[] re = new double[BLOCK * bins];
            double[] im = new double[BLOCK * bins];
            double[] ws = new double[fft.realWorkspaceSize()];
            int item = from;
            while (item < to) {
                int b = item / frames;
                int t0 = item - b * frames;
                int count = Math.min(Math.min(BLOCK, to - item), frames - t0);
                int sigOff = xOff + b * xStride;
                for (int c = 0; c < count; c++) {
                    int start = (t0 + c) * hop - padLeft;
                    if (start >= 0 && start + nFft <= len) {
                        for (int j = 0; j < nFft; j++) frame[j] = (double) x[sigOff + start + j] * window[j];
                    } else {
                        for (int j = 0; j < nFft; j++) {
                            int i = padIndex(start + j, len, pad);
                            frame[j] = i < 0 ? 0.0 : (double) x[sigOff + i] * window[j];
                        }
                    }
                    fft.rfft(frame, 0, re, c * bins, im, c * bins, ws, 0);
                }
                int o = outOff + b * freqs * frames + t0;
                for (int k = 0; k < freqs; k++) {
                    int src = k < bins ? k : nFft - k;
                    double sign = k < bins ? 1.0 : -1.0; // X[n - k] = conj X[k] for a real frame
                    int row = o + k * frames;
                    if (complex) {
                        for (int c = 0; c < count; c++) {
                            outRe[row + c] = (float) (re[c * bins + src] * scale);
                            outIm[row + c] = (float) (sign * im[c * bins + src] * scale);
                        }
                    } else {
                        for (int c = 0; c < count; c++) {
                            outRe[row + c] = (float) powerOf(re[c * bins + src] * scale, im[c * bins + src] * scale, power);
                        }
                    }
                }
                item += count;
            }
        });
    }

    /** The signal index padded position {@code i} reads, or -1 for a made-up zero. */
    static int padIndex(int i, int len, Pad pad) {
        if (i >= 0 && i < len) return i;
        switch (pad) {
            case CONSTANT:
                return -1;
            case REPLICATE:
                return i < 0 ? 0 : len - 1;
            case CIRCULAR:
                return Math.floorMod(i, len);
            case REFLECT:
            default:
                if (len == 1) return 0;
                int period = 2 * (len - 1);
                int m = Math.floorMod(i, period);
                return m < len ? m : period - m;
        }
    }

    static double powerOf(double re, double im, double power) {
        if (power == 2.0) return re * re + im * im;
        double mag = Math.hypot(re, im);
        if (power == 1.0) return mag;
        return Math.pow(mag, power);
    }

    /**
     * Inverse short-time Fourier transform by windowed overlap-add, like {@code torch.istft}.
     *
     * <p>Reads complex bins {@code [batch, freqs, frames]} at {@code reOff}, {@code imOff} ({@code freqs} is
     * {@code nFft / 2 + 1} when {@code onesided}, else {@code nFft} and only the real part of each
     * inverse frame is kept), inverts each frame, multiplies it by {@code window} and
     * {@code scale}, overlap-adds the frames {@code hop} apart, divides by the overlap-added
     * squared window, and writes samples {@code [start, start + outLen)} of the result for each
     * batch row to {@code out[outOff + b * outLen ..]} (zeros past the end of the frames).
     *
     * @throws IllegalArgumentException when the squared-window envelope falls below {@code 1e-11}
     *                                  inside the written range (the window/hop cannot be inverted)
     */
    public static void istft(float[] re, int reOff, float[] im, int imOff, int batch, int freqs, int frames, boolean onesided,
                             float[] window, int nFft, int hop, double scale, int start, int outLen,
                             float[] out, int outOff) {
        if (batch == 0) return;
        int expected = nFft + hop * (frames - 1);
        double[] env = new double[Math.max(expected, 0)];
        for (int t = 0; t < frames; t++) {
            int base = t * hop;
            for (int j = 0; j < nFft; j++) {
                double w = window[j];
                env[base + j] += w * w;
            }
        }
        int end = Math.min(start + outLen, expected);
        double envMin = Double.POSITIVE_INFINITY;
        for (int i = start; i < end; i++) envMin = Math.min(envMin, Math.abs(env[i]));
        if (end > start && envMin < 1e-11) {
            throw new IllegalArgumentException("istft: window overlap-add minimum " + envMin
                    + " is below 1e-11; the window and hop length do not satisfy the NOLA condition");
        }
        Fft fft = Fft.of(nFft);
        int bins = fft.bins();
        float[] framesBuf = new float[batch * frames * nFft];
        int items = batch * frames;
        int grain = Math.max(1, GRAIN_SAMPLES / Math.max(1, nFft));
        Parallel.forRange(items, grain, (from, to) -> {
            double[] fr = new double[onesided ? bins : nFft];
            double[] fi = new double[fr.length];
            double[] sig = new double[nFft];
            double[] ws = new double[fft.realWorkspaceSize()];
            for (int item = from; item < to; item++) {
                int b = item / frames;
                int t = item - b * frames;
                int o = b * freqs * frames + t;
                if (onesided) {
                    for (int k = 0; k < bins; k++) {
                        fr[k] = re[reOff + o + k * frames];
                        fi[k] = im[imOff + o + k * frames];
                    }
                    fft.irfft(fr, 0, fi, 0, sig, 0, ws, 0);
                } else {
                    for (int k = 0; k < nFft; k++) {
                        fr[k] = re[reOff + o + k * frames];
                        fi[k] = im[imOff + o + k * frames];
                    }
                    fft.inverse(fr, fi);
                    System.arraycopy(fr, 0, sig, 0, nFft);
                }
                int dst = item * nFft;
                for (int j = 0; j < nFft; j++) framesBuf[dst + j] = (float) (sig[j] * window[j] * scale);
            }
        });
        Parallel.forRange(batch, 1, (from, to) -> {
            double[] y = new double[Math.max(expected, 0)];
            for (int b = from; b < to; b++) {
                java.util.Arrays.fill(y, 0.0);
                for (int t = 0; t < frames; t++) {
                    int src = (b * frames + t) * nFft;
                    int base = t * hop;
                    for (int j = 0; j < nFft; j++) y[base + j] += framesBuf[src + j];
                }
                int ob = outOff + b * outLen;
                for (int i = 0; i < outLen; i++) {
                    int p = start + i;
                    out[ob + i] = p < expected ? (float) (y[p] / env[p]) : 0f;
                }
            }
        });
    }

    /**
     * {@code out[i] = |re[i] + i im[i]|^power}: the magnitude for {@code power == 1}, the power
     * {@code re^2 + im^2} for {@code power == 2}.
     */
    public static void complexPower(float[] re, int reOff, float[] im, int imOff, float[] out, int outOff, int n,
                                    double power) {
        Parallel.forRange(n, 1 << 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[outOff + i] = (float) powerOf(re[reOff + i], im[imOff + i], power);
            }
        });
    }

    /** {@code out[i] = atan2(im[i], re[i])}, the phase in radians. */
    public static void complexAngle(float[] re, int reOff, float[] im, int imOff, float[] out, int outOff, int n) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) out[outOff + i] = (float) Math.atan2(im[imOff + i], re[reOff + i]);
        });
    }

    /**
     * Decibels: {@code out[i] = multiplier * log10(max(x[i], amin)) - offset}, NaN staying NaN.
     * Returns the largest output value (NaN if any is NaN, negative infinity when {@code n == 0}).
     *
     * <p>Computed in float32 like torchaudio, as {@code (multiplier / ln 10) * ln(max(x, amin)) - offset}
     * with the vector logarithm of {@code VectorMath} (within 2 ulp), so the result is the same interpreted or compiled;
     * an {@code amin} below the smallest normal float falls back to a double-precision loop.
     */
    public static float toDecibels(float[] x, int xOff, float[] out, int outOff, int n, double multiplier,
                                   double amin, double offset) {
        float aminF = (float) amin;
        if (!(aminF >= Float.MIN_NORMAL)) return toDecibelsDouble(x, xOff, out, outOff, n, multiplier, amin, offset);
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        int lanes = sp.length();
        FloatVector k = FloatVector.broadcast(sp, (float) (multiplier / Math.log(10.0)));
        FloatVector off = FloatVector.broadcast(sp, (float) offset);
        FloatVector lo = FloatVector.broadcast(sp, aminF);
        FloatVector max = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(sp, x, xOff + i);
            // max(): NaN stays NaN (Math.max semantics)
            FloatVector db = VectorMath.log(v.max(lo)).fma(k, off.neg());
            db.intoArray(out, outOff + i);
            max = max.max(db);
        }
        if (i < n) {
            VectorMask<Float> m = sp.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(sp, x, xOff + i, m);
            FloatVector db = VectorMath.log(v.max(lo)).fma(k, off.neg());
            db.intoArray(out, outOff + i, m);
            max = max.max(db.blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    private static float toDecibelsDouble(float[] x, int xOff, float[] out, int outOff, int n, double multiplier,
                                          double amin, double offset) {
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            float db = (float) (multiplier * Math.log10(Math.max(v, amin)) - offset);
            if (Double.isNaN(v)) db = Float.NaN;
            out[outOff + i] = db;
            if (db > max) max = db;
            else if (db != db) nan = true;
        }
        return nan ? Float.NaN : max;
    }

    /** {@code x[i] = max(x[i], floor)} in place (NaN stays NaN). */
    public static void clampMin(float[] x, int off, int n, float floor) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        int lanes = sp.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(sp, x, off + i);
            v.blend(floor, v.compare(VectorOperators.LT, floor)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            if (v < floor) x[off + i] = floor;
        }
    }

    /** Whether {@code x[off .. off+n)} holds no NaN and no infinity. */
    public static boolean allFinite(float[] x, int off, int n) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        int lanes = sp.length();
        FloatVector acc = FloatVector.zero(sp);
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(sp, x, off + i);
            acc = acc.add(v.sub(v)); // 0 for finite values, NaN otherwise (and NaN sticks)
        }
        float tail = 0f;
        for (; i < n; i++) tail += x[off + i] - x[off + i];
        return !Float.isNaN(tail) && !acc.compare(VectorOperators.NE, acc).anyTrue();
    }

    /**
     * A filter bank whose filters each cover a contiguous band of input rows (mel triangles), applied
     * without its zeros: {@code out[b, m, t] = sum over r in [lo[m], hi[m]) of
     * w[wOff[m] + r - lo[m]] * x[b, r, t]} for {@code x [batch, rows, time]} at {@code xOff} and
     * {@code out [batch, cols, time]} at {@code outOff}, accumulated in float (fused multiply-adds) in row order. Equal to
     * the dense product with the full {@code [rows, cols]} bank (zeros outside the bands) for finite
     * input; callers wanting NaN/infinity to spread like a dense product check {@link #allFinite} first.
     */
    public static void bandedProject(float[] x, int xOff, int batch, int rows, int time, int cols, int[] lo, int[] hi,
                                     float[] w, int[] wOff, float[] out, int outOff) {
        Parallel.forRange(batch * cols, Math.max(1, (1 << 14) / Math.max(1, time * 4)), (from, to) -> {
            VectorSpecies<Float> sp = BAND_SPECIES;
            int lanes = sp.length();
            VectorMask<Float> tail = sp.indexInRange(time - time % lanes, time);
            for (int item = from; item < to; item++) {
                int b = item / cols;
                int m = item - b * cols;
                int o = outOff + item * time;
                int xb = xOff + b * rows * time;
                int r0 = lo[m], r1 = hi[m], w0 = wOff[m];
                int t = 0;
                for (; t <= time - lanes; t += lanes) {
                    FloatVector acc = FloatVector.zero(sp);
                    for (int r = r0, wi = w0; r < r1; r++, wi++) {
                        acc = FloatVector.fromArray(sp, x, xb + r * time + t).fma(FloatVector.broadcast(sp, w[wi]), acc);
                    }
                    acc.intoArray(out, o + t);
                }
                if (t < time) {
                    FloatVector acc = FloatVector.zero(sp);
                    for (int r = r0, wi = w0; r < r1; r++, wi++) {
                        acc = FloatVector.fromArray(sp, x, xb + r * time + t, tail).fma(FloatVector.broadcast(sp, w[wi]), acc);
                    }
                    acc.intoArray(out, o + t, tail);
                }
            }
        });
    }

    /**
     * One phase update of the fast Griffin-Lim algorithm, element-wise over {@code n} bins:
     * {@code a = rebuilt - alpha * prev} (prev may be null for none), {@code a /= |a| + 1e-16}, and
     * {@code out = magnitude * a}, the spectrum the next inverse STFT reads.
     */
    public static void griffinLimStep(float[] rebuiltRe, float[] rebuiltIm, float[] prevRe, float[] prevIm, double alpha,
                                      float[] magnitude, float[] outRe, float[] outIm, int n) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                double ar = rebuiltRe[i];
                double ai = rebuiltIm[i];
                if (prevRe != null) {
                    ar -= alpha * prevRe[i];
                    ai -= alpha * prevIm[i];
                }
                double inv = 1.0 / (Math.hypot(ar, ai) + 1e-16);
                double m = magnitude[i];
                outRe[i] = (float) (m * ar * inv);
                outIm[i] = (float) (m * ai * inv);
            }
        });
    }

    /** {@code out[i] = ref * (10^(0.1 x[i]))^power}, the inverse of the decibel conversion. */
    public static void fromDecibels(float[] x, int xOff, float[] out, int outOff, int n, double ref, double power) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[outOff + i] = (float) (ref * Math.pow(Math.pow(10.0, 0.1 * x[xOff + i]), power));
            }
        });
    }

    /**
     * One accelerated projected-gradient (FISTA) step for non-negative least squares, in place over
     * {@code n} values: {@code xNew = max(0, y - step * grad)},
     * {@code y = xNew + momentum * (xNew - x)}, {@code x = xNew}.
     */
    public static void projectedGradientStep(float[] x, float[] y, float[] grad, float step, float momentum, int n) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                float xn = Math.max(0f, y[i] - step * grad[i]);
                y[i] = xn + momentum * (xn - x[i]);
                x[i] = xn;
            }
        });
    }

    /** Interleaves {@code n} real and imaginary parts: {@code out[2i] = re[i]}, {@code out[2i+1] = im[i]}. */
    public static void interleave(float[] re, int reOff, float[] im, int imOff, float[] out, int outOff, int n) {
        Parallel.forRange(n, 1 << 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[outOff + 2 * i] = re[reOff + i];
                out[outOff + 2 * i + 1] = im[imOff + i];
            }
        });
    }

    /** The inverse of {@link #interleave}. */
    public static void deinterleave(float[] in, int inOff, float[] re, float[] im, int n) {
        Parallel.forRange(n, 1 << 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                re[i] = in[inOff + 2 * i];
                im[i] = in[inOff + 2 * i + 1];
            }
        });
    }

    /** Polar to rectangular over {@code n} values: {@code re = mag * cos(phase)}, {@code im = mag * sin(phase)}. */
    public static void polar(float[] mag, int magOff, float[] phase, int phaseOff, float[] re, float[] im, int n) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                double m = mag[magOff + i];
                double p = phase[phaseOff + i];
                re[i] = (float) (m * Math.cos(p));
                im[i] = (float) (m * Math.sin(p));
            }
        });
    }

    /** {@code out[i] = x[i]^exponent} (the identity for exponent 1). */
    public static void pow(float[] x, int xOff, float[] out, int outOff, int n, double exponent) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            if (exponent == 1.0) {
                System.arraycopy(x, xOff + from, out, outOff + from, to - from);
            } else if (exponent == 0.5) {
                for (int i = from; i < to; i++) out[outOff + i] = (float) Math.sqrt(x[xOff + i]);
            } else {
                for (int i = from; i < to; i++) out[outOff + i] = (float) Math.pow(x[xOff + i], exponent);
            }
        });
    }

    /** {@code re[i] = mag[i] * u[2i]}, {@code im[i] = mag[i] * u[2i+1]}: a magnitude times interleaved complex factors. */
    public static void scaleComplex(float[] mag, float[] u, float[] re, float[] im, int n) {
        Parallel.forRange(n, 1 << 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                re[i] = mag[i] * u[2 * i];
                im[i] = mag[i] * u[2 * i + 1];
            }
        });
    }
}
