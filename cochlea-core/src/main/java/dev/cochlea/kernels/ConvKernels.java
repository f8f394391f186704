package dev.cochlea.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batched convolution over raw arrays: im2col + matrix product (and the adjoint col2im), in the
 * three forms that forward and backward of convolution and transposed convolution are made of.
 *
 * <p>Two sides: the <em>image side</em> {@code [batch, groups·C, inSize]} (the input of a
 * convolution, the output of a transposed one) and the <em>column side</em>
 * {@code [batch, groups·M, outSize]} (the output of a convolution, the input of a transposed one),
 * related through a weight {@code [groups·M, C·kernelSize]} and an {@link Im2col.Geometry}:
 * <ul>
 *   <li>{@link #forward}: {@code col[n,g] = W_g · im2col(img[n,g]) (+ bias)} (convolution);</li>
 *   <li>{@link #backwardData}: {@code img[n,g] = col2im(W_gᵀ · col[n,g]) (+ bias)} (input gradient,
 *       transposed convolution);</li>
 *   <li>{@link #backwardWeight}: {@code dW_g = Σ_n col[n,g] · im2col(img[n,g])ᵀ}.</li>
 * </ul>
 *
 * <p>How: depthwise 1-D and 2-D convolutions (one image-side channel per group, several groups) go
 * to {@link DepthwiseConv} in all three forms (off with {@code -Dcochlea.conv.noDepthwise=true}).
 * Stride-1 2-D forward convolutions and weight gradients go to the kernels' {@link Kernels#directConv()}
 * where they have one and it supports the geometry (the Vector API kernels on 16-lane vectors).
 * {@link #backwardData} with stride 1 runs as a {@link #forward} with the kernel flipped
 * and channels swapped (im2col + product instead of product + col2im's scatter); a weight gradient
 * with a long row ({@code C·kernelSize ≥ 256}) builds {@link Im2col#im2row} rows so its product is
 * a plain {@code A·B} on the fast packed kernel rather than {@code A·Bᵀ}. Small outputs put several
 * items side by side in one column matrix (at least {@link #MIN_N} columns); a large image's column
 * matrix is built and used in slices of at most {@link #MAX_TILE} floats, so it stays in cache.
 *
 * <p>Threads: with a batch of at least as many items as {@link Parallel#threads()}, every thread
 * takes items from a shared counter and runs its own im2col, products and copies with
 * single-threaded matrix products (one hand-off per call, and a thread slowed by other load takes
 * fewer items); otherwise the items go one after another and the products split themselves. Scratch
 * arrays live in a per-thread workspace that only grows, so a training loop in steady state
 * allocates nothing here beyond a few small arrays per call.
 *
 * <pre>{@code
 * // y[2, 8, 32·32] = conv2d(x[2, 3, 32, 32], w[8, 3, 5, 5], b[8], padding 2)
 * Im2col.Geometry g = Im2col.Geometry.of(new int[] {32, 32}, new int[] {32, 32}, new int[] {5, 5},
 *         new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1});
 * ConvKernels.forward(2, 1, 3, 8, g, x, 0, w, 0, b, 0, y, 0);
 * }</pre>
 */
public final class ConvKernels {
    /**
     * The least number of columns a product of forward or input gradient should have before items
     * are no longer grouped (the packed product is near full speed from a few hundred columns).
     */
    static final int MIN_N = Integer.getInteger("cochlea.conv.minN", 256);
    /** The same for the weight gradient, whose {@code A·Bᵀ} product wants a long inner dimension. */
    static final int MIN_N_WEIGHT = Integer.getInteger("cochlea.conv.minNWeight", 1024);
    /** The most floats one item's column matrix may hold before it is built and used in slices. */
    static final int MAX_TILE = Integer.getInteger("cochlea.conv.maxTile", 1 << 19);
    /** Below this many floating-point operations per call everything stays on the calling thread. */
    static final long MIN_PARALLEL_FLOPS = Long.getLong("cochlea.conv.minParallelFlops", 4_000_000L);

    /** Whether stride-1 input gradients run as a convolution with the flipped kernel (else col2im). */
    static final boolean FLIP = !Boolean.getBoolean("cochlea.conv.noFlip");

    /** Whether weight gradients with a long row ({@link #ROWS_MIN_K}) use im2row and a plain product. */
    static final boolean ROWS = !Boolean.getBoolean("cochlea.conv.noRows");
    /** The least {@code C·kernelSize} for the im2row weight gradient (narrow rows waste the packed kernel). */
    static final int ROWS_MIN_K = Integer.getInteger("cochlea.conv.rowsMinK", 256);

    /** Whether depthwise 1-D/2-D convolutions (one input channel per group) use {@link DepthwiseConv}. */
    static final boolean DEPTHWISE = !Boolean.getBoolean("cochlea.conv.noDepthwise");

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private ConvKernels() {}

    /** Per-thread scratch arrays, grown on demand and never shrunk. */
    static final class Workspace {
        private float[] col = new float[0];
        private float[] buf = new float[0];
        private float[] part = new float[0];
        private float[] flip = new float[0];
        private float[] packed = new float[0];
        private float[] gather = new float[0];

        float[] col(int n) {
            if (col.length < n) col = new float[n];
            return col;
        }

        float[] buf(int n) {
            if (buf.length < n) buf = new float[n];
            return buf;
        }

        float[] packed(int n) {
            if (packed.length < n) packed = new float[n];
            return packed;
        }

        float[] flip(int n) {
            if (flip.length < n) flip = new float[n];
            return flip;
        }

        float[] gather(int n) {
            if (gather.length < n) gather = new float[n];
            return gather;
        }

        float[] part(int n) {
            if (part.length < n) part = new float[n];
            return part;
        }
    }

    /** How a call splits its batch: chunks over threads, and items per product. */
    private record Plan(int chunks, int perGemm) {}

    private static Plan plan(int batch, int groups, int m, int k, int p, int minN) {
        long flops = 2L * batch * groups * m * k * p;
        int threads = Parallel.threads();
        boolean nested = Parallel.insideKernel();
        int chunks = 1;
        if (!nested && threads > 1 && flops >= MIN_PARALLEL_FLOPS && batch >= threads
                && (batch % threads == 0 || batch >= 2 * threads)) {
            chunks = threads;
        }
        int itemsPerChunk = (batch + chunks - 1) / chunks;
        int perGemm = 1;
        if (p < minN) {
            perGemm = Math.min(itemsPerChunk, (minN + p - 1) / p);
            perGemm = Math.max(1, Math.min(perGemm, MAX_TILE / Math.max(1, k * p)));
        }
        return new Plan(chunks, perGemm);
    }

    /** A unit of work: items {@code [from, to)} done by chunk {@code chunk}, {@code first} for its first unit. */
    @FunctionalInterface
    private interface Units {
        void run(int chunk, int from, int to, boolean first);
    }

    /**
     * Runs {@code body} over the batch in units of {@link Plan#perGemm} items. With several chunks
     * and {@code shared}, each thread takes the next unit from a shared counter until none is left (a
     * thread slowed down by other work on the machine simply takes fewer); without it each chunk
     * gets a fixed run of units, which reductions over the batch need so that their sums are added in
     * the same order every time. A chunk run on the calling thread is marked as kernel work so its
     * matrix products do not try to split again.
     */
    private static void runChunks(int batch, Plan plan, boolean shared, Units body) {
        final int unit = plan.perGemm;
        if (plan.chunks <= 1) {
            for (int s = 0; s < batch; s += unit) body.run(0, s, Math.min(batch, s + unit), s == 0);
            return;
        }
        if (!shared) {
            int units = (batch + unit - 1) / unit;
            Parallel.forChunks(plan.chunks, plan.chunks, (c0, c1) -> Parallel.serially(() -> {
                for (int chunk = c0; chunk < c1; chunk++) {
                    int u0 = (int) ((long) units * chunk / plan.chunks), u1 = (int) ((long) units * (chunk + 1) / plan.chunks);
                    for (int u = u0; u < u1; u++) {
                        body.run(chunk, u * unit, Math.min(batch, (u + 1) * unit), u == u0);
                    }
                }
            }));
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Parallel.forChunks(plan.chunks, plan.chunks, (c0, c1) -> Parallel.serially(() -> {
            for (int chunk = c0; chunk < c1; chunk++) {
                boolean first = true;
                for (int s; (s = next.getAndAdd(unit)) < batch; first = false) {
                    body.run(chunk, s, Math.min(batch, s + unit), first);
                }
            }
        }));
    }

    /**
     * Convolution: {@code col[n, g·M + i, :] = Σ W[g·M + i, :] · im2col(img[n, g])} plus
     * {@code bias[g·M + i]} (bias may be null). Overwrites {@code col}.
     *
     * @param c channels per group on the image side
     * @param m channels per group on the column side (rows of the weight per group)
     */
    public static void forward(int batch, int groups, int c, int m, Im2col.Geometry geo,
                               float[] img, int imgOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] col, int colOff) {
        forward(KernelProvider.get(), batch, groups, c, m, geo, img, imgOff, w, wOff, bias, biasOff, col, colOff);
    }

    /**
     * {@link #forward(int, int, int, int, Im2col.Geometry, float[], int, float[], int, float[], int, float[], int)}
     * on the given kernels (through their {@link Kernels#directConv()} where it applies).
     */
    public static void forward(Kernels kern, int batch, int groups, int c, int m, Im2col.Geometry geo,
                               float[] img, int imgOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] col, int colOff) {
        if (batch == 0 || groups * m == 0) return;
        if (DEPTHWISE && DepthwiseConv.supports(geo, groups, c)) {
            DepthwiseConv.forward(kern, batch, groups, m, geo, img, imgOff, w, wOff, bias, biasOff, col, colOff);
            return;
        }
        final int k = c * geo.kernelSize();
        final int p = geo.outSize();
        final int in = geo.inSize();
        final Plan plan = plan(batch, groups, m, k, p, MIN_N);
        DirectConv direct = kern.directConv().orElse(null);
        if (direct != null && direct.supports(geo, groups, m)) {
            // In the caller's workspace: the other threads only read it, and only during this call.
            float[] wp = direct.packWeights(w, wOff, m, k, WORKSPACE.get().packed(m * k));
            runChunks(batch, new Plan(plan.chunks, 1), true, (chunk, n0, n1, first) -> {
                for (int n = n0; n < n1; n++) {
                    direct.forwardItem(geo, c, m, img, imgOff + n * c * in, wp, bias, biasOff, col, colOff + n * m * p);
                }
            });
            return;
        }
        final boolean identity = geo.isIdentity();
        runChunks(batch, plan, true, (chunk, n0, n1, first) -> {
            Workspace ws = WORKSPACE.get();
            for (int nb0 = n0; nb0 < n1; nb0 += plan.perGemm) {
                int nb = Math.min(plan.perGemm, n1 - nb0);
                int ld = nb * p;
                for (int g = 0; g < groups; g++) {
                    int wg = wOff + g * m * k;
                    if (nb == 1) {
                        int outAt = colOff + (nb0 * groups + g) * m * p;
                        if (identity) {
                            kern.gemm(false, false, m, p, k, 1f, w, wg, k, img, imgOff + (nb0 * groups + g) * c * in, p,
                                    0f, col, outAt, p);
                        } else {
                            int step = sliceRows(geo, k), ext = geo.sliceExtent(), stride = geo.sliceStride();
                            for (int t0 = 0; t0 < ext; t0 += step) {
                                int t1 = Math.min(ext, t0 + step), np = (t1 - t0) * stride;
                                Im2col.Geometry sub = step >= ext ? geo : geo.slice(t0, t1);
                                float[] cb = ws.col(k * np);
                                im2colParallel(sub, img, imgOff + (nb0 * groups + g) * c * in, c, cb, np, plan.chunks == 1);
                                kern.gemm(false, false, m, np, k, 1f, w, wg, k, cb, 0, np, 0f, col, outAt + t0 * stride, p);
                            }
                        }
                        if (bias != null) addBias(kern, col, outAt, m, p, bias, biasOff + g * m);
                    } else {
                        float[] cb = ws.col(k * ld);
                        for (int j = 0; j < nb; j++) {
                            Im2col.im2col(geo, img, imgOff + ((nb0 + j) * groups + g) * c * in, 0, c, cb, j * p, ld);
                        }
                        float[] yb = ws.buf(m * ld);
                        kern.gemm(false, false, m, ld, k, 1f, w, wg, k, cb, 0, ld, 0f, yb, 0, ld);
                        for (int j = 0; j < nb; j++) {
                            int outAt = colOff + ((nb0 + j) * groups + g) * m * p;
                            for (int i = 0; i < m; i++) {
                                System.arraycopy(yb, i * ld + j * p, col, outAt + i * p, p);
                            }
                            if (bias != null) addBias(kern, col, outAt, m, p, bias, biasOff + g * m);
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #forward} without bias: {@code img[n, g] = col2im(W_gᵀ · col[n, g])},
     * plus {@code bias[g·C + j]} on image channel {@code j} when bias is not null. Overwrites {@code img}.
     */
    public static void backwardData(int batch, int groups, int c, int m, Im2col.Geometry geo,
                                    float[] col, int colOff, float[] w, int wOff, float[] bias, int biasOff,
                                    float[] img, int imgOff) {
        backwardData(KernelProvider.get(), batch, groups, c, m, geo, col, colOff, w, wOff, bias, biasOff, img, imgOff);
    }

    /**
     * {@link #backwardData(int, int, int, int, Im2col.Geometry, float[], int, float[], int, float[], int, float[], int)}
     * on the given kernels.
     */
    public static void backwardData(Kernels kern, int batch, int groups, int c, int m, Im2col.Geometry geo,
                                    float[] col, int colOff, float[] w, int wOff, float[] bias, int biasOff,
                                    float[] img, int imgOff) {
        if (batch == 0 || groups * c == 0) return;
        if (DEPTHWISE && DepthwiseConv.supports(geo, groups, c)) {
            DepthwiseConv.backwardData(kern, batch, groups, m, geo, col, colOff, w, wOff, bias, biasOff, img, imgOff);
            return;
        }
        final int k = c * geo.kernelSize();
        if (FLIP && m > 0 && c >= Math.min(16, m) && geo.sd == 1 && geo.sh == 1 && geo.sw == 1 && !geo.isIdentity()) {
            // Stride 1: the adjoint is itself a convolution of the column side with the flipped
            // kernel (channels swapped), which runs as im2col + product without the scatter of col2im
            // (unless the image side has too few channels to fill the product's rows).
            int kk = geo.kernelSize();
            float[] wf = WORKSPACE.get().flip(groups * m * k);
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < c; j++) {
                        int src = wOff + ((g * m + i) * c + j) * kk;
                        int dst = ((g * c + j) * m + i) * kk + kk - 1;
                        for (int t = 0; t < kk; t++) wf[dst - t] = w[src + t];
                    }
                }
            }
            forward(kern, batch, groups, m, c, geo.flipped(), col, colOff, wf, 0, bias, biasOff, img, imgOff);
            return;
        }
        final int p = geo.outSize();
        final int in = geo.inSize();
        final Plan plan = plan(batch, groups, m, k, p, MIN_N);
        final boolean identity = geo.isIdentity();
        runChunks(batch, plan, true, (chunk, n0, n1, first) -> {
            Workspace ws = WORKSPACE.get();
            for (int nb0 = n0; nb0 < n1; nb0 += plan.perGemm) {
                int nb = Math.min(plan.perGemm, n1 - nb0);
                int ld = nb * p;
                for (int g = 0; g < groups; g++) {
                    int wg = wOff + g * m * k;
                    if (m == 0) {
                        for (int j = 0; j < nb; j++) {
                            int at = imgOff + ((nb0 + j) * groups + g) * c * in;
                            Arrays.fill(img, at, at + c * in, 0f);
                        }
                    } else if (nb == 1) {
                        int gAt = colOff + (nb0 * groups + g) * m * p;
                        int imAt = imgOff + (nb0 * groups + g) * c * in;
                        if (identity) {
                            kern.gemm(true, false, k, p, m, 1f, w, wg, k, col, gAt, p, 0f, img, imAt, p);
                        } else {
                            Arrays.fill(img, imAt, imAt + c * in, 0f);
                            int step = sliceRows(geo, k), ext = geo.sliceExtent(), stride = geo.sliceStride();
                            for (int t0 = 0; t0 < ext; t0 += step) {
                                int t1 = Math.min(ext, t0 + step), np = (t1 - t0) * stride;
                                Im2col.Geometry sub = step >= ext ? geo : geo.slice(t0, t1);
                                float[] cb = ws.col(k * np);
                                kern.gemm(true, false, k, np, m, 1f, w, wg, k, col, gAt + t0 * stride, p, 0f, cb, 0, np);
                                col2imParallel(sub, cb, np, c, img, imAt, plan.chunks == 1);
                            }
                        }
                    } else {
                        float[] gb = ws.buf(m * ld);
                        for (int j = 0; j < nb; j++) {
                            int gAt = colOff + ((nb0 + j) * groups + g) * m * p;
                            for (int i = 0; i < m; i++) System.arraycopy(col, gAt + i * p, gb, i * ld + j * p, p);
                        }
                        float[] cb = ws.col(k * ld);
                        kern.gemm(true, false, k, ld, m, 1f, w, wg, k, gb, 0, ld, 0f, cb, 0, ld);
                        for (int j = 0; j < nb; j++) {
                            int imAt = imgOff + ((nb0 + j) * groups + g) * c * in;
                            if (identity) {
                                for (int i = 0; i < c; i++) System.arraycopy(cb, i * ld + j * p, img, imAt + i * in, in);
                            } else {
                                Arrays.fill(img, imAt, imAt + c * in, 0f);
                                Im2col.col2im(geo, cb, j * p, ld, 0, c, img, imAt);
                            }
                        }
                    }
                    if (bias != null) {
                        for (int j = 0; j < nb; j++) {
                            addBias(kern, img, imgOff + ((nb0 + j) * groups + g) * c * in, c, in, bias, biasOff + g * c);
                        }
                    }
                }
            }
        });
    }

    /**
     * The weight gradient: {@code dw[g·M + i, :] = Σ_n col[n, g·M + i, :] · im2col(img[n, g])ᵀ}
     * (overwrites {@code dw}, {@code [groups·M, C·kernelSize]}).
     */
    public static void backwardWeight(int batch, int groups, int c, int m, Im2col.Geometry geo,
                                      float[] col, int colOff, float[] img, int imgOff, float[] dw, int dwOff) {
        backwardWeight(KernelProvider.get(), batch, groups, c, m, geo, col, colOff, img, imgOff, dw, dwOff);
    }

    /**
     * {@link #backwardWeight(int, int, int, int, Im2col.Geometry, float[], int, float[], int, float[], int)} on the
     * given kernels (through their {@link Kernels#directConv()} where it applies).
     */
    public static void backwardWeight(Kernels kern, int batch, int groups, int c, int m, Im2col.Geometry geo,
                                      float[] col, int colOff, float[] img, int imgOff, float[] dw, int dwOff) {
        final int k = c * geo.kernelSize();
        final int wSize = groups * m * k;
        if (wSize == 0) return;
        if (batch == 0) {
            Arrays.fill(dw, dwOff, dwOff + wSize, 0f);
            return;
        }
        if (DEPTHWISE && DepthwiseConv.supports(geo, groups, c)) {
            DepthwiseConv.backwardWeight(kern, batch, groups, m, geo, col, colOff, img, imgOff, dw, dwOff);
            return;
        }
        final int p = geo.outSize();
        final int in = geo.inSize();
        DirectConv direct = kern.directConv().orElse(null);
        if (direct != null && !direct.supportsWeightGrad(geo, groups, c, m)) direct = null;
        if (ROWS && !geo.isIdentity() && (k >= ROWS_MIN_K || direct != null)) {
            backwardWeightRows(kern, direct, batch, groups, c, m, geo, col, colOff, img, imgOff, dw, dwOff);
            return;
        }
        final Plan plan = plan(batch, groups, m, k, p, MIN_N_WEIGHT);
        final boolean identity = geo.isIdentity();
        final float[][] parts = new float[plan.chunks][];
        runChunks(batch, plan, false, (chunk, n0, n1, first) -> {
            Workspace ws = WORKSPACE.get();
            if (first) parts[chunk] = chunk == 0 ? dw : ws.part(wSize);
            float[] target = parts[chunk];
            int tOff = chunk == 0 ? dwOff : 0;
            for (int nb0 = n0; nb0 < n1; nb0 += plan.perGemm) {
                int nb = Math.min(plan.perGemm, n1 - nb0);
                int ld = nb * p;
                float beta = first && nb0 == n0 ? 0f : 1f;
                for (int g = 0; g < groups; g++) {
                    int dwg = tOff + g * m * k;
                    if (nb == 1) {
                        int gAt = colOff + (nb0 * groups + g) * m * p;
                        int imAt = imgOff + (nb0 * groups + g) * c * in;
                        if (identity) {
                            kern.gemm(false, true, m, k, p, 1f, col, gAt, p, img, imAt, p, beta, target, dwg, k);
                        } else {
                            int step = sliceRows(geo, k), ext = geo.sliceExtent(), stride = geo.sliceStride();
                            for (int t0 = 0; t0 < ext; t0 += step) {
                                int t1 = Math.min(ext, t0 + step), np = (t1 - t0) * stride;
                                Im2col.Geometry sub = step >= ext ? geo : geo.slice(t0, t1);
                                float[] cb = ws.col(k * np);
                                im2colParallel(sub, img, imAt, c, cb, np, plan.chunks == 1);
                                kern.gemm(false, true, m, k, np, 1f, col, gAt + t0 * stride, p, cb, 0, np,
                                        t0 == 0 ? beta : 1f, target, dwg, k);
                            }
                        }
                    } else {
                        float[] gb = ws.buf(m * ld);
                        float[] cb = ws.col(k * ld);
                        for (int j = 0; j < nb; j++) {
                            int gAt = colOff + ((nb0 + j) * groups + g) * m * p;
                            for (int i = 0; i < m; i++) System.arraycopy(col, gAt + i * p, gb, i * ld + j * p, p);
                            int imAt = imgOff + ((nb0 + j) * groups + g) * c * in;
                            if (identity) {
                                for (int i = 0; i < c; i++) System.arraycopy(img, imAt + i * in, cb, i * ld + j * p, in);
                            } else {
                                Im2col.im2col(geo, img, imAt, 0, c, cb, j * p, ld);
                            }
                        }
                        kern.gemm(false, true, m, k, ld, 1f, gb, 0, ld, cb, 0, ld, beta, target, dwg, k);
                    }
                }
            }
        });
        if (parts[0] == null) Arrays.fill(dw, dwOff, dwOff + wSize, 0f);
        for (int i = 1; i < plan.chunks; i++) {
            if (parts[i] != null) kern.axpy(1f, parts[i], 0, dw, dwOff, wSize);
        }
    }

    /**
     * {@link #backwardWeight} through {@link Im2col#im2row}: {@code dW' = G · R} is a plain product
     * (the fast packed kernel) instead of {@code G · colᵀ}; its columns come out ordered kernel
     * offset first, channel last, and are put back in weight order at the end. With {@code direct} (may be
     * null) each item's share comes from {@link DirectConv#weightGradItem} instead, in the same column order.
     */
    private static void backwardWeightRows(Kernels kern, DirectConv direct, int batch, int groups, int c, int m, Im2col.Geometry geo,
                                           float[] col, int colOff, float[] img, int imgOff, float[] dw, int dwOff) {
        final int kk = geo.kernelSize();
        final int k = c * kk;
        final int wSize = groups * m * k;
        final int p = geo.outSize();
        final int in = geo.inSize();
        final int step = sliceRows(geo, k), ext = geo.sliceExtent(), stride = geo.sliceStride();
        // Small outputs: several items' rows stacked in one product (a longer inner dimension).
        final Plan plan = plan(batch, groups, m, k, p, step >= ext ? MIN_N : 1);
        final float[][] parts = new float[plan.chunks][];
        if (direct != null) {
            runChunks(batch, new Plan(plan.chunks, 1), false, (chunk, n0, n1, first) -> {
                if (first) parts[chunk] = WORKSPACE.get().part(wSize);
                for (int n = n0; n < n1; n++) {
                    direct.weightGradItem(geo, c, m, col, colOff + n * m * p, img, imgOff + n * c * in,
                            parts[chunk], 0, !(first && n == n0));
                }
            });
        } else runChunks(batch, plan, false, (chunk, n0, n1, first) -> {
            Workspace ws = WORKSPACE.get();
            if (first) parts[chunk] = ws.part(wSize);
            float[] target = parts[chunk];
            float[] xt = ws.buf(c * in);
            int nb = n1 - n0;
            if (nb > 1) {
                int ld = nb * p;
                float[] gb = ws.gather(m * ld);
                float[] rows = ws.col(ld * k);
                for (int g = 0; g < groups; g++) {
                    for (int j = 0; j < nb; j++) {
                        int gAt = colOff + ((n0 + j) * groups + g) * m * p;
                        for (int i = 0; i < m; i++) System.arraycopy(col, gAt + i * p, gb, i * ld + j * p, p);
                        Im2col.toChannelsLast(img, imgOff + ((n0 + j) * groups + g) * c * in, c, in, xt);
                        Im2col.im2row(geo, xt, c, rows, j * p * k, k);
                    }
                    kern.gemm(false, false, m, k, ld, 1f, gb, 0, ld, rows, 0, k, first ? 0f : 1f, target, g * m * k, k);
                }
                return;
            }
            for (int n = n0; n < n1; n++) {
                float beta = first && n == n0 ? 0f : 1f;
                for (int g = 0; g < groups; g++) {
                    Im2col.toChannelsLast(img, imgOff + (n * groups + g) * c * in, c, in, xt);
                    for (int t0 = 0; t0 < ext; t0 += step) {
                        int t1 = Math.min(ext, t0 + step), np = (t1 - t0) * stride;
                        float[] rows = ws.col(np * k);
                        Im2col.im2row(step >= ext ? geo : geo.slice(t0, t1), xt, c, rows, 0, k);
                        kern.gemm(false, false, m, k, np, 1f, col, colOff + (n * groups + g) * m * p + t0 * stride, p,
                                rows, 0, k, t0 == 0 ? beta : 1f, target, g * m * k, k);
                    }
                }
            }
        });
        float[] sum = null;
        for (float[] part : parts) {
            if (part == null) continue;
            if (sum == null) sum = part;
            else kern.axpy(1f, part, 0, sum, 0, wSize);
        }
        for (int r = 0; r < groups * m; r++) {
            int src = r * k, dst = dwOff + r * k;
            for (int t = 0; t < kk; t++) {
                for (int j = 0; j < c; j++) dw[dst + j * kk + t] = sum[src + t * c + j];
            }
        }
    }

    /**
     * The bias gradient: {@code db[j] = Σ_n Σ_s grad[n, j, s]} over {@code grad [batch, channels, size]}
     * (overwrites {@code db}).
     */
    public static void biasGrad(int batch, int channels, int size, float[] grad, int gOff, float[] db, int dbOff) {
        Kernels kern = KernelProvider.get();
        Parallel.forRange(channels, Math.max(1, (1 << 16) / Math.max(1, batch * size)), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                double s = 0;
                for (int n = 0; n < batch; n++) s += kern.sum(grad, gOff + (n * channels + j) * size, size);
                db[dbOff + j] = (float) s;
            }
        });
    }

    /**
     * How many steps along {@link Im2col.Geometry#sliceDim()} one column matrix covers: all of them
     * unless the matrix would exceed {@link #MAX_TILE} floats, then as many as fit (but at least
     * {@link #MIN_N} positions), so the matrix stays in cache and memory stays bounded for large images.
     */
    private static int sliceRows(Im2col.Geometry geo, int k) {
        int ext = geo.sliceExtent(), stride = geo.sliceStride();
        if ((long) k * ext * stride <= MAX_TILE) return ext;
        int rows = (int) Math.max((MIN_N + stride - 1) / stride, MAX_TILE / ((long) k * stride));
        return Math.max(1, Math.min(ext, rows));
    }

    private static void addBias(Kernels kern, float[] out, int at, int rows, int len, float[] bias, int biasOff) {
        for (int i = 0; i < rows; i++) {
            float b = bias[biasOff + i];
            if (b != 0f) kern.binaryScalar(Kernels.Binary.ADD, out, at + i * len, b, out, at + i * len, len);
        }
    }

    private static void im2colParallel(Im2col.Geometry geo, float[] img, int imAt, int c, float[] cb, int ld,
                                       boolean mayThread) {
        long work = (long) c * geo.kernelSize() * geo.outSize();
        if (mayThread && c > 1 && work >= (1 << 18)) {
            Parallel.forRange(c, 1, (c0, c1) -> Im2col.im2col(geo, img, imAt, c0, c1, cb, 0, ld));
        } else {
            Im2col.im2col(geo, img, imAt, 0, c, cb, 0, ld);
        }
    }

    private static void col2imParallel(Im2col.Geometry geo, float[] cb, int ld, int c, float[] img, int imAt,
                                       boolean mayThread) {
        long work = (long) c * geo.kernelSize() * geo.outSize();
        if (mayThread && c > 1 && work >= (1 << 18)) {
            Parallel.forRange(c, 1, (c0, c1) -> Im2col.col2im(geo, cb, 0, ld, c0, c1, img, imAt));
        } else {
            Im2col.col2im(geo, cb, 0, ld, 0, c, img, imAt);
        }
    }
}
