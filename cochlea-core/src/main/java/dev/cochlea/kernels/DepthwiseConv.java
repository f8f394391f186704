package dev.cochlea.kernels;

import java.util.Arrays;

/**
 * Depthwise (channel-wise) 1-D and 2-D convolution over raw arrays: every output channel
 * {@code o = g·M + i} reads only input channel {@code g} ({@code groups = C_in}, one input
 * channel per group, {@code M} outputs per group), as {@code Conv2d(C, C·M, k, groups=C)}. Runs
 * plane by plane with shifted-row sums ({@link Kernels#tapSum}, {@link Kernels#tapDot}) instead of
 * an im2col and a one-row matrix product per group, which is what the generic path costs for
 * these layers. The same three forms as {@link ConvKernels}:
 * <ul>
 *   <li>{@link #forward}: {@code col[n, o] = w[o] ⋆ img[n, g]} (+ bias);</li>
 *   <li>{@link #backwardData}: {@code img[n, g] = Σ_i w[g·M+i]ᵀ ⋆ col[n, g·M+i]} (+ bias), the
 *       input gradient;</li>
 *   <li>{@link #backwardWeight}: {@code dw[o, tap] = Σ_n Σ_pos col[n, o, pos] · img[n, g, pos+tap]}.</li>
 * </ul>
 * Rows where every tap lies inside the image go through the {@link Kernels} given (scalar or
 * Vector API); the few positions at the padded borders, and column strides other than 1, are
 * plain loops. Planes (forward, input gradient) or output channels (weight gradient, summed over
 * the batch in a fixed order) are split over {@link Parallel}.
 *
 * <pre>{@code
 * // y[2, 8, 20, 63] = conv2d(x[2, 8, 20, 63], w[8, 1, 3, 1], padding (1, 0), groups 8)
 * Im2col.Geometry g = Im2col.Geometry.of(new int[] {20, 63}, new int[] {20, 63}, new int[] {3, 1},
 *         new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1});
 * DepthwiseConv.forward(KernelProvider.get(), 2, 8, 1, g, x, 0, w, 0, null, 0, y, 0);
 * }</pre>
 */
public final class DepthwiseConv {
    private static final int GRAIN_WORK = 1 << 14;

    private DepthwiseConv() {}

    /** Whether a convolution with {@code c} input channels per group and this geometry runs here (1-D/2-D, c = 1, groups > 1). */
    public static boolean supports(Im2col.Geometry geo, int groups, int c) {
        return c == 1 && groups > 1 && geo.id == 1 && geo.od == 1 && geo.kd == 1;
    }

    private static int grain(long workPerUnit) {
        return (int) Math.max(1, GRAIN_WORK / Math.max(1, workPerUnit));
    }

    /** Per-thread scratch: tap offsets, tap weights, tap shifts, tap rows, tap indices and sums. */
    private static final class Taps {
        final int[] offs, shift, row, idx;
        final float[] w, acc;

        Taps(int n) {
            offs = new int[n];
            shift = new int[n];
            row = new int[n];
            idx = new int[n];
            w = new float[n];
            acc = new float[n];
        }
    }

    /**
     * {@code col[n, g·m + i] = w[g·m + i] ⋆ img[n, g]} plus {@code bias[g·m + i]} (bias may be null);
     * overwrites {@code col}.
     */
    public static void forward(Kernels k, int batch, int groups, int m, Im2col.Geometry geo, float[] img, int imgOff,
                               float[] w, int wOff, float[] bias, int biasOff, float[] col, int colOff) {
        final int planes = batch * groups * m, in = geo.inSize(), p = geo.outSize(), kk = geo.kernelSize();
        Parallel.forRange(planes, grain((long) p * kk), (p0, p1) -> {
            Taps taps = new Taps(kk);
            for (int pl = p0; pl < p1; pl++) {
                int o = pl % (groups * m), n = pl / (groups * m), g = o / m;
                int out = colOff + pl * p;
                Arrays.fill(col, out, out + p, bias == null ? 0f : bias[biasOff + o]);
                forwardPlane(k, geo, img, imgOff + (n * groups + g) * in, w, wOff + o * kk, col, out, taps);
            }
        });
    }

