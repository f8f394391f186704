package dev.cochlea.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The short-time Fourier transform of the Vector API kernels ({@link VectorKernels#stftFrames}):
 * frames go four at a time through the four-lane FFT executor {@link VectorFft4}, one frame per
 * lane, in double precision; lengths it has no plan for go through {@link ScalarStft}.
 *
 * <p>This class is the STFT side: it cuts, windows and pads the frames and writes the output;
 * the FFT itself is {@link VectorFft4}'s. Four frames that lie inside the signal (and whose length
 * is a multiple of 8) are loaded, windowed and transposed into the lanes with vector shuffles;
 * other frames are windowed one at a time by {@link StftFrames#frame} and packed into their lane.
 * Bin {@code k} of four consecutive frames is one vector, which is exactly the
 * {@code [freqs, frames]} output layout, so {@code |X|^power} (or the complex bins) of four frames
 * is written per bin with vector stores. Scratch lives in a per-thread buffer.
 *
 * <pre>{@code
 * VectorStft.frames(job, 0, job.frames());   // every frame of the first signal of an StftFrames job
 * }</pre>
 */
final class VectorStft {
    private static final int LANES = VectorFft4.LANES;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;

    // constant shuffles and masks of the 4 x 4 transposition in gatherInterior
    private static final VectorShuffle<Double> SH_0022 = VectorShuffle.fromValues(S, 0, 0, 2, 2);
    private static final VectorShuffle<Double> SH_1133 = VectorShuffle.fromValues(S, 1, 1, 3, 3);
    private static final VectorShuffle<Double> SH_0101 = VectorShuffle.fromValues(S, 0, 1, 0, 1);
    private static final VectorShuffle<Double> SH_2323 = VectorShuffle.fromValues(S, 2, 3, 2, 3);
    private static final VectorMask<Double> M_0101 = VectorMask.fromValues(S, false, true, false, true);
    private static final VectorMask<Double> M_0011 = VectorMask.fromValues(S, false, false, true, true);

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    /** Per-thread scratch: two lane-major complex buffers of {@code h + 1} values, the window and one frame in double, a lane buffer. */
    private static final class Work {
        double[] ar = new double[0];
        double[] ai = ar;
        double[] br = ar;
        double[] bi = ar;
        double[] win = ar;
        double[] frame = ar;
        final double[] lane = new double[2 * LANES];

        void ensure(int n) {
            int len = (n / 2 + 1) * LANES;
            if (ar.length < len) {
                ar = new double[len];
                ai = new double[len];
                br = new double[len];
                bi = new double[len];
            }
            if (win.length < n) {
                win = new double[n];
                frame = new double[n];
            }
        }
    }

    private VectorStft() {}

    /** Items {@code [from, to)} of {@code s} (see {@link StftFrames}). */
    static void frames(StftFrames s, int from, int to) {
        final int n = s.nFft();
        VectorFft4 fft = VectorFft4.of(n);
        if (fft == null) {
            ScalarStft.frames(s, from, to);
            return;
        }
        final int h = n / 2;
        final float[] x = s.x(), window = s.window();
        final int len = s.len(), hop = s.hop(), frames = s.frames(), freqs = s.freqs();
        Work w = WORK.get();
        w.ensure(n);
        double[] win = w.win;
        for (int j = 0; j < n; j++) win[j] = window[j];
        int item = from;
        while (item < to) {
            int b = item / frames;
            int t0 = item - b * frames;
            int count = Math.min(Math.min(LANES, to - item), frames - t0);
            int first = t0 * hop - s.padLeft();
            if (count == LANES && n % 8 == 0 && first >= 0 && first + (LANES - 1) * hop + n <= len) {
                gatherInterior(n, x, s.xOff() + b * s.xStride() + first, hop, win, w.ar, w.ai);
            } else {
                for (int c = 0; c < count; c++) {
                    s.frame(b, t0 + c, w.frame, 0);
                    for (int m = 0, e = c; m < h; m++, e += LANES) {
                        w.ar[e] = w.frame[2 * m];
                        w.ai[e] = w.frame[2 * m + 1];
                    }
                }
            }
            boolean inB = fft.transform(w.ar, w.ai, w.br, w.bi);
            double[] zr = inB ? w.br : w.ar, zi = inB ? w.bi : w.ai;
            int o = s.outIndex(b, 0, t0);
            if (count == LANES && freqs != n && (s.power() == 2.0 || s.power() == 1.0)) {
                powerBins(fft, zr, zi, s.scale(), s.power() == 1.0, s.outRe(), o, frames);
            } else {
                double[] xr = inB ? w.ar : w.br, xi = inB ? w.ai : w.bi;
                fft.postTwiddle(zr, zi, xr, xi);
                emit(n, xr, xi, o, frames, count, freqs, s.scale(), s.power(), s.outRe(), s.outIm(), w.lane);
            }
            item += count;
        }
    }

    /**
     * Four windowed frames {@code hop} apart from {@code x[s ..]}, all inside the signal, packed into
     * the lanes of {@code (zr, zi)}: per 8 samples, each frame's values are converted to double and
     * windowed as two vectors {@code (x0, x1, x2, x3)}, {@code (x4, .., x7)}, and the four frames'
     * vectors are transposed (unpack, then swap 128-bit halves) into {@code z[m .. m+4)} of all lanes.
     */
    private static void gatherInterior(int n, float[] x, int s, int hop, double[] win, double[] zr, double[] zi) {
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

    /**
     * The one-sided {@code |X scale|^2} (or its square root) of four frames, written to rows
     * {@code o + k * frames} as float, straight from the packed transform {@code Z}: the bins are
     * {@link VectorFft4#postTwiddle}'s, computed here in the same pass as their power so that they
     * never leave registers (a separate pass over the bins costs 10 to 20 % of the whole STFT).
     */
    private static void powerBins(VectorFft4 fft, double[] zr, double[] zi, double scale, boolean magnitude, float[] out, int o,
                                  int frames) {
        final int h = fft.h;
        final double[] postRe = fft.postRe, postIm = fft.postIm;
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
            DoubleVector or = ai.add(bi).mul(half);
            DoubleVector oi = br.sub(ar).mul(half);
            DoubleVector wr = DoubleVector.broadcast(S, postRe[k]);
            DoubleVector pr = oi.fma(DoubleVector.broadcast(S, -postIm[k]), or.mul(wr));
            DoubleVector pi = or.fma(DoubleVector.broadcast(S, postIm[k]), oi.mul(wr));
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
    private static void emit(int n, double[] xr, double[] xi, int o, int frames, int count, int freqs, double scale, double power,
                      float[] outRe, float[] outIm, double[] lane) {
        int h = n / 2;
        boolean twoSided = freqs == n;
        if (Double.isNaN(power)) {
            storeScaled(n, xr, 1.0, scale, outRe, o, frames, count, twoSided, lane);
            storeScaled(n, xi, -1.0, scale, outIm, o, frames, count, twoSided, lane);
        } else if (power == 2.0 || power == 1.0) {
            storePower(n, xr, xi, scale, power == 1.0, outRe, o, frames, count, twoSided, lane);
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
    private static void storeScaled(int n, double[] v, double mirrorSign, double scale, float[] out, int o, int frames, int count,
                             boolean twoSided, double[] lane) {
        int h = n / 2;
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
    private static void storePower(int n, double[] xr, double[] xi, double scale, boolean magnitude, float[] out, int o, int frames,
                            int count, boolean twoSided, double[] lane) {
        int h = n / 2;
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
}
