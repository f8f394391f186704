package dev.cochlea.kernels;

/**
 * The spectral audio front end over raw arrays: the short-time Fourier transform, its inverse by
 * windowed overlap-add, complex magnitude and power, the banded (mel) filter-bank product and the
 * element-wise steps of Griffin-Lim and friends. Work is split over frames (and batch rows) with
 * {@link Parallel}; every FFT runs in double precision. The STFT frames and the filter-bank rows are
 * computed by {@link Kernels} ({@link Kernels#stftFrames}, {@link Kernels#weightedRowSum}), so the
 * Vector API kernels transform four frames per vector where the scalar ones go frame by frame through
 * {@link Fft}; the decibel conversion, clamp and finiteness check are {@link Kernels} methods too. This
 * class itself is portable: it never touches the Vector API.
 *
 * <p>Spectrogram arrays use the layout {@code [batch, freqs, frames]} (row-major, contiguous),
 * the layout of {@code torch.stft}'s output.
 *
 * <pre>{@code
 * float[] win = ...;                            // nFft window values (zero-padded if shorter)
 * int frames = 1 + len / hop;                   // centred frames
 * float[] re = new float[(nFft / 2 + 1) * frames], im = new float[re.length];
 * SpectralKernels.stft(x, 0, len, 1, len, nFft / 2, SpectralKernels.Pad.REFLECT,
 *         win, nFft, hop, frames, true, 1.0, Double.NaN, re, im, 0);   // on KernelProvider.get()
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
        stft(KernelProvider.get(), x, xOff, xStride, batch, len, padLeft, pad, window, nFft, hop, frames, onesided,
                scale, power, outRe, outIm, outOff);
    }

    /** {@link #stft(float[], int, int, int, int, int, Pad, float[], int, int, int, boolean, double, double, float[], float[], int)} on the given kernels. */
    public static void stft(Kernels kernels, float[] x, int xOff, int xStride, int batch, int len, int padLeft, Pad pad,
                            float[] window, int nFft, int hop, int frames, boolean onesided, double scale,
                            double power, float[] outRe, float[] outIm, int outOff) {
        if (batch == 0 || frames == 0) return;
        if (len == 0 && pad != Pad.CONSTANT) {
            throw new IllegalArgumentException("stft: cannot pad an empty signal with mode " + pad);
        }
        int freqs = onesided ? nFft / 2 + 1 : nFft;
        StftFrames job = new StftFrames(x, xOff, xStride, len, padLeft, pad, window, nFft, hop, frames, freqs,
                scale, power, outRe, outIm, outOff);
        // at least four frames per chunk: the Vector API kernels transform four at once
        int grain = Math.max(4, GRAIN_SAMPLES / Math.max(1, nFft));
        Parallel.forRange(batch * frames, grain, (from, to) -> kernels.stftFrames(job, from, to));
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
     * A filter bank whose filters each cover a contiguous band of input rows (mel triangles), applied
     * without its zeros: {@code out[b, m, t] = sum over r in [lo[m], hi[m]) of
     * w[wOff[m] + r - lo[m]] * x[b, r, t]} for {@code x [batch, rows, time]} at {@code xOff} and
     * {@code out [batch, cols, time]} at {@code outOff}, accumulated in float (fused multiply-adds) in row order. Equal to
     * the dense product with the full {@code [rows, cols]} bank (zeros outside the bands) for finite
     * input; callers wanting NaN/infinity to spread like a dense product check {@link Kernels#allFinite} first.
     */
    public static void bandedProject(float[] x, int xOff, int batch, int rows, int time, int cols, int[] lo, int[] hi,
                                     float[] w, int[] wOff, float[] out, int outOff) {
        Kernels k = KernelProvider.get();
        Parallel.forRange(batch * cols, Math.max(1, (1 << 14) / Math.max(1, time * 4)), (from, to) -> {
            for (int item = from; item < to; item++) {
                int b = item / cols;
                int m = item - b * cols;
                k.weightedRowSum(x, xOff + (b * rows + lo[m]) * time, time, hi[m] - lo[m], w, wOff[m],
                        out, outOff + item * time, time);
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
