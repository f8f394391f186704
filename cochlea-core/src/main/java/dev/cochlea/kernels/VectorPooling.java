package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2 × 2, stride-2 max pooling of one plane on 16-lane vectors, with PyTorch's argmax indices: two input
 * rows of 32 values are split into their even and odd columns (two-vector lane shuffles), and a
 * tournament of three compare-and-blends picks each window's maximum, the first of equal values in
 * scan order. A block that holds a NaN (or infinities of both signs) is redone element by element, so
 * NaN propagates exactly as in the scalar code. Rows go 16 outputs at a time, the last block of a row
 * with masked loads and stores (an odd last input column or row is left out, as floor mode does); rows
 * of 8 outputs from rows of 16 inputs go two rows per block. Other geometries are left to
 * {@link PoolingKernels}.
 *
 * <pre>{@code
 * boolean done = VectorPooling.INSTANCE.forward(geometry, in, 0, 0, out, 0, idx, 0);
 * }</pre>
 */
final class VectorPooling implements MaxPool2x2 {
    /** The single instance; {@link VectorKernels#maxPool2x2()} offers it only on 16-lane vectors. */
    static final VectorPooling INSTANCE = new VectorPooling();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = L == 16 ? IntVector.SPECIES_512 : null;
    /** Lane l takes lane 2l of the pair (this, other) and lane 2l + 1 for ODD; indices past L wrap into the other. */
    private static final VectorShuffle<Float> EVEN = L == 16 ? VectorShuffle.fromOp(S, l -> 2 * l) : null;
    private static final VectorShuffle<Float> ODD = L == 16 ? VectorShuffle.fromOp(S, l -> 2 * l + 1) : null;
    /** The inverse: lanes 0..7 (LOW) or 8..15 (HIGH) of (this, other) interleaved, this in the even lanes. */
    private static final VectorShuffle<Float> LOW = L == 16 ? VectorShuffle.fromOp(S, l -> l % 2 == 0 ? l / 2 : 16 + l / 2) : null;
    private static final VectorShuffle<Float> HIGH = L == 16 ? VectorShuffle.fromOp(S, l -> l % 2 == 0 ? 8 + l / 2 : 24 + l / 2) : null;
    /**
     * Of (even lanes, odd lanes) of two 8-wide output rows' inputs each ({@code [top 4, bottom 4]} per row),
     * the top (or bottom) fours of all four rows: lanes 0–3 and 8–11 (or 4–7 and 12–15) of each.
     */
    private static final VectorShuffle<Float> QUAD_TOP = L == 16 ? VectorShuffle.fromOp(S, l -> (l / 8) * 16 + (l % 8) / 4 * 8 + l % 4) : null;
    private static final VectorShuffle<Float> QUAD_BOTTOM = L == 16 ? VectorShuffle.fromOp(S, l -> (l / 8) * 16 + (l % 8) / 4 * 8 + 4 + l % 4) : null;
    /** Lanes 0–7 (LOW) or 8–15 (HIGH) of this, then the same of the other. */
    private static final VectorShuffle<Float> CAT_LOW = L == 16 ? VectorShuffle.fromOp(S, l -> l < 8 ? l : 8 + l) : null;
    private static final VectorShuffle<Float> CAT_HIGH = L == 16 ? VectorShuffle.fromOp(S, l -> l < 8 ? 8 + l : 16 + l) : null;
    /** The top-left input of lane l's window, relative to the block's first: 2l, rows of 16 in pairs, rows of 8 in fours. */
    private static final int[] STEP_WIDE = new int[16], STEP_PAIRS = new int[16], STEP_QUADS = new int[16];

    static {
        for (int l = 0; l < 16; l++) {
            STEP_WIDE[l] = 2 * l;
            STEP_PAIRS[l] = l < 8 ? 2 * l : 32 + 2 * (l - 8);
            STEP_QUADS[l] = 16 * (l / 4) + 2 * (l % 4);
        }
    }

    private VectorPooling() {}

    /** Whether this machine's vectors have the 16 lanes the blocks are built for. */
    static boolean available() {
        return L == 16;
    }

