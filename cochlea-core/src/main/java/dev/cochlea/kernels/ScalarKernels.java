package dev.cochlea.kernels;

import java.util.Optional;

/**
 * The plain-Java {@link Kernels}: used when the Vector API module is absent, and as the reference
 * the Vector API kernels are tested against. Loops are kept small and simple so the JIT can
 * auto-vectorise them.
 *
 * <pre>{@code
 * Kernels k = KernelProvider.scalar();
 * float s = k.sum(new float[] {1, 2, 3}, 0, 3); // 6
 * }</pre>
 */
public final class ScalarKernels implements Kernels {
    /** The single instance. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = ScalarMath.pow(a[ao + i], b[bo + i]); }
        }
    }

    @Override
    public void binaryScalar(Binary op, float[] a, int ao, float s, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / s; }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], s); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], s); }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = ScalarMath.pow(a[ao + i], s); }
        }
    }

    @Override
    public void scalarBinary(Binary op, float s, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = s * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = s / b[bo + i]; }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(s, b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(s, b[bo + i]); }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = ScalarMath.pow(s, b[bo + i]); }
        }
    }

    @Override
    public void unary(Unary op, float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = ScalarMath.apply(op, a[ao + i]);
    }

    @Override
    public void reluBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = y[yo + i] > 0f ? g[go + i] : 0f;
    }

    @Override
    public void tapSum(float[] in, int[] inOffs, float[] w, int taps, float[] out, int oo, int n) {
        for (int t = 0; t < taps; t++) {
            float wt = w[t];
            int io = inOffs[t];
            for (int i = 0; i < n; i++) out[oo + i] += wt * in[io + i];
        }
    }

    @Override
    public void tapDot(float[] g, int go, float[] in, int[] inOffs, int taps, int n, float[] acc) {
        for (int t = 0; t < taps; t++) {
            int io = inOffs[t];
            float s = 0f;
            for (int i = 0; i < n; i++) s += g[go + i] * in[io + i];
            acc[t] += s;
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public void scaleShift(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * alpha + beta;
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[ao + i];
            s1 += a[ao + i + 1];
            s2 += a[ao + i + 2];
            s3 += a[ao + i + 3];
        }
        for (; i < n; i++) s0 += a[ao + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float sumSquares(float[] a, int ao, int n) {
        return dot(a, ao, a, ao, n);
    }

    @Override
    public float dotCentered(float[] a, int ao, float aMean, float[] b, int bo, float bMean, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += (a[ao + i] - aMean) * (b[bo + i] - bMean);
            s1 += (a[ao + i + 1] - aMean) * (b[bo + i + 1] - bMean);
            s2 += (a[ao + i + 2] - aMean) * (b[bo + i + 2] - bMean);
            s3 += (a[ao + i + 3] - aMean) * (b[bo + i + 3] - bMean);
        }
        for (; i < n; i++) s0 += (a[ao + i] - aMean) * (b[bo + i] - bMean);
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) s0 += a[ao + i] * b[bo + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float max(float[] a, int ao, int n) {
        float m = a[ao];
        for (int i = 1; i < n; i++) m = Math.max(m, a[ao + i]);
        return m;
    }

    @Override
    public float min(float[] a, int ao, int n) {
        float m = a[ao];
        for (int i = 1; i < n; i++) m = Math.min(m, a[ao + i]);
        return m;
    }

    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, int n, SgdStep s) {
        float lr = s.lr(), wd = s.weightDecay(), m = s.momentum(), keep = 1f - s.dampening();
        for (int i = 0; i < n; i++) {
            float d = s.maximize() ? -g[go + i] : g[go + i];
            if (wd != 0f) d = Math.fma(p[po + i], wd, d);
            if (m != 0f) {
                float b = s.first() ? d : Math.fma(d, keep, buf[bo + i] * m);
                buf[bo + i] = b;
                d = s.nesterov() ? Math.fma(b, m, d) : b;
            }
            p[po + i] = p[po + i] - lr * d;
        }
    }

    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int from, int n, AdamStep s) {
        float b2 = (float) s.beta2(), oneMinusB1 = (float) (1.0 - s.beta1()), oneMinusB2 = (float) (1.0 - s.beta2());
        float eps = s.eps();
        float wd = s.weightDecay(), decay = s.decay(), negStepSize = -s.stepSize(), bc2Sqrt = s.bc2Sqrt();
        for (int i = from; i < from + n; i++) {
            float pv = p[po + i];
            if (decay != 1f) pv *= decay;
            float gv = s.maximize() ? -g[go + i] : g[go + i];
            if (wd != 0f) gv += wd * pv;
            float mv = m[i] + oneMinusB1 * (gv - m[i]);
            float vv = v[i] * b2 + oneMinusB2 * gv * gv;
            m[i] = mv;
            v[i] = vv;
            float vh = vv;
            if (vmax != null) {
                vh = Math.max(vmax[i], vv);
                vmax[i] = vh;
            }
            float denom = (float) Math.sqrt(vh) / bc2Sqrt + eps;
            p[po + i] = pv + negStepSize * (mv / denom);
        }
    }

    @Override
    public void rmsprop(float[] p, int po, float[] g, int go, float[] sq, float[] buf, float[] ga, int from, int n,
                        RmspropStep s) {
        float negLr = -s.lr(), alpha = (float) s.alpha(), oneMinusAlpha = (float) (1.0 - s.alpha());
        float eps = s.eps(), wd = s.weightDecay(), momentum = s.momentum();
        for (int i = from; i < from + n; i++) {
            float gv = s.maximize() ? -g[go + i] : g[go + i];
            if (wd != 0f) gv += wd * p[po + i];
            float sv = sq[i] * alpha + oneMinusAlpha * gv * gv;
            sq[i] = sv;
            float avg;
            if (ga != null) {
                float a = ga[i] + oneMinusAlpha * (gv - ga[i]);
                ga[i] = a;
                avg = (float) Math.sqrt(sv - a * a);
            } else {
                avg = (float) Math.sqrt(sv);
            }
            avg += eps;
            if (buf != null) {
                float b = buf[i] * momentum + gv / avg;
                buf[i] = b;
                p[po + i] += negLr * b;
            } else {
                p[po + i] += negLr * (gv / avg);
            }
        }
    }

    @Override
    public void fill(float[] a, int ao, int n, float value) {
        java.util.Arrays.fill(a, ao, ao + n, value);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void stftFrames(StftFrames s, int from, int to) {
        ScalarStft.frames(s, from, to);
    }

    @Override
    public float toDecibels(float[] x, int xOff, float[] out, int outOff, int n, double multiplier, double amin,
                            double offset) {
        float lo = (float) amin;
        if (!(lo >= Float.MIN_NORMAL)) return decibelsInDouble(x, xOff, out, outOff, n, multiplier, amin, offset);
        float k = (float) (multiplier / Math.log(10.0));
        float negOffset = -(float) offset;
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            // Math.max: NaN stays NaN
            float db = Math.fma((float) Math.log(Math.max(x[xOff + i], lo)), k, negOffset);
            out[outOff + i] = db;
            if (db > max) max = db;
            else if (db != db) nan = true;
        }
        return nan ? Float.NaN : max;
    }

    /** {@link #toDecibels} for an {@code amin} below the smallest normal float, in double precision. */
    private static float decibelsInDouble(float[] x, int xOff, float[] out, int outOff, int n, double multiplier,
                                          double amin, double offset) {
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            float db = (float) (multiplier * Math.log10(Math.max(v, amin)) - offset);
            if (Double.isNaN(v)) db = Float.NaN;
            out[outOff + i] = db;
            if (db > max) max = db;
            else if (db != db) nan = true;
        }
        return nan ? Float.NaN : max;
    }

    @Override
    public void clampMin(float[] x, int off, int n, float floor) {
        for (int i = off; i < off + n; i++) {
            if (x[i] < floor) x[i] = floor;
        }
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (!Float.isFinite(x[i])) return false;
        }
        return true;
    }

    @Override
    public void weightedRowSum(float[] x, int xo, int stride, int rows, float[] w, int wo, float[] out, int oo, int n) {
        java.util.Arrays.fill(out, oo, oo + n, 0f);
        for (int j = 0; j < rows; j++) {
            float wj = w[wo + j];
            int r = xo + j * stride;
            for (int t = 0; t < n; t++) out[oo + t] = Math.fma(x[r + t], wj, out[oo + t]);
        }
    }

    /** None: the general im2col + {@link #gemm} path is the scalar convolution. */
    @Override
    public Optional<DirectConv> directConv() {
        return Optional.empty();
    }

    /** None: {@link PoolingKernels}' general loop is the scalar pooling. */
    @Override
    public Optional<MaxPool2x2> maxPool2x2() {
        return Optional.empty();
    }

    @Override
    public WinogradOps winograd() {
        return ScalarWinograd.INSTANCE;
    }

    @Override
    public PooledConvOps pooledConv() {
        return ScalarPooledConv.INSTANCE;
    }
}
