package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradOps} on the Vector API: a vector of neighbouring tiles at a time in the transforms
 * (their inputs are consecutive floats of the split rows), written out as straight-line sums for each
 * tile size (F(2, 3), F(2, 5) and F(4, 3) share the 6-point input transform; F(4, 5) has 8 points), and
 * in the products a register tile of 4 output channels × up to 4 vectors of tiles (16 accumulators,
 * 8 loads per 16 fused multiply-adds), the shape of {@link VectorGemm}'s micro-kernel, or 8 channels ×
 * 1 vector when a band has only one or two vectors of tiles. Any vector width.
 *
 * <pre>{@code
 * WinogradOps ops = KernelProvider.vector().winograd();
 * }</pre>
 */
final class VectorWinograd implements WinogradOps {
    static final VectorWinograd INSTANCE = new VectorWinograd();

    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;
    /** Indices that interleave the low (high) halves of two vectors: {@code a0 b0 a1 b1 …}. */
    private static final FloatVector ZIP_LO = zip(0), ZIP_HI = zip(L / 2);

    private static FloatVector zip(int from) {
        float[] idx = new float[L];
        for (int q = 0; q < L / 2; q++) {
            idx[2 * q] = from + q;
            idx[2 * q + 1] = L + from + q;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    private VectorWinograd() {}

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void inputTransform(WinogradTransform t, float[] d, int c, int plane, int wt, int n, float[] v, int stride, float[] e) {
        final int a = t.alpha, m = t.m, xiStride = c * stride, st = a * L;
        for (int ci = 0; ci < c; ci++) {
            for (int tile = 0; tile < n; tile += L) {
                // Rows of the tile (element i of row j at (i mod m)·plane + i/m from the row's start), then its columns.
                for (int j = 0; j < a; j++) {
                    int row = ((ci * m + (j & (m - 1))) * m) * plane + (j / m) * wt + tile;
                    transform(a, d, row, m == 2 ? 1 : 2, plane, 1, e, j * st, L);
                }
                int at = ci * stride + tile;
                for (int b = 0; b < a; b++) transform(a, e, b * L, 3, st, 0, v, b * xiStride + at, a * xiStride);
            }
        }
    }

    /**
     * {@code Bᵀ} applied to one line of {@code a} vectors, element {@code i} at
     * {@code src[base + (i mod 2^shift)·ps + (i >> shift)·qs]}: the {@code a} results written {@code step} apart
     * from {@code off}. Vectors never cross a call, so nothing is boxed whether or not the JIT inlines.
     */
    private static void transform(int a, float[] s, int base, int shift, int ps, int qs, float[] o, int off, int step) {
        if (a == 4) in4(s, base, shift, ps, qs, o, off, step);
        else if (a == 6) in6(s, base, shift, ps, qs, o, off, step);
        else in8(s, base, shift, ps, qs, o, off, step);
    }

    /** Element {@code i} of a line: at {@code base + (i mod 2^shift)·ps + (i >> shift)·qs}. */
    private static FloatVector load(float[] s, int base, int i, int shift, int ps, int qs) {
        return FloatVector.fromArray(S, s, base + (i & ((1 << shift) - 1)) * ps + (i >> shift) * qs);
    }

    /** {@code Bᵀ d} for 4 points (0, ±1, ∞). */
    private static void in4(float[] s, int base, int shift, int ps, int qs, float[] o, int off, int step) {
        FloatVector d0 = load(s, base, 0, shift, ps, qs), d1 = load(s, base, 1, shift, ps, qs);
        FloatVector d2 = load(s, base, 2, shift, ps, qs), d3 = load(s, base, 3, shift, ps, qs);
        d2.sub(d0).intoArray(o, off);
        d1.add(d2).intoArray(o, off + step);
        d2.sub(d1).intoArray(o, off + 2 * step);
        d3.sub(d1).intoArray(o, off + 3 * step);
    }

    /** {@code Bᵀ d} for 6 points (0, ±1, ±½, ∞). */
    private static void in6(float[] s, int base, int shift, int ps, int qs, float[] o, int off, int step) {
        FloatVector d0 = load(s, base, 0, shift, ps, qs), d1 = load(s, base, 1, shift, ps, qs);
        FloatVector d2 = load(s, base, 2, shift, ps, qs), d3 = load(s, base, 3, shift, ps, qs);
        FloatVector d4 = load(s, base, 4, shift, ps, qs), d5 = load(s, base, 5, shift, ps, qs);
        FloatVector quarter = FloatVector.broadcast(S, 0.25f), mQuarter = FloatVector.broadcast(S, -0.25f);
        FloatVector m125 = FloatVector.broadcast(S, -1.25f);
        FloatVector p = d2.fma(mQuarter, d4), q = d1.fma(mQuarter, d3);
        FloatVector p2 = d4.sub(d2), q2 = d3.sub(d1).mul(0.5f);
        d0.fma(quarter, d2.fma(m125, d4)).intoArray(o, off);
        p.add(q).intoArray(o, off + step);
        p.sub(q).intoArray(o, off + 2 * step);
        p2.add(q2).intoArray(o, off + 3 * step);
        p2.sub(q2).intoArray(o, off + 4 * step);
        d1.fma(quarter, d3.fma(m125, d5)).intoArray(o, off + 5 * step);
    }

    /** {@code Bᵀ d} for 8 points (0, ±1, ±½, ±2, ∞). */
    private static void in8(float[] s, int base, int shift, int ps, int qs, float[] o, int off, int step) {
        FloatVector d0 = load(s, base, 0, shift, ps, qs), d1 = load(s, base, 1, shift, ps, qs);
        FloatVector d2 = load(s, base, 2, shift, ps, qs), d3 = load(s, base, 3, shift, ps, qs);
        FloatVector d4 = load(s, base, 4, shift, ps, qs), d5 = load(s, base, 5, shift, ps, qs);
        FloatVector d6 = load(s, base, 6, shift, ps, qs), d7 = load(s, base, 7, shift, ps, qs);
        FloatVector c525 = FloatVector.broadcast(S, 5.25f), m425 = FloatVector.broadcast(S, -4.25f);
        FloatVector m25 = FloatVector.broadcast(S, -2.5f), m125 = FloatVector.broadcast(S, -1.25f), m5 = FloatVector.broadcast(S, -5f);
        d2.sub(d4).fma(c525, d6.sub(d0)).intoArray(o, off);
        FloatVector e1 = d4.fma(m425, d2.add(d6)), o1 = d3.fma(m425, d1.add(d5));
        e1.add(o1).intoArray(o, off + step);
        e1.sub(o1).intoArray(o, off + 2 * step);
        FloatVector e2 = d2.mul(4f).add(d4.fma(m5, d6)), o2 = d1.mul(2f).add(d3.fma(m25, d5.mul(0.5f)));
        e2.add(o2).intoArray(o, off + 3 * step);
        e2.sub(o2).intoArray(o, off + 4 * step);
        FloatVector e3 = d2.mul(0.25f).add(d4.fma(m125, d6)), o3 = d1.mul(0.5f).add(d3.fma(m25, d5.mul(2f)));
        e3.add(o3).intoArray(o, off + 5 * step);
        e3.sub(o3).intoArray(o, off + 6 * step);
        d3.sub(d5).fma(c525, d7.sub(d1)).intoArray(o, off + 7 * step);
    }

    @Override
    public void multiply(int xis, int k, int c, float[] u, float[] v, float[] m, int stride, int n) {
        final int n4 = n / (4 * L) * (4 * L);
        // One or two vectors of tiles leave too few accumulators in a 4-row tile to hide the FMA latency: 8 rows then.
        final int rowStep = n < 3 * L && k % 8 == 0 ? 8 : 4;
        final int kt = k / rowStep * rowStep;
        for (int xi = 0; xi < xis; xi++) {
            int uBase = xi * k * c, vBase = xi * c * stride, mBase = xi * k * stride;
            for (int ki = 0; ki < kt; ki += rowStep) {
                int u0 = uBase + ki * c;
                int m0 = mBase + ki * stride;
                if (rowStep == 8) {
                    for (int j = 0; j < n; j += L) tile8x1(u, u0, c, v, vBase + j, stride, m, m0 + j);
                    continue;
                }
                for (int j = 0; j < n4; j += 4 * L) tile4x4(u, u0, c, v, vBase + j, stride, m, m0 + j);
                int j = n4;
                if (n - j == 3 * L) {
                    tile4x3(u, u0, c, v, vBase + j, stride, m, m0 + j);
                    j += 3 * L;
                }
                for (; j < n; j += L) tile4x1(u, u0, c, v, vBase + j, stride, m, m0 + j);
            }
            for (int ki = kt; ki < k; ki++) {
                int u0 = uBase + ki * c, m0 = mBase + ki * stride;
                for (int j = 0; j < n; j += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int ci = 0, vo = vBase + j; ci < c; ci++, vo += stride) {
                        acc = FloatVector.fromArray(S, v, vo).fma(FloatVector.broadcast(S, u[u0 + ci]), acc);
                    }
                    acc.intoArray(m, m0 + j);
                }
            }
        }
    }

    /** Eight output channels × one vector of tiles. */
    private static void tile8x1(float[] u, int u0, int c, float[] v, int v0, int stride, float[] m, int m0) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int ci = 0, vo = v0; ci < c; ci++, vo += stride) {
            FloatVector b = FloatVector.fromArray(S, v, vo);
            a0 = b.fma(FloatVector.broadcast(S, u[u0 + ci]), a0);
            a1 = b.fma(FloatVector.broadcast(S, u[u0 + c + ci]), a1);
            a2 = b.fma(FloatVector.broadcast(S, u[u0 + 2 * c + ci]), a2);
            a3 = b.fma(FloatVector.broadcast(S, u[u0 + 3 * c + ci]), a3);
            a4 = b.fma(FloatVector.broadcast(S, u[u0 + 4 * c + ci]), a4);
            a5 = b.fma(FloatVector.broadcast(S, u[u0 + 5 * c + ci]), a5);
            a6 = b.fma(FloatVector.broadcast(S, u[u0 + 6 * c + ci]), a6);
            a7 = b.fma(FloatVector.broadcast(S, u[u0 + 7 * c + ci]), a7);
        }
        a0.intoArray(m, m0);
        a1.intoArray(m, m0 + stride);
        a2.intoArray(m, m0 + 2 * stride);
        a3.intoArray(m, m0 + 3 * stride);
        a4.intoArray(m, m0 + 4 * stride);
        a5.intoArray(m, m0 + 5 * stride);
        a6.intoArray(m, m0 + 6 * stride);
        a7.intoArray(m, m0 + 7 * stride);
    }

    /** Four output channels × four vectors of tiles. */
    private static void tile4x4(float[] u, int u0, int c, float[] v, int v0, int stride, float[] m, int m0) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int ci = 0, vo = v0; ci < c; ci++, vo += stride) {
            FloatVector b0 = FloatVector.fromArray(S, v, vo);
            FloatVector b1 = FloatVector.fromArray(S, v, vo + L);
            FloatVector b2 = FloatVector.fromArray(S, v, vo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, v, vo + 3 * L);
            FloatVector w = FloatVector.broadcast(S, u[u0 + ci]);
            a00 = b0.fma(w, a00);
            a01 = b1.fma(w, a01);
            a02 = b2.fma(w, a02);
            a03 = b3.fma(w, a03);
            w = FloatVector.broadcast(S, u[u0 + c + ci]);
            a10 = b0.fma(w, a10);
            a11 = b1.fma(w, a11);
            a12 = b2.fma(w, a12);
            a13 = b3.fma(w, a13);
            w = FloatVector.broadcast(S, u[u0 + 2 * c + ci]);
            a20 = b0.fma(w, a20);
            a21 = b1.fma(w, a21);
            a22 = b2.fma(w, a22);
            a23 = b3.fma(w, a23);
            w = FloatVector.broadcast(S, u[u0 + 3 * c + ci]);
            a30 = b0.fma(w, a30);
            a31 = b1.fma(w, a31);
            a32 = b2.fma(w, a32);
            a33 = b3.fma(w, a33);
        }
        a00.intoArray(m, m0);
        a01.intoArray(m, m0 + L);
        a02.intoArray(m, m0 + 2 * L);
        a03.intoArray(m, m0 + 3 * L);
        a10.intoArray(m, m0 + stride);
        a11.intoArray(m, m0 + stride + L);
        a12.intoArray(m, m0 + stride + 2 * L);
        a13.intoArray(m, m0 + stride + 3 * L);
        a20.intoArray(m, m0 + 2 * stride);
        a21.intoArray(m, m0 + 2 * stride + L);
        a22.intoArray(m, m0 + 2 * stride + 2 * L);
        a23.intoArray(m, m0 + 2 * stride + 3 * L);
        a30.intoArray(m, m0 + 3 * stride);
        a31.intoArray(m, m0 + 3 * stride + L);
        a32.intoArray(m, m0 + 3 * stride + 2 * L);
        a33.intoArray(m, m0 + 3 * stride + 3 * L);
    }

    /** Four output channels × three vectors of tiles. */
    private static void tile4x3(float[] u, int u0, int c, float[] v, int v0, int stride, float[] m, int m0) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00;
        for (int ci = 0, vo = v0; ci < c; ci++, vo += stride) {
            FloatVector b0 = FloatVector.fromArray(S, v, vo);
            FloatVector b1 = FloatVector.fromArray(S, v, vo + L);
            FloatVector b2 = FloatVector.fromArray(S, v, vo + 2 * L);
            FloatVector w = FloatVector.broadcast(S, u[u0 + ci]);
            a00 = b0.fma(w, a00);
            a01 = b1.fma(w, a01);
            a02 = b2.fma(w, a02);
            w = FloatVector.broadcast(S, u[u0 + c + ci]);
            a10 = b0.fma(w, a10);
            a11 = b1.fma(w, a11);
            a12 = b2.fma(w, a12);
            w = FloatVector.broadcast(S, u[u0 + 2 * c + ci]);
            a20 = b0.fma(w, a20);
            a21 = b1.fma(w, a21);
            a22 = b2.fma(w, a22);
            w = FloatVector.broadcast(S, u[u0 + 3 * c + ci]);
            a30 = b0.fma(w, a30);
            a31 = b1.fma(w, a31);
            a32 = b2.fma(w, a32);
        }
        a00.intoArray(m, m0);
        a01.intoArray(m, m0 + L);
        a02.intoArray(m, m0 + 2 * L);
        a10.intoArray(m, m0 + stride);
        a11.intoArray(m, m0 + stride + L);
        a12.intoArray(m, m0 + stride + 2 * L);
        a20.intoArray(m, m0 + 2 * stride);
        a21.intoArray(m, m0 + 2 * stride + L);
        a22.intoArray(m, m0 + 2 * stride + 2 * L);
        a30.intoArray(m, m0 + 3 * stride);
        a31.intoArray(m, m0 + 3 * stride + L);
        a32.intoArray(m, m0 + 3 * stride + 2 * L);
    }

    /** Four output channels × one vector of tiles. */
    private static void tile4x1(float[] u, int u0, int c, float[] v, int v0, int stride, float[] m, int m0) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int ci = 0, vo = v0; ci < c; ci++, vo += stride) {
            FloatVector b = FloatVector.fromArray(S, v, vo);
            a0 = b.fma(FloatVector.broadcast(S, u[u0 + ci]), a0);
            a1 = b.fma(FloatVector.broadcast(S, u[u0 + c + ci]), a1);
            a2 = b.fma(FloatVector.broadcast(S, u[u0 + 2 * c + ci]), a2);
            a3 = b.fma(FloatVector.broadcast(S, u[u0 + 3 * c + ci]), a3);
        }
        a0.intoArray(m, m0);
        a1.intoArray(m, m0 + stride);
        a2.intoArray(m, m0 + 2 * stride);
        a3.intoArray(m, m0 + 3 * stride);
    }

    @Override
    public void outputTransform(WinogradTransform t, float[] p, int k, int stride, int n, Band band,
                                float[] bias, int biasOff, boolean relu, boolean pool, float[] out, int outOff, float[] f) {
        final int a = t.alpha, m = t.m, xiStride = k * stride, yo = a * m * L;
        final FloatVector zero = FloatVector.zero(S);
        for (int ki = 0; ki < k; ki++) {
            FloatVector b0 = FloatVector.broadcast(S, bias == null ? 0f : bias[biasOff + ki]);
            for (int tile = 0; tile < n; tile += L) {
                int at = ki * stride + tile;
                // Rows of the tile: f[x][v] = (p[x][·] A)[v], kept in the scratch.
                for (int x = 0; x < a; x++) columnsOut(a, m, p, x * a * xiStride + at, xiStride, f, x * m * L, L);
                // Columns: y[u][v] = Σ_x Aᵀ[u][x] f[x][v], then bias, ReLU, and the pooling's maxima.
                for (int vv = 0; vv < m; vv++) columnsOut(a, m, f, vv * L, m * L, f, yo + vv * L, m * L);
                if (pool) {
                    // The window maxima first (bias and ReLU commute with them), kept at the windows' top-left.
                    for (int uu = 0; uu < m; uu += 2) {
                        for (int vv = 0; vv < m; vv += 2) {
                            int q = yo + (uu * m + vv) * L;
                            FloatVector y = FloatVector.fromArray(S, f, q).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, f, q + L))
                                    .lanewise(VectorOperators.MAX, FloatVector.fromArray(S, f, q + m * L)
                                            .lanewise(VectorOperators.MAX, FloatVector.fromArray(S, f, q + m * L + L)))
                                    .add(b0);
                            if (relu) y = y.lanewise(VectorOperators.MAX, zero);
                            y.intoArray(f, q);
                        }
                    }
                } else {
                    for (int q = 0; q < m * m; q++) {
                        FloatVector y = FloatVector.fromArray(S, f, yo + q * L).add(b0);
                        if (relu) y = y.lanewise(VectorOperators.MAX, zero);
                        y.intoArray(f, yo + q * L);
                    }
                }
                if (pool) scatterPooled(m, f, yo, tile, band, out, outOff + ki * (band.oh() / 2) * (band.ow() / 2));
                else scatter(m, f, yo, tile, band, out, outOff + ki * band.oh() * band.ow());
            }
        }
    }

    /**
     * {@code Aᵀ} along one line of {@code a} vectors ({@code from} apart from {@code src}): its {@code m}
     * outputs written {@code step} apart from {@code dst}.
     */
    private static void columnsOut(int a, int m, float[] src, int at, int from, float[] dst, int to, int step) {
        FloatVector m0 = FloatVector.fromArray(S, src, at), m1 = FloatVector.fromArray(S, src, at + from);
        FloatVector m2 = FloatVector.fromArray(S, src, at + 2 * from), m3 = FloatVector.fromArray(S, src, at + 3 * from);
        if (a == 4) {
            m0.add(m1).add(m2).intoArray(dst, to);
            m1.sub(m2).add(m3).intoArray(dst, to + step);
            return;
        }
        FloatVector m4 = FloatVector.fromArray(S, src, at + 4 * from), m5 = FloatVector.fromArray(S, src, at + 5 * from);
        FloatVector s1 = m1.add(m2), e1 = m1.sub(m2), s2 = m3.add(m4), e2 = m3.sub(m4);
        if (a == 6 && m == 2) {
            m0.add(s1).add(s2).intoArray(dst, to);
            e2.fma(FloatVector.broadcast(S, 0.5f), e1).add(m5).intoArray(dst, to + step);
        } else if (a == 6) {
            m0.add(s1).add(s2).intoArray(dst, to);
            e2.fma(FloatVector.broadcast(S, 0.5f), e1).intoArray(dst, to + step);
            s2.fma(FloatVector.broadcast(S, 0.25f), s1).intoArray(dst, to + 2 * step);
            e2.fma(FloatVector.broadcast(S, 0.125f), e1).add(m5).intoArray(dst, to + 3 * step);
        } else {
            FloatVector m6 = FloatVector.fromArray(S, src, at + 6 * from), m7 = FloatVector.fromArray(S, src, at + 7 * from);
            FloatVector s3 = m5.add(m6), e3 = m5.sub(m6);
            m0.add(s1).add(s2.add(s3)).intoArray(dst, to);
            e2.fma(FloatVector.broadcast(S, 0.5f), e3.fma(FloatVector.broadcast(S, 2f), e1)).intoArray(dst, to + step);
            s2.fma(FloatVector.broadcast(S, 0.25f), s3.fma(FloatVector.broadcast(S, 4f), s1)).intoArray(dst, to + 2 * step);
            e2.fma(FloatVector.broadcast(S, 0.125f), e3.fma(FloatVector.broadcast(S, 8f), e1)).add(m7).intoArray(dst, to + 3 * step);
        }
    }

    /**
     * Writes one vector of tiles' pooled outputs (the window maxima at {@code f[yo + (2u'·m + 2v')·L]})
     * into the pooled image: with m = 2 as {@link VectorPooledConv} stores its windows; with m = 4, for
     * each run of lanes in one tile row, the two columns of each tile interleaved and stored as two
     * vectors per pooled row.
     */
    private static void scatterPooled(int m, float[] f, int yo, int tile, Band band, float[] out, int o) {
        if (m == 2) {
            // One pooled value per tile: the pooled rows are the tile rows.
            VectorPooledConv.store(f, yo, tile, band, out, o);
            return;
        }
        final int wt = band.wt(), tw = band.tw(), rows = band.rows(), ph = band.oh() / 2, pw = band.ow() / 2;
        int ty = tile / wt, tx = tile % wt;
        for (int l = 0; l < L && ty < rows; ) {
            int end = Math.min(L, l + wt - tx);
            int valid = Math.min(end, l + Math.max(0, tw - tx));
            if (valid > l) {
                for (int uu = 0; uu < 2; uu++) {
                    int py = 2 * (band.ty0() + ty) + uu;
                    if (py >= ph) break;
                    FloatVector p0 = FloatVector.fromArray(S, f, yo + 2 * uu * m * L);
                    FloatVector p1 = FloatVector.fromArray(S, f, yo + (2 * uu * m + 2) * L);
                    int at = o + py * pw + 2 * tx - 2 * l;
                    int lo = 2 * l, hi = Math.min(2 * valid, 2 * l + pw - 2 * tx);
                    if (lo < L) ZIP_LO.selectFrom(p0, p1).intoArray(out, at, S.indexInRange(-lo, hi - lo));
                    if (hi > L) ZIP_HI.selectFrom(p0, p1).intoArray(out, at + L, S.indexInRange(L - lo, hi - lo));
                }
            }
            tx += end - l;
            l = end;
            if (tx >= wt) {
                tx = 0;
                ty++;
            }
        }
    }

    /**
     * Writes one vector of tiles' outputs, kept at {@code f[yo + (u·m + v)·L + lane]} (with pooling, the
     * window maxima at the even {@code u, v}), to their places in the image; padding tiles are skipped.
     */
    private static void scatter(int m, float[] f, int yo, int tile, Band band, float[] out, int o) {
        final int wt = band.wt(), tw = band.tw(), rows = band.rows();
        int ty = tile / wt, tx = tile % wt;
        final int oh = band.oh(), ow = band.ow();
        for (int l = 0; l < L; l++, tx++) {
            if (tx == wt) {
                tx = 0;
                ty++;
            }
            if (ty >= rows) return;
            if (tx >= tw) continue;
            int y0 = m * (band.ty0() + ty), x0 = m * tx;
            for (int uu = 0; uu < m && y0 + uu < oh; uu++) {
                for (int vv = 0; vv < m && x0 + vv < ow; vv++) {
                    out[o + (y0 + uu) * ow + x0 + vv] = f[yo + (uu * m + vv) * L + l];
                }
            }
        }
    }
}
