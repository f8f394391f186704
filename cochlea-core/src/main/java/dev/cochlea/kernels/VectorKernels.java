package dev.cochlea.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Optional;

/**
 * {@link Kernels} on the Java Vector API ({@code jdk.incubator.vector}), using the platform's
 * preferred vector width. Loaded only by {@link KernelProvider} when the module is present.
 *
 * <pre>{@code
 * Kernels k = KernelProvider.vector(); // needs --add-modules jdk.incubator.vector
 * }</pre>
 */
public final class VectorKernels implements Kernels {
    /** The single instance. */
    public static final VectorKernels INSTANCE = new VectorKernels();

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Vectors of {@link #weightedRowSum} (8 frames: spectrogram rows are a few hundred frames long). */
    private static final VectorSpecies<Float> ROW_SPECIES = FloatVector.SPECIES_256;

    private static final Optional<DirectConv> DIRECT_CONV =
            VectorDirectConv.available() ? Optional.of(VectorDirectConv.INSTANCE) : Optional.empty();
    private static final Optional<MaxPool2x2> MAX_POOL_2X2 =
            VectorPooling.available() ? Optional.of(VectorPooling.INSTANCE) : Optional.empty();

    private VectorKernels() {}

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int lanes() {
        return S.length();
    }

    private static float scalarOp(Binary op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> ScalarMath.pow(x, y);
        };
    }

    // Each operator has its own loop: with the operator fixed in the loop body the JIT always emits
    // vector instructions, which it does not when the operator is a variable.

