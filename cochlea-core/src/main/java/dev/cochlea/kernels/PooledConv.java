package dev.cochlea.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stride-1 2-D convolution of few input channels (a spectrogram's first layer) with its bias, ReLU
 * and 2×2 max pooling fused: each vector of pooling windows is computed in registers (four output
 * channels × the window's four outputs) and only the pooled maximum is written, so the full-size
 * activation, the largest tensor of a small CNN, is never stored and read back. Where there are
 * enough input channels for Winograd's algorithm to pay, {@link WinogradConv} is used instead.
 *
 * <p>How: bands of pooled rows (at least one per thread) of each image go to the kernel threads from
 * a shared counter; a band's input rows are laid out by {@link PhaseSplit} (m = 2) and
 * {@link PooledConvOps#forward} does the rest.
 *
 * <pre>{@code
 * // y[n, 32, 20, 31] = maxpool2(conv2d(x[n, 1, 40, 63], w[32, 1, 5, 5], b, padding 2))
 * PooledConv.forward(KernelProvider.get(), n, 1, 32, g, x, 0, w, 0, b, 0, false, y, 0);
 * }</pre>
 */
public final class PooledConv {
    /** Pooled windows per band. */
    static final int WINDOWS_PER_BAND = 128;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private PooledConv() {}

    /**
     * Whether this convolution can run here: 2-D, one group, a square odd kernel of at most 7, stride
     * and dilation 1, the same padding on both sides, an output of at least 2×2, and enabled.
     */
    public static boolean supports(Im2col.Geometry g, int groups) {
        return WinogradConv.ENABLED && handles(g, groups);
    }

    static boolean handles(Im2col.Geometry g, int groups) {
        return PhaseSplit.fits(g, groups, 2) && g.kh % 2 == 1 && g.kh <= 7;
    }

    /**
     * The weights {@code [k, c, r, r]} from {@code wOff} in the layout {@link PooledConvOps#forward}
     * reads: blocks of four output channels, within a block {@code [ci][ky][kx][4]}; channels past
     * {@code k} are zero.
     */
    public static float[] pack(float[] w, int wOff, int k, int c, int r) {
        int blocks = (k + 3) / 4, taps = r * r;
        float[] wp = new float[blocks * c * taps * 4];
        for (int ki = 0; ki < k; ki++) {
            for (int ci = 0; ci < c; ci++) {
                for (int tap = 0; tap < taps; tap++) {
                    wp[(((ki >> 2) * c + ci) * taps + tap) * 4 + (ki & 3)] = w[wOff + (ki * c + ci) * taps + tap];
                }
            }
        }
        return wp;
    }

    /**
     * {@code out = maxpool2(relu?(conv(x, w) + bias))} for {@code batch} images {@code [c, ih, iw]} from
     * {@code xOff}, weights {@code [k, c, r, r]} from {@code wOff}; output {@code [batch, k, oh/2, ow/2]}
     * from {@code outOff}. Bias may be null. Requires {@link #supports} (apart from being enabled).
     */
    public static void forward(Kernels kern, int batch, int c, int k, Im2col.Geometry g, float[] x, int xOff,
                               float[] w, int wOff, float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        forward(kern, batch, c, k, g, x, xOff, pack(w, wOff, k, c, g.kh), bias, biasOff, relu, out, outOff);
    }

    /** {@link #forward} with weights already {@linkplain #pack packed}. */
    public static void forward(Kernels kern, int batch, int c, int k, Im2col.Geometry g, float[] x, int xOff,
                               float[] wp, float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        if (!handles(g, 1)) throw new IllegalArgumentException("PooledConv: unsupported geometry");
        if (batch == 0 || k == 0) return;
        final PooledConvOps ops = kern.pooledConv();
        final int r = g.kh, half = r >> 1, lanes = ops.lanes();
        final int ph = g.oh / 2, pw = g.ow / 2, wt = pw + half;
        long flops = 2L * batch * k * c * r * r * g.oh * g.ow;
        int threads = Parallel.insideKernel() || flops < ConvKernels.MIN_PARALLEL_FLOPS ? 1 : Parallel.threads();
        int rows0 = Math.max(1, Math.min(ph, (WINDOWS_PER_BAND + wt - 1) / wt));
        if (batch < threads) rows0 = Math.min(rows0, Math.max(1, (ph * batch + threads - 1) / threads));
        final int rowsPerBand = rows0, bands = (ph + rowsPerBand - 1) / rowsPerBand, units = batch * bands;
        final int plane = roundUp((rowsPerBand + half) * wt, lanes) + 2 * lanes + half;
        final int inSize = g.ih * g.iw, outSize = ph * pw;
        final int chunks = Math.min(threads, units);
        AtomicInteger next = new AtomicInteger();
        Parallel.forChunks(chunks, chunks, (c0, c1) -> Parallel.serially(() -> {
            float[][] s = SCRATCH.get();
            if (s[0].length < c * 4 * plane) s[0] = new float[c * 4 * plane];
            if (s[1].length < 8 * lanes) s[1] = new float[8 * lanes];
            float[] d = s[0], scratch = s[1];
            for (int unit; (unit = next.getAndIncrement()) < units; ) {
                int n = unit / bands, band = unit % bands;
                int ty0 = band * rowsPerBand, rows = Math.min(rowsPerBand, ph - ty0);
                PhaseSplit.split(g, 2, c, x, xOff + n * c * inSize, ty0, rows + half, wt, plane, d);
                ops.forward(r, c, k, d, plane, roundUp(rows * wt, lanes), wp, bias, biasOff, relu,
                        new WinogradOps.Band(ty0, rows, pw, wt, g.oh, g.ow), out, outOff + n * k * outSize, scratch);
            }
        }));
    }

    private static int roundUp(int v, int step) {
        return (v + step - 1) / step * step;
    }
}
