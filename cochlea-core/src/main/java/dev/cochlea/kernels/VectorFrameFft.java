package dev.cochlea.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The short-time Fourier transform of the Vector API kernels ({@link VectorKernels#stftFrames}): real
 * FFTs of four frames at once, one frame per lane of a 256-bit double vector, in double precision.
 *
 * <p>A frame of even length {@code n} is windowed and packed as the complex sequence
 * {@code z[m] = x[2m] + i x[2m+1]} of {@code h = n / 2} points, transformed by a self-sorting
 * (Stockham) transform with a twiddle-free radix-8 (or radix-4) first stage and radix-4, 2, 3 and 5
 * stages after it, and split into the {@code h + 1} real-input bins by the usual post-twiddle pass.
 * The data is laid out lane-major, value {@code i} of the frame in lane {@code c} at
 * {@code [i * LANES + c]}, so every butterfly is plain vector arithmetic with broadcast twiddles,
 * and bin {@code k} of four consecutive frames is one vector, which is exactly the
 * {@code [freqs, frames]} output layout: window, FFT, post-twiddle and {@code |X|^power} run in one
 * pass over data that stays in the L1 cache. Four frames that lie inside the signal are loaded and
 * transposed into lanes with vector shuffles; frames overhanging its ends go sample by sample.
 * Plans (twiddles) are built once per length and shared; scratch lives in a per-thread buffer.
 *
 * <p>Only lengths {@code n >= 8} whose half length factors into 2, 3 and 5 have a plan; others go
 * through {@link ScalarStft} frame by frame. Results agree with {@link Fft#rfft} to rounding (about
 * {@code 1e-16} relative to the frame's largest bin).
 *
 * <pre>{@code
 * VectorFrameFft lanes = VectorFrameFft.of(512);   // null for lengths without a plan
 * lanes.stft(job, 0, job.frames());               // every frame of the first signal
 * }</pre>
 */
final class VectorFrameFft {
    /** Frames per transform: the lanes of {@link #S}. */
    static final int LANES = 4;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;

    // constant shuffles and masks of the 4 x 4 transposition in gatherInterior
    private static final VectorShuffle<Double> SH_0022 = VectorShuffle.fromValues(S, 0, 0, 2, 2);
    private static final VectorShuffle<Double> SH_1133 = VectorShuffle.fromValues(S, 1, 1, 3, 3);
    private static final VectorShuffle<Double> SH_0101 = VectorShuffle.fromValues(S, 0, 1, 0, 1);
    private static final VectorShuffle<Double> SH_2323 = VectorShuffle.fromValues(S, 2, 3, 2, 3);
    private static final VectorMask<Double> M_0101 = VectorMask.fromValues(S, false, true, false, true);
    private static final VectorMask<Double> M_0011 = VectorMask.fromValues(S, false, false, true, true);

    private static final ConcurrentHashMap<Integer, Optional<VectorFrameFft>> PLANS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private final int n;
    private final int h;
    /** Stage radices of the {@code h}-point transform; the first is 8 or 4 (or 2, 3, 5 when that is all). */
    private final int[] radices;
    /** Twiddles of stage {@code s} at {@code [(p - 1) * ns + k]}: {@code exp(-2 pi i p k / (ns * r))}. */
    private final double[][] twRe;
    private final double[][] twIm;
    /** Negated twiddle sines (a complex product as two fused multiply-adds). */
    private final double[][] twImNeg;
    /** Half the post-twiddles: {@code exp(-2 pi i k / n) / 2}, {@code k = 0 .. h}, and the negated sines. */
    private final double[] hwRe;
    private final double[] hwIm;
    private final double[] hwImNeg;

    /** Per-thread scratch: two lane-major complex buffers of {@code h + 1} values, the window in double, a lane buffer. */
    private static final class Work {
        double[] ar = new double[0];
        double[] ai = ar;
        double[] br = ar;
        double[] bi = ar;
        double[] win = ar;
        final double[] lane = new double[2 * LANES];

        void ensure(int n) {
            int len = (n / 2 + 1) * LANES;
            if (ar.length < len) {
                ar = new double[len];
                ai = new double[len];
                br = new double[len];
                bi = new double[len];
            }
            if (win.length < n) win = new double[n];
        }
    }

    private VectorFrameFft(int n, int[] radices) {
        this.n = n;
        this.h = n / 2;
        this.radices = radices;
        int stages = radices.length;
        twRe = new double[stages][];
        twIm = new double[stages][];
        twImNeg = new double[stages][];
        int ns = 1;
        for (int s = 0; s < stages; s++) {
            int r = radices[s];
            int len = ns * r;
            double[] tr = new double[(r - 1) * ns];
            double[] ti = new double[(r - 1) * ns];
            double[] tn = new double[(r - 1) * ns];
            for (int p = 1; p < r; p++) {
                for (int k = 0; k < ns; k++) {
                    double angle = -2.0 * Math.PI * (((long) p * k) % len) / len;
                    tr[(p - 1) * ns + k] = Math.cos(angle);
                    ti[(p - 1) * ns + k] = Math.sin(angle);
                    tn[(p - 1) * ns + k] = -Math.sin(angle);
                }
            }
            twRe[s] = tr;
            twIm[s] = ti;
            twImNeg[s] = tn;
            ns = len;
        }
        hwRe = new double[h + 1];
        hwIm = new double[h + 1];
        hwImNeg = new double[h + 1];
        for (int k = 0; k <= h; k++) {
            double angle = -2.0 * Math.PI * k / n;
            hwRe[k] = 0.5 * Math.cos(angle);
            hwIm[k] = 0.5 * Math.sin(angle);
            hwImNeg[k] = -0.5 * Math.sin(angle);
        }
    }

    /** The plan for frames of {@code n} samples, or null when {@code n} has none (see the class comment). */
    static VectorFrameFft of(int n) {
        Optional<VectorFrameFft> p = PLANS.get(n);
        if (p == null) {
            p = Optional.ofNullable(build(n));
            Optional<VectorFrameFft> prev = PLANS.putIfAbsent(n, p);
            if (prev != null) p = prev;
        }
        return p.orElse(null);
    }

    private static VectorFrameFft build(int n) {
        if (n < 8 || n % 2 != 0) return null;
        int m = n / 2;
        int twos = 0;
        while (m % 2 == 0) {
            m /= 2;
            twos++;
        }
        int threes = 0;
        while (m % 3 == 0) {
            m /= 3;
            threes++;
        }
        int fives = 0;
        while (m % 5 == 0) {
            m /= 5;
            fives++;
        }
        if (m != 1) return null;
        java.util.List<Integer> stages = new java.util.ArrayList<>();
        if (twos >= 3) {
            stages.add(8);
            twos -= 3;
        }
        for (; twos >= 2; twos -= 2) stages.add(4);
        if (twos == 1) stages.add(2);
        for (int i = 0; i < threes; i++) stages.add(3);
        for (int i = 0; i < fives; i++) stages.add(5);
        return new VectorFrameFft(n, stages.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Items {@code [from, to)} of {@code s} (see {@link StftFrames}); {@code s.nFft()} is this plan's length. */
    void stft(StftFrames s, int from, int to) {
        final float[] x = s.x(), window = s.window(), outRe = s.outRe(), outIm = s.outIm();
        final int xOff = s.xOff(), xStride = s.xStride(), len = s.len(), padLeft = s.padLeft(), hop = s.hop();
        final int frames = s.frames(), freqs = s.freqs(), outOff = s.outOff();
        final SpectralKernels.Pad pad = s.pad();
        final double scale = s.scale(), power = s.power();
        Work w = WORK.get();
        w.ensure(n);
        double[] win = w.win;
        for (int j = 0; j < n; j++) win[j] = window[j];
        int item = from;
        while (item < to) {
            int b = item / frames;
            int t0 = item - b * frames;
            int count = Math.min(Math.min(LANES, to - item), frames - t0);
            int sigOff = xOff + b * xStride;
            int first = t0 * hop - padLeft;
            if (count == LANES && n % 8 == 0 && first >= 0 && first + (LANES - 1) * hop + n <= len) {
                gatherInterior(x, sigOff + first, hop, win, w.ar, w.ai);
            } else {
                for (int c = 0; c < count; c++) gather(x, sigOff, len, first + c * hop, pad, win, w.ar, w.ai, c);
            }
            boolean inB = transform(w.ar, w.ai, w.br, w.bi);
            double[] zr = inB ? w.br : w.ar;
            double[] zi = inB ? w.bi : w.ai;
            int o = outOff + b * freqs * frames + t0;
            if (count == LANES && freqs != n && (power == 2.0 || power == 1.0)) {
                powerBins(zr, zi, scale, power == 1.0, outRe, o, frames);
            } else {
                double[] xr = inB ? w.ar : w.br;
                double[] xi = inB ? w.ai : w.bi;
                postTwiddle(zr, zi, xr, xi);
                emit(xr, xi, o, frames, count, freqs, scale, power, outRe, outIm, w.lane);
            }
            item += count;
        }
    }

    /** Windowed frame starting at signal position {@code start}, packed into lane {@code c} of {@code (zr, zi)}. */
    private void gather(float[] x, int sigOff, int len, int start, SpectralKernels.Pad pad, double[] win,
                        double[] zr, double[] zi, int c) {
        if (start >= 0 && start + n <= len) {
            int s = sigOff + start;
            for (int m = 0, e = c; m < h; m++, e += LANES) {
                zr[e] = x[s + 2 * m] * win[2 * m];
                zi[e] = x[s + 2 * m + 1] * win[2 * m + 1];
            }
        } else {
            for (int m = 0, e = c; m < h; m++, e += LANES) {
                int i0 = SpectralKernels.padIndex(start + 2 * m, len, pad);
                int i1 = SpectralKernels.padIndex(start + 2 * m + 1, len, pad);
                zr[e] = i0 < 0 ? 0.0 : x[sigOff + i0] * win[2 * m];
                zi[e] = i1 < 0 ? 0.0 : x[sigOff + i1] * win[2 * m + 1];
            }
        }
    }

    /**
     * Four windowed frames {@code hop} apart from {@code x[s ..]}, all inside the signal, packed into
     * the lanes of {@code (zr, zi)}: per 8 samples, each frame's values are converted to double and
     * windowed as two vectors {@code (x0, x1, x2, x3)}, {@code (x4, .., x7)}, and the four frames'
     * vectors are transposed (unpack, then swap 128-bit halves) into {@code z[m .. m+4)} of all lanes.
     */
    private void gatherInterior(float[] x, int s, int hop, double[] win, double[] zr, double[] zi) {
        final int l = LANES;
        int s1 = s + hop, s2 = s + 2 * hop, s3 = s + 3 * hop;
        for (int j = 0, e = 0; j < n; j += 8, e += 4 * l) {
            DoubleVector wlo = DoubleVector.fromArray(S, win, j);
            DoubleVector whi = DoubleVector.fromArray(S, win, j + 4);
            DoubleVector a0 = load(x, s + j).mul(wlo);
            DoubleVector a1 = load(x, s1 + j).mul(wlo);
            DoubleVector a2 = load(x, s2 + j).mul(wlo);
            DoubleVector a3 = load(x, s3 + j).mul(wlo);
            // a_c = (re0, im0, re1, im1) of frame c; unpack pairs of frames, then join halves
            DoubleVector lo01 = a0.blend(a1.rearrange(SH_0022), M_0101); // re0_0 re0_1 re1_0 re1_1
            DoubleVector hi01 = a0.rearrange(SH_1133).blend(a1, M_0101); // im0_0 im0_1 im1_0 im1_1
            DoubleVector lo23 = a2.blend(a3.rearrange(SH_0022), M_0101);
            DoubleVector hi23 = a2.rearrange(SH_1133).blend(a3, M_0101);
            lo01.blend(lo23.rearrange(SH_0101), M_0011).intoArray(zr, e);
            lo01.rearrange(SH_2323).blend(lo23, M_0011).intoArray(zr, e + l);
            hi01.blend(hi23.rearrange(SH_0101), M_0011).intoArray(zi, e);
            hi01.rearrange(SH_2323).blend(hi23, M_0011).intoArray(zi, e + l);
            DoubleVector b0 = load(x, s + j + 4).mul(whi);
            DoubleVector b1 = load(x, s1 + j + 4).mul(whi);
            DoubleVector b2 = load(x, s2 + j + 4).mul(whi);
            DoubleVector b3 = load(x, s3 + j + 4).mul(whi);
            lo01 = b0.blend(b1.rearrange(SH_0022), M_0101);
            hi01 = b0.rearrange(SH_1133).blend(b1, M_0101);
            lo23 = b2.blend(b3.rearrange(SH_0022), M_0101);
            hi23 = b2.rearrange(SH_1133).blend(b3, M_0101);
            lo01.blend(lo23.rearrange(SH_0101), M_0011).intoArray(zr, e + 2 * l);
            lo01.rearrange(SH_2323).blend(lo23, M_0011).intoArray(zr, e + 3 * l);
            hi01.blend(hi23.rearrange(SH_0101), M_0011).intoArray(zi, e + 2 * l);
            hi01.rearrange(SH_2323).blend(hi23, M_0011).intoArray(zi, e + 3 * l);
        }
    }

    /** Four floats from {@code x[i ..]} as doubles. */
    private static DoubleVector load(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, S, 0);
    }

    /** Forward complex transform of the {@code h}-point lane-major data in a; true when the result ends in b. */
    private boolean transform(double[] ar, double[] ai, double[] br, double[] bi) {
        double[] sr = ar, si = ai, dr = br, di = bi;
        int ns = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int q = h / r;
            switch (r) {
                case 8 -> radix8First(sr, si, dr, di, q);
                case 4 -> radix4(sr, si, dr, di, q, ns, twRe[s], twIm[s], twImNeg[s]);
                case 2 -> radix2(sr, si, dr, di, q, ns, twRe[s], twIm[s], twImNeg[s]);
                case 3 -> radix3(sr, si, dr, di, q, ns, twRe[s], twIm[s], twImNeg[s]);
                default -> radix5(sr, si, dr, di, q, ns, twRe[s], twIm[s], twImNeg[s]);
            }
            ns *= r;
            double[] t = sr;
            sr = dr;
            dr = t;
            t = si;
            si = di;
            di = t;
        }
        return sr == br;
    }

    /**
     * Post-twiddle of the packed transform {@code Z} (in {@code zr, zi}) into the real-input bins
     * {@code X[k] = E[k] + W^k O[k]}, {@code k = 0 .. h}, with {@code E = (Z[k] + conj Z[h-k]) / 2},
     * {@code O = (Z[k] - conj Z[h-k]) / 2i} and {@code W = exp(-2 pi i / n)}, written lane-major to
     * {@code xr, xi}. Bins {@code k} and {@code h - k} come from the same two values: with
     * {@code P = W^k O[k]}, {@code X[h-k] = conj(E[k]) - conj(P)}.
     */
    private void postTwiddle(double[] zr, double[] zi, double[] xr, double[] xi) {
        final int l = LANES;
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector z0r = DoubleVector.fromArray(S, zr, 0);
        DoubleVector z0i = DoubleVector.fromArray(S, zi, 0);
        z0r.add(z0i).intoArray(xr, 0);
        z0r.sub(z0i).intoArray(xr, h * l);
        DoubleVector zero = DoubleVector.zero(S);
        zero.intoArray(xi, 0);
        zero.intoArray(xi, h * l);
        for (int k = 1, j = h - 1; k <= j; k++, j--) {
            DoubleVector ar = DoubleVector.fromArray(S, zr, k * l);
            DoubleVector ai = DoubleVector.fromArray(S, zi, k * l);
            DoubleVector br = DoubleVector.fromArray(S, zr, j * l);
            DoubleVector bi = DoubleVector.fromArray(S, zi, j * l);
            DoubleVector er = ar.add(br).mul(half);
            DoubleVector ei = ai.sub(bi).mul(half);
            DoubleVector or = ai.add(bi); // (or, oi) = 2 O[k]; P = (W^k / 2) (or + i oi)
            DoubleVector oi = br.sub(ar);
            DoubleVector wr = DoubleVector.broadcast(S, hwRe[k]);
            DoubleVector pr = oi.fma(DoubleVector.broadcast(S, hwImNeg[k]), or.mul(wr));
            DoubleVector pi = or.fma(DoubleVector.broadcast(S, hwIm[k]), oi.mul(wr));
            er.add(pr).intoArray(xr, k * l);
            ei.add(pi).intoArray(xi, k * l);
            if (k < j) {
                er.sub(pr).intoArray(xr, j * l);
                pi.sub(ei).intoArray(xi, j * l);
            }
        }
    }

    /**
     * {@link #postTwiddle} and the one-sided {@code |X scale|^2} (or its square root) of four frames
     * in one pass, written to rows {@code o + k * frames} as float.
     */
    private void powerBins(double[] zr, double[] zi, double scale, boolean magnitude, float[] out, int o, int frames) {
        final int l = LANES;
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector sc = DoubleVector.broadcast(S, scale);
        DoubleVector z0r = DoubleVector.fromArray(S, zr, 0);
        DoubleVector z0i = DoubleVector.fromArray(S, zi, 0);
        DoubleVector dc = z0r.add(z0i).mul(sc);
        DoubleVector ny = z0r.sub(z0i).mul(sc);
        DoubleVector p = dc.mul(dc);
        if (magnitude) p = p.sqrt();
        ((FloatVector) p.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, o);
        p = ny.mul(ny);
        if (magnitude) p = p.sqrt();
        ((FloatVector) p.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, o + h * frames);
        for (int k = 1, j = h - 1; k <= j; k++, j--) {
            DoubleVector ar = DoubleVector.fromArray(S, zr, k * l);
            DoubleVector ai = DoubleVector.fromArray(S, zi, k * l);
            DoubleVector br = DoubleVector.fromArray(S, zr, j * l);
            DoubleVector bi = DoubleVector.fromArray(S, zi, j * l);
            DoubleVector er = ar.add(br).mul(half);
            DoubleVector ei = ai.sub(bi).mul(half);
            DoubleVector or = ai.add(bi);
            DoubleVector oi = br.sub(ar);
            DoubleVector wr = DoubleVector.broadcast(S, hwRe[k]);
            DoubleVector pr = oi.fma(DoubleVector.broadcast(S, hwImNeg[k]), or.mul(wr));
            DoubleVector pi = or.fma(DoubleVector.broadcast(S, hwIm[k]), oi.mul(wr));
            DoubleVector re = er.add(pr).mul(sc);
            DoubleVector im = ei.add(pi).mul(sc);
            p = re.fma(re, im.mul(im));
            if (magnitude) p = p.sqrt();
            ((FloatVector) p.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, o + k * frames);
            if (k < j) {
                re = er.sub(pr).mul(sc);
                im = pi.sub(ei).mul(sc);
                p = re.fma(re, im.mul(im));
                if (magnitude) p = p.sqrt();
                ((FloatVector) p.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, o + j * frames);
            }
        }
    }

    /**
     * Writes lanes {@code 0 .. count)} of the bins in {@code xr, xi} (lane-major, {@code h + 1}
     * of them) to rows {@code o + k * frames}: {@code |X scale|^power}, or the scaled complex bins
     * for {@code power} NaN; rows past {@code h} (two-sided output) hold the conjugate bins.
     */
    private void emit(double[] xr, double[] xi, int o, int frames, int count, int freqs, double scale, double power,
                      float[] outRe, float[] outIm, double[] lane) {
        boolean twoSided = freqs == n;
        if (Double.isNaN(power)) {
            storeScaled(xr, 1.0, scale, outRe, o, frames, count, twoSided, lane);
            storeScaled(xi, -1.0, scale, outIm, o, frames, count, twoSided, lane);
        } else if (power == 2.0 || power == 1.0) {
            storePower(xr, xi, scale, power == 1.0, outRe, o, frames, count, twoSided, lane);
        } else {
            for (int k = 0; k <= h; k++) {
                int row = o + k * frames;
                int mirror = twoSided && k > 0 && k < h ? o + (n - k) * frames : -1;
                for (int c = 0; c < count; c++) {
                    float v = (float) SpectralKernels.powerOf(xr[k * LANES + c] * scale, xi[k * LANES + c] * scale, power);
                    outRe[row + c] = v;
                    if (mirror >= 0) outRe[mirror + c] = v;
                }
            }
        }
    }

    /** {@code v * scale} per bin, rounded to float; mirrored rows get {@code mirrorSign * v * scale}. */
    private void storeScaled(double[] v, double mirrorSign, double scale, float[] out, int o, int frames, int count,
                             boolean twoSided, double[] lane) {
        DoubleVector sc = DoubleVector.broadcast(S, scale);
        for (int k = 0; k <= h; k++) {
            DoubleVector x = DoubleVector.fromArray(S, v, k * LANES).mul(sc);
            int row = o + k * frames;
            if (count == LANES) {
                ((FloatVector) x.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, row);
            } else {
                x.intoArray(lane, 0);
                for (int c = 0; c < count; c++) out[row + c] = (float) lane[c];
            }
            if (twoSided && k > 0 && k < h) {
                int mirror = o + (n - k) * frames;
                for (int c = 0; c < count; c++) out[mirror + c] = (float) (mirrorSign * v[k * LANES + c] * scale);
            }
        }
    }

    /** {@code |X scale|^2} (or its square root), rounded to float. */
    private void storePower(double[] xr, double[] xi, double scale, boolean magnitude, float[] out, int o, int frames,
                            int count, boolean twoSided, double[] lane) {
        DoubleVector sc = DoubleVector.broadcast(S, scale);
        for (int k = 0; k <= h; k++) {
            DoubleVector re = DoubleVector.fromArray(S, xr, k * LANES).mul(sc);
            DoubleVector im = DoubleVector.fromArray(S, xi, k * LANES).mul(sc);
            DoubleVector p = re.mul(re).add(im.mul(im));
            if (magnitude) p = p.sqrt();
            int row = o + k * frames;
            if (count == LANES) {
                FloatVector f = (FloatVector) p.convertShape(VectorOperators.D2F, F, 0);
                f.intoArray(out, row);
                if (twoSided && k > 0 && k < h) f.intoArray(out, o + (n - k) * frames);
            } else {
                p.intoArray(lane, 0);
                for (int c = 0; c < count; c++) out[row + c] = (float) lane[c];
                if (twoSided && k > 0 && k < h) {
                    int mirror = o + (n - k) * frames;
                    for (int c = 0; c < count; c++) out[mirror + c] = (float) lane[c];
                }
            }
        }
    }

    // ------------------------------------------------------------------ lane-major Stockham stages
    // Stage with radix R and sub-transform length ns: butterfly j reads x[j + p * q] and writes
    // y[(j - j % ns) * R + j % ns + p * ns], as in Fft; each index is a vector of LANES frames.

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti, double[] tn) {
        final int l = LANES;
        int qs = q * l;
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 2;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector ar = DoubleVector.fromArray(S, xr, i);
                DoubleVector ai = DoubleVector.fromArray(S, xi, i);
                DoubleVector br = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector bi = DoubleVector.fromArray(S, xi, i + qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = bi.fma(DoubleVector.broadcast(S, tn[k]), br.mul(wr));
                    bi = br.fma(DoubleVector.broadcast(S, ti[k]), bi.mul(wr));
                    br = t;
                }
                int o = (d + k) * l;
                int s1 = ns * l;
                ar.add(br).intoArray(yr, o);
                ai.add(bi).intoArray(yi, o);
                ar.sub(br).intoArray(yr, o + s1);
                ai.sub(bi).intoArray(yi, o + s1);
            }
        }
    }

    private static final double R2 = Math.sqrt(0.5);

    /**
     * First radix-8 stage ({@code ns = 1}: no twiddles): {@code y[8j + m] = sum_p x[j + p q] W8^(p m)},
     * as two 4-point transforms of the even and odd inputs joined by {@code W8^m}.
     */
    private static void radix8First(double[] xr, double[] xi, double[] yr, double[] yi, int q) {
        final int l = LANES;
        int qs = q * l;
        DoubleVector r2 = DoubleVector.broadcast(S, R2);
        for (int j = 0; j < q; j++) {
            int i = j * l;
            // 4-point transform of v0, v2, v4, v6
            DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
            DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
            DoubleVector v4r = DoubleVector.fromArray(S, xr, i + 4 * qs);
            DoubleVector v4i = DoubleVector.fromArray(S, xi, i + 4 * qs);
            DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
            DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
            DoubleVector v6r = DoubleVector.fromArray(S, xr, i + 6 * qs);
            DoubleVector v6i = DoubleVector.fromArray(S, xi, i + 6 * qs);
            DoubleVector t0r = v0r.add(v4r), t0i = v0i.add(v4i);
            DoubleVector t1r = v0r.sub(v4r), t1i = v0i.sub(v4i);
            DoubleVector t2r = v2r.add(v6r), t2i = v2i.add(v6i);
            DoubleVector t3r = v2r.sub(v6r), t3i = v2i.sub(v6i);
            DoubleVector e0r = t0r.add(t2r), e0i = t0i.add(t2i);
            DoubleVector e2r = t0r.sub(t2r), e2i = t0i.sub(t2i);
            DoubleVector e1r = t1r.add(t3i), e1i = t1i.sub(t3r);
            DoubleVector e3r = t1r.sub(t3i), e3i = t1i.add(t3r);
            // 4-point transform of v1, v3, v5, v7
            DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
            DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
            DoubleVector v5r = DoubleVector.fromArray(S, xr, i + 5 * qs);
            DoubleVector v5i = DoubleVector.fromArray(S, xi, i + 5 * qs);
            DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
            DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
            DoubleVector v7r = DoubleVector.fromArray(S, xr, i + 7 * qs);
            DoubleVector v7i = DoubleVector.fromArray(S, xi, i + 7 * qs);
            DoubleVector u0r = v1r.add(v5r), u0i = v1i.add(v5i);
            DoubleVector u1r = v1r.sub(v5r), u1i = v1i.sub(v5i);
            DoubleVector u2r = v3r.add(v7r), u2i = v3i.add(v7i);
            DoubleVector u3r = v3r.sub(v7r), u3i = v3i.sub(v7i);
            DoubleVector o0r = u0r.add(u2r), o0i = u0i.add(u2i);
            DoubleVector o2r = u0r.sub(u2r), o2i = u0i.sub(u2i);
            DoubleVector o1r = u1r.add(u3i), o1i = u1i.sub(u3r);
            DoubleVector o3r = u1r.sub(u3i), o3i = u1i.add(u3r);
            // W8^1 o1 = (o1r + o1i, o1i - o1r) / sqrt 2; W8^2 o2 = (o2i, -o2r); W8^3 o3 = (o3i - o3r, -(o3r + o3i)) / sqrt 2
            DoubleVector p1r = o1r.add(o1i).mul(r2), p1i = o1i.sub(o1r).mul(r2);
            DoubleVector p3r = o3i.sub(o3r).mul(r2), p3i = o3r.add(o3i).mul(r2).neg();
            int o = 8 * i;
            e0r.add(o0r).intoArray(yr, o);
            e0i.add(o0i).intoArray(yi, o);
            e0r.sub(o0r).intoArray(yr, o + 4 * l);
            e0i.sub(o0i).intoArray(yi, o + 4 * l);
            e1r.add(p1r).intoArray(yr, o + l);
            e1i.add(p1i).intoArray(yi, o + l);
            e1r.sub(p1r).intoArray(yr, o + 5 * l);
            e1i.sub(p1i).intoArray(yi, o + 5 * l);
            e2r.add(o2i).intoArray(yr, o + 2 * l);
            e2i.sub(o2r).intoArray(yi, o + 2 * l);
            e2r.sub(o2i).intoArray(yr, o + 6 * l);
            e2i.add(o2r).intoArray(yi, o + 6 * l);
            e3r.add(p3r).intoArray(yr, o + 3 * l);
            e3i.add(p3i).intoArray(yi, o + 3 * l);
            e3r.sub(p3r).intoArray(yr, o + 7 * l);
            e3i.sub(p3i).intoArray(yi, o + 7 * l);
        }
    }

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti, double[] tn) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        if (ns == 1) {
            radix4First(xr, xi, yr, yi, q);
            return;
        }
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 4;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
                DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
                DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                DoubleVector t = v1i.fma(DoubleVector.broadcast(S, tn[k]), v1r.mul(wr));
                v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                v1r = t;
                wr = DoubleVector.broadcast(S, tr[ns + k]);
                t = v2i.fma(DoubleVector.broadcast(S, tn[ns + k]), v2r.mul(wr));
                v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                v2r = t;
                wr = DoubleVector.broadcast(S, tr[2 * ns + k]);
                t = v3i.fma(DoubleVector.broadcast(S, tn[2 * ns + k]), v3r.mul(wr));
                v3i = v3r.fma(DoubleVector.broadcast(S, ti[2 * ns + k]), v3i.mul(wr));
                v3r = t;
                int o = (d + k) * l;
                DoubleVector t0r = v0r.add(v2r), t0i = v0i.add(v2i);
                DoubleVector t1r = v0r.sub(v2r), t1i = v0i.sub(v2i);
                DoubleVector t2r = v1r.add(v3r), t2i = v1i.add(v3i);
                DoubleVector t3r = v1r.sub(v3r), t3i = v1i.sub(v3i);
                t0r.add(t2r).intoArray(yr, o);
                t0i.add(t2i).intoArray(yi, o);
                t1r.add(t3i).intoArray(yr, o + s1);
                t1i.sub(t3r).intoArray(yi, o + s1);
                t0r.sub(t2r).intoArray(yr, o + 2 * s1);
                t0i.sub(t2i).intoArray(yi, o + 2 * s1);
                t1r.sub(t3i).intoArray(yr, o + 3 * s1);
                t1i.add(t3r).intoArray(yi, o + 3 * s1);
            }
        }
    }

    /** First radix-4 stage ({@code ns = 1}: no twiddles). */
    private static void radix4First(double[] xr, double[] xi, double[] yr, double[] yi, int q) {
        final int l = LANES;
        int qs = q * l;
        int s1 = l;
        for (int j = 0; j < q; j++) {
            int i = j * l;
            DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
            DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
            DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
            DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
            DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
            DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
            DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
            DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
            int o = 4 * i;
            DoubleVector t0r = v0r.add(v2r), t0i = v0i.add(v2i);
            DoubleVector t1r = v0r.sub(v2r), t1i = v0i.sub(v2i);
            DoubleVector t2r = v1r.add(v3r), t2i = v1i.add(v3i);
            DoubleVector t3r = v1r.sub(v3r), t3i = v1i.sub(v3i);
            t0r.add(t2r).intoArray(yr, o);
            t0i.add(t2i).intoArray(yi, o);
            t1r.add(t3i).intoArray(yr, o + s1);
            t1i.sub(t3r).intoArray(yi, o + s1);
            t0r.sub(t2r).intoArray(yr, o + 2 * s1);
            t0i.sub(t2i).intoArray(yi, o + 2 * s1);
            t1r.sub(t3i).intoArray(yr, o + 3 * s1);
            t1i.add(t3r).intoArray(yi, o + 3 * s1);
        }
    }

    private static final double S3 = Math.sqrt(3.0) / 2.0;

    private static void radix3(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti, double[] tn) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector s3 = DoubleVector.broadcast(S, S3);
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 3;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = v1i.fma(DoubleVector.broadcast(S, tn[k]), v1r.mul(wr));
                    v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                    v1r = t;
                    wr = DoubleVector.broadcast(S, tr[ns + k]);
                    t = v2i.fma(DoubleVector.broadcast(S, tn[ns + k]), v2r.mul(wr));
                    v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                    v2r = t;
                }
                DoubleVector sr = v1r.add(v2r), si = v1i.add(v2i);
                DoubleVector dr = v1r.sub(v2r), di = v1i.sub(v2i);
                DoubleVector mr = v0r.sub(half.mul(sr)), mi = v0i.sub(half.mul(si));
                int o = (d + k) * l;
                v0r.add(sr).intoArray(yr, o);
                v0i.add(si).intoArray(yi, o);
                mr.add(s3.mul(di)).intoArray(yr, o + s1);
                mi.sub(s3.mul(dr)).intoArray(yi, o + s1);
                mr.sub(s3.mul(di)).intoArray(yr, o + 2 * s1);
                mi.add(s3.mul(dr)).intoArray(yi, o + 2 * s1);
            }
        }
    }

    private static final double C51 = Math.cos(2 * Math.PI / 5);
    private static final double C52 = Math.cos(4 * Math.PI / 5);
    private static final double S51 = Math.sin(2 * Math.PI / 5);
    private static final double S52 = Math.sin(4 * Math.PI / 5);

    private static void radix5(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti, double[] tn) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        DoubleVector c1 = DoubleVector.broadcast(S, C51);
        DoubleVector c2 = DoubleVector.broadcast(S, C52);
        DoubleVector n1 = DoubleVector.broadcast(S, S51);
        DoubleVector n2 = DoubleVector.broadcast(S, S52);
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 5;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
                DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
                DoubleVector v4r = DoubleVector.fromArray(S, xr, i + 4 * qs);
                DoubleVector v4i = DoubleVector.fromArray(S, xi, i + 4 * qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = v1i.fma(DoubleVector.broadcast(S, tn[k]), v1r.mul(wr));
                    v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                    v1r = t;
                    wr = DoubleVector.broadcast(S, tr[ns + k]);
                    t = v2i.fma(DoubleVector.broadcast(S, tn[ns + k]), v2r.mul(wr));
                    v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                    v2r = t;
                    wr = DoubleVector.broadcast(S, tr[2 * ns + k]);
                    t = v3i.fma(DoubleVector.broadcast(S, tn[2 * ns + k]), v3r.mul(wr));
                    v3i = v3r.fma(DoubleVector.broadcast(S, ti[2 * ns + k]), v3i.mul(wr));
                    v3r = t;
                    wr = DoubleVector.broadcast(S, tr[3 * ns + k]);
                    t = v4i.fma(DoubleVector.broadcast(S, tn[3 * ns + k]), v4r.mul(wr));
                    v4i = v4r.fma(DoubleVector.broadcast(S, ti[3 * ns + k]), v4i.mul(wr));
                    v4r = t;
                }
                DoubleVector t1r = v1r.add(v4r), t1i = v1i.add(v4i);
                DoubleVector t2r = v2r.add(v3r), t2i = v2i.add(v3i);
                DoubleVector t3r = v1r.sub(v4r), t3i = v1i.sub(v4i);
                DoubleVector t4r = v2r.sub(v3r), t4i = v2i.sub(v3i);
                DoubleVector a1r = v0r.add(c1.mul(t1r)).add(c2.mul(t2r));
                DoubleVector a1i = v0i.add(c1.mul(t1i)).add(c2.mul(t2i));
                DoubleVector a2r = v0r.add(c2.mul(t1r)).add(c1.mul(t2r));
                DoubleVector a2i = v0i.add(c2.mul(t1i)).add(c1.mul(t2i));
                DoubleVector b1r = n1.mul(t3r).add(n2.mul(t4r));
                DoubleVector b1i = n1.mul(t3i).add(n2.mul(t4i));
                DoubleVector b2r = n2.mul(t3r).sub(n1.mul(t4r));
                DoubleVector b2i = n2.mul(t3i).sub(n1.mul(t4i));
                int o = (d + k) * l;
                v0r.add(t1r).add(t2r).intoArray(yr, o);
                v0i.add(t1i).add(t2i).intoArray(yi, o);
                // X1 = a1 - i b1, X4 = a1 + i b1, X2 = a2 - i b2, X3 = a2 + i b2
                a1r.add(b1i).intoArray(yr, o + s1);
                a1i.sub(b1r).intoArray(yi, o + s1);
                a1r.sub(b1i).intoArray(yr, o + 4 * s1);
                a1i.add(b1r).intoArray(yi, o + 4 * s1);
                a2r.add(b2i).intoArray(yr, o + 2 * s1);
                a2i.sub(b2r).intoArray(yi, o + 2 * s1);
                a2r.sub(b2i).intoArray(yr, o + 3 * s1);
                a2i.add(b2r).intoArray(yi, o + 3 * s1);
            }
        }
    }
}
