package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PooledConvOps} on the Vector API: a vector of neighbouring pooling windows at a time, four
 * output channels in four accumulators, the window's four outputs one after another with a running
 * maximum; each input vector feeds the four channels. Any vector width.
 *
 * <pre>{@code
 * PooledConvOps ops = KernelProvider.vector().pooledConv();
 * }</pre>
 */
final class VectorPooledConv implements PooledConvOps {
    static final VectorPooledConv INSTANCE = new VectorPooledConv();

    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;

    private VectorPooledConv() {}

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void forward(int r, int c, int k, float[] d, int plane, int n, float[] wp, float[] bias, int biasOff, boolean relu,
                        WinogradOps.Band band, float[] out, int outOff, float[] scratch) {
        final int blocks = (k + 3) / 4;
        for (int kb = 0; kb < blocks; kb++) {
            for (int t0 = 0; t0 < n; t0 += 2 * L) {
                block(r, c, kb, d, plane, band.wt(), t0, wp, scratch);
                int kn = Math.min(4, k - 4 * kb), vectors = Math.min(2, (n - t0) / L);
                for (int kk = 0; kk < kn; kk++) {
                    int ki = 4 * kb + kk;
                    float b = bias == null ? 0f : bias[biasOff + ki];
                    for (int j = 0; j < vectors; j++) {
                        int at = (kk * 2 + j) * L;
                        FloatVector y = FloatVector.fromArray(S, scratch, at).add(b);
                        if (relu) y = y.lanewise(VectorOperators.MAX, 0f);
                        y.intoArray(scratch, at);
                        store(scratch, at, t0 + j * L, band, out, outOff + ki * (band.oh() / 2) * (band.ow() / 2));
                    }
                }
            }
        }
    }

    /**
     * The window maxima of four output channels for the windows {@code t0 .. t0+2L} (two vectors),
     * written to {@code scratch[(kk·2 + j)·L ..]}: the window's four outputs one after another, each
     * with eight accumulators (channel × vector) over every tap, folded into the running maxima.
     */
    private static void block(int r, int c, int kb, float[] d, int plane, int wt, int t0, float[] wp, float[] scratch) {
        for (int uv = 0; uv < 4; uv++) {
            int u = uv >> 1, v = uv & 1;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int ci = 0; ci < c; ci++) {
                for (int ky = 0; ky < r; ky++) {
                    int sy = u + ky;
                    int row = ((ci * 2 + (sy & 1)) * 2) * plane + (sy >> 1) * wt + t0;
                    int w = ((kb * c + ci) * r + ky) * r * 4;
                    for (int kx = 0; kx < r; kx++, w += 4) {
                        int q = v + kx, at = row + (q & 1) * plane + (q >> 1);
                        FloatVector x = FloatVector.fromArray(S, d, at), y = FloatVector.fromArray(S, d, at + L);
                        FloatVector w0 = FloatVector.broadcast(S, wp[w]), w1 = FloatVector.broadcast(S, wp[w + 1]);
                        FloatVector w2 = FloatVector.broadcast(S, wp[w + 2]), w3 = FloatVector.broadcast(S, wp[w + 3]);
                        a0 = x.fma(w0, a0);
                        b0 = y.fma(w0, b0);
                        a1 = x.fma(w1, a1);
                        b1 = y.fma(w1, b1);
                        a2 = x.fma(w2, a2);
                        b2 = y.fma(w2, b2);
                        a3 = x.fma(w3, a3);
                        b3 = y.fma(w3, b3);
                    }
                }
            }
            if (uv > 0) {
                a0 = a0.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 0));
                b0 = b0.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, L));
                a1 = a1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 2 * L));
                b1 = b1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 3 * L));
                a2 = a2.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 4 * L));
                b2 = b2.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 5 * L));
                a3 = a3.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 6 * L));
                b3 = b3.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, scratch, 7 * L));
            }
            a0.intoArray(scratch, 0);
            b0.intoArray(scratch, L);
            a1.intoArray(scratch, 2 * L);
            b1.intoArray(scratch, 3 * L);
            a2.intoArray(scratch, 4 * L);
            b2.intoArray(scratch, 5 * L);
            a3.intoArray(scratch, 6 * L);
            b3.intoArray(scratch, 7 * L);
        }
    }

    /** Writes one vector of pooled values ({@code f[at ..]}) to the real windows among {@code t0 .. t0+L}: one masked store per pooled row. */
    static void store(float[] f, int at, int t0, WinogradOps.Band band, float[] out, int o) {
        final int wt = band.wt(), tw = band.tw(), rows = band.rows(), ph = band.oh() / 2, pw = band.ow() / 2;
        int ty = t0 / wt, tx = t0 % wt;
        FloatVector v = FloatVector.fromArray(S, f, at);
        for (int l = 0; l < L && ty < rows; ) {
            int end = Math.min(L, l + wt - tx);
            int valid = Math.min(end, l + Math.max(0, Math.min(tw, pw) - tx));
            int py = band.ty0() + ty;
            if (valid > l && py < ph) v.intoArray(out, o + py * pw + tx - l, S.indexInRange(-l, valid - l));
            tx += end - l;
            l = end;
            if (tx >= wt) {
                tx = 0;
                ty++;
            }
        }
    }
}
