package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix product on the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}, row-major.
 *
 * <p>The classic blocked scheme. A block of {@code op(B)} ({@code kc × nc}, kept in L2) is packed into
 * panels as wide as the register tile, and a micro-kernel of {@link VectorMicroKernels} computes one
 * tile of C ({@code R} rows × {@code V} vectors of {@code L} lanes) with fused multiply-adds, one element
 * of A broadcast at a time. The tile and the column and row blocks come from the machine's
 * {@link GemmPlan} ({@link GemmPlans#current()}), read once per call; none of them changes a result.
 * Rows of an untransposed A are read in place ({@code R} sequential streams, in L1 while a panel is
 * used); a transposed A is packed into {@code R}-row panels. The first row panel of each block reads B
 * from the caller's matrix and writes the packed copy on the way, so the memory reads overlap its
 * arithmetic. Products with few rows (the
 * im2col products of a convolution) take a path that packs one B panel at a time over a long k block,
 * so B is read once and C written once.
 *
 * <p>{@code A · Bᵀ} with a long inner dimension (the weight gradient of a layer) goes to the
 * dot-product kernel of {@link VectorGemmDot}. Large products are split over {@link Parallel} by
 * columns of C (the widest in units handed out dynamically) or by rows when C is narrow, the calling
 * thread taking a share; products below the plan's {@link GemmPlan#minParallelFlops()} stay on the calling
 * thread. The blocking of k depends only on the product's shape, so results do not depend on the
 * number of threads. Scratch arrays come from {@link GemmWorkspace}: steady state allocates nothing on
 * one thread (a few small objects per call on several).
 *
 * <pre>{@code
 * // C (m×n) = A (m×k) · B (k×n), all row-major and dense
 * VectorGemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
 * }</pre>
 */
public final class VectorGemm {
    static final VectorSpecies<Float> S = VectorMicroKernels.S;
    static final int L = S.length();

    // Blocking and path choices, from Tuning (system properties cochlea.gemm.*).

    /** Inner-dimension block of the many-rows path (B block rows, A panel length). */
    static final int KC = Tuning.get().gemmKc();
    /** Products with at most this many rows take the few-rows path ({@link #blockSmallM}). */
    static final int SMALL_M = Tuning.get().gemmSmallM();
    /**
     * ... and at least this long an inner dimension (16: with the row-major copy of B, the few-rows path
     * beat the wide blocks from k = 27 up at 256 bits, 32 × 75 × 65536 by 44 %, and matched or beat them
     * at 512; shorter products write C better in wide blocks). Below {@link #KC} both paths sum in one k
     * block, so this choice changes no result.
     */
    static final int SMALL_MIN_K = Tuning.get().gemmSmallMinK();
    /** Tiles at most this many columns wide (256-bit vectors) take the few-rows path through a row-major copy of B. */
    static final int COPY_MAX_TILE_COLUMNS = 32;
    /** Columns of B in one row-major copy of the few-rows path (2 KB of each row). */
    static final int COPY_COLUMNS = 512;
    /**
     * Floats (one cache line) between a copied row's last column and the next row. Rows 2 KB apart
     * would map a 16-column panel's 800 lines onto 2 of L1's 64 sets (and 32 of L2's 1,024), so every
     * row panel would read B from further out; 33 lines apart they use every set.
     */
    static final int COPY_PAD = 16;
    /** Inner-dimension block of the few-rows path. */
    static final int KC_SMALL = Tuning.get().gemmKcSmall();
    /** Whether the first row panel of a block packs B while computing (see {@link VectorMicroKernels#kernelPack}). */
    static final boolean FUSE = !Tuning.get().gemmNoFuse();
    /** At most this many column units per thread when a wide product is shared out dynamically. */
    static final int UNITS_PER_THREAD = Tuning.get().gemmUnitsPerThread();
    /** {@code A · Bᵀ} with an inner dimension at least this long may use the dot-product kernel... */
    static final int DOT_MIN_K = Tuning.get().gemmDotMinK();
    /** ... if A has at most this many rows, or k is at least twice the rows. */
    static final int DOT_MAX_M = Tuning.get().gemmDotMaxM();
    /**
     * {@code A · Bᵀ} with A's rows a multiple of the tile's width, at most this many, and fewer than B's is
     * computed transposed (see {@link #gemmSwapped}); 0 turns that off.
     */
    static final int SWAP_MAX_M = Tuning.get().gemmSwapMaxM();
    /**
     * ... and A's rows a multiple of this: 64 with 16 lanes; 16 (two vectors, the width of the 256-bit
     * tiles) with 8, whose 16 registers the dot-product kernel's 4 × 4 tile overfills (AMD EPYC family
     * 26, one thread, whole-process pairs: weight gradient 32 × 16384 × 800 45.4 / 56.5 GFLOP/s
     * through the dot-product kernel, 80.5 / 90.1 swapped; 16 × 4096 × 200 49.5 / 62.3 against
     * 81.8 / 89.3). With 16 lanes, 16-row products ran slower swapped (16 × 4096 × 200: 44–60 against 97–113).
     */
    static final int SWAP_ROWS = L >= 16 ? 64 : 2 * L;

    /**
     * The most floats of a packed op(A) that {@link #blockLarge} keeps for all column blocks of B (4 MB):
     * Aᵀ·B 800 × 64 × 4096 packed its 800 × 64 A sixteen times, once per column block of 256.
     */
    static final int PACK_ONCE_MAX = 1 << 20;

    private VectorGemm() {}

    /** See {@link Kernels#gemm}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        GemmPlan p = GemmPlans.current();
        int threads = GemmArgs.threadsFor(m, n, k, p.minParallelFlops());
        if (transB && !transA && useSwap(m, n)) {
            gemmSwapped(p, threads, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (m == 1 && transB && !transA && k >= L) {   // one row times Bᵀ: batch-one inference
            VectorGemv.rowTimesTransposed(n, k, alpha, a, aOff, b, bOff, ldb, beta, c, cOff);
            return;
        }
        if (transB && !transA && useDot(m, k)) {
            VectorGemmDot.gemm(threads, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        blocked(p, threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * The blocked product on up to {@code threads} threads, split by columns or rows of C, with the
     * plan's tile or one whose width fits {@code n} better ({@link MicroTile#forColumns}).
     */
    private static void blocked(GemmPlan plan, int threads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        MicroTile fit = plan.tile().forColumns(n, L);
        GemmPlan p = fit == plan.tile() ? plan : plan.withTile(fit);
        boolean small = m <= SMALL_M && k >= SMALL_MIN_K;
        int nr = p.tile().vectors() * L, mr = p.tile().rows();
        if (threads <= 1) {
            block(p, transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            return;
        }
        int panels = (n + nr - 1) / nr;
        int rowGroups = (m + mr - 1) / mr;
        if (panels >= 2 * threads || panels >= rowGroups) {
            // Columns in units handed out dynamically (see ParallelUnits). A packed (transposed) A is
            // packed again by every unit, so then units are at least ncBlock wide; otherwise one panel will do.
            int unitPanels = transA || p.packA() ? Math.max(1, p.nc() / nr) : 1;
            int units = Math.max(threads, Math.min(panels / unitPanels, UNITS_PER_THREAD * threads));
            ParallelUnits.run(threads, units, u -> {
                int p0 = (int) ((long) panels * u / units), p1 = (int) ((long) panels * (u + 1) / units);
                block(p, transA, transB, 0, m, p0 * nr, Math.min(n, p1 * nr), k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            });
        } else {
            // Narrow C: rows, one unit per thread (each unit packs all of B).
            int units = Math.min(threads, rowGroups);
            ParallelUnits.run(threads, units, u -> {
                int g0 = (int) ((long) rowGroups * u / units), g1 = (int) ((long) rowGroups * (u + 1) / units);
                block(p, transA, transB, g0 * mr, Math.min(m, g1 * mr), 0, n, k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            });
        }
    }

    /**
     * Whether {@code A · Bᵀ} is computed as {@code (B · Aᵀ)ᵀ}: when A has few rows (a batch of inputs
     * times a weight matrix, {@code X · Wᵀ}), a multiple of 64, and B at least as many rows (the MLP at
     * batch 256, whose first layer is 256 × 1280 by (256 × 1280)ᵀ, infers 140k samples/s on one thread
     * this way against 106k through the dot-product kernel). The test does not depend on the plan,
     * since the other path for these products (the dot-product kernel) rounds differently; it depends
     * on the vector width, as the dot-product kernel's sums already do (see {@link #SWAP_ROWS}).
     */
    static boolean useSwap(int m, int n) {
        return L >= 8 && m % SWAP_ROWS == 0 && m <= SWAP_MAX_M && n >= m;
    }

    /**
     * {@code C = alpha · A · Bᵀ + beta · C} as {@code Cᵀ = B · Aᵀ} into scratch, then transposed into C.
     * The broadcast kernel then reads the long operand B in place, row by row, and packs only the short
     * {@code Aᵀ} (m columns, whole panels), where the direct form would pack a transposed copy of all of B.
     */
    private static void gemmSwapped(GemmPlan p, int threads, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] ct = GemmWorkspace.get().c(n * m);
        blocked(p, threads, false, true, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m);
        transposeInto(ct, n, m, alpha, beta, c, cOff, ldc);
    }

    /** {@code C = alpha · tᵀ + beta · C} for t (rows × cols, dense) and C (cols × rows, row stride ldc). */
    static void transposeInto(float[] t, int rows, int cols, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (alpha == 1f && beta == 0f && L == 16 && rows % 16 == 0 && cols % 16 == 0) {
            for (int r0 = 0; r0 < rows; r0 += 16) {
                for (int j0 = 0; j0 < cols; j0 += 16) VectorTranspose.transpose16(t, r0 * cols + j0, cols, c, cOff + j0 * ldc + r0, ldc);
            }
            return;
        }
        final int block = 16;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int j = 0; j < cols; j++) {
                int co = cOff + j * ldc;
                if (beta == 0f) {
                    for (int r = r0; r < r1; r++) c[co + r] = alpha * t[r * cols + j];
                } else {
                    for (int r = r0; r < r1; r++) c[co + r] = alpha * t[r * cols + j] + beta * c[co + r];
                }
            }
        }
    }

    /**
     * Whether {@code A · Bᵀ} goes to the dot-product kernel: when k is long enough to amortise a reduction
     * per tile and A has few rows (many rows would amortise packing a transposed B just as well).
     */
    static boolean useDot(int m, int k) {
        return k >= DOT_MIN_K && (m <= DOT_MAX_M || k >= 2 * m);
    }

    /**
     * Runs a few small products through every path (all transposes, both beta branches, edge tiles)
     * until they are compiled, so the first real training step does not run interpreted code.
     * Takes a fraction of a second; calling it again is cheap.
     */
    public static void warmUp() {
        KernelProvider.warmUpGemm(VectorKernels.INSTANCE);
    }

    /**
     * The product restricted to rows {@code [i0, i1)} and columns {@code [j0, j1)} of C, on this thread.
     * {@code small} picks the path from the whole product's row count, so that the blocking of k, and
     * with it every rounding, does not depend on how the work was split over threads.
     */
    private static void block(GemmPlan p, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc, boolean small) {
        if (small) {
            blockSmallM(p, transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blockLarge(p, transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Few rows (the im2col products of a convolution: M = channels, N = positions): a long k block
     * (up to {@link #KC_SMALL}), then one block of B columns at a time, used at once by every row panel,
     * so B is read once and C written once when k fits one block. How B is made ready depends on the
     * tile's width:
     * <ul>
     *   <li>wider than 32 columns (512-bit vectors: 48 or 64): one panel at a time, packed by the first
     *       row panel while it computes;</li>
     *   <li>32 columns or narrower (256-bit vectors: 16 columns): a row-major copy of {@link #COPY_COLUMNS}
     *       columns of each row ({@link #copyRows}), rows one cache line more than that apart
     *       ({@link #COPY_PAD}; 2 KB apart, the product ran 14 % to 21 % slower), which the kernels
     *       read row by row. Reading B in runs of 2 KB into one sequential copy is what the hardware
     *       prefetchers follow; packing 64-column groups into panels (runs of 256 bytes, rows 16 KB
     *       apart, written to four panels) took a third of the product: on AMD EPYC family 26 at 8 lanes, one thread,
     *       the old way and this one interleaved in one JVM, 64 × 800 × 4096 ran at 64.5 and 73.6
     *       GFLOP/s, 32 × 800 × 16384 at 47.9 and 59.5 (rows not yet padded).</li>
     * </ul>
     * Reading one 64-byte line per row of a wide B while computing left the product waiting on memory
     * (40 GFLOP/s instead of 70 on a 32 × 800 × 16384 product at 8 lanes).
     */
    private static void blockSmallM(GemmPlan p, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                    float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        MicroTile t = p.tile();
        int tileRows = t.rows(), tileCols = t.vectors() * L;
        boolean copy = !transB && tileCols <= COPY_MAX_TILE_COLUMNS;
        int blockCols = copy ? Math.max(tileCols, COPY_COLUMNS / tileCols * tileCols) : tileCols;
        boolean fusable = FUSE && !transB && !copy;
        boolean inPlace = !p.packA() && !transA;
        int rows = i1 - i0;
        int kBlocks = (k + KC_SMALL - 1) / KC_SMALL;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        GemmWorkspace ws = GemmWorkspace.get();
        float[] bp = ws.b(kcStep * (copy ? blockCols + COPY_PAD : blockCols));
        float[] ap = ws.a(kcStep * ((rows + tileRows - 1) / tileRows * tileRows));
        float[] tile = ws.tile(tileRows * tileCols);
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            packA(p, transA, a, aOff, lda, i0, rows, pc, kc, tileRows, ap);
            float betaEff = pc == 0 ? beta : 1f;
            for (int jg = j0; jg < j1; jg += blockCols) {
                int width = Math.min(blockCols, j1 - jg);
                int padded = (width + tileCols - 1) / tileCols * tileCols, ld = padded + COPY_PAD;
                if (copy) copyRows(b, bOff + pc * ldb + jg, ldb, kc, width, padded, ld, bp);
                for (int jr = jg; jr < jg + width; jr += tileCols) {
                    int nr = Math.min(tileCols, jg + width - jr);
                    int bo = copy ? jr - jg : 0, bs = copy ? ld : tileCols;
                    boolean fuse = fusable && nr == tileCols;
                    if (!copy && !fuse) packB(transB, b, bOff, ldb, pc, kc, jr, nr, tileCols, bp, 0);
                    for (int ir = 0; ir < rows; ) {
                        MicroTile kt = rowTile(t, rows - ir, inPlace);
                        int mr = Math.min(kt.rows(), rows - ir);
                        int co = cOff + (i0 + ir) * ldc + jr;
                        boolean direct = inPlace && mr == kt.rows();
                        float[] as = direct ? a : ap;
                        int ao = direct ? aOff + (i0 + ir) * lda + pc : ir * kc;
                        int ars = direct ? lda : 1;
                        int aps = direct ? 1 : tileRows;
                        if (fuse && ir == 0) {
                            VectorMicroKernels.kernelPack(kt, kc, as, ao, ars, aps, b, bOff + pc * ldb + jr, ldb, bp, 0, c, co,
                                    ldc, mr, nr, alpha, betaEff, tile);
                        } else {
                            VectorMicroKernels.kernel(kt, kc, as, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, betaEff, tile);
                        }
                        ir += kt.rows();
                    }
                }
            }
        }
    }

    /**
     * Copies {@code kc} rows × {@code width} columns of a row-major B (from {@code src}, row stride
     * {@code ldb}) into a copy {@code ld} floats per row whose first {@code padded} columns are
     * used ({@code width <= padded <= ld}, the columns past {@code width} zero, the rest not written):
     * each row read and written as one run.
     */
    static void copyRows(float[] b, int src, int ldb, int kc, int width, int padded, int ld, float[] bp) {
        int full = width / L * L;
        for (int p = 0, d = 0; p < kc; p++, src += ldb, d += ld) {
            int v = 0;
            for (; v < full; v += L) FloatVector.fromArray(S, b, src + v).intoArray(bp, d + v);
            for (; v < width; v++) bp[d + v] = b[src + v];
            for (; v < padded; v++) bp[d + v] = 0f;
        }
    }

    /**
     * Packs {@code kc} rows × {@code width} columns of a row-major B (from {@code src}, row stride
     * {@code ldb}) into panels {@code nr} wide, panel {@code q} at {@code q*kc*nr}, a ragged last
     * panel zero-filled: each row is read as one run of vectors.
     */
    private static void packPanels(float[] b, int src, int ldb, int kc, int width, int nr, float[] bp) {
        int full = width / nr, rest = width - full * nr, panelSize = kc * nr;
        for (int p = 0; p < kc; p++, src += ldb) {
            int d = p * nr;
            for (int q = 0; q < full; q++, d += panelSize) {
                for (int v = 0; v < nr; v += L) FloatVector.fromArray(S, b, src + q * nr + v).intoArray(bp, d + v);
            }
            if (rest > 0) {
                int s0 = src + full * nr;
                for (int j = 0; j < rest; j++) bp[d + j] = b[s0 + j];
                for (int j = rest; j < nr; j++) bp[d + j] = 0f;
            }
        }
    }

    /**
     * The classic blocking for many rows: a {@code kc × nc} block of B packed (by the first row panel)
     * and kept in L2, every 4-row panel of A (in L1 while used) run against all its column panels.
     */
    private static void blockLarge(GemmPlan p, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                   float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        MicroTile t = p.tile();
        int tileRows = t.rows(), tileCols = t.vectors() * L;
        int ncBlock = Math.max(tileCols, p.nc() / tileCols * tileCols), mcBlock = Math.max(tileRows, p.mc() / tileRows * tileRows);
        // Panels narrower than 32 columns (256-bit vectors) would read one or two cache lines per row of B
        // while computing; the whole block is packed first instead, each row of it read as one run.
        boolean fusable = FUSE && !transB && tileCols >= 32;
        boolean inPlace = !p.packA() && !transA;
        int rows = i1 - i0;
        int cols = j1 - j0;
        int kBlocks = (k + KC - 1) / KC;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        int nBlocks = (cols + ncBlock - 1) / ncBlock;
        int ncStep = ((cols + nBlocks - 1) / nBlocks + tileCols - 1) / tileCols * tileCols;
        int mBlocks = (rows + mcBlock - 1) / mcBlock;
        int mcStep = ((rows + mBlocks - 1) / mBlocks + tileRows - 1) / tileRows * tileRows;
        GemmWorkspace ws = GemmWorkspace.get();
        float[] bp = ws.b(kcStep * ncStep);
        // A packed op(A) of one k block (Aᵀ·B weight gradients: k = batch) is packed once for every column block
        // of B where it fits, every row block then read from its place in that packing. A read in place packs at
        // most a ragged panel per row block, so it keeps the small workspace.
        int aRows = (rows + tileRows - 1) / tileRows * tileRows;
        boolean packedOnce = !inPlace && kBlocks == 1 && nBlocks > 1 && (long) aRows * k <= PACK_ONCE_MAX;
        float[] ap = ws.a(packedOnce ? aRows * k : kcStep * mcStep);
        float[] tile = ws.tile(tileRows * tileCols);
        if (packedOnce) packA(p, transA, a, aOff, lda, i0, rows, 0, k, tileRows, ap);
        for (int jc = j0; jc < j1; jc += ncStep) {
            int nc = Math.min(ncStep, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                int fullPanels = nc / tileCols;
                boolean fuse = fusable && fullPanels > 0;
                if (!fuse && !transB) {
                    packPanels(b, bOff + pc * ldb + jc, ldb, kc, nc, tileCols, bp);
                } else if (!fuse) {
                    packB(true, b, bOff, ldb, pc, kc, jc, nc, tileCols, bp, 0);
                } else if (fullPanels * tileCols < nc) {
                    GemmPacking.packB(false, b, bOff, ldb, pc, kc, jc + fullPanels * tileCols, nc - fullPanels * tileCols, tileCols,
                            bp, fullPanels * tileCols * kc);
                }
                float betaEff = pc == 0 ? beta : 1f;
                for (int ic = i0; ic < i1; ic += mcStep) {
                    int mc = Math.min(mcStep, i1 - ic);
                    if (!packedOnce) packA(p, transA, a, aOff, lda, ic, mc, pc, kc, tileRows, ap);
                    for (int ir = 0; ir < mc; ) {
                        MicroTile kt = rowTile(t, mc - ir, inPlace);
                        int mr = Math.min(kt.rows(), mc - ir);
                        int co = cOff + (ic + ir) * ldc + jc;
                        boolean direct = inPlace && mr == kt.rows();
                        float[] as = direct ? a : ap;
                        int ao = direct ? aOff + (ic + ir) * lda + pc : (packedOnce ? ic - i0 + ir : ir) * kc;
                        int ars = direct ? lda : 1;
                        int aps = direct ? 1 : tileRows;
                        for (int jr = 0; jr < nc; jr += tileCols) {
                            int nr = Math.min(tileCols, nc - jr);
                            if (fuse && ic == i0 && ir == 0 && nr == tileCols) {
                                VectorMicroKernels.kernelPack(kt, kc, as, ao, ars, aps, b, bOff + pc * ldb + jc + jr, ldb, bp,
                                        jr * kc, c, co + jr, ldc, mr, nr, alpha, betaEff, tile);
                            } else {
                                VectorMicroKernels.kernel(kt, kc, as, ao, ars, aps, bp, jr * kc, tileCols, c, co + jr, ldc, mr, nr, alpha,
                                        betaEff, tile);
                            }
                        }
                        ir += kt.rows();
                    }
                }
            }
        }
    }

    /**
     * The tile for the row panel with {@code left} rows still to do: the plan's, or its {@link MicroTile#tail()}
     * where A is read in place and the rows left are a multiple of 4 that the plan's tile would not cover
     * without padding.
     */
    static MicroTile rowTile(MicroTile t, int left, boolean inPlace) {
        MicroTile tail = t.tail();
        return inPlace && tail != null && left < 2 * t.rows() && left != t.rows() && left % tail.rows() == 0 ? tail : t;
    }

    /** {@link GemmPacking#packB}, a transposed B by in-register transposes where the hardware allows. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                              float[] bp, int bpOff) {
        if (transB) VectorTranspose.packB(b, bOff, ldb, p0, kc, j0, nc, nr, bp, bpOff);
        else GemmPacking.packB(false, b, bOff, ldb, p0, kc, j0, nc, nr, bp, bpOff);
    }

    /**
     * Packs rows {@code [i0, i0+rows)} × k range {@code [pc, pc+kc)} of {@code op(A)} into {@code tileRows}-row panels
     * of {@code ap} (panel {@code ir/tileRows} at {@code ir*kc}). An untransposed A is read in place by the
     * micro-kernels (each row sequential), so then only a ragged last panel, rows that neither the plan's tile
     * nor its {@link #rowTile tail} covers whole, is packed.
     */
    private static void packA(GemmPlan p, boolean transA, float[] a, int aOff, int lda, int i0, int rows, int pc, int kc, int tileRows,
                              float[] ap) {
        if (transA) {
            packATransposed(a, aOff, lda, i0, rows, pc, kc, tileRows, ap);
        } else if (p.packA()) {
            GemmPacking.packA(false, a, aOff, lda, i0, rows, pc, kc, tileRows, ap, 0);
        } else {
            for (int ir = 0; ir < rows; ) {
                MicroTile kt = rowTile(p.tile(), rows - ir, true);
                if (rows - ir < kt.rows()) {
                    GemmPacking.packA(false, a, aOff, lda, i0 + ir, rows - ir, pc, kc, tileRows, ap, ir * kc);
                    return;
                }
                ir += kt.rows();
            }
        }
    }


    /**
     * {@link GemmPacking#packA} for a transposed A: the {@code tileRows} values of one step are adjacent
     * in A, so each whole panel's step is one vector load and store (the store's lanes past
     * {@code tileRows} are written over by the next step), where a copy call per step of 6 or 8 floats
     * cost more than the copy. A ragged last panel, and steps whose vector would run past an array's
     * end, are copied as before.
     */
    static void packATransposed(float[] a, int aOff, int lda, int i0, int rows, int p0, int kc, int tileRows, float[] ap) {
        int full = tileRows <= L ? rows / tileRows * tileRows : 0;
        int dst = 0;
        for (int ir = 0; ir < full; ir += tileRows) {
            for (int p = 0, src = aOff + p0 * lda + i0 + ir; p < kc; p++, src += lda, dst += tileRows) {
                if (src + L <= a.length && dst + L <= ap.length) {
                    FloatVector.fromArray(S, a, src).intoArray(ap, dst);
                } else {
                    System.arraycopy(a, src, ap, dst, tileRows);
                }
            }
        }
        if (full < rows) GemmPacking.packA(true, a, aOff, lda, i0 + full, rows - full, p0, kc, tileRows, ap, full * kc);
    }
}