    /**
     * Max-pools one plane ({@code in[io ..]}, {@code ih × iw}) into {@code out[oo ..]} when the geometry is
     * a 2 × 2 window with stride 2, no padding and a supported width; {@code idx} (may be null) gets
     * {@code base +} the in-plane position of each maximum from {@code xo}. Returns false, touching
     * nothing, when the plane does not qualify.
     */
    @Override
    public boolean forward(Im2col.Geometry g, float[] in, int io, int base, float[] out, int oo, int[] idx, int xo) {
        if (!qualifies(g)) return false;
        final int oh = g.oh, ow = g.ow, iw = g.iw;
        if (pairs(g)) {
            for (int y = 0; y < oh; y += 2) {
                block(in, io, 2 * y * iw, 2 * iw, iw, STEP_PAIRS, 16, out, oo + y * ow, idx, xo + y * ow, base);
            }
            return true;
        }
        if (quads(g)) {
            for (int y = 0; y < oh; y += 4) quadBlock(in, io, 16 * y, out, oo + 4 * y, idx, xo + 4 * y, base);
            return true;
        }
        for (int y = 0; y < oh; y++) {
            for (int x0 = 0; x0 < ow; x0 += 16) {
                int t = 2 * y * iw + 2 * x0;
                block(in, io, t, 16, iw, STEP_WIDE, Math.min(16, ow - x0), out, oo + y * ow + x0, idx, xo + y * ow + x0, base);
            }
        }
        return true;
    }

    /**
     * 2 × 2 windows with stride 2, no padding, whole windows only (an odd last row or column of the input
     * is left out, as floor mode does).
     */
    private static boolean qualifies(Im2col.Geometry g) {
        return L == 16 && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0
                && g.dh == 1 && g.dw == 1 && g.ih >= 2 * g.oh && g.iw >= 2 * g.ow && g.ow >= 1;
    }

    /** Rows of 8 outputs from rows of exactly 16 inputs: two output rows per block. */
    private static boolean pairs(Im2col.Geometry g) {
        return g.ow == 8 && g.iw == 16 && g.oh % 2 == 0;
    }

    /**
     * 16 windows: the first eight have top rows starting at {@code t} (in-plane), the other eight at
     * {@code t + second}; bottom rows are {@code iw} further. {@code step[l]} is lane l's top-left
     * position relative to {@code t}.
     */
    private static void block(float[] in, int io, int t, int second, int iw, int[] step, int count, float[] out, int o,
                              int[] idx, int xo, int base) {
        FloatVector t0, t1, b0, b1;
        if (count == 16) {
            t0 = FloatVector.fromArray(S, in, io + t);
            t1 = FloatVector.fromArray(S, in, io + t + second);
            b0 = FloatVector.fromArray(S, in, io + t + iw);
            b1 = FloatVector.fromArray(S, in, io + t + second + iw);
        } else {
            // The end of a row: only the 2·count inputs of its windows are read (the rest load as 0).
            VectorMask<Float> first = S.indexInRange(0, 2 * count), rest = S.indexInRange(16, 2 * count);
            t0 = FloatVector.fromArray(S, in, io + t, first);
            t1 = FloatVector.fromArray(S, in, io + t + second, rest);
            b0 = FloatVector.fromArray(S, in, io + t + iw, first);
            b1 = FloatVector.fromArray(S, in, io + t + second + iw, rest);
        }
        FloatVector a = t0.rearrange(EVEN, t1), b = t0.rearrange(ODD, t1);
        FloatVector c = b0.rearrange(EVEN, b1), d = b0.rearrange(ODD, b1);
        finish(a, b, c, d, in, io, t, iw, step, count, out, o, idx, xo, base);
    }