    @Override
    public void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case POW -> { /* scalar below */ }
        }
        for (; i < n; i++) out[oo + i] = scalarOp(op, a[ao + i], b[bo + i]);
    }

    @Override
    public void binaryScalar(Binary op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector y = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(y).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(y).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(y).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(y).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(y).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(y).intoArray(out, oo + i); }
            case POW -> { /* scalar below */ }
        }
        for (; i < n; i++) out[oo + i] = scalarOp(op, a[ao + i], s);
    }

    @Override
    public void scalarBinary(Binary op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector x = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) x.add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) x.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) x.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) x.div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) x.max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) x.min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i); }
            case POW -> { /* scalar below */ }
        }
        for (; i < n; i++) out[oo + i] = scalarOp(op, s, b[bo + i]);
    }

    @Override
    public void unary(Unary op, float[] a, int ao, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).neg().intoArray(out, oo + i); }
            case ABS -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).abs().intoArray(out, oo + i); }
            case SQRT -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sqrt().intoArray(out, oo + i); }
            case SQUARE -> {
                for (; i < bound; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ao + i);
                    x.mul(x).intoArray(out, oo + i);
                }
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += L) one.div(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i);
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ao + i);
                    x.blend(zero, x.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
                }
            }
            case EXP -> { for (; i < bound; i += L) VectorMath.exp(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i); }
            case LOG -> { for (; i < bound; i += L) VectorMath.log(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i); }
            case TANH -> { for (; i < bound; i += L) VectorMath.tanh(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i); }
            case SIGMOID -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ao + i);
                    // 1 / (1 + exp(-x)); exp is +inf for very negative x, giving 0 as wanted.
                    one.div(one.add(VectorMath.exp(x.neg()))).intoArray(out, oo + i);
                }
            }
            default -> { /* SIN, COS, FLOOR, CEIL, ROUND, SIGN: scalar below, which gives the same bits compiled or not */ }
        }
        for (; i < n; i++) out[oo + i] = ScalarMath.apply(op, a[ao + i]);
    }

    @Override
    public void reluBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, g, go + i)
                    .blend(zero, FloatVector.fromArray(S, y, yo + i).compare(VectorOperators.GT, 0f).not())
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = y[yo + i] > 0f ? g[go + i] : 0f;
    }

    @Override
    public void tapSum(float[] in, int[] inOffs, float[] w, int taps, float[] out, int oo, int n) {
        // One pass per tap (an axpy); the last, partial vector is masked rather than scalar, as rows
        // here are short (63 frames: three full vectors and a tail of 15 on 16 lanes).
        int bound = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(bound, n);
        for (int t = 0; t < taps; t++) {
            FloatVector wv = FloatVector.broadcast(S, w[t]);
            int io = inOffs[t];
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, in, io + i).fma(wv, FloatVector.fromArray(S, out, oo + i)).intoArray(out, oo + i);
            }
            if (i < n) {
                FloatVector.fromArray(S, in, io + i, tail).fma(wv, FloatVector.fromArray(S, out, oo + i, tail))
                        .intoArray(out, oo + i, tail);
            }
        }
    }

    @Override
    public void tapDot(float[] g, int go, float[] in, int[] inOffs, int taps, int n, float[] acc) {
        int bound = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(bound, n);
        for (int t = 0; t < taps; t++) {
            int io = inOffs[t];
            FloatVector a = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
                a = FloatVector.fromArray(S, g, go + i).fma(FloatVector.fromArray(S, in, io + i), a);
            }
            if (i < n) {
                a = FloatVector.fromArray(S, g, go + i, tail).fma(FloatVector.fromArray(S, in, io + i, tail), a);
            }
            acc[t] += a.reduceLanes(VectorOperators.ADD);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public void scaleShift(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        FloatVector bv = FloatVector.broadcast(S, beta);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).fma(av, bv).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = a[ao + i] * alpha + beta;
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, a, ao + i));
            acc1 = acc1.add(FloatVector.fromArray(S, a, ao + i + L));
        }
        float s = VectorMath.sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    @Override
    public float sumSquares(float[] a, int ao, int n) {
        return dot(a, ao, a, ao, n);
    }

    @Override
    public float dotCentered(float[] a, int ao, float aMean, float[] b, int bo, float bMean, int n) {
        FloatVector am = FloatVector.broadcast(S, aMean), bm = FloatVector.broadcast(S, bMean);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).sub(am).fma(FloatVector.fromArray(S, b, bo + i).sub(bm), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + L).sub(am).fma(FloatVector.fromArray(S, b, bo + i + L).sub(bm), acc1);
        }
        float s = VectorMath.sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += (a[ao + i] - aMean) * (b[bo + i] - bMean);
        return s;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), acc1);
        }
        float s = VectorMath.sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    @Override
    public float max(float[] a, int ao, int n) {
        int i = 0;
        float m = a[ao];
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(S, a, ao);
            i = L;
            int bound = S.loopBound(n);
            for (; i < bound; i += L) acc = acc.max(FloatVector.fromArray(S, a, ao + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, a[ao + i]);
        return m;
    }

    @Override
    public float min(float[] a, int ao, int n) {
        int i = 0;
        float m = a[ao];
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(S, a, ao);
            i = L;
            int bound = S.loopBound(n);
            for (; i < bound; i += L) acc = acc.min(FloatVector.fromArray(S, a, ao + i));
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) m = Math.min(m, a[ao + i]);
        return m;
    }

    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, int n, SgdStep s) {
        float wd = s.weightDecay(), m = s.momentum(), keep = 1f - s.dampening();
        FloatVector lrV = FloatVector.broadcast(S, s.lr()), wdV = FloatVector.broadcast(S, wd);
        FloatVector mV = FloatVector.broadcast(S, m), keepV = FloatVector.broadcast(S, keep);
        boolean plain = !s.maximize() && wd == 0f && !s.nesterov() && !s.first();
        int i = 0;
        int bound = S.loopBound(n);
        if (m != 0f && plain) {
            // The usual case (momentum, nothing else) without the per-vector tests.
            for (; i < bound; i += L) {
                FloatVector b = FloatVector.fromArray(S, g, go + i).fma(keepV, FloatVector.fromArray(S, buf, bo + i).mul(mV));
                b.intoArray(buf, bo + i);
                FloatVector.fromArray(S, p, po + i).sub(b.mul(lrV)).intoArray(p, po + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector pv = FloatVector.fromArray(S, p, po + i);
                FloatVector d = FloatVector.fromArray(S, g, go + i);
                if (s.maximize()) d = d.neg();
                if (wd != 0f) d = pv.fma(wdV, d);
                if (m != 0f) {
                    FloatVector b = s.first() ? d : d.fma(keepV, FloatVector.fromArray(S, buf, bo + i).mul(mV));
                    b.intoArray(buf, bo + i);
                    d = s.nesterov() ? b.fma(mV, d) : b;
                }
                pv.sub(d.mul(lrV)).intoArray(p, po + i);
            }
        }
        if (i < n) ScalarKernels.INSTANCE.sgd(p, po + i, g, go + i, buf, bo + i, n - i, s);
    }

    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int from, int n, AdamStep s) {
        FloatVector b2 = FloatVector.broadcast(S, (float) s.beta2()), c1 = FloatVector.broadcast(S, (float) (1.0 - s.beta1()));
        FloatVector c2 = FloatVector.broadcast(S, (float) (1.0 - s.beta2())), eps = FloatVector.broadcast(S, s.eps());
        FloatVector wd = FloatVector.broadcast(S, s.weightDecay()), decay = FloatVector.broadcast(S, s.decay());
        FloatVector negStep = FloatVector.broadcast(S, -s.stepSize()), bc2 = FloatVector.broadcast(S, s.bc2Sqrt());
        boolean decays = s.decay() != 1f, decayed = s.weightDecay() != 0f;
        int i = from;
        int bound = from + S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i);
            if (decays) pv = pv.mul(decay);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            if (s.maximize()) gv = gv.neg();
            if (decayed) gv = gv.add(wd.mul(pv));
            FloatVector mo = FloatVector.fromArray(S, m, i);
            FloatVector mv = mo.add(c1.mul(gv.sub(mo)));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(c2.mul(gv).mul(gv));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            if (vmax != null) {
                vv = FloatVector.fromArray(S, vmax, i).max(vv);
                vv.intoArray(vmax, i);
            }
            FloatVector denom = vv.sqrt().div(bc2).add(eps);
            pv.add(negStep.mul(mv.div(denom))).intoArray(p, po + i);
        }
        if (i < from + n) ScalarKernels.INSTANCE.adam(p, po, g, go, m, v, vmax, i, from + n - i, s);
    }

    @Override
    public void rmsprop(float[] p, int po, float[] g, int go, float[] sq, float[] buf, float[] ga, int from, int n,
                        RmspropStep s) {
        FloatVector negLr = FloatVector.broadcast(S, -s.lr()), alpha = FloatVector.broadcast(S, (float) s.alpha());
        FloatVector c = FloatVector.broadcast(S, (float) (1.0 - s.alpha())), eps = FloatVector.broadcast(S, s.eps());
        FloatVector wd = FloatVector.broadcast(S, s.weightDecay()), momentum = FloatVector.broadcast(S, s.momentum());
        boolean decayed = s.weightDecay() != 0f;
        int i = from;
        int bound = from + S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            if (s.maximize()) gv = gv.neg();
            if (decayed) gv = gv.add(wd.mul(pv));
            FloatVector sv = FloatVector.fromArray(S, sq, i).mul(alpha).add(c.mul(gv).mul(gv));
            sv.intoArray(sq, i);
            FloatVector avg;
            if (ga != null) {
                FloatVector a0 = FloatVector.fromArray(S, ga, i);
                FloatVector a = a0.add(c.mul(gv.sub(a0)));
                a.intoArray(ga, i);
                avg = sv.sub(a.mul(a)).sqrt();
            } else {
                avg = sv.sqrt();
            }
            avg = avg.add(eps);
            if (buf != null) {
                FloatVector b = FloatVector.fromArray(S, buf, i).mul(momentum).add(gv.div(avg));
                b.intoArray(buf, i);
                pv.add(negLr.mul(b)).intoArray(p, po + i);
            } else {
                pv.add(negLr.mul(gv.div(avg))).intoArray(p, po + i);
            }
        }
        if (i < from + n) ScalarKernels.INSTANCE.rmsprop(p, po, g, go, sq, buf, ga, i, from + n - i, s);
    }

    @Override
    public void fill(float[] a, int ao, int n, float value) {
        java.util.Arrays.fill(a, ao, ao + n, value);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Four frames per vector through {@link VectorStft} where {@link VectorFft4} has a plan for the length, else {@link ScalarStft}. */
    @Override
    public void stftFrames(StftFrames s, int from, int to) {
        VectorStft.frames(s, from, to);
    }

    /**
     * With the vector logarithm of {@link VectorMath} (within 2 ulp), so the result is the same
     * interpreted or compiled.
     */
    @Override
    public float toDecibels(float[] x, int xOff, float[] out, int outOff, int n, double multiplier, double amin,
                            double offset) {
        float aminF = (float) amin;
        if (!(aminF >= Float.MIN_NORMAL)) return ScalarKernels.INSTANCE.toDecibels(x, xOff, out, outOff, n, multiplier, amin, offset);
        FloatVector k = FloatVector.broadcast(S, (float) (multiplier / Math.log(10.0)));
        FloatVector negOff = FloatVector.broadcast(S, -(float) offset);
        FloatVector lo = FloatVector.broadcast(S, aminF);
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            // max(): NaN stays NaN (Math.max semantics)
            FloatVector db = VectorMath.log(v.max(lo)).fma(k, negOff);
            db.intoArray(out, outOff + i);
            max = max.max(db);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector db = VectorMath.log(v.max(lo)).fma(k, negOff);
            db.intoArray(out, outOff + i, m);
            max = max.max(db.blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    @Override
    public void clampMin(float[] x, int off, int n, float floor) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            v.blend(floor, v.compare(VectorOperators.LT, floor)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            if (x[off + i] < floor) x[off + i] = floor;
        }
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            acc = acc.add(v.sub(v)); // 0 for finite values, NaN otherwise (and NaN sticks)
        }
        float tail = 0f;
        for (; i < n; i++) tail += x[off + i] - x[off + i];
        return !Float.isNaN(tail) && !acc.compare(VectorOperators.NE, acc).anyTrue();
    }

    @Override
    public void weightedRowSum(float[] x, int xo, int stride, int rows, float[] w, int wo, float[] out, int oo, int n) {
        VectorSpecies<Float> sp = ROW_SPECIES;
        int lanes = sp.length();
        int t = 0;
        for (; t <= n - lanes; t += lanes) {
            FloatVector acc = FloatVector.zero(sp);
            for (int j = 0, r = xo + t; j < rows; j++, r += stride) {
                acc = FloatVector.fromArray(sp, x, r).fma(FloatVector.broadcast(sp, w[wo + j]), acc);
            }
            acc.intoArray(out, oo + t);
        }
        if (t < n) {
            VectorMask<Float> tail = sp.indexInRange(t, n);
            FloatVector acc = FloatVector.zero(sp);
            for (int j = 0, r = xo + t; j < rows; j++, r += stride) {
                acc = FloatVector.fromArray(sp, x, r, tail).fma(FloatVector.broadcast(sp, w[wo + j]), acc);
            }
            acc.intoArray(out, oo + t, tail);
        }
    }

    @Override
    public Optional<DirectConv> directConv() {
        return DIRECT_CONV;
    }

    @Override
    public Optional<MaxPool2x2> maxPool2x2() {
        return MAX_POOL_2X2;
    }

    @Override
    public WinogradOps winograd() {
        return VectorWinograd.INSTANCE;
    }

    @Override
    public PooledConvOps pooledConv() {
        return VectorPooledConv.INSTANCE;
    }
}
