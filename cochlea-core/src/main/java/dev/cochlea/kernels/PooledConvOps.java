package dev.cochlea.kernels;

/**
 * The loop of {@link PooledConv}: a stride-1 2-D convolution of few input channels, its bias, ReLU
 * and 2×2 max pooling computed window by window, so only the pooled output is written. The input is
 * laid out by {@link PhaseSplit} with m = 2: pooled position {@code t = ty·wt + tx} of the band reads
 * tap {@code (ky, kx)} of its window's output {@code (u, v)} from
 * {@code d[((ci·2 + (u+ky) mod 2)·2 + (v+kx) mod 2)·plane + ((u+ky)/2)·wt + t + (v+kx)/2]}, the same
 * offset for a vector of neighbouring windows. Weights are packed four output channels side by side
 * ({@link PooledConv#pack}). {@link Kernels#pooledConv()} gives the implementation.
 *
 * <pre>{@code
 * PooledConvOps ops = KernelProvider.get().pooledConv();
 * ops.forward(r, c, k, d, plane, n, wp, bias, 0, true, band, out, 0, scratch);
 * }</pre>
 */
public interface PooledConvOps {

    /** Windows computed side by side; {@code n} is a multiple of it, and the input is read up to {@code 2·lanes()} floats past window {@code n}. */
    int lanes();

    /**
     * For the band's windows {@code t < n} that are real ({@code tx < band.tw()}, pooled row inside)
     * and output channels {@code ki < k}: {@code out[outOff + ki·(oh/2)·(ow/2) + (ty0+ty)·(ow/2) + tx] =
     * [relu] max over the window of (conv + bias)}; {@code scratch} holds at least {@code 8·lanes()} floats.
     */
    void forward(int r, int c, int k, float[] d, int plane, int n, float[] wp, float[] bias, int biasOff, boolean relu,
                 WinogradOps.Band band, float[] out, int outOff, float[] scratch);
}
