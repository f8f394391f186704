package dev.cochlea.kernels;

/**
 * The input layout of {@link WinogradConv} and {@link PooledConv}: an image's zero-padded rows split
 * by row and column phase modulo m, so that a vector of neighbouring output tiles (or pooling
 * windows) reads consecutive floats for every tap.
 *
 * <pre>{@code
 * PhaseSplit.split(g, 2, c, x, 0, ty0, groups, wt, plane, d);   // d[((ci·2 + jm)·2 + p)·plane + gr·wt + x]
 * }</pre>
 */
final class PhaseSplit {
    private PhaseSplit() {}

    /**
     * Whether this convolution is one the layout serves: 2-D, one group, a square kernel, stride and
     * dilation 1, the same padding on both sides (less than the kernel), and an output of at least
     * {@code minOut} × {@code minOut}.
     */
    static boolean fits(Im2col.Geometry g, int groups, int minOut) {
        return groups == 1 && g.id == 1 && g.od == 1 && g.kd == 1 && g.kh == g.kw
                && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1
                && g.oh == g.ih + 2 * g.ph - g.kh + 1 && g.ow == g.iw + 2 * g.pw - g.kw + 1
                && g.oh >= minOut && g.ow >= minOut && g.ph < g.kh && g.pw < g.kw;
    }

    /**
     * Lays out the input rows under tile rows {@code ty0 .. ty0+groups} of one image ({@code [c, ih, iw]}
     * at {@code xOff}) as {@link WinogradOps#inputTransform} reads them: for channel {@code ci}, row phase
     * {@code jm} and column phase {@code p} (modulo m), a plane of {@code groups × wt} floats whose
     * row {@code g}, column {@code x} is padded input row {@code m·(ty0+g) + jm}, column
     * {@code m·x + p}; outside the image zero. Every input value is copied once.
     */
    static void split(Im2col.Geometry g, int m, int c, float[] x, int xOff, int ty0, int groups, int wt,
                      int plane, float[] d) {
        final int ih = g.ih, iw = g.iw, pw = g.pw;
        // Column groups x whose m columns m·x − pw .. m·x − pw + m − 1 all lie in the image: [lo, hi).
        final int lo = (pw + m - 1) / m, hi = Math.max(lo, Math.min(wt, Math.floorDiv(iw + pw - m, m) + 1));
        for (int ci = 0; ci < c; ci++) {
            for (int gr = 0; gr < groups; gr++) {
                for (int jm = 0; jm < m; jm++) {
                    int iy = m * (ty0 + gr) + jm - g.ph;
                    int dst = ((ci * m + jm) * m) * plane + gr * wt;
                    if (iy < 0 || iy >= ih) {
                        for (int p = 0; p < m; p++) java.util.Arrays.fill(d, dst + p * plane, dst + p * plane + wt, 0f);
                        continue;
                    }
                    int row = xOff + (ci * ih + iy) * iw;
                    for (int xp = 0; xp < lo; xp++) edge(x, row, iw, m * xp - pw, m, d, dst + xp, plane);
                    if (m == 4) {
                        for (int xp = lo, src = row + 4 * lo - pw; xp < hi; xp++, src += 4) {
                            d[dst + xp] = x[src];
                            d[dst + plane + xp] = x[src + 1];
                            d[dst + 2 * plane + xp] = x[src + 2];
                            d[dst + 3 * plane + xp] = x[src + 3];
                        }
                    } else {
                        for (int xp = lo, src = row + 2 * lo - pw; xp < hi; xp++, src += 2) {
                            d[dst + xp] = x[src];
                            d[dst + plane + xp] = x[src + 1];
                        }
                    }
                    for (int xp = hi; xp < wt; xp++) edge(x, row, iw, m * xp - pw, m, d, dst + xp, plane);
                }
            }
        }
    }

    /** The m phases of one column group at the image's edge: columns {@code col0 ..} of the row, zero outside. */
    private static void edge(float[] x, int row, int iw, int col0, int m, float[] d, int at, int plane) {
        for (int p = 0; p < m; p++) {
            int col = col0 + p;
            d[at + p * plane] = col >= 0 && col < iw ? x[row + col] : 0f;
        }
    }

}
