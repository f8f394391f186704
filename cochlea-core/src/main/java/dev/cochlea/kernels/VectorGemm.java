package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix product on the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}, row-major.
 *
 * <p>The classic blocked scheme. A block of {@code op(B)} ({@code kc × nc}, about 256 × 1024, kept in
 * L2) is packed into panels {@code NR} columns wide, and a register-blocked micro-kernel computes one
 * {@code MR × NR = 4 × NR} tile of C with fused multiply-adds: one element of A broadcast at a time
 * against {@code NR / L} vectors of B ({@code L} = lanes of the preferred species: four vectors on
 * 512-bit hardware, so 16 accumulators; two on narrower hardware). Rows of an untransposed A are read
 * in place (four sequential streams, in L1 while a panel is used); a transposed A is packed into
 * 4-row panels. The first row panel of each block reads B from the caller's matrix and writes the
 * packed copy on the way, so the memory reads overlap its arithmetic. Products with few rows (the
 * im2col products of a convolution) take a path that packs one B panel at a time over a long k block,
 * so B is read once and C written once.
 *
 * <p>{@code A · Bᵀ} with a long inner dimension (the weight gradient of a layer) goes to the
 * dot-product kernel of {@link VectorGemmDot}. Large products are split over {@link Parallel} by
 * columns of C (the widest in units handed out dynamically) or by rows when C is narrow, the calling
 * thread taking a share; products below {@link GemmArgs#MIN_PARALLEL_FLOPS} stay on the calling
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
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the micro-tile. */
    static final int MR = 4;
    /** Vectors per row of the micro-tile: 4 with 512-bit vectors (32 registers), 2 with narrower ones. */
    static final int NV = Tuning.get().gemmVectorsPerRow() == 0 ? (L >= 16 ? 4 : 2) : Tuning.get().gemmVectorsPerRow();
    /** Columns of the micro-tile. */
    static final int NR = NV * L;

    // Blocking and path choices, from Tuning (system properties cochlea.gemm.*).

    /** Inner-dimension block of the many-rows path (B block rows, A panel length). */
    static final int KC = Tuning.get().gemmKc();
    /** Column block of B kept in L2 (rounded to a multiple of NR). */
    static final int NC = Math.max(NR, Tuning.get().gemmNc() / NR * NR);
    /** Row block of A handled per packed B block (a multiple of MR). */
    static final int MC = Math.max(MR, Tuning.get().gemmMc() / MR * MR);
    /** Products with at most this many rows take the few-rows path ({@link #blockSmallM}). */
    static final int SMALL_M = Tuning.get().gemmSmallM();
    /** ... and at least this long an inner dimension (shorter ones write C better in wide blocks). */
    static final int SMALL_MIN_K = Tuning.get().gemmSmallMinK();
    /** Inner-dimension block of the few-rows path. */
    static final int KC_SMALL = Tuning.get().gemmKcSmall();
    /** Whether an untransposed A is read in place (not packed) by the micro-kernels. */
    static final boolean DIRECT_A = !Tuning.get().gemmPackA();
    /** Whether the first row panel of a block packs B while computing (see {@link #kernel4Pack}). */
    static final boolean FUSE = !Tuning.get().gemmNoFuse();
    /** At most this many column units per thread when a wide product is shared out dynamically. */
    static final int UNITS_PER_THREAD = Tuning.get().gemmUnitsPerThread();
    /** {@code A · Bᵀ} with an inner dimension at least this long may use the dot-product kernel... */
    static final int DOT_MIN_K = Tuning.get().gemmDotMinK();
    /** ... if A has at most this many rows, or k is at least twice the rows. */
    static final int DOT_MAX_M = Tuning.get().gemmDotMaxM();
    /**
     * {@code A · Bᵀ} with A's rows a multiple of {@link #NR}, at most this many, and fewer than B's is
     * computed transposed (see {@link #gemmSwapped}); 0 turns that off.
     */
    static final int SWAP_MAX_M = Tuning.get().gemmSwapMaxM();

    private VectorGemm() {}

    /** See {@link Kernels#gemm}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        int threads = GemmArgs.threadsFor(m, n, k);
        if (transB && !transA && useSwap(m, n)) {
            gemmSwapped(threads, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
        blocked(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The blocked product on up to {@code threads} threads, split by columns or rows of C. */
    private static void blocked(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        boolean small = m <= SMALL_M && k >= SMALL_MIN_K;
        if (threads <= 1) {
            block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            return;
        }
        int panels = (n + NR - 1) / NR;
        int rowGroups = (m + MR - 1) / MR;
        if (panels >= 2 * threads || panels >= rowGroups) {
            // Columns in units handed out dynamically (see ParallelUnits). A packed (transposed) A is
            // packed again by every unit, so then units are at least NC wide; otherwise one panel will do.
            int unitPanels = transA || !DIRECT_A ? NC / NR : 1;
            int units = Math.max(threads, Math.min(panels / unitPanels, UNITS_PER_THREAD * threads));
            ParallelUnits.run(threads, units, u -> {
                int p0 = (int) ((long) panels * u / units), p1 = (int) ((long) panels * (u + 1) / units);
                block(transA, transB, 0, m, p0 * NR, Math.min(n, p1 * NR), k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            });
        } else {
            // Narrow C: rows, one unit per thread (each unit packs all of B).
            int units = Math.min(threads, rowGroups);
            ParallelUnits.run(threads, units, u -> {
                int g0 = (int) ((long) rowGroups * u / units), g1 = (int) ((long) rowGroups * (u + 1) / units);
                block(transA, transB, g0 * MR, Math.min(m, g1 * MR), 0, n, k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, small);
            });
        }
    }

    /**
     * Whether {@code A · Bᵀ} is computed as {@code (B · Aᵀ)ᵀ}: when A has few rows (a batch of inputs
     * times a weight matrix, {@code X · Wᵀ}), whole panels of them, and B more.
     */
    static boolean useSwap(int m, int n) {
        return NV == 4 && m % NR == 0 && m <= SWAP_MAX_M && n > m;
    }

    /**
     * {@code C = alpha · A · Bᵀ + beta · C} as {@code Cᵀ = B · Aᵀ} into scratch, then transposed into C.
     * The broadcast kernel then reads the long operand B in place, row by row, and packs only the short
     * {@code Aᵀ} (m columns, whole panels), where the direct form would pack a transposed copy of all of B.
     */
    private static void gemmSwapped(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] ct = GemmWorkspace.get().c(n * m);
        blocked(threads, false, true, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m);
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
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc, boolean small) {
        if (small) {
            blockSmallM(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            blockLarge(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Few rows (the im2col products of a convolution: M = channels, N = positions): a long k block
     * (up to {@link #KC_SMALL}), then one B panel at a time, packed by the first row panel and used at
     * once by all the others, so B is read once and C written once when k fits one block.
     */
    private static void blockSmallM(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                    float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        int rows = i1 - i0;
        int kBlocks = (k + KC_SMALL - 1) / KC_SMALL;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        GemmWorkspace ws = GemmWorkspace.get();
        float[] bp = ws.b(kcStep * NR);
        float[] ap = ws.a(kcStep * ((rows + MR - 1) / MR * MR));
        float[] tile = ws.tile(MR * NR);
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            packA(transA, a, aOff, lda, i0, rows, pc, kc, ap);
            float betaEff = pc == 0 ? beta : 1f;
            for (int jr = j0; jr < j1; jr += NR) {
                int nr = Math.min(NR, j1 - jr);
                boolean fuse = FUSE && !transB && NV == 4 && nr == NR;
                if (!fuse) packB(transB, b, bOff, ldb, pc, kc, jr, nr, NR, bp, 0);
                for (int ir = 0; ir < rows; ir += MR) {
                    int mr = Math.min(MR, rows - ir);
                    int co = cOff + (i0 + ir) * ldc + jr;
                    boolean direct = DIRECT_A && !transA && mr == MR;
                    float[] as = direct ? a : ap;
                    int ao = direct ? aOff + (i0 + ir) * lda + pc : ir * kc;
                    int ars = direct ? lda : 1;
                    int aps = direct ? 1 : MR;
                    if (fuse && ir == 0) {
                        kernel4Pack(kc, as, ao, ars, aps, b, bOff + pc * ldb + jr, ldb, bp, 0, c, co, ldc, mr, alpha,
                                betaEff, tile);
                    } else if (NV == 4) {
                        kernel4(kc, as, ao, ars, aps, bp, 0, c, co, ldc, mr, nr, alpha, betaEff, tile);
                    } else {
                        kernel2(kc, as, ao, ars, aps, bp, 0, c, co, ldc, mr, nr, alpha, betaEff, tile);
                    }
                }
            }
        }
    }

    /**
     * The classic blocking for many rows: a {@code kc × nc} block of B packed (by the first row panel)
     * and kept in L2, every 4-row panel of A (in L1 while used) run against all its column panels.
     */
    private static void blockLarge(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                   float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        int rows = i1 - i0;
        int cols = j1 - j0;
        int kBlocks = (k + KC - 1) / KC;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        int nBlocks = (cols + NC - 1) / NC;
        int ncStep = ((cols + nBlocks - 1) / nBlocks + NR - 1) / NR * NR;
        int mBlocks = (rows + MC - 1) / MC;
        int mcStep = ((rows + mBlocks - 1) / mBlocks + MR - 1) / MR * MR;
        GemmWorkspace ws = GemmWorkspace.get();
        float[] bp = ws.b(kcStep * ncStep);
        float[] ap = ws.a(kcStep * mcStep);
        float[] tile = ws.tile(MR * NR);
        for (int jc = j0; jc < j1; jc += ncStep) {
            int nc = Math.min(ncStep, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                int fullPanels = nc / NR;
                boolean fuse = FUSE && !transB && NV == 4 && fullPanels > 0;
                if (!fuse) {
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, NR, bp, 0);
                } else if (fullPanels * NR < nc) {
                    GemmPacking.packB(false, b, bOff, ldb, pc, kc, jc + fullPanels * NR, nc - fullPanels * NR, NR,
                            bp, fullPanels * NR * kc);
                }
                float betaEff = pc == 0 ? beta : 1f;
                for (int ic = i0; ic < i1; ic += mcStep) {
                    int mc = Math.min(mcStep, i1 - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int co = cOff + (ic + ir) * ldc + jc;
                        boolean direct = DIRECT_A && !transA && mr == MR;
                        float[] as = direct ? a : ap;
                        int ao = direct ? aOff + (ic + ir) * lda + pc : ir * kc;
                        int ars = direct ? lda : 1;
                        int aps = direct ? 1 : MR;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            if (fuse && ic == i0 && ir == 0 && nr == NR) {
                                kernel4Pack(kc, as, ao, ars, aps, b, bOff + pc * ldb + jc + jr, ldb, bp, jr * kc,
                                        c, co + jr, ldc, mr, alpha, betaEff, tile);
                            } else if (NV == 4) {
                                kernel4(kc, as, ao, ars, aps, bp, jr * kc, c, co + jr, ldc, mr, nr, alpha, betaEff, tile);
                            } else {
                                kernel2(kc, as, ao, ars, aps, bp, jr * kc, c, co + jr, ldc, mr, nr, alpha, betaEff, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link GemmPacking#packB}, a transposed B by in-register transposes where the hardware allows. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                              float[] bp, int bpOff) {
        if (transB) VectorTranspose.packB(b, bOff, ldb, p0, kc, j0, nc, nr, bp, bpOff);
        else GemmPacking.packB(false, b, bOff, ldb, p0, kc, j0, nc, nr, bp, bpOff);
    }

    /**
     * Packs rows {@code [i0, i0+rows)} × k range {@code [pc, pc+kc)} of {@code op(A)} into 4-row panels
     * of {@code ap} (panel {@code ir/4} at {@code ir*kc}). An untransposed A is read in place by the
     * micro-kernels (four rows, each sequential), so then only a ragged last panel is packed.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int pc, int kc,
                              float[] ap) {
        if (transA || !DIRECT_A) {
            GemmPacking.packA(transA, a, aOff, lda, i0, rows, pc, kc, MR, ap, 0);
        } else {
            int full = rows / MR * MR;
            if (full < rows) GemmPacking.packA(false, a, aOff, lda, i0 + full, rows - full, pc, kc, MR, ap, full * kc);
        }
    }

    /**
     * The 4 × 4L micro-kernel: 16 vector accumulators, one broadcast of A per four FMAs, over {@code kc}
     * steps. Element {@code (r, p)} of the A panel is {@code ap[ao + r*ars + p*aps]} (a packed panel:
     * {@code ars = 1, aps = 4}; rows of A in place: {@code ars = lda, aps = 1}); the B panel is packed
     * ({@code 4L} floats per step from {@code bo}). The tile goes to C through {@link #storeTile}.
     */
    private static void kernel4(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, float[] c, int co, int ldc,
                                int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, ap[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, ap[ao + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, ap[ao + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        int t = 4 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c12.intoArray(tile, t + 2 * L);
        c13.intoArray(tile, t + 3 * L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c22.intoArray(tile, 2 * t + 2 * L);
        c23.intoArray(tile, 2 * t + 3 * L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        c32.intoArray(tile, 3 * t + 2 * L);
        c33.intoArray(tile, 3 * t + 3 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    /**
     * {@link #kernel4} reading B straight from the caller's row-major array ({@code ldb} apart per
     * step) and writing the packed panel on the way, so the first row panel of a block packs B while
     * it computes (memory reads overlap the FMAs) and later row panels read the packed copy.
     */
    private static void kernel4Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
                                    float[] c, int co, int ldc, int mr, float alpha, float beta, float[] tile) {
        int nr = 4 * L;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 4 * L, src += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, src);
            FloatVector b1 = FloatVector.fromArray(S, b, src + L);
            FloatVector b2 = FloatVector.fromArray(S, b, src + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, src + 3 * L);
            b0.intoArray(bp, bo);
            b1.intoArray(bp, bo + L);
            b2.intoArray(bp, bo + 2 * L);
            b3.intoArray(bp, bo + 3 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, ap[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, ap[ao + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, ap[ao + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        int t = 4 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c12.intoArray(tile, t + 2 * L);
        c13.intoArray(tile, t + 3 * L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c22.intoArray(tile, 2 * t + 2 * L);
        c23.intoArray(tile, 2 * t + 3 * L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        c32.intoArray(tile, 3 * t + 2 * L);
        c33.intoArray(tile, 3 * t + 3 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    /** The 4 × 2L micro-kernel for narrower vectors (AVX2 has only 16 vector registers); as {@link #kernel4}. */
    private static void kernel2(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, float[] c, int co, int ldc,
                                int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int t = 2 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    /**
     * Writes the valid {@code mr × nr} corner of a tile (row stride {@code t}) into C:
     * {@code C = alpha * tile + beta * C}, with {@code beta == 0} ignoring C's old contents. The
     * micro-kernels spill their accumulators to the tile and call this (rather than storing vectors
     * through a helper that, left un-inlined in a large method, would box every accumulator).
     */
    static void storeTile(float[] tile, int t, float[] c, int co, int ldc, int mr, int nr, float alpha, float beta) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int full = nr / L * L;
        for (int i = 0; i < mr; i++, co += ldc) {
            int to = i * t;
            int j = 0;
            if (beta == 0f) {
                for (; j < full; j += L) FloatVector.fromArray(S, tile, to + j).mul(av).intoArray(c, co + j);
                for (; j < nr; j++) c[co + j] = alpha * tile[to + j];
            } else if (beta == 1f) {
                for (; j < full; j += L) {
                    FloatVector.fromArray(S, tile, to + j).fma(av, FloatVector.fromArray(S, c, co + j)).intoArray(c, co + j);
                }
                for (; j < nr; j++) c[co + j] = alpha * tile[to + j] + c[co + j];
            } else {
                FloatVector bv = FloatVector.broadcast(S, beta);
                for (; j < full; j += L) {
                    FloatVector.fromArray(S, tile, to + j)
                            .fma(av, FloatVector.fromArray(S, c, co + j).mul(bv)).intoArray(c, co + j);
                }
                for (; j < nr; j++) c[co + j] = alpha * tile[to + j] + beta * c[co + j];
            }
        }
    }
}
