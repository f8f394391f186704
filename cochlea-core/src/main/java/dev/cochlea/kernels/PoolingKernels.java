package dev.cochlea.kernels;

/**
 * Pooling loops over raw arrays, with PyTorch's CPU semantics: max pooling with argmax indices
 * (NaN wins, ties keep the first), dilation and implicit {@code -inf} padding; average pooling with
 * PyTorch's divisor rules ({@code count_include_pad}, {@code divisor_override}, windows of
 * {@code ceil_mode} that start in or beyond the padding); adaptive pooling with windows
 * {@code [floor(i·in/out), ceil((i+1)·in/out))}.
 *
 * <p>Data is a run of {@code planes} planes (batch × channels), each {@link Im2col.Geometry#inSize()}
 * values in, {@link Im2col.Geometry#outSize()} values out; 1-D and 2-D pooling use a geometry whose
 * leading dimensions have size 1. Argmax indices are flat positions inside a plane, as PyTorch's
 * {@code return_indices}. Large inputs are split over {@link Parallel} by planes. Max pooling with
 * 2 × 2 windows and stride 2 goes to the kernels' {@link Kernels#maxPool2x2()} where they have one.
 *
 * <pre>{@code
 * Im2col.Geometry g = Im2col.Geometry.of(new int[] {8, 8}, new int[] {4, 4}, new int[] {2, 2},
 *         new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
 * PoolingKernels.maxPool(g, planes, x, 0, y, 0, idx);
 * }</pre>
 */
public final class PoolingKernels {
    private static final int GRAIN_WORK = 1 << 15;

    private PoolingKernels() {}

    private static int grain(long workPerPlane) {
        return (int) Math.max(1, GRAIN_WORK / Math.max(1, workPerPlane));
    }

    /** Max pooling; {@code idx} (may be null) receives the flat in-plane position of each maximum. */
    public static void maxPool(Im2col.Geometry g, int planes, float[] in, int inOff, float[] out, int outOff, int[] idx) {
        maxPool(KernelProvider.get(), g, planes, in, inOff, out, outOff, idx);
    }

