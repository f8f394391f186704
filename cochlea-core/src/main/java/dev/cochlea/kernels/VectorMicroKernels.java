package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link VectorGemm}, one method per {@link MicroTile}: each
 * computes an {@code R × V·L} tile of C over {@code kc} steps of the inner index, one element of A
 * broadcast at a time against {@code V} vectors of packed B, with {@code R·V} vector accumulators. Element
 * {@code (r, p)} of the A panel is {@code ap[ao + r*ars + p*aps]} (a packed panel: {@code ars = 1,
 * aps = R}; rows of A in place: {@code ars = lda, aps = 1}); step {@code p} of B is the {@code V·L}
 * floats at {@code bo + p*bs} (a packed panel: {@code bs = V·L}; a dense row-major copy of a block of B:
 * {@code bs} = its row length). The {@code …Pack} variants read B from the caller's row-major matrix
 * ({@code ldb} apart per step) and write the packed panel on the way, so the first row panel of a block
 * packs B while it computes. Every tile adds the products of one element of C in the same order, so
 * the tile shape never changes a result.
 *
 * <p>The accumulators are spilled to {@code tile} and written to C by {@link #storeTile} (rather than
 * through a helper that, left un-inlined in a large method, would box every accumulator). The derived
 * plans' tiles (4 × 4, 6 × 2) write a whole tile with {@code alpha = 1} and {@code beta} 0 or 1 straight
 * to C instead, the same sums without the round trip through {@code tile}: with a short inner block
 * (the weight gradient of a layer on a batch of 64: 64 steps) that round trip was a tenth of the time.
 *
 * <pre>{@code
 * // one 4 × 64 tile of C (16 lanes) from a 4-row packed A panel and a 64-column packed B panel
 * VectorMicroKernels.kernel4x4(kc, ap, 0, 1, 4, bp, 0, 64, c, 0, ldc, 4, 64, 1f, 0f, tile);
 * }</pre>
 */
