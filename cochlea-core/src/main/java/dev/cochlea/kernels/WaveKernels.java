package dev.cochlea.kernels;

/**
 * The hot loops of waveform augmentation: seeded coloured noise, WSOLA time stretching, FFT
 * convolution and per-channel energy normalisation. Inner products and element-wise products go
 * through {@link KernelProvider#get()} (Vector API or scalar); the recursive filters are
 * sequential by nature and stay scalar. Nothing here allocates per element.
 *
 * <pre>{@code
 * float[] pink = new float[8000];
 * WaveKernels.noise(WaveKernels.PINK, 42L, pink, 0, pink.length);
 * float[] y = WaveKernels.wsola(x, x.length, 8000, 256);   // stretch x to 8000 samples
 * }</pre>
 */
public final class WaveKernels {
    /** White noise (flat spectrum). */
    public static final int WHITE = 0;
    /** Pink noise (-3 dB per octave). */
    public static final int PINK = 1;
    /** Brown (red) noise (-6 dB per octave). */
    public static final int BROWN = 2;

    private WaveKernels() {}

    /** One step of SplitMix64. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills {@code out[off .. off+n)} with zero-mean noise of the given colour from {@code seed}.
     * White samples are near-Gaussian (Irwin-Hall sum of four 16-bit uniforms, unit variance);
     * pink is Paul Kellet's refined filter of white; brown a leaky integrator (pole 0.995) of
     * white with its mean removed. The level is arbitrary: callers scale to the SNR they want.
     */
    public static void noise(int colour, long seed, float[] out, int off, int n) {
        long s = seed;
        final float scale = (float) (Math.sqrt(3.0) / 65536.0);
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, y = 0, mean = 0;
        for (int i = 0; i < n; i++) {
            s += 0x9E3779B97F4A7C15L;
            long r = mix(s);
            int sum = (int) (r & 0xFFFF) + (int) ((r >>> 16) & 0xFFFF) + (int) ((r >>> 32) & 0xFFFF) + (int) (r >>> 48);
            // sum of four uniforms on [0, 65536): mean 131070, variance 4 * 65536^2 / 12
            float w = (sum - 131070f) * scale;
            switch (colour) {
                case PINK -> {
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    out[off + i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
                    b6 = w * 0.115926;
                }
                case BROWN -> {
                    y = 0.995 * y + w;
                    out[off + i] = (float) y;
                    mean += y;
                }
                default -> out[off + i] = w;
            }
        }
        if (colour == BROWN && n > 0) {
            float m = (float) (mean / n);
            KernelProvider.get().binaryScalar(Kernels.Binary.SUB, out, off, m, out, off, n);
        }
    }

    /**
     * Time-stretches {@code x[0 .. m)} to exactly {@code n} samples without changing its pitch by
     * WSOLA (waveform-similarity overlap-add, Verhelst and Roelands 1993): frames of {@code frame}
     * samples (even) under a periodic Hann window are overlap-added every {@code frame / 2} output
     * samples; each frame is read from near its nominal input position, shifted by up to
     * {@code frame / 4} samples to best continue the previous frame (largest cross-correlation of
     * its first half, the part overlapped with the previous frame, with the previous frame's
     * natural continuation; searched every 4 samples, then refined to the sample).
     */
    public static float[] wsola(float[] x, int m, int n, int frame) {
        if (frame < 8 || (frame & 1) != 0) throw new IllegalArgumentException("wsola: frame must be even and >= 8, found " + frame);
        float[] out = new float[n];
        if (n == 0 || m == 0) return out;
        int hop = frame / 2, tol = frame / 4, half = frame / 2;
        // padded input: margin zeros on both sides so every read is in range
        int margin = frame + 2 * tol + 2;
        float[] p = new float[m + 2 * margin];
        System.arraycopy(x, 0, p, margin, m);
        float[] win = new float[frame];
        for (int j = 0; j < frame; j++) win[j] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * j / frame));
        float[] buf = new float[frame];
        Kernels k = KernelProvider.get();
        double ratio = (double) m / n;
        int frames = n / hop + 2;
        int prev = Integer.MIN_VALUE; // padded start of the previous frame
        for (int f = 0; f < frames; f++) {
            int outStart = f * hop - half;
            long nominal = Math.round((f * hop) * ratio) - half + margin;
            int start = (int) Math.max(0, Math.min(nominal, p.length - frame));
            if (prev != Integer.MIN_VALUE) {
                int natural = prev + hop;
                if (natural + frame <= p.length) {
                    int lo = Math.max(0, start - tol), hi = Math.min(p.length - frame, start + tol);
                    int best = start;
                    float bestC = Float.NEGATIVE_INFINITY;
                    for (int c = lo; c <= hi; c += 4) {
                        float v = k.dot(p, c, p, natural, half);
                        if (v > bestC) { bestC = v; best = c; }
                    }
                    int fineLo = Math.max(lo, best - 3), fineHi = Math.min(hi, best + 3);
                    for (int c = fineLo; c <= fineHi; c++) {
                        float v = k.dot(p, c, p, natural, half);
                        if (v > bestC) { bestC = v; best = c; }
                    }
                    start = best;
                }
            }
            prev = start;
            int j0 = Math.max(0, -outStart), j1 = Math.min(frame, n - outStart);
            if (j1 > j0) {
                k.binary(Kernels.Binary.MUL, win, j0, p, start + j0, buf, 0, j1 - j0);
                k.axpy(1f, buf, 0, out, outStart + j0, j1 - j0);
            }
        }
        return out;
    }

    /** The smallest length {@code >= n} whose prime factors are 2, 3 and 5 (fast FFT sizes). */
    public static int fastLength(int n) {
        int best = Integer.MAX_VALUE;
        for (long p5 = 1; p5 < 2L * n + 2; p5 *= 5) {
            for (long p35 = p5; p35 < 2L * n + 2; p35 *= 3) {
                long v = p35;
                while (v < n) v *= 2;
                if (v < best) best = (int) v;
            }
        }
        return best;
    }

    /**
     * The first {@code n} samples of the full linear convolution of {@code x[0 .. n)} with
     * {@code h[0 .. m)}, by real FFTs of a 2-3-5-smooth length {@code >= n + m - 1}.
     */
    public static float[] fftConvolveHead(float[] x, int n, float[] h, int m) {
        float[] out = new float[n];
        if (n == 0 || m == 0) return out;
        int len = fastLength(n + m - 1);
        Fft fft = Fft.of(len);
        int bins = fft.bins();
        float[] a = new float[len];
        System.arraycopy(x, 0, a, 0, n);
        float[] b = new float[len];
        System.arraycopy(h, 0, b, 0, Math.min(m, len));
        float[] ar = new float[bins], ai = new float[bins], br = new float[bins], bi = new float[bins];
        fft.rfft(a, 0, ar, 0, ai, 0);
        fft.rfft(b, 0, br, 0, bi, 0);
        for (int i = 0; i < bins; i++) {
            float re = ar[i] * br[i] - ai[i] * bi[i];
            float im = ar[i] * bi[i] + ai[i] * br[i];
            ar[i] = re;
            ai[i] = im;
        }
        fft.irfft(ar, 0, ai, 0, a, 0);
        System.arraycopy(a, 0, out, 0, n);
        return out;
    }

    /**
     * Per-channel energy normalisation of {@code rows} channels of {@code time} frames each
     * (row-major, contiguous), as {@code librosa.pcen} computes it: the smoother
     * {@code M[t] = b S[t] + (1 - b) M[t-1]} starts from {@code M[-1] = 1} (scipy's
     * {@code lfilter_zi}, unscaled), then {@code smooth = exp(-gain (log eps + log1p(M / eps)))} and
     * {@code out = bias^power expm1(power log1p(S smooth / bias))}, or {@code log1p(S smooth)} when
     * {@code power = 0}, or {@code exp(power (log S + log smooth))} when {@code bias = 0}. In double
     * precision, stored as float.
     */
    public static void pcen(float[] s, int sOff, int rows, int time, double b, double gain, double bias, double power,
                            double eps, float[] out, int oOff) {
        double logEps = Math.log(eps);
        double biasPow = Math.pow(bias, power);
        for (int r = 0; r < rows; r++) {
            double m = 1.0;
            int base = r * time;
            for (int t = 0; t < time; t++) {
                double v = s[sOff + base + t];
                m = b * v + (1 - b) * m;
                double smooth = Math.exp(-gain * (logEps + Math.log1p(m / eps)));
                double o;
                if (power == 0) o = Math.log1p(v * smooth);
                else if (bias == 0) o = Math.exp(power * (Math.log(v) + Math.log(smooth)));
                else o = biasPow * Math.expm1(power * Math.log1p(v * smooth / bias));
                out[oOff + base + t] = (float) o;
            }
        }
    }
}
