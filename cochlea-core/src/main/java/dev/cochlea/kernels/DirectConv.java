package dev.cochlea.kernels;

/**
 * Stride-1 2-D convolution computed straight from a zero-padded copy of each input image, without an
 * im2col matrix: a capability of {@link Kernels#directConv()}, present only where it beats im2col +
 * matrix product (the Vector API kernels on 16-lane vectors). {@link ConvKernels} asks for it and
 * falls back to im2col + {@link Kernels#gemm} otherwise, which gives the same numbers within float
 * rounding; the scalar kernels have no direct form.
 *
 * <pre>{@code
 * DirectConv d = KernelProvider.get().directConv().filter(x -> x.supports(geo, 1, m)).orElse(null);
 * if (d != null) {
 *     float[] wp = d.packWeights(w, 0, m, k, new float[m * k]);
 *     d.forwardItem(geo, c, m, img, 0, wp, bias, 0, out, 0);   // one image
 * }
 * }</pre>
 */
public interface DirectConv {

    /** Whether {@link #forwardItem} handles this convolution (one group of {@code m} output channels). */
    boolean supports(Im2col.Geometry g, int groups, int m);

    /** Whether {@link #weightGradItem} handles this weight gradient ({@code c} input, {@code m} output channels). */
    boolean supportsWeightGrad(Im2col.Geometry g, int groups, int c, int m);

    /**
     * The weight {@code [m, k]} (row-major from {@code wOff}) in the layout {@link #forwardItem} reads,
     * written to {@code wp} (at least {@code m·k} floats), which is returned.
     */
    float[] packWeights(float[] w, int wOff, int m, int k, float[] wp);

    /**
     * One image: {@code out[i, q] = bias[i] + Σ_p W[i, p] · x[p-th tap of position q]} for the {@code m}
     * output channels (rows {@code oh·ow} long from {@code outOff}) of input {@code [c, ih, iw]} at
     * {@code imgOff}; {@code wp} from {@link #packWeights}, bias may be null.
     */
    void forwardItem(Im2col.Geometry g, int c, int m, float[] img, int imgOff, float[] wp,
                     float[] bias, int biasOff, float[] out, int outOff);

    /**
     * One image's share of a weight gradient, in im2row's column order (kernel tap, then channel):
     * {@code dw[i, t·c + ci] (+)= Σ_q dy[i, q] · x[ci, tap t of position q]}, {@code dw} row-major
     * {@code [m, kh·kw·c]} at {@code dwOff}, added to when {@code accumulate}.
     */
    void weightGradItem(Im2col.Geometry g, int c, int m, float[] dy, int dyOff, float[] img, int imgOff,
                        float[] dw, int dwOff, boolean accumulate);
}
