package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic lane sums, and exp, log and tanh on float vectors from multiplies, adds, fused multiply-adds and bit operations
 * only (Cephes' single-precision range reductions and polynomials, within 2 ulp of the exact
 * result). The JDK's own vector {@code EXP}/{@code LOG}/{@code TANH} round differently before and
 * after the JIT compiles them, which made training runs with the same seed differ in the last bit;
 * these give the same bits interpreted or compiled, so runs repeat exactly.
 *
 * <pre>{@code
 * FloatVector y = VectorMath.exp(FloatVector.fromArray(S, a, 0));
 * }</pre>
 */
final class VectorMath {
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float EXP_MAX = 88.72283905206835f;
    private static final float EXP_MIN = -87.33654475f;

    private VectorMath() {}

    /**
     * The sum of the lanes, added in lane order. {@code reduceLanes(ADD)} may add in another order
     * once compiled, which changes the last bits.
     */
    static float sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float x : lanes) s += x;
        return s;
    }

    /** e^x; 0 below -87.34, +inf above 88.72, NaN for NaN. */
    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(FloatVector.broadcast(s, LOG2E), FloatVector.broadcast(s, MAGIC));
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(s, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(s, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(s, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(s, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(s, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(s, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(s, 5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector ni = (IntVector) t.reinterpretAsInts().sub(0x4B400000);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector res = y.mul(s1).mul(s2);
        res = res.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    }

    /** Natural log; -inf at 0, NaN below 0 and for NaN, +inf at +inf. */
    static FloatVector log(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(33554432f), tiny); // scale subnormals by 2^25
        IntVector bits = (IntVector) xs.reinterpretAsInts();
        IntVector exp = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        FloatVector e = ((FloatVector) exp.convert(VectorOperators.I2F, 0)).sub(FloatVector.zero(s).blend(25f, tiny));
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // in [0.5, 1)
        VectorMask<Float> small = m.compare(VectorOperators.LT, 0.707106781186547524f);
        e = e.sub(FloatVector.zero(s).blend(1f, small));
        FloatVector f = m.add(FloatVector.zero(s).blend(m, small)).sub(1f);
        FloatVector z = f.mul(f);
        FloatVector y = FloatVector.broadcast(s, 7.0376836292e-2f);
        y = y.fma(f, FloatVector.broadcast(s, -1.1514610310e-1f));
        y = y.fma(f, FloatVector.broadcast(s, 1.1676998740e-1f));
        y = y.fma(f, FloatVector.broadcast(s, -1.2420140846e-1f));
        y = y.fma(f, FloatVector.broadcast(s, 1.4249322787e-1f));
        y = y.fma(f, FloatVector.broadcast(s, -1.6668057665e-1f));
        y = y.fma(f, FloatVector.broadcast(s, 2.0000714765e-1f));
        y = y.fma(f, FloatVector.broadcast(s, -2.4999993993e-1f));
        y = y.fma(f, FloatVector.broadcast(s, 3.3333331174e-1f));
        y = y.mul(f).mul(z);
        y = e.fma(FloatVector.broadcast(s, LN2_LO), y);
        y = z.fma(FloatVector.broadcast(s, -0.5f), y);
        FloatVector res = f.add(y);
        res = e.fma(FloatVector.broadcast(s, LN2_HI), res);
        res = res.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        res = res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return res.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.compare(VectorOperators.NE, x)));
    }

    /** Hyperbolic tangent: a polynomial near 0, {@code 1 - 2 / (e^{2|x|} + 1)} elsewhere. */
    static FloatVector tanh(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector z = x.abs();
        FloatVector big = FloatVector.broadcast(s, 1f).sub(FloatVector.broadcast(s, 2f).div(exp(z.add(z)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector sq = x.mul(x);
        FloatVector p = FloatVector.broadcast(s, -5.70498872745e-3f);
        p = p.fma(sq, FloatVector.broadcast(s, 2.06390887954e-2f));
        p = p.fma(sq, FloatVector.broadcast(s, -5.37397155531e-2f));
        p = p.fma(sq, FloatVector.broadcast(s, 1.33314422036e-1f));
        p = p.fma(sq, FloatVector.broadcast(s, -3.33332819422e-1f));
        FloatVector near = p.mul(sq).fma(x, x);
        return big.blend(near, z.compare(VectorOperators.LE, 0.625f));
    }
}
