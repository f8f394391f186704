package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

/**
 * Window functions for short-time analysis, equal to {@code torch.hann_window},
 * {@code torch.hamming_window}, {@code torch.blackman_window}, {@code torch.bartlett_window} and
 * {@code torch.ones}. Windows are <em>periodic</em> by default, as in PyTorch: a periodic window
 * of length {@code N} is the symmetric window of length {@code N + 1} without its last sample,
 * the right choice for spectral analysis ({@code scipy.signal.get_window} and librosa use it too).
 * Pass {@code periodic = false} for the symmetric window used in filter design.
 *
 * <p>Each result is a new 1-D tensor of shape {@code [windowLength]}; the values behind it are
 * computed once per (kind, length, periodic, parameters) and cached. A window of length 1 is
 * {@code [1]} and of length 0 is empty, as in PyTorch.
 *
 * <pre>{@code
 * Tensor w = Windows.hann(400);                    // periodic, shape [400]
 * Tensor s = Windows.hann(400, false);             // symmetric
 * Tensor h = Windows.of(Windows.Kind.HAMMING, 512, true);
 * }</pre>
 */
public final class Windows {
    /**
     * The window shapes.
     *
     * <pre>{@code
     * Tensor w = Windows.of(Windows.Kind.BLACKMAN, 512, true);
     * }</pre>
     */
    public enum Kind {
        /** {@code 0.5 - 0.5 cos(2 pi n / (N - 1))}. */
        HANN,
        /** {@code 0.54 - 0.46 cos(2 pi n / (N - 1))}. */
        HAMMING,
        /** {@code 0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))}. */
        BLACKMAN,
        /** Triangle {@code 1 - |2n / (N - 1) - 1|}. */
        BARTLETT,
        /** All ones (also called rectangular or boxcar). */
        RECTANGULAR
    }

    private record Key(Kind kind, int length, boolean periodic, double alpha, double beta) {}

    private Windows() {}

    /** Periodic Hann window ({@code torch.hann_window(windowLength)}). */
    public static Tensor hann(int windowLength) {
        return of(Kind.HANN, windowLength, true);
    }

    /** Hann window, periodic or symmetric ({@code torch.hann_window(windowLength, periodic)}). */
    public static Tensor hann(int windowLength, boolean periodic) {
        return of(Kind.HANN, windowLength, periodic);
    }

    /** Periodic Hamming window ({@code torch.hamming_window(windowLength)}: alpha 0.54, beta 0.46). */
    public static Tensor hamming(int windowLength) {
        return of(Kind.HAMMING, windowLength, true);
    }

    /** Hamming window, periodic or symmetric. */
    public static Tensor hamming(int windowLength, boolean periodic) {
        return of(Kind.HAMMING, windowLength, periodic);
    }

    /**
     * Generalised Hamming window {@code alpha - beta cos(2 pi n / (N - 1))}
     * ({@code torch.hamming_window(windowLength, periodic, alpha, beta)}).
     */
    public static Tensor hamming(int windowLength, boolean periodic, double alpha, double beta) {
        return Tensor.of(values(Kind.HAMMING, windowLength, periodic, alpha, beta), windowLength);
    }

    /** Periodic Blackman window ({@code torch.blackman_window(windowLength)}). */
    public static Tensor blackman(int windowLength) {
        return of(Kind.BLACKMAN, windowLength, true);
    }

    /** Blackman window, periodic or symmetric. */
    public static Tensor blackman(int windowLength, boolean periodic) {
        return of(Kind.BLACKMAN, windowLength, periodic);
    }

    /** Periodic Bartlett (triangular) window ({@code torch.bartlett_window(windowLength)}). */
    public static Tensor bartlett(int windowLength) {
        return of(Kind.BARTLETT, windowLength, true);
    }

    /** Bartlett window, periodic or symmetric. */
    public static Tensor bartlett(int windowLength, boolean periodic) {
        return of(Kind.BARTLETT, windowLength, periodic);
    }

    /** Rectangular window of ones ({@code torch.ones(windowLength)}, the default of {@code torch.stft}). */
    public static Tensor rectangular(int windowLength) {
        return of(Kind.RECTANGULAR, windowLength, true);
    }

    /** Same as {@link #rectangular(int)}. */
    public static Tensor ones(int windowLength) {
        return rectangular(windowLength);
    }

    /** A window of the given kind, with the default parameters of its PyTorch function. */
    public static Tensor of(Kind kind, int windowLength, boolean periodic) {
        return Tensor.of(values(kind, windowLength, periodic), windowLength);
    }

    /** The cached values of a window (shared: callers must not modify them). */
    static float[] values(Kind kind, int windowLength, boolean periodic) {
        double alpha = kind == Kind.HANN ? 0.5 : 0.54;
        double beta = kind == Kind.HANN ? 0.5 : 0.46;
        return values(kind, windowLength, periodic, alpha, beta);
    }

    static float[] values(Kind kind, int windowLength, boolean periodic, double alpha, double beta) {
        if (windowLength < 0) {
            throw new IllegalArgumentException("window: length must be non-negative, found " + windowLength);
        }
        return SpectralCache.get(new Key(kind, windowLength, periodic, alpha, beta),
                () -> compute(kind, windowLength, periodic, alpha, beta));
    }

    private static float[] compute(Kind kind, int length, boolean periodic, double alpha, double beta) {
        float[] w = new float[length];
        if (length == 0) return w;
        if (length == 1 || kind == Kind.RECTANGULAR) {
            java.util.Arrays.fill(w, 1f);
            return w;
        }
        // periodic: the symmetric window of length N + 1 without its last sample. The arithmetic
        // follows PyTorch's float32 steps (arange * step, cos, scale, shift) so values agree bit for bit
        // up to the last ulp of cos.
        int m = periodic ? length : length - 1;
        for (int n = 0; n < length; n++) {
            float v = switch (kind) {
                case HANN, HAMMING -> {
                    float x = n * (float) (2.0 * Math.PI / m);
                    yield (float) Math.cos(x) * (float) -beta + (float) alpha;
                }
                case BLACKMAN -> {
                    float x = n * (float) (Math.PI / m);
                    float c4 = (float) Math.cos(x * 4f) * 0.08f;
                    float c2 = (float) Math.cos(x * 2f) * 0.5f;
                    yield c4 - c2 + 0.42f;
                }
                case BARTLETT -> {
                    float x = n * (float) (2.0 / m);
                    yield n <= m / 2 ? x : 2f - x;
                }
                case RECTANGULAR -> 1f;
            };
            w[n] = v;
        }
        return w;
    }
}