    /**
     * 16 windows (fewer when {@code count < 16}) given as their top-left, top-right, bottom-left and
     * bottom-right inputs {@code a, b, c, d}: the maximum of each (the first in PyTorch's scan order on
     * ties) to {@code out[o ..]} and, when {@code idx} is not null, its in-plane position plus
     * {@code base} to {@code idx[xo ..]}; blocks holding a NaN are redone window by window.
     */
    private static void finish(FloatVector a, FloatVector b, FloatVector c, FloatVector d, float[] in, int io, int t,
                               int iw, int[] step, int count, float[] out, int o, int[] idx, int xo, int base) {
        VectorMask<Float> valid = count == 16 ? S.maskAll(true) : S.indexInRange(0, count);
        FloatVector sum = a.add(b).add(c).add(d);
        // NaN is the one value not equal to itself (test(IS_NAN) is not compiled to vector code).
        if (sum.compare(VectorOperators.NE, sum).and(valid).anyTrue()) {
            for (int l = 0; l < count; l++) scalarWindow(in, io, t + step[l], iw, out, o + l, idx, xo + l, base);
            return;
        }
        VectorMask<Float> top = b.compare(VectorOperators.GT, a), bottom = d.compare(VectorOperators.GT, c);
        FloatVector m1 = a.blend(b, top), m2 = c.blend(d, bottom);
        VectorMask<Float> lower = m2.compare(VectorOperators.GT, m1);
        m1.blend(m2, lower).intoArray(out, o, valid);
        if (idx != null) {
            IntVector zero = IntVector.zero(I), one = IntVector.broadcast(I, 1);
            IntVector i1 = zero.blend(one, top.cast(I));
            IntVector i2 = zero.blend(one, bottom.cast(I)).add(iw);
            IntVector.fromArray(I, step, 0).add(base + t).add(i1.blend(i2, lower.cast(I))).intoArray(idx, xo, valid.cast(I));
        }
    }

    /** Rows of 4 outputs from rows of exactly 8 inputs: four output rows (64 inputs) per block. */
    private static boolean quads(Im2col.Geometry g) {
        return g.ow == 4 && g.iw == 8 && g.oh % 4 == 0;
    }

    /**
     * Four output rows of an 8-wide plane from the 64 inputs at {@code t}: vector j holds output row j's
     * top and bottom input rows, their even and odd lanes are split out pairwise, then gathered so that
     * lane {@code 4j + i} is window {@code (j, i)}.
     */
    private static void quadBlock(float[] in, int io, int t, float[] out, int o, int[] idx, int xo, int base) {
        FloatVector v0 = FloatVector.fromArray(S, in, io + t), v1 = FloatVector.fromArray(S, in, io + t + 16);
        FloatVector v2 = FloatVector.fromArray(S, in, io + t + 32), v3 = FloatVector.fromArray(S, in, io + t + 48);
        FloatVector e01 = v0.rearrange(EVEN, v1), o01 = v0.rearrange(ODD, v1);
        FloatVector e23 = v2.rearrange(EVEN, v3), o23 = v2.rearrange(ODD, v3);
        finish(e01.rearrange(QUAD_TOP, e23), o01.rearrange(QUAD_TOP, o23), e01.rearrange(QUAD_BOTTOM, e23),
                o01.rearrange(QUAD_BOTTOM, o23), in, io, t, 8, STEP_QUADS, 16, out, o, idx, xo, base);
    }

    /**
     * The gradient of {@link #forward} for one 2-D plane: every input of every window is written, the
     * window's output gradient where {@code idx} points and 0 elsewhere (the windows do not overlap, so
     * nothing needs zeroing first or adding). {@code idx[xo ..]} holds in-plane positions as the forward
     * wrote them. Returns false, touching nothing, when the plane does not qualify.
     */
    @Override
    public boolean backward(Im2col.Geometry g, float[] gOut, int go, int[] idx, int xo, float[] gIn, int gi) {
        if (g.id != 1 || g.kd != 1 || !qualifies(g)) return false;
        final int oh = g.oh, ow = g.ow, iw = g.iw;
        if (quads(g)) {
            for (int y = 0; y < oh; y += 4) spread(gOut, go + 4 * y, idx, xo + 4 * y, 16 * y, 16, 8, STEP_QUADS, 16, gIn, gi);
            return true;
        }
        if (pairs(g)) {
            for (int y = 0; y < oh; y += 2) spread(gOut, go + y * ow, idx, xo + y * ow, 2 * y * iw, 2 * iw, iw, STEP_PAIRS, 16, gIn, gi);
            return true;
        }
        for (int y = 0; y < oh; y++) {
            for (int x0 = 0; x0 < ow; x0 += 16) {
                int o = y * ow + x0, t = 2 * y * iw + 2 * x0;
                spread(gOut, go + o, idx, xo + o, t, 16, iw, STEP_WIDE, Math.min(16, ow - x0), gIn, gi);
            }
        }
        return true;
    }