    /** {@link #maxPool(Im2col.Geometry, int, float[], int, float[], int, int[])} on the given kernels. */
    public static void maxPool(Kernels kernels, Im2col.Geometry g, int planes, float[] in, int inOff, float[] out, int outOff,
                               int[] idx) {
        MaxPool2x2 fast = kernels.maxPool2x2().orElse(null);
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain((long) outSize * g.kernelSize()), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                maxPlane(fast, g, in, inOff + pl * inSize, out, outOff + pl * outSize, idx, pl * outSize);
            }
        });
    }

    private static void maxPlane(MaxPool2x2 fast, Im2col.Geometry g, float[] in, int io, float[] out, int oo, int[] idx, int xo) {
        if (g.kd == 1 && g.dd == 1 && g.dh == 1 && g.dw == 1) {
            for (int z = 0; z < g.od; z++) {
                int iz = z * g.sd - g.pd;
                max2d(fast, g, in, io + iz * g.ih * g.iw, iz * g.ih * g.iw, out, oo + z * g.oh * g.ow, idx, xo + z * g.oh * g.ow);
            }
            return;
        }
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        final int kd = g.kd, kh = g.kh, kw = g.kw, sd = g.sd, sh = g.sh, sw = g.sw;
        final int pd = g.pd, ph = g.ph, pw = g.pw, dd = g.dd, dh = g.dh, dw = g.dw;
        int o = 0;
        for (int z = 0; z < od; z++) {
            int d0 = z * sd - pd;
            int d1 = Math.min(d0 + (kd - 1) * dd + 1, id);
            while (d0 < 0) d0 += dd;
            for (int y = 0; y < oh; y++) {
                int h0 = y * sh - ph;
                int h1 = Math.min(h0 + (kh - 1) * dh + 1, ih);
                while (h0 < 0) h0 += dh;
                for (int x = 0; x < ow; x++, o++) {
                    int w0 = x * sw - pw;
                    int w1 = Math.min(w0 + (kw - 1) * dw + 1, iw);
                    while (w0 < 0) w0 += dw;
                    int best = (d0 * ih + h0) * iw + w0;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int a = d0; a < d1; a += dd) {
                        for (int b = h0; b < h1; b += dh) {
                            int row = (a * ih + b) * iw;
                            for (int e = w0; e < w1; e += dw) {
                                float v = in[io + row + e];
                                if (v > max || v != v) {
                                    max = v;
                                    best = row + e;
                                }
                            }
                        }
                    }
                    out[oo + o] = max;
                    if (idx != null) idx[xo + o] = best;
                }
            }
        }
    }

    /**
     * One depth slice of max pooling without dilation: {@code in[io ..]} is the input slice (flat
     * position {@code base} in its plane), windows are clipped to it, and full 2×2 windows take an
     * unrolled path unless {@code fast} (may be null) takes the whole slice.
     */
    private static void max2d(MaxPool2x2 fast, Im2col.Geometry g, float[] in, int io, int base, float[] out, int oo,
                              int[] idx, int xo) {
        if (fast != null && fast.forward(g, in, io, base, out, oo, idx, xo)) return;
        final int ih = g.ih, iw = g.iw, oh = g.oh, ow = g.ow, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw;
        final int ph = g.ph, pw = g.pw;
        final boolean two = kh == 2 && kw == 2;
        int o = 0;
        for (int y = 0; y < oh; y++) {
            int h0 = y * sh - ph;
            int h1 = Math.min(h0 + kh, ih);
            h0 = Math.max(h0, 0);
            for (int x = 0; x < ow; x++, o++) {
                int w0 = x * sw - pw;
                int w1 = Math.min(w0 + kw, iw);
                w0 = Math.max(w0, 0);
                int best = h0 * iw + w0;
                float max;
                float v0, v1, v2, v3;
                if (two && h1 - h0 == 2 && w1 - w0 == 2
                        && Float.isFinite((v0 = in[io + best]) + (v1 = in[io + best + 1])
                                + (v2 = in[io + best + iw]) + (v3 = in[io + best + iw + 1]))) {
                    // A full 2x2 window of finite values as a branch-free tournament (ties keep the
                    // first): on random data compare-and-branch mispredicts half the time.
                    int s1 = less(v0, v1), s3 = less(v2, v3);
                    float m01 = select(v0, v1, s1), m23 = select(v2, v3, s3);
                    int i01 = best + s1, i23 = best + iw + s3;
                    int s = less(m01, m23);
                    max = select(m01, m23, s);
                    best = i01 + ((i23 - i01) & -s);
                } else {
                    max = Float.NEGATIVE_INFINITY;
                    for (int b = h0; b < h1; b++) {
                        int row = b * iw;
                        for (int e = w0; e < w1; e++) {
                            float v = in[io + row + e];
                            if (v > max || v != v) {
                                max = v;
                                best = row + e;
                            }
                        }
                    }
                }
                out[oo + o] = max;
                if (idx != null) idx[xo + o] = base + best;
            }
        }
    }

    /** 1 if {@code a < b}, else 0 (finite values; {@code -0 == +0}), without a branch. */
    private static int less(float a, float b) {
        int bits = Float.floatToRawIntBits(a - b);
        return (bits >>> 31) & (1 - (((bits & 0x7FFFFFFF) - 1) >>> 31));
    }

    /** {@code s == 0 ? a : b} (s is 0 or 1), exactly and without a branch. */
    private static float select(float a, float b, int s) {
        int ab = Float.floatToRawIntBits(a);
        return Float.intBitsToFloat(ab ^ ((ab ^ Float.floatToRawIntBits(b)) & -s));
    }

    /**
     * The gradient of {@link #maxPool} with geometry {@code g}: as the plain scatter below, but 2 × 2,
     * stride-2 planes may be written in full by the kernels' {@link Kernels#maxPool2x2()}. {@code gIn} must
     * be zero on entry.
     */
    public static void maxPoolBackward(Im2col.Geometry g, int planes, float[] gOut, int gOff, int[] idx,
                                       float[] gIn, int gInOff) {
        maxPoolBackward(KernelProvider.get(), g, planes, gOut, gOff, idx, gIn, gInOff);
    }

    /** {@link #maxPoolBackward(Im2col.Geometry, int, float[], int, int[], float[], int)} on the given kernels. */
    public static void maxPoolBackward(Kernels kernels, Im2col.Geometry g, int planes, float[] gOut, int gOff, int[] idx,
                                       float[] gIn, int gInOff) {
        MaxPool2x2 fast = kernels.maxPool2x2().orElse(null);
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain(outSize), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int go = gOff + pl * outSize, xo = pl * outSize, gi = gInOff + pl * inSize;
                if (fast != null && fast.backward(g, gOut, go, idx, xo, gIn, gi)) continue;
                for (int o = 0; o < outSize; o++) gIn[gi + idx[xo + o]] += gOut[go + o];
            }
        });
    }

    /**
     * The gradient of max pooling (and of adaptive max pooling): adds {@code gOut} into {@code gIn}
     * at the recorded positions ({@code gIn} must hold zeros or earlier gradient).
     */
    public static void maxPoolBackward(int planes, int inSize, int outSize, float[] gOut, int gOff, int[] idx,
                                       float[] gIn, int gInOff) {
        Parallel.forRange(planes, grain(outSize), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int go = gOff + pl * outSize, xo = pl * outSize, gi = gInOff + pl * inSize;
                for (int o = 0; o < outSize; o++) gIn[gi + idx[xo + o]] += gOut[go + o];
            }
        });
    }

    /**
     * Average pooling (dilation must be 1). {@code divisorOverride} 0 means none; otherwise every
     * window is divided by it.
     */
    public static void avgPool(Im2col.Geometry g, int planes, float[] in, int inOff, float[] out, int outOff,
                               boolean countIncludePad, int divisorOverride) {
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain((long) outSize * g.kernelSize()), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                avgPlane(g, in, inOff + pl * inSize, out, outOff + pl * outSize, countIncludePad, divisorOverride, false);
            }
        });
    }

    /** The gradient of {@link #avgPool}: adds each output gradient, divided, into its window of {@code gIn}. */
    public static void avgPoolBackward(Im2col.Geometry g, int planes, float[] gOut, int gOff, float[] gIn, int gInOff,
                                       boolean countIncludePad, int divisorOverride) {
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain((long) outSize * g.kernelSize()), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                avgPlane(g, gIn, gInOff + pl * inSize, gOut, gOff + pl * outSize, countIncludePad, divisorOverride, true);
            }
        });
    }

    /** One plane of average pooling; {@code backward} spreads {@code out} into {@code in} instead. */
    private static void avgPlane(Im2col.Geometry g, float[] in, int io, float[] out, int oo,
                                 boolean countIncludePad, int divisorOverride, boolean backward) {
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        final int kd = g.kd, kh = g.kh, kw = g.kw, sd = g.sd, sh = g.sh, sw = g.sw;
        final int pd = g.pd, ph = g.ph, pw = g.pw;
        int o = 0;
        for (int z = 0; z < od; z++) {
            int d0 = z * sd - pd;
            int d1 = Math.min(d0 + kd, id + pd);
            int dSpan = d1 - d0;
            d0 = Math.max(d0, 0);
            d1 = Math.min(d1, id);
            for (int y = 0; y < oh; y++) {
                int h0 = y * sh - ph;
                int h1 = Math.min(h0 + kh, ih + ph);
                int hSpan = h1 - h0;
                h0 = Math.max(h0, 0);
                h1 = Math.min(h1, ih);
                for (int x = 0; x < ow; x++, o++) {
                    int w0 = x * sw - pw;
                    int w1 = Math.min(w0 + kw, iw + pw);
                    int poolSize = dSpan * hSpan * (w1 - w0);
                    w0 = Math.max(w0, 0);
                    w1 = Math.min(w1, iw);
                    if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
                        if (!backward) out[oo + o] = 0f;
                        continue;
                    }
                    int divisor = divisorOverride != 0 ? divisorOverride
                            : countIncludePad ? poolSize : (d1 - d0) * (h1 - h0) * (w1 - w0);
                    if (backward) {
                        float gv = out[oo + o] / divisor;
                        for (int a = d0; a < d1; a++) {
                            for (int b = h0; b < h1; b++) {
                                int row = io + (a * ih + b) * iw;
                                for (int e = w0; e < w1; e++) in[row + e] += gv;
                            }
                        }
                    } else {
                        float sum = 0f;
                        for (int a = d0; a < d1; a++) {
                            for (int b = h0; b < h1; b++) {
                                int row = io + (a * ih + b) * iw;
                                for (int e = w0; e < w1; e++) sum += in[row + e];
                            }
                        }
                        out[oo + o] = sum / divisor;
                    }
                }
            }
        }
    }

    /** The start of adaptive window {@code i} of {@code out} over {@code in}: {@code floor(i·in/out)}. */
    public static int adaptiveStart(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    /** The end (exclusive) of adaptive window {@code i}: {@code ceil((i+1)·in/out)}. */
    public static int adaptiveEnd(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /**
     * Adaptive average pooling ({@code idx == null}) or adaptive max pooling ({@code idx} receives
     * the argmax positions). The geometry's kernel, stride and padding are ignored; only its input
     * and output sizes are used.
     */
    public static void adaptivePool(Im2col.Geometry g, int planes, float[] in, int inOff, float[] out, int outOff,
                                    boolean max, int[] idx) {
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain(inSize + outSize), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                adaptivePlane(g, in, inOff + pl * inSize, out, outOff + pl * outSize, max, idx, pl * outSize, false);
            }
        });
    }

    /** The gradient of adaptive average pooling: spreads each output gradient evenly over its window. */
    public static void adaptiveAvgPoolBackward(Im2col.Geometry g, int planes, float[] gOut, int gOff,
                                               float[] gIn, int gInOff) {
        int inSize = g.inSize(), outSize = g.outSize();
        Parallel.forRange(planes, grain(inSize + outSize), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                adaptivePlane(g, gIn, gInOff + pl * inSize, gOut, gOff + pl * outSize, false, null, 0, true);
            }
        });
    }

    private static void adaptivePlane(Im2col.Geometry g, float[] in, int io, float[] out, int oo, boolean max,
                                      int[] idx, int xo, boolean backward) {
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        int o = 0;
        for (int z = 0; z < od; z++) {
            int d0 = adaptiveStart(z, id, od), d1 = adaptiveEnd(z, id, od);
            for (int y = 0; y < oh; y++) {
                int h0 = adaptiveStart(y, ih, oh), h1 = adaptiveEnd(y, ih, oh);
                for (int x = 0; x < ow; x++, o++) {
                    int w0 = adaptiveStart(x, iw, ow), w1 = adaptiveEnd(x, iw, ow);
                    int count = (d1 - d0) * (h1 - h0) * (w1 - w0);
                    if (backward) {
                        float gv = out[oo + o] / count;
                        for (int a = d0; a < d1; a++) {
                            for (int b = h0; b < h1; b++) {
                                int row = io + (a * ih + b) * iw;
                                for (int e = w0; e < w1; e++) in[row + e] += gv;
                            }
                        }
                    } else if (max) {
                        int best = (d0 * ih + h0) * iw + w0;
                        float m = Float.NEGATIVE_INFINITY;
                        for (int a = d0; a < d1; a++) {
                            for (int b = h0; b < h1; b++) {
                                int row = (a * ih + b) * iw;
                                for (int e = w0; e < w1; e++) {
                                    float v = in[io + row + e];
                                    if (v > m || v != v) {
                                        m = v;
                                        best = row + e;
                                    }
                                }
                            }
                        }
                        out[oo + o] = m;
                        if (idx != null) idx[xo + o] = best;
                    } else {
                        float sum = 0f;
                        for (int a = d0; a < d1; a++) {
                            for (int b = h0; b < h1; b++) {
                                int row = io + (a * ih + b) * iw;
                                for (int e = w0; e < w1; e++) sum += in[row + e];
                            }
                        }
                        out[oo + o] = sum / count;
                    }
                }
            }
        }
    }
}