final class VectorMicroKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorMicroKernels() {}

    /** The tile of {@code t} from B {@code bs} floats apart per step (a packed panel: {@code bs = V·L}). */
    static void kernel(MicroTile t, int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co,
                       int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        switch (t) {
            case R4V4 -> kernel4x4(kc, ap, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, beta, tile);
            case R6V4 -> kernel6x4(kc, ap, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, beta, tile);
            case R8V3 -> kernel8x3(kc, ap, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, beta, tile);
            case R4V2 -> kernel4x2(kc, ap, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, beta, tile);
            case R6V2 -> kernel6x2(kc, ap, ao, ars, aps, bp, bo, bs, c, co, ldc, mr, nr, alpha, beta, tile);
        }
    }

    /** The tile of {@code t} reading B in place and packing it on the way. */
    static void kernelPack(MicroTile t, int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp,
                           int bo, float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        switch (t) {
            case R4V4 -> kernel4x4Pack(kc, ap, ao, ars, aps, b, src, ldb, bp, bo, c, co, ldc, mr, nr, alpha, beta, tile);
            case R6V4 -> kernel6x4Pack(kc, ap, ao, ars, aps, b, src, ldb, bp, bo, c, co, ldc, mr, nr, alpha, beta, tile);
            case R8V3 -> kernel8x3Pack(kc, ap, ao, ars, aps, b, src, ldb, bp, bo, c, co, ldc, mr, nr, alpha, beta, tile);
            case R4V2 -> kernel4x2Pack(kc, ap, ao, ars, aps, b, src, ldb, bp, bo, c, co, ldc, mr, nr, alpha, beta, tile);
            case R6V2 -> kernel6x2Pack(kc, ap, ao, ars, aps, b, src, ldb, bp, bo, c, co, ldc, mr, nr, alpha, beta, tile);
        }
    }

    static void kernel4x4(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co, int ldc,
            int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += bs) {
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
        if (straightToC(4, t, mr, nr, alpha, beta)) {
            if (beta == 1f) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c01 = c01.add(FloatVector.fromArray(S, c, co + L));
                c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * L));
                c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
                c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
                c12 = c12.add(FloatVector.fromArray(S, c, co + ldc + 2 * L));
                c13 = c13.add(FloatVector.fromArray(S, c, co + ldc + 3 * L));
                c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c22 = c22.add(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L));
                c23 = c23.add(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L));
                c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c32 = c32.add(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L));
                c33 = c33.add(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L));
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c02.intoArray(c, co + 2 * L);
            c03.intoArray(c, co + 3 * L);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + L);
            c12.intoArray(c, co + ldc + 2 * L);
            c13.intoArray(c, co + ldc + 3 * L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c22.intoArray(c, co + 2 * ldc + 2 * L);
            c23.intoArray(c, co + 2 * ldc + 3 * L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
            c32.intoArray(c, co + 3 * ldc + 2 * L);
            c33.intoArray(c, co + 3 * ldc + 3 * L);
            return;
        }
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

    static void kernel4x4Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
            float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
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

    static void kernel6x4(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co, int ldc,
            int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += bs) {
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
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
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
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c42.intoArray(tile, 4 * t + 2 * L);
        c43.intoArray(tile, 4 * t + 3 * L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        c52.intoArray(tile, 5 * t + 2 * L);
        c53.intoArray(tile, 5 * t + 3 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    static void kernel6x4Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
            float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
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
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
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
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c42.intoArray(tile, 4 * t + 2 * L);
        c43.intoArray(tile, 4 * t + 3 * L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        c52.intoArray(tile, 5 * t + 2 * L);
        c53.intoArray(tile, 5 * t + 3 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    static void kernel8x3(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co, int ldc,
            int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ao + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ao + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ao + 6 * ars]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ao + 7 * ars]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        int t = 3 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c12.intoArray(tile, t + 2 * L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c22.intoArray(tile, 2 * t + 2 * L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        c32.intoArray(tile, 3 * t + 2 * L);
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c42.intoArray(tile, 4 * t + 2 * L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        c52.intoArray(tile, 5 * t + 2 * L);
        c60.intoArray(tile, 6 * t);
        c61.intoArray(tile, 6 * t + L);
        c62.intoArray(tile, 6 * t + 2 * L);
        c70.intoArray(tile, 7 * t);
        c71.intoArray(tile, 7 * t + L);
        c72.intoArray(tile, 7 * t + 2 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    static void kernel8x3Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
            float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 3 * L, src += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, src);
            FloatVector b1 = FloatVector.fromArray(S, b, src + L);
            FloatVector b2 = FloatVector.fromArray(S, b, src + 2 * L);
            b0.intoArray(bp, bo);
            b1.intoArray(bp, bo + L);
            b2.intoArray(bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ao + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ao + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ao + 6 * ars]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ao + 7 * ars]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        int t = 3 * L;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c12.intoArray(tile, t + 2 * L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c22.intoArray(tile, 2 * t + 2 * L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        c32.intoArray(tile, 3 * t + 2 * L);
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c42.intoArray(tile, 4 * t + 2 * L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        c52.intoArray(tile, 5 * t + 2 * L);
        c60.intoArray(tile, 6 * t);
        c61.intoArray(tile, 6 * t + L);
        c62.intoArray(tile, 6 * t + 2 * L);
        c70.intoArray(tile, 7 * t);
        c71.intoArray(tile, 7 * t + L);
        c72.intoArray(tile, 7 * t + 2 * L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    static void kernel4x2(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co, int ldc,
            int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += bs) {
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

    static void kernel4x2Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
            float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 2 * L, src += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, src);
            FloatVector b1 = FloatVector.fromArray(S, b, src + L);
            b0.intoArray(bp, bo);
            b1.intoArray(bp, bo + L);
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

    static void kernel6x2(int kc, float[] ap, int ao, int ars, int aps, float[] bp, int bo, int bs, float[] c, int co, int ldc,
            int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += bs) {
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
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        int t = 2 * L;
        if (straightToC(6, t, mr, nr, alpha, beta)) {
            if (beta == 1f) {
                c00 = c00.add(FloatVector.fromArray(S, c, co));
                c01 = c01.add(FloatVector.fromArray(S, c, co + L));
                c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
                c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
                c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
                c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
                c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
                c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
                c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
                c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
                c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
                c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
            c40.intoArray(c, co + 4 * ldc);
            c41.intoArray(c, co + 4 * ldc + L);
            c50.intoArray(c, co + 5 * ldc);
            c51.intoArray(c, co + 5 * ldc + L);
            return;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, t);
        c11.intoArray(tile, t + L);
        c20.intoArray(tile, 2 * t);
        c21.intoArray(tile, 2 * t + L);
        c30.intoArray(tile, 3 * t);
        c31.intoArray(tile, 3 * t + L);
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    static void kernel6x2Pack(int kc, float[] ap, int ao, int ars, int aps, float[] b, int src, int ldb, float[] bp, int bo,
            float[] c, int co, int ldc, int mr, int nr, float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += aps, bo += 2 * L, src += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, src);
            FloatVector b1 = FloatVector.fromArray(S, b, src + L);
            b0.intoArray(bp, bo);
            b1.intoArray(bp, bo + L);
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
            x = FloatVector.broadcast(S, ap[ao + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
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
        c40.intoArray(tile, 4 * t);
        c41.intoArray(tile, 4 * t + L);
        c50.intoArray(tile, 5 * t);
        c51.intoArray(tile, 5 * t + L);
        storeTile(tile, t, c, co, ldc, mr, nr, alpha, beta);
    }

    /**
     * Whether a tile's accumulators may go straight to C: the whole {@code rows × cols} tile is valid and
     * {@code C = tile} or {@code C = tile + C} (what {@link #storeTile} computes then, to the bit).
     */
    static boolean straightToC(int rows, int cols, int mr, int nr, float alpha, float beta) {
        return mr == rows && nr == cols && alpha == 1f && (beta == 0f || beta == 1f);
    }

    /**
     * Writes the valid {@code mr × nr} corner of a tile (row stride {@code t}) into C:
     * {@code C = alpha * tile + beta * C}, with {@code beta == 0} ignoring C's old contents.
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