    /** The inverse of {@link #block}: 16 output gradients to their 16 windows (top rows at t and t + second). */
    private static void spread(float[] gOut, int o, int[] idx, int xo, int t, int second, int iw, int[] step, int count,
                               float[] gIn, int gi) {
        boolean whole = count == 16;
        FloatVector gv = whole ? FloatVector.fromArray(S, gOut, o) : FloatVector.fromArray(S, gOut, o, S.indexInRange(0, count));
        IntVector at = whole ? IntVector.fromArray(I, idx, xo) : IntVector.fromArray(I, idx, xo, I.indexInRange(0, count));
        IntVector rel = at.sub(IntVector.fromArray(I, step, 0)).sub(t);
        VectorMask<Integer> topRow = rel.compare(VectorOperators.LT, iw);
        // The column within the window: rel on the top row, rel - iw on the bottom one (iw may be odd).
        IntVector column = rel.lanewise(VectorOperators.SUB, iw, topRow.not());
        VectorMask<Float> top = topRow.cast(S);
        VectorMask<Float> odd = column.compare(VectorOperators.NE, 0).cast(S);
        FloatVector zero = FloatVector.zero(S);
        FloatVector odds = gv.blend(zero, odd.not()), evens = gv.blend(zero, odd);
        FloatVector a = evens.blend(zero, top.not()), b = odds.blend(zero, top.not());
        FloatVector c = evens.blend(zero, top), d = odds.blend(zero, top);
        if (step == STEP_QUADS) {
            // Tops and bottoms of output rows 0–1 (LOW) and 2–3 (HIGH), then each row's pair of input rows.
            FloatVector tops01 = a.rearrange(LOW, b), bottoms01 = c.rearrange(LOW, d);
            FloatVector tops23 = a.rearrange(HIGH, b), bottoms23 = c.rearrange(HIGH, d);
            tops01.rearrange(CAT_LOW, bottoms01).intoArray(gIn, gi + t);
            tops01.rearrange(CAT_HIGH, bottoms01).intoArray(gIn, gi + t + 16);
            tops23.rearrange(CAT_LOW, bottoms23).intoArray(gIn, gi + t + 32);
            tops23.rearrange(CAT_HIGH, bottoms23).intoArray(gIn, gi + t + 48);
        } else if (whole) {
            a.rearrange(LOW, b).intoArray(gIn, gi + t);
            a.rearrange(HIGH, b).intoArray(gIn, gi + t + second);
            c.rearrange(LOW, d).intoArray(gIn, gi + t + iw);
            c.rearrange(HIGH, d).intoArray(gIn, gi + t + second + iw);
        } else {
            // Only the 2·count inputs of the row's last windows are written.
            VectorMask<Float> first = S.indexInRange(0, 2 * count), rest = S.indexInRange(16, 2 * count);
            a.rearrange(LOW, b).intoArray(gIn, gi + t, first);
            a.rearrange(HIGH, b).intoArray(gIn, gi + t + second, rest);
            c.rearrange(LOW, d).intoArray(gIn, gi + t + iw, first);
            c.rearrange(HIGH, d).intoArray(gIn, gi + t + second + iw, rest);
        }
    }

    /** One window whose top-left input is {@code t}, scanned in PyTorch's order ({@code v > max || v is NaN}). */
    private static void scalarWindow(float[] in, int io, int t, int iw, float[] out, int o, int[] idx, int xo, int base) {
        float max = Float.NEGATIVE_INFINITY;
        int best = t;
        for (int r = 0; r < 2; r++) {
            for (int e = 0; e < 2; e++) {
                int at = t + r * iw + e;
                float v = in[io + at];
                if (v > max || v != v) {
                    max = v;
                    best = at;
                }
            }
        }
        out[o] = max;
        if (idx != null) idx[xo] = base + best;
    }
}
