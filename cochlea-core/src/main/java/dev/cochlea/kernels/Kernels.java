package dev.cochlea.kernels;

import java.util.Optional;

/**
 * The hot loops of Cochlea over {@code float[]} ranges, in two implementations chosen once at
 * start-up by {@link KernelProvider}: one on the Java Vector API, one scalar.
 *
 * <p>Every method works on contiguous ranges given as (array, offset) pairs and a length; it is
 * single-threaded unless its documentation says otherwise (callers split large work with
 * {@link Parallel}). Output ranges may alias input ranges only when they are exactly the same.
 *
 * <p>Both implementations have every method and agree within float rounding. A few kernels exist only
 * where their register layout pays ({@link #directConv()}, {@link #maxPool2x2()}): they are optional
 * capabilities, and callers fall back to the general loops, which the tests compare them against.
 * This interface, like all code outside the {@code Vector*} classes, never names the Vector API, so
 * it loads without the {@code jdk.incubator.vector} module.
 *
 * <pre>{@code
 * Kernels k = KernelProvider.get();
 * k.binary(Kernels.Binary.ADD, a, 0, b, 0, out, 0, n);
 * k.gemm(false, true, m, n, kk, 1f, a, 0, kk, w, 0, kk, 0f, c, 0, n); // C = A * W^T
 * }</pre>
 */
public interface Kernels {

    /** Element-wise operations of two operands. */
    enum Binary { ADD, SUB, MUL, DIV, MAX, MIN, POW }

    /** Element-wise operations of one operand. */
    enum Unary { NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, SQUARE, RECIPROCAL, SIN, COS, FLOOR, CEIL, ROUND, SIGN }

    /** A short name of the implementation, {@code "vector"} or {@code "scalar"}. */
    String name();

    /** The float lanes of one vector these kernels compute with (16 for 512-bit vectors, 8 for 256-bit; 1 for scalar code). */
    default int lanes() {
        return 1;
    }

