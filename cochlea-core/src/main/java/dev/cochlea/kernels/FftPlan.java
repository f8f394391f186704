package dev.cochlea.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How to compute a discrete Fourier transform of one length {@code n}: the one plan both FFT
 * executors run, the scalar {@link Fft} (one transform, any length) and the Vector API one
 * ({@code VectorFft4}, four transforms at once, one per lane).
 *
 * <p>A complex transform whose length has no prime factor above {@link #MAX_DIRECT_RADIX} is a
 * self-sorting (Stockham) sequence of stages. {@link #radices} lists them in order: a radix-8
 * first stage when {@code n} has at least three factors 2 (the first stage needs no twiddles, so
 * the widest butterfly goes there), then radix-4 stages for pairs of the remaining 2s, a lone
 * radix-2, and the odd prime factors in ascending order. Stage {@code s} with radix {@code R}
 * and sub-transform length {@code ns} (the product of the earlier radices) maps butterfly
 * {@code j} reading {@code x[j + p * n/R]} to {@code y[(j - j%ns) * R + j%ns + p * ns]}, after
 * multiplying input {@code p} by the twiddle {@code exp(-2 pi i p k / (ns R))},
 * {@code k = j % ns}, stored at {@code [s][(p - 1) * ns + k]} of {@link #twiddleRe} /
 * {@link #twiddleIm}. Other lengths run Bluestein's chirp-z algorithm over the power-of-two
 * transform of {@link #bluesteinLength} points with the chirp {@code exp(-i pi k^2 / n)}.
 *
 * <p>A real transform of even length {@code n} packs {@code z[m] = x[2m] + i x[2m+1]}, runs the
 * complex plan of {@code n / 2} ({@link #half}) and splits the result with the post-twiddles
 * {@code W^k = exp(-2 pi i k / n)}, {@code k = 0 .. n/2} ({@link #realRe}, {@link #realIm}).
 *
 * <p>Plans are built once per length, cached, immutable and shared between threads; executors
 * read the arrays and never write them.
 *
 * <pre>{@code
 * FftPlan p = FftPlan.of(400);      // radices [8, 2, 5, 5] (400 = 2^4 * 5^2)
 * FftPlan h = p.half();             // the complex plan of 200 behind a real transform of 400
 * }</pre>
 */
final class FftPlan {
    /** Largest prime factor handled by direct butterflies; larger ones go through Bluestein. */
    static final int MAX_DIRECT_RADIX = 47;

    private static final ConcurrentHashMap<Integer, FftPlan> PLANS = new ConcurrentHashMap<>();

    /** The transform length. */
    final int n;
    /** Stage radices of the complex transform, or null when it runs Bluestein's algorithm. */
    final int[] radices;
    /** Per stage {@code s}: twiddles {@code exp(-2 pi i p k / (ns R))} at {@code [(p - 1) * ns + k]}. */
    final double[][] twiddleRe;
    final double[][] twiddleIm;
    /** Length of Bluestein's power-of-two convolution (at least {@code 2n - 1}), or 0 for a direct plan. */
    final int bluesteinLength;
    /** Bluestein's chirp {@code exp(-i pi k^2 / n)}, {@code k = 0 .. n-1}; null for a direct plan. */
    final double[] chirpRe;
    final double[] chirpIm;
    /** Real-transform post-twiddles {@code exp(-2 pi i k / n)}, {@code k = 0 .. n/2}; null for odd {@code n}. */
    final double[] realRe;
    final double[] realIm;

    private FftPlan(int n) {
        this.n = n;
        List<Integer> factors = factorize(n);
        int largest = factors.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (largest <= MAX_DIRECT_RADIX) {
            radices = stageRadices(factors);
            twiddleRe = new double[radices.length][];
            twiddleIm = new double[radices.length][];
            int ns = 1;
            for (int s = 0; s < radices.length; s++) {
                int r = radices[s];
                int len = ns * r;
                double[] tr = new double[(r - 1) * ns];
                double[] ti = new double[(r - 1) * ns];
                for (int p = 1; p < r; p++) {
                    for (int k = 0; k < ns; k++) {
                        double angle = -2.0 * Math.PI * (((long) p * k) % len) / len;
                        tr[(p - 1) * ns + k] = Math.cos(angle);
                        ti[(p - 1) * ns + k] = Math.sin(angle);
                    }
                }
                twiddleRe[s] = tr;
                twiddleIm[s] = ti;
                ns = len;
            }
            bluesteinLength = 0;
            chirpRe = chirpIm = null;
        } else {
            radices = null;
            twiddleRe = twiddleIm = null;
            int m = Integer.highestOneBit(2 * n - 1);
            if (m < 2 * n - 1) m <<= 1;
            bluesteinLength = m;
            chirpRe = new double[n];
            chirpIm = new double[n];
            long twoN = 2L * n;
            for (int k = 0; k < n; k++) {
                double angle = -Math.PI * (((long) k * k) % twoN) / n;
                chirpRe[k] = Math.cos(angle);
                chirpIm[k] = Math.sin(angle);
            }
        }
        if (n % 2 == 0) {
            int h = n / 2;
            realRe = new double[h + 1];
            realIm = new double[h + 1];
            for (int k = 0; k <= h; k++) {
                double angle = -2.0 * Math.PI * k / n;
                realRe[k] = Math.cos(angle);
                realIm[k] = Math.sin(angle);
            }
        } else {
            realRe = realIm = null;
        }
    }

    /**
     * The cached plan for length {@code n}.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    static FftPlan of(int n) {
        if (n < 1) throw new IllegalArgumentException("fft: length must be >= 1, found " + n);
        return PLANS.computeIfAbsent(n, FftPlan::new);
    }

    /** Whether the complex transform runs Bluestein's algorithm (a prime factor above {@link #MAX_DIRECT_RADIX}). */
    boolean bluestein() {
        return radices == null;
    }

    /** The complex plan of {@code n / 2} that a real transform of this (even) length runs. */
    FftPlan half() {
        if (realRe == null) throw new IllegalStateException("fft: a real transform of odd length " + n + " has no half plan");
        return of(n / 2);
    }

    /** Prime factors of {@code n} in ascending order, with repeats. */
    private static List<Integer> factorize(int n) {
        List<Integer> f = new ArrayList<>();
        int m = n;
        for (int p = 2; (long) p * p <= m; p++) {
            while (m % p == 0) {
                f.add(p);
                m /= p;
            }
        }
        if (m > 1) f.add(m);
        return f;
    }

    /** The stage order of the class comment: an 8 for three 2s, 4s for pairs of 2s, a lone 2, odd primes ascending. */
    private static int[] stageRadices(List<Integer> primes) {
        int twos = 0;
        List<Integer> stages = new ArrayList<>();
        List<Integer> odd = new ArrayList<>();
        for (int p : primes) {
            if (p == 2) twos++;
            else odd.add(p);
        }
        if (twos >= 3) {
            stages.add(8);
            twos -= 3;
        }
        for (; twos >= 2; twos -= 2) stages.add(4);
        if (twos == 1) stages.add(2);
        stages.addAll(odd);
        return stages.stream().mapToInt(Integer::intValue).toArray();
    }
}
