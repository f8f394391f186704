package dev.cochlea.kernels;

/**
 * {@link WinogradOps} in plain Java, one tile at a time with the transforms' sparse rows: the
 * reference the Vector API version is tested against, and what runs where the Vector API is absent.
 *
 * <pre>{@code
 * WinogradOps ops = KernelProvider.scalar().winograd();
 * }</pre>
 */
final class ScalarWinograd implements WinogradOps {
    static final ScalarWinograd INSTANCE = new ScalarWinograd();

    private ScalarWinograd() {}

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void inputTransform(WinogradTransform t, float[] d, int c, int plane, int wt, int n, float[] v, int stride, float[] e) {
        final int a = t.alpha, m = t.m, xiStride = c * stride;
        for (int ci = 0; ci < c; ci++) {
            for (int tile = 0; tile < n; tile++) {
                for (int j = 0; j < a; j++) {
                    int row = (ci * m + j % m) * m * plane + (j / m) * wt + tile;
                    for (int b = 0; b < a; b++) {
                        int[] idx = t.btIdx[b];
                        float[] co = t.btCoef[b];
                        float s = 0f;
                        for (int q = 0; q < idx.length; q++) {
                            int i = idx[q];
                            s = Math.fma(d[row + (i % m) * plane + i / m], co[q], s);
                        }
                        e[j * a + b] = s;
                    }
                }
                for (int x = 0; x < a; x++) {
                    int[] idx = t.btIdx[x];
                    float[] co = t.btCoef[x];
                    for (int b = 0; b < a; b++) {
                        float s = 0f;
                        for (int q = 0; q < idx.length; q++) s = Math.fma(e[idx[q] * a + b], co[q], s);
                        v[(x * a + b) * xiStride + ci * stride + tile] = s;
                    }
                }
            }
        }
    }

    @Override
    public void multiply(int xis, int k, int c, float[] u, float[] v, float[] p, int stride, int n) {
        for (int xi = 0; xi < xis; xi++) {
            for (int ki = 0; ki < k; ki++) {
                int po = (xi * k + ki) * stride, uo = (xi * k + ki) * c;
                java.util.Arrays.fill(p, po, po + n, 0f);
                for (int ci = 0; ci < c; ci++) {
                    float w = u[uo + ci];
                    int vo = (xi * c + ci) * stride;
                    for (int j = 0; j < n; j++) p[po + j] = Math.fma(v[vo + j], w, p[po + j]);
                }
            }
        }
    }

    @Override
    public void outputTransform(WinogradTransform t, float[] p, int k, int stride, int n, Band band,
                                float[] bias, int biasOff, boolean relu, boolean pool, float[] out, int outOff, float[] f) {
        final int a = t.alpha, m = t.m, xiStride = k * stride;
        final int oh = band.oh(), ow = band.ow(), ph = oh / 2, pw = ow / 2;
        for (int ki = 0; ki < k; ki++) {
            float b0 = bias == null ? 0f : bias[biasOff + ki];
            for (int ty = 0; ty < band.rows(); ty++) {
                for (int tx = 0; tx < band.tw(); tx++) {
                    int tile = ty * band.wt() + tx, y0 = m * (band.ty0() + ty), x0 = m * tx;
                    for (int x = 0; x < a; x++) {
                        for (int vv = 0; vv < m; vv++) {
                            int[] idx = t.atIdx[vv];
                            float[] co = t.atCoef[vv];
                            float s = 0f;
                            for (int q = 0; q < idx.length; q++) s = Math.fma(p[(x * a + idx[q]) * xiStride + ki * stride + tile], co[q], s);
                            f[x * m + vv] = s;
                        }
                    }
                    final int y = a * m;
                    for (int uu = 0; uu < m; uu++) {
                        int[] idx = t.atIdx[uu];
                        float[] co = t.atCoef[uu];
                        for (int vv = 0; vv < m; vv++) {
                            float s = 0f;
                            for (int q = 0; q < idx.length; q++) s = Math.fma(f[idx[q] * m + vv], co[q], s);
                            s += b0;
                            f[y + uu * m + vv] = relu ? Math.max(s, 0f) : s;
                        }
                    }
                    if (pool) {
                        for (int uu = 0; uu < m; uu += 2) {
                            int py = (y0 + uu) / 2;
                            if (py >= ph) break;
                            for (int vv = 0; vv < m && (x0 + vv) / 2 < pw; vv += 2) {
                                float best = Math.max(Math.max(f[y + uu * m + vv], f[y + uu * m + vv + 1]),
                                        Math.max(f[y + (uu + 1) * m + vv], f[y + (uu + 1) * m + vv + 1]));
                                out[outOff + ki * ph * pw + py * pw + (x0 + vv) / 2] = best;
                            }
                        }
                    } else {
                        for (int uu = 0; uu < m && y0 + uu < oh; uu++) {
                            for (int vv = 0; vv < m && x0 + vv < ow; vv++) {
                                out[outOff + ki * oh * ow + (y0 + uu) * ow + x0 + vv] = f[y + uu * m + vv];
                            }
                        }
                    }
                }
            }
        }
    }
}