    /** {@code out[i] = a[i] op b[i]} for {@code i < n}. */
    void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] op s} for {@code i < n}. */
    void binaryScalar(Binary op, float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = s op b[i]} for {@code i < n}. */
    void scalarBinary(Binary op, float s, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = op(a[i])} for {@code i < n}. */
    void unary(Unary op, float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = y[i] > 0 ? g[i] : 0}: the gradient of ReLU from its output {@code y}. */
    void reluBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n);

    /** {@code y[i] += alpha * x[i]} for {@code i < n}. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** {@code out[i] = a[i] * alpha + beta}. */
    void scaleShift(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n);

    /** The sum of {@code a[ao .. ao+n)}, accumulated in float with several lanes. */
    float sum(float[] a, int ao, int n);

    /** The sum of squares of {@code a[ao .. ao+n)}. */
    float sumSquares(float[] a, int ao, int n);

    /** {@code Σ (a[i] - aMean) · (b[i] - bMean)}: a centred dot product (a variance when a and b are the same). */
    float dotCentered(float[] a, int ao, float aMean, float[] b, int bo, float bMean, int n);

    /** The dot product of two ranges. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /** The largest value of a non-empty range (NaN if any element is NaN). */
    float max(float[] a, int ao, int n);

    /** The smallest value of a non-empty range (NaN if any element is NaN). */
    float min(float[] a, int ao, int n);

    /**
     * One SGD update of {@code n} parameters, {@code torch.optim.SGD}'s arithmetic:
     * <pre>
     *   d = (maximize ? -g : g) + weightDecay · p
     *   buf = first ? d : momentum · buf + (1 - dampening) · d      (momentum ≠ 0 only)
     *   d = nesterov ? d + momentum · buf : buf                     (momentum ≠ 0 only)
     *   p = p - lr · d                                              (rounded as written, not fused)
     * </pre>
     * With {@code momentum == 0} the buffer is neither read nor written and may be null.
     */
    void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, int n, SgdStep s);

    /**
     * One Adam (or AdamW) update of {@code n} parameters with moments {@code m}, {@code v} (and
     * {@code vmax} with amsgrad, else null), {@code torch.optim.Adam}'s arithmetic:
     * <pre>
     *   p = p · decay;  g = (maximize ? -g : g) + weightDecay · p
     *   m = m + (1 - beta1) · (g - m);  v = v · beta2 + (1 - beta2) · g · g;  vmax = max(vmax, v)
     *   p = p - stepSize · m / (sqrt(amsgrad ? vmax : v) / bc2Sqrt + eps)
     * </pre>
     * The moment buffers are indexed from 0, the parameters and gradients from their offsets. Both
     * implementations round every step as written (no fused operations), so they agree bit for bit.
     */
    void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int from, int n, AdamStep s);

    /**
     * One RMSprop update of {@code n} parameters with square average {@code sq}, momentum buffer
     * {@code buf} (null without momentum) and gradient average {@code ga} (null unless centered),
     * {@code torch.optim.RMSprop}'s arithmetic:
     * <pre>
     *   g = (maximize ? -g : g) + weightDecay · p;  sq = sq · alpha + (1 - alpha) · g · g
     *   avg = sqrt(centered ? sq - ga² : sq) + eps, with ga = ga + (1 - alpha) · (g - ga)
     *   momentum: buf = buf · momentum + g / avg;  p = p - lr · buf   otherwise p = p - lr · g / avg
     * </pre>
     * Buffers are indexed from 0, parameters and gradients from their offsets; both implementations
     * round every step as written, so they agree bit for bit.
     */
    void rmsprop(float[] p, int po, float[] g, int go, float[] sq, float[] buf, float[] ga, int from, int n, RmspropStep s);

    /**
     * Several shifted rows, weighted, added into one ({@link DepthwiseConv}'s inner loop):
     * {@code out[oo + i] += Σ_t w[t] · in[inOffs[t] + i]} for {@code i < n}, {@code t < taps}:
     * one scaled row after another is added into {@code out} (an axpy per tap, in order).
     */
    void tapSum(float[] in, int[] inOffs, float[] w, int taps, float[] out, int oo, int n);

    /**
     * One row against several shifted rows ({@link DepthwiseConv}'s weight gradient):
     * {@code acc[t] += Σ_i g[go + i] · in[inOffs[t] + i]} for {@code i < n}, {@code t < taps}.
     */
    void tapDot(float[] g, int go, float[] in, int[] inOffs, int taps, int n, float[] acc);

    /** Fills a range with a value. */
    void fill(float[] a, int ao, int n, float value);

    /**
     * Row-major general matrix product {@code C = alpha * op(A) * op(B) + beta * C}, where op is the
     * identity or the transpose. {@code op(A)} is m×k, {@code op(B)} is k×n, {@code C} is m×n with row
     * stride {@code ldc}. {@code lda} and {@code ldb} are the row strides of A and B as stored. When
     * {@code beta == 0}, C's previous contents are ignored (NaNs included). Multithreaded over
     * {@link Parallel} for large products.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * The short-time Fourier transform of items {@code [from, to)} of {@code s} (item
     * {@code b * frames + t} is frame {@code t} of signal {@code b}): pad, window, real FFT in double
     * precision, scale, and complex bins or {@code |X|^power} into the {@code [batch, freqs, frames]}
     * output (see {@link StftFrames}). {@link SpectralKernels#stft} splits the items over threads.
     */
    void stftFrames(StftFrames s, int from, int to);

    /**
     * Decibels: {@code out[i] = multiplier * log10(max(x[i], amin)) - offset}, NaN staying NaN. Returns
     * the largest output value (NaN if any is NaN, negative infinity when {@code n == 0}). Computed in
     * float32 like torchaudio, as {@code (multiplier / ln 10) * ln(max(x, amin)) - offset}; an
     * {@code amin} below the smallest normal float is computed in double precision instead.
     */
    float toDecibels(float[] x, int xOff, float[] out, int outOff, int n, double multiplier, double amin, double offset);

    /** {@code x[i] = max(x[i], floor)} in place (NaN stays NaN). */
    void clampMin(float[] x, int off, int n, float floor);

    /** Whether {@code x[off .. off+n)} holds no NaN and no infinity. */
    boolean allFinite(float[] x, int off, int n);

    /**
     * A weighted sum of {@code rows} rows {@code stride} apart (one filter of a banded filter bank):
     * {@code out[oo + t] = Σ_j w[wo + j] · x[xo + j·stride + t]} for {@code t < n}, accumulated from zero
     * in row order with fused multiply-adds, so both implementations give the same bits.
     */
    void weightedRowSum(float[] x, int xo, int stride, int rows, float[] w, int wo, float[] out, int oo, int n);

    /**
     * The im2col-free stride-1 convolution, where this implementation has one that pays (the Vector API
     * kernels on 16-lane vectors); {@link ConvKernels} uses it for the geometries it
     * {@linkplain DirectConv#supports supports} and im2col + {@link #gemm} otherwise.
     */
    Optional<DirectConv> directConv();

    /**
     * The 2 × 2, stride-2 max pooling of whole planes, where this implementation has one that pays (the
     * Vector API kernels on 16-lane vectors); {@link PoolingKernels} falls back to its general loop.
     */
    Optional<MaxPool2x2> maxPool2x2();

    /** The loops of {@link WinogradConv}: vectors of tiles on the Vector API, one tile at a time in scalar code. */
    WinogradOps winograd();

    /** The loop of {@link PooledConv}: vectors of pooling windows on the Vector API, one window at a time in scalar code. */
    PooledConvOps pooledConv();
}