    private static void forwardPlane(Kernels k, Im2col.Geometry geo, float[] img, int io, float[] w, int wo,
                                     float[] col, int oo, Taps taps) {
        final int ih = geo.ih, iw = geo.iw, oh = geo.oh, ow = geo.ow, kh = geo.kh, kw = geo.kw;
        // columns x where x·sw + b·dw - pw is inside [0, iw) for every b (stride 1 only)
        int lo = 0, hi = 0;
        if (geo.sw == 1) {
            lo = Math.min(ow, Math.max(0, geo.pw));
            hi = Math.max(lo, Math.min(ow, iw - (kw - 1) * geo.dw + geo.pw));
        }
        for (int y = 0; y < oh; y++) {
            int t = 0;
            for (int a = 0; a < kh; a++) {
                int iy = y * geo.sh - geo.ph + a * geo.dh;
                if (iy < 0 || iy >= ih) continue;
                for (int b = 0; b < kw; b++, t++) {
                    taps.row[t] = io + iy * iw;
                    taps.shift[t] = b * geo.dw - geo.pw;
                    taps.offs[t] = taps.row[t] + taps.shift[t] + lo;
                    taps.w[t] = w[wo + a * kw + b];
                }
            }
            if (t == 0) continue;
            int row = oo + y * ow;
            if (hi > lo) k.tapSum(img, taps.offs, taps.w, t, col, row + lo, hi - lo);
            for (int x = 0; x < ow; x++) {
                if (x == lo && hi > lo) x = hi;
                if (x >= ow) break;
                float s = 0f;
                for (int j = 0; j < t; j++) {
                    int ix = x * geo.sw + taps.shift[j];
                    if (ix >= 0 && ix < iw) s += taps.w[j] * img[taps.row[j] + ix];
                }
                col[row + x] += s;
            }
        }
    }

    /**
     * The input gradient (adjoint of {@link #forward} without bias):
     * {@code img[n, g] = Σ_i w[g·m + i]ᵀ ⋆ col[n, g·m + i]} plus {@code bias[g]} (may be null);
     * overwrites {@code img}.
     */
    public static void backwardData(Kernels k, int batch, int groups, int m, Im2col.Geometry geo, float[] col, int colOff,
                                    float[] w, int wOff, float[] bias, int biasOff, float[] img, int imgOff) {
        final int planes = batch * groups, in = geo.inSize(), p = geo.outSize(), kk = geo.kernelSize();
        Parallel.forRange(planes, grain((long) m * p * kk), (p0, p1) -> {
            Taps taps = new Taps(kk);
            for (int pl = p0; pl < p1; pl++) {
                int g = pl % groups, n = pl / groups;
                int dst = imgOff + pl * in;
                Arrays.fill(img, dst, dst + in, bias == null ? 0f : bias[biasOff + g]);
                for (int i = 0; i < m; i++) {
                    int o = g * m + i;
                    backwardDataPlane(k, geo, col, colOff + (n * groups * m + o) * p, w, wOff + o * kk, img, dst, taps);
                }
            }
        });
    }

