package dev.cochlea.kernels;

/**
 * The three hot loops of a Winograd convolution ({@link WinogradConv}), over one band of tile rows of
 * one image: the input transform, the {@code α²} products with the transformed weights, and the output
 * transform with the layer's bias, ReLU and 2×2 max pooling fused in. {@link Kernels#winograd()} gives
 * the implementation: the Vector API one processes a vector of tiles side by side, the scalar one a
 * tile at a time.
 *
 * <p>Tiles of a band are numbered {@code t = ty·wt + tx} ({@code ty < rows}, {@code tx < wt}); only
 * {@code tx < tw} are real, the {@code wt − tw} others pad each tile row so that a vector of
 * neighbouring tiles reads consecutive floats. Layouts (row-major float arrays):
 * <ul>
 *   <li>input {@code d}: the band's padded input rows split by row and column phase modulo m, so
 *       that element {@code (j, i)} of tile {@code t}, channel {@code ci}, is at
 *       {@code d[((ci·m + j mod m)·m + i mod m)·plane + t + (j / m)·wt + i / m]};</li>
 *   <li>transformed input {@code v} and products: element {@code ξ < α²} of tile {@code t} at
 *       {@code v[(ξ·c + ci)·stride + t]} and {@code p[(ξ·k + ki)·stride + t]};</li>
 *   <li>transformed weights {@code u[(ξ·k + ki)·c + ci]} ({@link WinogradTransform#transformWeights}).</li>
 * </ul>
 *
 * <pre>{@code
 * WinogradOps ops = KernelProvider.get().winograd();
 * ops.inputTransform(t, d, c, plane, wt, n, v, stride, scratch);
 * ops.multiply(t.alpha * t.alpha, k, c, u, v, p, stride, n);
 * ops.outputTransform(t, p, k, stride, n, band, bias, 0, true, true, out, 0, scratch);
 * }</pre>
 */
public interface WinogradOps {

    /** Tiles processed side by side: {@code n} is a multiple of it, and arrays are read and written up to this far past {@code n}. */
    int lanes();

    /** Floats of scratch the transforms need. */
    default int scratchSize(WinogradTransform t) {
        return (t.alpha * t.alpha + t.m * t.m) * lanes();
    }

    /** Where a band's tiles lie in the image: tile rows {@code ty0 .. ty0+rows}, {@code tw} real tiles of {@code wt} per row, output {@code oh × ow}. */
    record Band(int ty0, int rows, int tw, int wt, int oh, int ow) {}

    /** {@code v = Bᵀ d B} for tiles {@code t < n} of every channel (see the layouts above; {@code wt} tiles per row). */
    void inputTransform(WinogradTransform t, float[] d, int c, int plane, int wt, int n, float[] v, int stride, float[] scratch);

    /**
     * {@code p[(ξ·k + ki)·stride + j] = Σ_ci u[(ξ·k + ki)·c + ci] · v[(ξ·c + ci)·stride + j]} for
     * {@code ξ < xis, ki < k, j < n}.
     */
    void multiply(int xis, int k, int c, float[] u, float[] v, float[] p, int stride, int n);

    /**
     * {@code Y = Aᵀ p A + bias} for the band's real tiles and every output channel, then ReLU
     * ({@code relu}) and, with {@code pool}, the 2×2 stride-2 max pooling of the {@code oh × ow}
     * output ({@code m} is even, so each pooling window lies in one tile): written to
     * {@code out[outOff + ki·(oh/2)·(ow/2) + y·(ow/2) + x]} for {@code y < oh/2, x < ow/2}; without
     * pooling to {@code out[outOff + ki·oh·ow + y·ow + x]} for {@code y < oh, x < ow}. Bias may be null.
     */
    void outputTransform(WinogradTransform t, float[] p, int k, int stride, int n, Band band,
                         float[] bias, int biasOff, boolean relu, boolean pool, float[] out, int outOff, float[] scratch);
}
