package dev.cochlea.kernels;

/**
 * {@link PooledConvOps} in plain Java, one window at a time: the reference for the Vector API version
 * and what runs without it.
 *
 * <pre>{@code
 * PooledConvOps ops = KernelProvider.scalar().pooledConv();
 * }</pre>
 */
final class ScalarPooledConv implements PooledConvOps {
    static final ScalarPooledConv INSTANCE = new ScalarPooledConv();

    private ScalarPooledConv() {}

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void forward(int r, int c, int k, float[] d, int plane, int n, float[] wp, float[] bias, int biasOff, boolean relu,
                        WinogradOps.Band band, float[] out, int outOff, float[] scratch) {
        final int wt = band.wt(), ph = band.oh() / 2, pw = band.ow() / 2;
        for (int ki = 0; ki < k; ki++) {
            int kb = ki >> 2, lane = ki & 3;
            float b = bias == null ? 0f : bias[biasOff + ki];
            for (int t = 0; t < n; t++) {
                int ty = t / wt, tx = t % wt;
                if (ty >= band.rows() || tx >= band.tw() || band.ty0() + ty >= ph) continue;
                float best = Float.NEGATIVE_INFINITY;
                for (int u = 0; u < 2; u++) {
                    for (int v = 0; v < 2; v++) {
                        float s = 0f;
                        for (int ci = 0; ci < c; ci++) {
                            int wb = (kb * c + ci) * r * r * 4 + lane;
                            for (int ky = 0; ky < r; ky++) {
                                int sy = u + ky;
                                for (int kx = 0; kx < r; kx++) {
                                    int q = v + kx;
                                    float x = d[((ci * 2 + (sy & 1)) * 2 + (q & 1)) * plane + (sy >> 1) * wt + t + (q >> 1)];
                                    s = Math.fma(wp[wb + (ky * r + kx) * 4], x, s);
                                }
                            }
                        }
                        best = Math.max(best, s);
                    }
                }
                best += b;
                if (relu) best = Math.max(best, 0f);
                out[outOff + ki * ph * pw + (band.ty0() + ty) * pw + tx] = best;
            }
        }
    }
}