    private static void backwardDataPlane(Kernels k, Im2col.Geometry geo, float[] col, int co, float[] w, int wo,
                                          float[] img, int io, Taps taps) {
        final int ih = geo.ih, iw = geo.iw, oh = geo.oh, ow = geo.ow, kh = geo.kh, kw = geo.kw;
        // image columns ix = x + b·dw - pw: x = ix - shift_b inside [0, ow) for every b (stride 1 only)
        int lo = 0, hi = 0;
        if (geo.sw == 1) {
            lo = Math.min(iw, Math.max(0, (kw - 1) * geo.dw - geo.pw));
            hi = Math.max(lo, Math.min(iw, ow - geo.pw));
        }
        for (int y = 0; y < oh; y++) {
            int grow = co + y * ow;
            for (int a = 0; a < kh; a++) {
                int iy = y * geo.sh - geo.ph + a * geo.dh;
                if (iy < 0 || iy >= ih) continue;
                int irow = io + iy * iw;
                if (geo.sw != 1) {
                    for (int b = 0; b < kw; b++) {
                        float wt = w[wo + a * kw + b];
                        int shift = b * geo.dw - geo.pw;
                        for (int x = 0; x < ow; x++) {
                            int ix = x * geo.sw + shift;
                            if (ix >= 0 && ix < iw) img[irow + ix] += wt * col[grow + x];
                        }
                    }
                    continue;
                }
                for (int b = 0; b < kw; b++) {
                    taps.shift[b] = b * geo.dw - geo.pw;
                    taps.offs[b] = grow - taps.shift[b] + lo;
                    taps.w[b] = w[wo + a * kw + b];
                }
                if (hi > lo) k.tapSum(col, taps.offs, taps.w, kw, img, irow + lo, hi - lo);
                for (int ix = 0; ix < iw; ix++) {
                    if (ix == lo && hi > lo) ix = hi;
                    if (ix >= iw) break;
                    float s = 0f;
                    for (int b = 0; b < kw; b++) {
                        int x = ix - taps.shift[b];
                        if (x >= 0 && x < ow) s += taps.w[b] * col[grow + x];
                    }
                    img[irow + ix] += s;
                }
            }
        }
    }

    /**
     * The weight gradient {@code dw[o, tap] = Σ_n Σ_pos col[n, o, pos] · img[n, g, pos + tap]}
     * (summed over the batch in order); overwrites {@code dw}.
     */
    public static void backwardWeight(Kernels k, int batch, int groups, int m, Im2col.Geometry geo, float[] col, int colOff,
                                      float[] img, int imgOff, float[] dw, int dwOff) {
        final int channels = groups * m, in = geo.inSize(), p = geo.outSize(), kk = geo.kernelSize();
        Parallel.forRange(channels, grain((long) batch * p * kk), (c0, c1) -> {
            Taps taps = new Taps(kk);
            for (int o = c0; o < c1; o++) {
                int g = o / m;
                Arrays.fill(dw, dwOff + o * kk, dwOff + (o + 1) * kk, 0f);
                for (int n = 0; n < batch; n++) {
                    weightPlane(k, geo, col, colOff + (n * channels + o) * p, img, imgOff + (n * groups + g) * in,
                            dw, dwOff + o * kk, taps);
                }
            }
        });
    }

    private static void weightPlane(Kernels k, Im2col.Geometry geo, float[] col, int co, float[] img, int io,
                                    float[] dw, int dwo, Taps taps) {
        final int ih = geo.ih, iw = geo.iw, oh = geo.oh, ow = geo.ow, kh = geo.kh, kw = geo.kw;
        int lo = 0, hi = 0;
        if (geo.sw == 1) {
            lo = Math.min(ow, Math.max(0, geo.pw));
            hi = Math.max(lo, Math.min(ow, iw - (kw - 1) * geo.dw + geo.pw));
        }
        for (int y = 0; y < oh; y++) {
            int t = 0;
            for (int a = 0; a < kh; a++) {
                int iy = y * geo.sh - geo.ph + a * geo.dh;
                if (iy < 0 || iy >= ih) continue;
                for (int b = 0; b < kw; b++, t++) {
                    taps.row[t] = io + iy * iw;
                    taps.shift[t] = b * geo.dw - geo.pw;
                    taps.offs[t] = taps.row[t] + taps.shift[t] + lo;
                    taps.idx[t] = a * kw + b;
                    taps.acc[t] = 0f;
                }
            }
            if (t == 0) continue;
            int grow = co + y * ow;
            if (hi > lo) k.tapDot(col, grow + lo, img, taps.offs, t, hi - lo, taps.acc);
            for (int x = 0; x < ow; x++) {
                if (x == lo && hi > lo) x = hi;
                if (x >= ow) break;
                float gv = col[grow + x];
                for (int j = 0; j < t; j++) {
                    int ix = x * geo.sw + taps.shift[j];
                    if (ix >= 0 && ix < iw) taps.acc[j] += gv * img[taps.row[j] + ix];
                }
            }
            for (int j = 0; j < t; j++) dw[dwo + taps.idx[j]] += taps.acc[j];
        }
    }
}
