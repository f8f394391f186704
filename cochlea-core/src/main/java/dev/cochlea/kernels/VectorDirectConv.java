package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConv} on the Vector API: stride-1 2-D convolution computed straight from a zero-padded
 * copy of each input image, without an im2col matrix. A register-blocked micro-kernel like those of
 * {@link VectorGemm} (4 output channels × four 16-lane vectors of positions, 16 accumulators in 32
 * registers; on 8-lane AVX2 machines, with 16 registers, 4 × three vectors) reads its "B" vectors from
 * the padded image itself, because for stride 1 and {@code L} consecutive output positions of one row,
 * the inputs under kernel tap {@code (ci, ky, kx)} are {@code L} consecutive floats of padded row
 * {@code oy + ky}, starting at column {@code ox + kx}. An offset
 * table turns the inner index {@code (ci, ky, kx)} into that start. This saves writing and reading
 * the column matrix ({@code C·kh·kw} floats per output position) and packing it.
 *
 * <p>Used by {@link ConvKernels#forward} (and so by stride-1 input gradients, which run as a forward
 * convolution with the flipped kernel) when {@link #supports} holds: one group, 2-D, stride and
 * dilation 1, output width at least a vector or a divisor of the lane count and output size a whole
 * number of tiles, output channels a multiple of 4, 16- or 8-lane vectors. Outputs narrower than a vector read from one compact,
 * shifted copy of the image per kernel column instead, as wide as the output, so that the output rows
 * one vector spans are adjacent there too. The weight gradient has its direct form too
 * ({@link #weightGradItem}): there the columns of a tile are kernel taps × channels, read from a
 * channels-last padded copy of the image, in place of im2row's matrix.
 *
 * <pre>{@code
 * DirectConv d = VectorDirectConv.INSTANCE;
 * float[] wp = d.packWeights(w, 0, m, k, new float[m * k]);
 * d.forwardItem(geo, c, m, img, 0, wp, bias, 0, out, 0);   // one image
 * d.weightGradItem(geo, c, m, dy, 0, img, 0, dw, 0, false); // dw in (tap, channel) column order
 * }</pre>
 */
final class VectorDirectConv implements DirectConv {
    /** The single instance; {@link VectorKernels#directConv()} offers it when {@link #available()}. */
    static final VectorDirectConv INSTANCE = new VectorDirectConv();

    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;
    /**
     * Vectors per tile: four of 16 lanes (4 × 4 accumulators of 32 registers), else three (4 × 3 of 16
     * registers: 12 accumulators, three vectors of the image and a broadcast weight; 10–20 % faster
     * than 4 × 2 at 8 lanes on AMD EPYC with {@code -XX:UseAVX=2}).
     */
    private static final int V = L >= 16 ? 4 : 3;
    /** Positions (or weight-gradient columns) per tile. */
    private static final int TILE = V * L;
    /** Whether the direct path may be used at all ({@code -Dcochlea.conv.noDirect=true} turns it off). */
    static final boolean ENABLED = !Tuning.get().convNoDirect();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread padded images, offset table and spill tile, grown on demand. */
    private static final class Scratch {
        final float[][] images = new float[3][];
        final int[][] imagesFor = new int[3][];
        int[] offsets = new int[0];
        int[] offsetsFor = new int[5];
        float[] tile = new float[4 * TILE];
        int[] positions = new int[0];

        /**
         * The array for one kind of padded image ({@code slot}) of this geometry: zeroed only when the
         * geometry changes, since each call rewrites the same interior and leaves the zero border alone.
         */
        float[] image(int slot, int size, Im2col.Geometry g, int c, int hp, int wpad) {
            int[] key = {size, c, g.ih, g.iw, g.ph, g.pw, g.kw, g.ow, hp, wpad};
            float[] a = images[slot];
            if (a == null || !java.util.Arrays.equals(imagesFor[slot], key)) {
                if (a == null || a.length < size) a = images[slot] = new float[size];
                else java.util.Arrays.fill(a, 0, size, 0f);
                imagesFor[slot] = key;
            }
            return a;
        }
    }

    private static final int CHANNELS_LAST = 0, PADDED = 1, SHIFTED = 2;

    private VectorDirectConv() {}

    /** Whether the direct path may run on this machine at all: enabled and 16- or 8-lane vectors. */
    static boolean available() {
        return ENABLED && (L == 16 || L == 8);
    }

    /** Whether this convolution can run directly (see the class description). */
    @Override
    public boolean supports(Im2col.Geometry g, int groups, int m) {
        return available() && groups == 1 && m % 4 == 0 && m > 0
                && g.id == 1 && g.od == 1 && g.kd == 1
                && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1
                && (narrow(g) || 4 * grid(g.ow) <= 5 * g.ow)
                && g.oh + g.kh - 1 >= g.ih && g.ow + g.kw - 1 >= g.iw;
    }

    /** Outputs narrower than a vector, a whole number of tiles: read from {@link #shiftedCopies}. */
    private static boolean narrow(Im2col.Geometry g) {
        return g.ow < L && L % g.ow == 0 && (g.oh * g.ow) % TILE == 0;
    }

    /** The width of the grid of computed positions: the output width rounded up to whole vectors. */
    private static int grid(int ow) {
        return (ow + L - 1) / L * L;
    }

    /**
     * Whether the weight gradient can run directly ({@link #weightGradItem}): as {@link #supports} for the
     * geometry, with at least 256 output positions (fewer leave too little work per tile between loads
     * and stores of dw), and either the input channels a multiple of the lanes (a vector never straddles
     * two kernel taps) or, with 16 lanes, one kernel row of all channels within a vector ({@code c·kw <= 16}),
     * at most five kernel rows and at least 40 weights per output channel (a first layer on RGB or mono
     * input: each vector is one kernel row, so at least half of the five vectors' lanes are weights; the
     * 20 accumulators of that tile need 32 registers).
     */
    @Override
    public boolean supportsWeightGrad(Im2col.Geometry g, int groups, int c, int m) {
        return available() && groups == 1 && m % 4 == 0 && m > 0
                && (c % L == 0 || (V == 4 && narrowRows(g, c)))
                && g.oh * g.ow >= 256 && g.id == 1 && g.od == 1 && g.kd == 1
                && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1
                && g.oh + g.kh - 1 >= g.ih && g.ow + g.kw - 1 >= g.iw;
    }

    /** One kernel row of every channel fits a vector, and five such vectors are at least half weights. */
    private static boolean narrowRows(Im2col.Geometry g, int c) {
        return c * g.kw <= L && g.kh <= KERNEL_ROWS && c * g.kw * g.kh * 2 >= KERNEL_ROWS * L;
    }

    /** Kernel rows (vectors) per tile of {@link #weightGradRows}. */
    private static final int KERNEL_ROWS = 5;

    /**
     * One image's share of a weight gradient, in im2row's column order (kernel tap, then channel):
     * {@code dw[i, t·c + ci] (+)= Σ_q dy[i, q] · x[ci, tap t of position q]}, {@code dw} row-major
     * {@code [m, kh·kw·c]} at {@code dwOff}, added to when {@code accumulate}. Columns are taken a tile
     * at a time; their vector-wide pieces are consecutive channels of one tap, which in a zero-padded
     * channels-last copy of the image are consecutive floats, so no im2row matrix is built.
     */
    @Override
    public void weightGradItem(Im2col.Geometry g, int c, int m, float[] dy, int dyOff, float[] img, int imgOff,
                               float[] dw, int dwOff, boolean accumulate) {
        if (c % L != 0) {
            weightGradRows(g, c, m, dy, dyOff, img, imgOff, dw, dwOff, accumulate);
            return;
        }
        final int hp = g.oh + g.kh - 1, wpad = g.ow + g.kw - 1;
        final int kk = g.kh * g.kw, k = kk * c, positions = g.oh * g.ow;
        Scratch s = SCRATCH.get();
        float[] xt = padChannelsLast(g, c, img, imgOff, hp, wpad, s);
        int[] qb = positionOffsets(g, c, wpad, s);
        float[] tile = s.tile;
        float beta = accumulate ? 1f : 0f;
        for (int j0 = 0; j0 < k; j0 += TILE) {
            int nr = Math.min(TILE, k - j0);
            int o0 = column(j0, k, c, g.kw, wpad), o1 = column(j0 + L, k, c, g.kw, wpad);
            int o2 = column(j0 + 2 * L, k, c, g.kw, wpad), o3 = column(j0 + 3 * L, k, c, g.kw, wpad);
            for (int i = 0; i < m; i += 4) {
                computeTile(positions, dy, dyOff + i * positions, positions, 1, xt, qb, o0, o1, o2, o3, tile);
                VectorMicroKernels.storeTile(tile, TILE, dw, dwOff + i * k + j0, k, 4, nr, 1f, beta);
            }
        }
    }

    /**
     * {@link #weightGradItem} for few channels ({@code c·kw <= 16}): vector {@code r} of a tile is kernel
     * row {@code r}, its lanes {@code (kx, ci)}, which in the padded channels-last image are the 16 floats
     * from {@code ((oy + r)·wpad + ox)·c}; in im2row's column order they are columns {@code r·kw·c} on,
     * so the first {@code kw·c} lanes are stored there. Four output channels × five rows per tile.
     */
    private static void weightGradRows(Im2col.Geometry g, int c, int m, float[] dy, int dyOff, float[] img, int imgOff,
                                       float[] dw, int dwOff, boolean accumulate) {
        final int hp = g.oh + g.kh - 1, wpad = g.ow + g.kw - 1;
        final int k = g.kh * g.kw * c, positions = g.oh * g.ow, run = g.kw * c;
        Scratch s = SCRATCH.get();
        float[] xt = padChannelsLast(g, c, img, imgOff, hp, wpad, s);
        int[] qb = positionOffsets(g, c, wpad, s);
        if (s.tile.length < 4 * KERNEL_ROWS * L) s.tile = new float[4 * KERNEL_ROWS * L];
        float[] tile = s.tile;
        int rowStep = wpad * c;
        int v1 = g.kh > 1 ? rowStep : 0, v2 = g.kh > 2 ? 2 * rowStep : 0;
        int v3 = g.kh > 3 ? 3 * rowStep : 0, v4 = g.kh > 4 ? 4 * rowStep : 0;
        VectorMask<Float> lanes = VectorMask.fromLong(S, (1L << run) - 1);
        for (int i = 0; i < m; i += 4) {
            kernel5(positions, dy, dyOff + i * positions, positions, xt, qb, 0, v1, v2, v3, v4, tile);
            for (int row = 0; row < 4; row++) {
                int to = dwOff + (i + row) * k;
                for (int r = 0; r < g.kh; r++) {
                    FloatVector t = FloatVector.fromArray(S, tile, (row * KERNEL_ROWS + r) * L);
                    if (accumulate) t = t.add(FloatVector.fromArray(S, dw, to + r * run, lanes));
                    t.intoArray(dw, to + r * run, lanes);
                }
            }
        }
    }

    /**
     * Four rows of A ({@code a[ao + r·ars + st]}, r < 4) against five vectors per step from
     * {@code xp[u[st] + v0..v4]}: the tile of {@link #weightGradRows}, row r's vector j at
     * {@code tile[(r·5 + j)·16]}.
     */
    private static void kernel5(int steps, float[] a, int ao, int ars, float[] xp, int[] u,
                                int v0, int v1, int v2, int v3, int v4, float[] tile) {
        FloatVector c00, c01, c02, c03, c04, c10, c11, c12, c13, c14;
        FloatVector c20, c21, c22, c23, c24, c30, c31, c32, c33, c34;
        c00 = c01 = c02 = c03 = c04 = c10 = c11 = c12 = c13 = c14 = FloatVector.zero(S);
        c20 = c21 = c22 = c23 = c24 = c30 = c31 = c32 = c33 = c34 = FloatVector.zero(S);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars;
        for (int st = 0; st < steps; st++, ao++) {
            int o = u[st];
            FloatVector y0 = FloatVector.fromArray(S, xp, o + v0);
            FloatVector y1 = FloatVector.fromArray(S, xp, o + v1);
            FloatVector y2 = FloatVector.fromArray(S, xp, o + v2);
            FloatVector y3 = FloatVector.fromArray(S, xp, o + v3);
            FloatVector y4 = FloatVector.fromArray(S, xp, o + v4);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            c03 = x.fma(y3, c03);
            c04 = x.fma(y4, c04);
            x = FloatVector.broadcast(S, a[ao + a1]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            c13 = x.fma(y3, c13);
            c14 = x.fma(y4, c14);
            x = FloatVector.broadcast(S, a[ao + a2]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            c23 = x.fma(y3, c23);
            c24 = x.fma(y4, c24);
            x = FloatVector.broadcast(S, a[ao + a3]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
            c33 = x.fma(y3, c33);
            c34 = x.fma(y4, c34);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c04.intoArray(tile, 4 * L);
        c10.intoArray(tile, 5 * L);
        c11.intoArray(tile, 6 * L);
        c12.intoArray(tile, 7 * L);
        c13.intoArray(tile, 8 * L);
        c14.intoArray(tile, 9 * L);
        c20.intoArray(tile, 10 * L);
        c21.intoArray(tile, 11 * L);
        c22.intoArray(tile, 12 * L);
        c23.intoArray(tile, 13 * L);
        c24.intoArray(tile, 14 * L);
        c30.intoArray(tile, 15 * L);
        c31.intoArray(tile, 16 * L);
        c32.intoArray(tile, 17 * L);
        c33.intoArray(tile, 18 * L);
        c34.intoArray(tile, 19 * L);
    }

    /**
     * Offset, in the padded channels-last image, of column {@code j} (tap {@code j / c}, channel
     * {@code j % c}) relative to a position's top-left; columns past the end read column 0 (their
     * results are not stored).
     */
    private static int column(int j, int k, int c, int kw, int wpad) {
        if (j >= k) j = 0;
        int t = j / c;
        return (t / kw * wpad + t % kw) * c + j % c;
    }

    /** Each output position's top-left tap in the padded channels-last image, in the scratch array. */
    private static int[] positionOffsets(Im2col.Geometry g, int c, int wpad, Scratch s) {
        int positions = g.oh * g.ow;
        if (s.positions.length < positions) s.positions = new int[positions];
        int[] qb = s.positions;
        for (int q = 0; q < positions; q++) qb[q] = (q / g.ow * wpad + q % g.ow) * c;
        return qb;
    }

    /** The input as zero-padded channels-last {@code [hp, wpad, c]} in the scratch array. */
    private static float[] padChannelsLast(Im2col.Geometry g, int c, float[] img, int imgOff, int hp, int wpad, Scratch s) {
        float[] xt = s.image(CHANNELS_LAST, hp * wpad * c + L, g, c, hp, wpad);
        for (int y = 0; y < g.ih; y++) {
            int py = y + g.ph;
            if (py < 0 || py >= hp) continue;
            for (int x = 0; x < g.iw; x++) {
                int px = x + g.pw;
                if (px < 0 || px >= wpad) continue;
                int dst = (py * wpad + px) * c, src = imgOff + y * g.iw + x;
                for (int ci = 0; ci < c; ci++) xt[dst + ci] = img[src + ci * g.ih * g.iw];
            }
        }
        return xt;
    }

    /**
     * The weight {@code [m, k]} (row-major from {@code wOff}) as 4-row panels, k-major: element
     * {@code (r, p)} of panel {@code i} at {@code i*4*k + p*4 + r}; {@code wp} holds at least {@code m*k}.
     */
    @Override
    public float[] packWeights(float[] w, int wOff, int m, int k, float[] wp) {
        for (int i = 0; i < m; i += 4) {
            int base = i * k;
            for (int r = 0; r < 4; r++) {
                int src = wOff + (i + r) * k;
                for (int p = 0; p < k; p++) wp[base + p * 4 + r] = w[src + p];
            }
        }
        return wp;
    }

    /**
     * One image: {@code out[i, q] = bias[i] + Σ_p W[i, p] · x[p-th tap of position q]} for the {@code m}
     * output channels (rows {@code oh·ow} long from {@code outOff}) of input {@code [c, ih, iw]} at
     * {@code imgOff}; {@code wp} from {@link #packWeights}, bias may be null.
     */
    @Override
    public void forwardItem(Im2col.Geometry g, int c, int m, float[] img, int imgOff, float[] wp,
                            float[] bias, int biasOff, float[] out, int outOff) {
        final int k = c * g.kh * g.kw;
        final int positions = g.oh * g.ow;
        Scratch s = SCRATCH.get();
        if (!narrow(g)) {
            forwardGrid(g, c, m, k, img, imgOff, wp, bias, biasOff, out, outOff, s);
            return;
        }
        final int hp = g.oh + g.kh - 1;
        // Narrow outputs (a vector spans several output rows): one compact copy of the padded image per
        // kernel column, shifted by it and exactly as wide as the output, so the rows a vector spans lie
        // one after another.
        float[] xp = shiftedCopies(g, c, img, imgOff, hp, s);
        int[] off = shiftedOffsets(g, c, hp, s);
        float[] tile = s.tile;
        for (int q0 = 0; q0 < positions; q0 += TILE) {
            int b0 = q0, b1 = q0 + L, b2 = q0 + 2 * L, b3 = q0 + 3 * L;
            for (int i = 0; i < m; i += 4) {
                computeTile(k, wp, i * k, 1, 4, xp, off, b0, b1, b2, b3, tile);
                int co = outOff + i * positions + q0;
                for (int r = 0; r < 4; r++, co += positions) {
                    if (bias == null) {
                        System.arraycopy(tile, r * TILE, out, co, TILE);
                    } else {
                        // Added after the sum, as the im2col path does, so both give the same bits.
                        FloatVector bv = FloatVector.broadcast(S, bias[biasOff + i + r]);
                        for (int j = 0; j < TILE; j += L) FloatVector.fromArray(S, tile, r * TILE + j).add(bv).intoArray(out, co + j);
                    }
                }
            }
        }
    }

    /**
     * Outputs at least a vector wide: positions are computed on a grid {@link #grid} wide (whole vectors
     * per row) and with whole tiles of rows, from a padded image as wide as the grid plus the kernel and
     * as high as the grid rows plus the kernel; positions outside the output are computed and dropped.
     */
    private static void forwardGrid(Im2col.Geometry g, int c, int m, int k, float[] img, int imgOff, float[] wp,
                                    float[] bias, int biasOff, float[] out, int outOff, Scratch s) {
        final int gw = grid(g.ow), positions = g.oh * g.ow;
        final int cells = (g.oh * gw + TILE - 1) / TILE * TILE;
        final int rows = (cells + gw - 1) / gw;
        final int hp = rows + g.kh - 1, wpad = gw + g.kw - 1;
        float[] xp = pad(g, c, img, imgOff, hp, wpad, s);
        int[] off = offsets(g, c, hp, wpad, s);
        float[] tile = s.tile;
        for (int q0 = 0; q0 < cells; q0 += TILE) {
            int b0 = base(q0, gw, wpad), b1 = base(q0 + L, gw, wpad);
            int b2 = base(q0 + 2 * L, gw, wpad), b3 = base(q0 + 3 * L, gw, wpad);
            for (int i = 0; i < m; i += 4) {
                computeTile(k, wp, i * k, 1, 4, xp, off, b0, b1, b2, b3, tile);
                for (int r = 0; r < 4; r++) {
                    float bv = bias == null ? 0f : bias[biasOff + i + r];
                    int co = outOff + (i + r) * positions;
                    for (int j = 0; j < V; j++) {
                        int q = q0 + j * L, oy = q / gw, ox = q % gw;
                        int len = Math.min(L, g.ow - ox);
                        if (oy >= g.oh || len <= 0) continue;
                        int t = r * TILE + j * L, o = co + oy * g.ow + ox;
                        if (len == L) {
                            FloatVector v = FloatVector.fromArray(S, tile, t);
                            // Added after the sum, as the im2col path does, so both give the same bits.
                            (bias == null ? v : v.add(bv)).intoArray(out, o);
                        } else {
                            for (int e = 0; e < len; e++) out[o + e] = bias == null ? tile[t + e] : tile[t + e] + bv;
                        }
                    }
                }
            }
        }
    }

    /** Index in the padded image of output position {@code q}'s top-left tap. */
    private static int base(int q, int ow, int wpad) {
        return q / ow * wpad + q % ow;
    }

    /** The input, zero-padded to {@code [c, hp, wpad]}, in the scratch array. */
    private static float[] pad(Im2col.Geometry g, int c, float[] img, int imgOff, int hp, int wpad, Scratch s) {
        float[] xp = s.image(PADDED, c * hp * wpad, g, c, hp, wpad);
        for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < g.ih; y++) {
                int py = y + g.ph;
                if (py < 0 || py >= hp) continue;
                int x0 = Math.max(0, -g.pw), x1 = Math.min(g.iw, wpad - g.pw);
                if (x1 > x0) {
                    System.arraycopy(img, imgOff + (ci * g.ih + y) * g.iw + x0, xp, (ci * hp + py) * wpad + x0 + g.pw, x1 - x0);
                }
            }
        }
        return xp;
    }

    /**
     * For outputs narrower than a vector: {@code z[((kx·c + ci)·hp + py)·ow + x]} = padded input
     * {@code (ci, py, x + kx)}, one {@code [c, hp, ow]} block per kernel column.
     */
    private static float[] shiftedCopies(Im2col.Geometry g, int c, float[] img, int imgOff, int hp, Scratch s) {
        int ow = g.ow;
        float[] z = s.image(SHIFTED, g.kw * c * hp * ow, g, c, hp, ow);
        for (int kx = 0; kx < g.kw; kx++) {
            // Output column x reads input column x + kx - pw.
            int x0 = Math.max(0, g.pw - kx), x1 = Math.min(ow, g.iw + g.pw - kx);
            if (x1 <= x0) continue;
            for (int ci = 0; ci < c; ci++) {
                for (int y = 0; y < g.ih; y++) {
                    int py = y + g.ph;
                    if (py < 0 || py >= hp) continue;
                    // Rows of at most 8 floats: a loop beats arraycopy's call.
                    int from = imgOff + (ci * g.ih + y) * g.iw + x0 + kx - g.pw, to = ((kx * c + ci) * hp + py) * ow + x0;
                    for (int x = 0; x < x1 - x0; x++) z[to + x] = img[from + x];
                }
            }
        }
        return z;
    }

    /** {@code off[p]} for {@code p = (ci, ky, kx)} in the layout of {@link #shiftedCopies}. */
    private static int[] shiftedOffsets(Im2col.Geometry g, int c, int hp, Scratch s) {
        int k = c * g.kh * g.kw;
        int[] key = {c, g.kh, g.kw, hp, -g.ow};
        if (s.offsets.length >= k && java.util.Arrays.equals(s.offsetsFor, key)) return s.offsets;
        if (s.offsets.length < k) s.offsets = new int[k];
        int p = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++) s.offsets[p++] = ((kx * c + ci) * hp + ky) * g.ow;
            }
        }
        s.offsetsFor = key;
        return s.offsets;
    }

    /** {@code off[p]} for inner index {@code p = (ci, ky, kx)}: the tap's offset in the padded image. */
    private static int[] offsets(Im2col.Geometry g, int c, int hp, int wpad, Scratch s) {
        int k = c * g.kh * g.kw;
        int[] key = {c, g.kh, g.kw, hp, wpad};
        if (s.offsets.length >= k && java.util.Arrays.equals(s.offsetsFor, key)) return s.offsets;
        if (s.offsets.length < k) s.offsets = new int[k];
        int p = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++) s.offsets[p++] = (ci * hp + ky) * wpad + kx;
            }
        }
        s.offsetsFor = key;
        return s.offsets;
    }

    /**
     * The tile of this vector width: {@link #kernel} (four vectors) or {@link #kernel3} (three, ignoring
     * {@code v3}).
     */
    private static void computeTile(int steps, float[] a, int ao, int ars, int aps, float[] xp, int[] u,
                                    int v0, int v1, int v2, int v3, float[] tile) {
        if (V == 4) kernel(steps, a, ao, ars, aps, xp, u, v0, v1, v2, v3, tile);
        else kernel3(steps, a, ao, ars, aps, xp, u, v0, v1, v2, tile);
    }

    /**
     * The 4 × 64 tile of 16-lane vectors, over {@code steps} steps: at step s, A's rows give {@code a[ao + r*ars + s*aps]}
     * (r < 4) and the four B vectors start at {@code xp[u[s] + v0..v3]}; the result goes to {@code tile}
     * (row r at {@code r * 64}). The forward takes s as the kernel tap (u its offset, v the four runs of
     * positions, A the packed weight); the weight gradient takes s as the position (u its offset, v the
     * four channel pieces, A the rows of dy).
     */
    private static void kernel(int steps, float[] a, int ao, int ars, int aps, float[] xp, int[] u,
                               int v0, int v1, int v2, int v3, float[] tile) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
        c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars;
        for (int st = 0; st < steps; st++, ao += aps) {
            int o = u[st];
            FloatVector y0 = FloatVector.fromArray(S, xp, o + v0);
            FloatVector y1 = FloatVector.fromArray(S, xp, o + v1);
            FloatVector y2 = FloatVector.fromArray(S, xp, o + v2);
            FloatVector y3 = FloatVector.fromArray(S, xp, o + v3);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            c03 = x.fma(y3, c03);
            x = FloatVector.broadcast(S, a[ao + a1]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            c13 = x.fma(y3, c13);
            x = FloatVector.broadcast(S, a[ao + a2]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            c23 = x.fma(y3, c23);
            x = FloatVector.broadcast(S, a[ao + a3]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
            c33 = x.fma(y3, c33);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, TILE);
        c11.intoArray(tile, TILE + L);
        c12.intoArray(tile, TILE + 2 * L);
        c13.intoArray(tile, TILE + 3 * L);
        c20.intoArray(tile, 2 * TILE);
        c21.intoArray(tile, 2 * TILE + L);
        c22.intoArray(tile, 2 * TILE + 2 * L);
        c23.intoArray(tile, 2 * TILE + 3 * L);
        c30.intoArray(tile, 3 * TILE);
        c31.intoArray(tile, 3 * TILE + L);
        c32.intoArray(tile, 3 * TILE + 2 * L);
        c33.intoArray(tile, 3 * TILE + 3 * L);
    }

    /** {@link #kernel} with three vectors per row: the 4 × 3 tile of 16-register (AVX2) machines. */
    private static void kernel3(int steps, float[] a, int ao, int ars, int aps, float[] xp, int[] u, int v0, int v1, int v2,
                                float[] tile) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(S);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars;
        for (int st = 0; st < steps; st++, ao += aps) {
            int o = u[st];
            FloatVector y0 = FloatVector.fromArray(S, xp, o + v0);
            FloatVector y1 = FloatVector.fromArray(S, xp, o + v1);
            FloatVector y2 = FloatVector.fromArray(S, xp, o + v2);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            x = FloatVector.broadcast(S, a[ao + a1]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            x = FloatVector.broadcast(S, a[ao + a2]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            x = FloatVector.broadcast(S, a[ao + a3]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, TILE);
        c11.intoArray(tile, TILE + L);
        c12.intoArray(tile, TILE + 2 * L);
        c20.intoArray(tile, 2 * TILE);
        c21.intoArray(tile, 2 * TILE + L);
        c22.intoArray(tile, 2 * TILE + 2 * L);
        c30.intoArray(tile, 3 * TILE);
        c31.intoArray(tile, 3 * TILE + L);
        c32.intoArray(tile, 3 * TILE + 2 * L);
    }
}
