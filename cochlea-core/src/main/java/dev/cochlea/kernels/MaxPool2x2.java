package dev.cochlea.kernels;

/**
 * 2 × 2, stride-2 max pooling of one plane and its gradient, with PyTorch's argmax indices (the first
 * maximum in scan order, NaN wins): a capability of {@link Kernels#maxPool2x2()}, present only where
 * it beats the general loop of {@link PoolingKernels} (the Vector API kernels on 16-lane vectors).
 * Both methods return false, touching nothing, for geometries they do not handle, and the caller
 * runs the general loop, which gives the same values and indices.
 *
 * <pre>{@code
 * MaxPool2x2 p = KernelProvider.get().maxPool2x2().orElse(null);
 * if (p == null || !p.forward(geometry, in, 0, 0, out, 0, idx, 0)) { ... the general loop ... }
 * }</pre>
 */
public interface MaxPool2x2 {

    /**
     * Max-pools one plane ({@code in[io ..]}, {@code ih × iw}) into {@code out[oo ..]} when the geometry is
     * a 2 × 2 window with stride 2, no padding and a handled width; {@code idx} (may be null) gets
     * {@code base +} the in-plane position of each maximum from {@code xo}. Returns whether it did.
     */
    boolean forward(Im2col.Geometry g, float[] in, int io, int base, float[] out, int oo, int[] idx, int xo);

    /**
     * The gradient of {@link #forward} for one plane: writes every input position of {@code gIn[gi ..]},
     * each output gradient {@code gOut[go + o]} where {@code idx[xo + o]} (in-plane positions) points and
     * zero elsewhere. Returns false, touching nothing, when the geometry is not handled.
     */
    boolean backward(Im2col.Geometry g, float[] gOut, int go, int[] idx, int xo, float[] gIn, int gi);
}
