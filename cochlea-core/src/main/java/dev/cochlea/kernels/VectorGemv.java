package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product of one row with a transposed matrix, {@code c = alpha · a · Bᵀ + beta · c}: what a
 * linear layer computes for a batch of one (a server answering one request). Four rows of B at a
 * time are dotted with {@code a}, vectorised along k, reading B once where it lies: no packing and
 * no padded tile, since with one row of A neither is paid back. The lanes of each sum are added in
 * a fixed order, so a result does not depend on where in the product it stands.
 *
 * <pre>{@code
 * VectorGemv.rowTimesTransposed(n, k, 1f, x, 0, w, 0, k, 0f, y, 0);   // y[n] = x[k] · W[n, k]ᵀ
 * }</pre>
 */
final class VectorGemv {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = VectorGemm.L;

    private VectorGemv() {
    }

    /** {@code c[cOff + j] = alpha · Σₚ a[aOff + p] · b[bOff + j·ldb + p] + beta · c[cOff + j]} for j < n, p < k. */
    static void rowTimesTransposed(int n, int k, float alpha, float[] a, int aOff, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff) {
        int kv = k / L * L;
        float[] lanes = new float[4 * L];
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + p);
                s0 = FloatVector.fromArray(S, b, b0 + p).fma(x, s0);
                s1 = FloatVector.fromArray(S, b, b1 + p).fma(x, s1);
                s2 = FloatVector.fromArray(S, b, b2 + p).fma(x, s2);
                s3 = FloatVector.fromArray(S, b, b3 + p).fma(x, s3);
            }
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            store(c, cOff + j, alpha, beta, sum(lanes, 0) + tail(a, aOff, b, b0, kv, k));
            store(c, cOff + j + 1, alpha, beta, sum(lanes, L) + tail(a, aOff, b, b1, kv, k));
            store(c, cOff + j + 2, alpha, beta, sum(lanes, 2 * L) + tail(a, aOff, b, b2, kv, k));
            store(c, cOff + j + 3, alpha, beta, sum(lanes, 3 * L) + tail(a, aOff, b, b3, kv, k));
        }
        for (; j < n; j++) {
            int b0 = bOff + j * ldb;
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) s0 = FloatVector.fromArray(S, b, b0 + p).fma(FloatVector.fromArray(S, a, aOff + p), s0);
            s0.intoArray(lanes, 0);
            store(c, cOff + j, alpha, beta, sum(lanes, 0) + tail(a, aOff, b, b0, kv, k));
        }
    }

    /** The lanes {@code [o, o + L)} added in order, two running sums. */
    private static float sum(float[] lanes, int o) {
        float s0 = 0f, s1 = 0f;
        for (int l = 0; l < L; l += 2) {
            s0 += lanes[o + l];
            s1 += lanes[o + l + 1];
        }
        return s0 + s1;
    }

    private static float tail(float[] a, int aOff, float[] b, int bo, int from, int k) {
        float s = 0f;
        for (int p = from; p < k; p++) s += a[aOff + p] * b[bo + p];
        return s;
    }

    private static void store(float[] c, int at, float alpha, float beta, float dot) {
        c[at] = beta == 0f ? alpha * dot : beta == 1f ? alpha * dot + c[at] : alpha * dot + beta * c[at];
    }
}
