package dev.cochlea.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stride-1 2-D convolution with 3×3 or 5×5 kernels by Winograd's minimal filtering F(m×m, r×r)
 * ({@link WinogradTransform}; 4×4 output tiles where the output is at least 8×8, else 2×2), with the
 * layer's bias, ReLU and a following 2×2 max pooling fused into the last step: the pooled output is
 * written directly and the full-size one never exists. F(4, 5) does 4 multiplications per output
 * where the direct sum does 25 (F(4, 3): 2.25 for 9), at the price of two small transforms, and gives
 * the same values within float rounding (a few 1e-6 relative to the output's scale).
 *
 * <p>How: each image is cut into bands of tile rows, about {@link #TILES_PER_BAND} tiles each, so
 * that one band's transformed input and products stay in the core's L2 cache. For each band: the
 * padded input rows under each tile row are copied with their columns split by phase modulo m (so a
 * vector of neighbouring tiles reads consecutive floats), transformed ({@link WinogradOps#inputTransform}),
 * multiplied by the transformed weights in {@code α²} small products ({@link WinogradOps#multiply})
 * and transformed back ({@link WinogradOps#outputTransform}).
 * Bands go to the kernel threads from a shared counter. Inference only: the backward pass of a
 * convolution keeps its own kernels.
 *
 * <pre>{@code
 * // y[n, 32, 10, 15] = maxpool2(relu(conv2d(x[n, 16, 20, 31], w[32, 16, 3, 3], b, padding 1)))
 * Im2col.Geometry g = Im2col.Geometry.of(new int[] {20, 31}, new int[] {20, 31}, new int[] {3, 3},
 *         new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
 * WinogradConv.forward(KernelProvider.get(), n, 16, 32, g, x, 0, w, 0, b, 0, true, true, y, 0);
 * }</pre>
 */
public final class WinogradConv {
    /** Output tiles per band: enough for whole vectors and long products, few enough to stay in L2. */
    static final int TILES_PER_BAND = 64;
    /** Whether the fused inference kernels may run at all ({@code -Dcochlea.conv.noFused=true} turns them and {@link PooledConv} off). */
    static final boolean ENABLED = !Tuning.get().convNoFused();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private WinogradConv() {}

    /** Per-thread arrays, grown on demand. */
    private static final class Scratch {
        float[] d = new float[0], v = new float[0], m = new float[0], e = new float[0];

        float[] d(int n) {
            if (d.length < n) d = new float[n];
            return d;
        }

        float[] v(int n) {
            if (v.length < n) v = new float[n];
            return v;
        }

        float[] m(int n) {
            if (m.length < n) m = new float[n];
            return m;
        }

        float[] e(int n) {
            if (e.length < n) e = new float[n];
            return e;
        }
    }

    /**
     * Whether this convolution can run here: 2-D, one group, a square 3×3 or 5×5 kernel, stride and
     * dilation 1, the same padding on both sides, and enabled.
     */
    public static boolean supports(Im2col.Geometry g, int groups) {
        return ENABLED && handles(g, groups);
    }

    /** {@link #supports} whether or not the path is turned off. */
    static boolean handles(Im2col.Geometry g, int groups) {
        return PhaseSplit.fits(g, groups, 1) && WinogradTransform.supportsKernel(g.kh);
    }

    /**
     * Weights transformed for one tile size ({@link WinogradTransform#transformWeights}), made by
     * {@link #prepare} and reusable for every call with the same weights.
     *
     * @param m outputs per tile side
     * @param r kernel side
     * @param k output channels
     * @param c input channels
     * @param u the transformed weights {@code U[ξ][k][c]}
     */
    public record Prepared(int m, int r, int k, int c, float[] u) {}

    /** The weights {@code [k, c, r, r]} from {@code wOff} transformed for the tile size this geometry gets. */
    public static Prepared prepare(Im2col.Geometry g, float[] w, int wOff, int k, int c) {
        return prepare(tileSize(g), g.kh, w, wOff, k, c);
    }

    static Prepared prepare(int m, int r, float[] w, int wOff, int k, int c) {
        WinogradTransform t = WinogradTransform.of(m, r);
        return new Prepared(m, r, k, c, t.transformWeights(w, wOff, k, c, new float[t.alpha * t.alpha * k * c]));
    }

    /** The outputs per tile side this geometry is computed with: 4 where the output is large enough to fill such tiles, else 2. */
    public static int tileSize(Im2col.Geometry g) {
        return g.oh >= 8 && g.ow >= 8 ? 4 : 2;
    }

    /**
     * {@code out = [maxpool2](relu?(conv(x, w) + bias))} for {@code batch} images {@code [c, ih, iw]}
     * from {@code xOff} and weights {@code [k, c, r, r]} from {@code wOff}; output
     * {@code [batch, k, oh/2, ow/2]} with {@code pool}, else {@code [batch, k, oh, ow]}, from
     * {@code outOff}. Bias may be null. Requires {@link #supports}.
     */
    public static void forward(Kernels kern, int batch, int c, int k, Im2col.Geometry g, float[] x, int xOff,
                               float[] w, int wOff, float[] bias, int biasOff, boolean relu, boolean pool,
                               float[] out, int outOff) {
        forward(kern, batch, g, x, xOff, prepare(g, w, wOff, k, c), bias, biasOff, relu, pool, out, outOff);
    }

    /** {@link #forward} with {@code m × m} outputs per tile (2 or 4). */
    static void forward(Kernels kern, int m, int batch, int c, int k, Im2col.Geometry g, float[] x, int xOff,
                        float[] w, int wOff, float[] bias, int biasOff, boolean relu, boolean pool,
                        float[] out, int outOff) {
        forward(kern, batch, g, x, xOff, prepare(m, g.kh, w, wOff, k, c), bias, biasOff, relu, pool, out, outOff);
    }

    /** {@link #forward} with weights already transformed ({@link #prepare}). */
    public static void forward(Kernels kern, int batch, Im2col.Geometry g, float[] x, int xOff, Prepared weights,
                               float[] bias, int biasOff, boolean relu, boolean pool, float[] out, int outOff) {
        if (!handles(g, 1) || weights.r() != g.kh) throw new IllegalArgumentException("WinogradConv: unsupported geometry");
        final int m = weights.m(), k = weights.k(), c = weights.c();
        if (batch == 0 || k == 0) return;
        final WinogradOps ops = kern.winograd();
        final WinogradTransform t = WinogradTransform.of(m, g.kh);
        final int a = t.alpha, xis = a * a, lanes = ops.lanes();
        final float[] u = weights.u();
        final int th = (g.oh + m - 1) / m, tw = (g.ow + m - 1) / m, wt = tw + (a - 1) / m;
        long flops = 2L * batch * k * c * g.kh * g.kw * g.oh * g.ow;
        int threads = Parallel.insideKernel() || flops < ConvKernels.MIN_PARALLEL_FLOPS ? 1 : Parallel.threads();
        int rows0 = Math.max(1, Math.min(th, (TILES_PER_BAND + wt - 1) / wt));
        if (batch < threads) rows0 = Math.min(rows0, Math.max(1, (th * batch + threads - 1) / threads));
        final int rowsPerBand = rows0;
        final int bands = (th + rowsPerBand - 1) / rowsPerBand;
        final int units = batch * bands;
        final int inSize = g.ih * g.iw;
        final int outSize = pool ? (g.oh / 2) * (g.ow / 2) : g.oh * g.ow;
        final int ext = (a - 1) / m;
        final int plane = roundUp((rowsPerBand + ext) * wt, lanes) + lanes + ext;
        threads = Math.min(threads, units);
        AtomicInteger next = new AtomicInteger();
        final int chunks = threads;
        Parallel.forChunks(chunks, chunks, (c0, c1) -> Parallel.serially(() -> {
            Scratch s = SCRATCH.get();
            float[] d = s.d(c * m * m * plane);
            float[] v = s.v(xis * c * plane);
            float[] p = s.m(xis * k * plane);
            float[] e = s.e(ops.scratchSize(t));
            for (int unit; (unit = next.getAndIncrement()) < units; ) {
                int n = unit / bands, band = unit % bands;
                int ty0 = band * rowsPerBand, rows = Math.min(rowsPerBand, th - ty0);
                int tiles = roundUp(rows * wt, lanes);
                PhaseSplit.split(g, m, c, x, xOff + n * c * inSize, ty0, rows + ext, wt, plane, d);
                ops.inputTransform(t, d, c, plane, wt, tiles, v, plane, e);
                ops.multiply(xis, k, c, u, v, p, plane, tiles);
                ops.outputTransform(t, p, k, plane, tiles, new WinogradOps.Band(ty0, rows, tw, wt, g.oh, g.ow),
                        bias, biasOff, relu, pool, out, outOff + n * k * outSize, e);
            }
        }));
    }

    private static int roundUp(int v, int step) {
        return (v + step - 1) / step * step;
    }
}
