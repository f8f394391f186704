package dev.cochlea.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four-lane executor of an {@link FftPlan}: real FFTs of {@code n} points, four at once, one
 * transform per lane of a 256-bit double vector, in double precision. {@link VectorStft} runs it on
 * four STFT frames at a time; {@link Fft} runs the same plans one transform at a time.
 *
 * <p>Data is lane-major: value {@code i} of transform {@code c} sits at {@code [i * LANES + c]},
 * so every butterfly is plain vector arithmetic with broadcast twiddles, and bin {@code k} of the
 * four transforms is one vector. A real input of even length {@code n} is packed by the caller as
 * the complex sequence {@code z[m] = x[2m] + i x[2m+1]} of {@code h = n / 2} points;
 * {@link #transform} runs the Stockham stages of the plan of {@code h} (radix-8 first stage,
 * radix-4, 2, 3 and 5 stages after it) and {@link #postTwiddle} splits the result into the
 * {@code h + 1} real-input bins with the plan of {@code n}'s post-twiddles.
 *
 * <p>Only lengths {@code n >= 8} whose half length factors into 2, 3 and 5 have an executor; for
 * other lengths {@link #of} returns null and callers use {@link Fft}. Results agree with
 * {@link Fft#rfft} to rounding (about {@code 1e-16} relative to the largest bin).
 *
 * <pre>{@code
 * VectorFft4 fft = VectorFft4.of(512);             // null for lengths without a plan
 * boolean inB = fft.transform(ar, ai, br, bi);     // packed frames in (ar, ai), [(h + 1) * LANES] each
 * fft.postTwiddle(inB ? br : ar, inB ? bi : ai, xr, xi);   // bins 0 .. h of the four frames
 * }</pre>
 */
final class VectorFft4 {
    /** Transforms per call: the lanes of {@link #S}. */
    static final int LANES = 4;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    private static final ConcurrentHashMap<Integer, Optional<VectorFft4>> EXECUTORS = new ConcurrentHashMap<>();

    /** The real transform length. */
    final int n;
    /** The complex transform length, {@code n / 2}. */
    final int h;
    /** The complex plan of {@code h} points. */
    private final FftPlan plan;
    /** The post-twiddles {@code exp(-2 pi i k / n)}, {@code k = 0 .. h}, of the plan of {@code n}. */
    final double[] postRe;
    final double[] postIm;

    private VectorFft4(FftPlan real) {
        this.n = real.n;
        this.h = n / 2;
        this.plan = real.half();
        this.postRe = real.realRe;
        this.postIm = real.realIm;
    }

    /** The complex plan of {@code n / 2} points this executor runs. */
    FftPlan plan() {
        return plan;
    }

    /** The executor for real transforms of {@code n} points, or null when {@code n} has none (see the class comment). */
    static VectorFft4 of(int n) {
        return EXECUTORS.computeIfAbsent(n, VectorFft4::build).orElse(null);
    }

    private static Optional<VectorFft4> build(int n) {
        if (n < 8 || n % 2 != 0) return Optional.empty();
        FftPlan half = FftPlan.of(n / 2);
        if (half.bluestein()) return Optional.empty();
        for (int s = 0; s < half.radices.length; s++) {
            int r = half.radices[s];
            if (r != 2 && r != 3 && r != 4 && r != 5 && !(r == 8 && s == 0)) return Optional.empty();
        }
        return Optional.of(new VectorFft4(FftPlan.of(n)));
    }

    /** Forward complex transform of the {@code h}-point lane-major data in a; true when the result ends in b. */
    boolean transform(double[] ar, double[] ai, double[] br, double[] bi) {
        int[] radices = plan.radices;
        double[][] twRe = plan.twiddleRe, twIm = plan.twiddleIm;
        double[] sr = ar, si = ai, dr = br, di = bi;
        int ns = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int q = h / r;
            switch (r) {
                case 8 -> radix8First(sr, si, dr, di, q);
                case 4 -> radix4(sr, si, dr, di, q, ns, twRe[s], twIm[s]);
                case 2 -> radix2(sr, si, dr, di, q, ns, twRe[s], twIm[s]);
                case 3 -> radix3(sr, si, dr, di, q, ns, twRe[s], twIm[s]);
                default -> radix5(sr, si, dr, di, q, ns, twRe[s], twIm[s]);
            }
            ns *= r;
            double[] t = sr;
            sr = dr;
            dr = t;
            t = si;
            si = di;
            di = t;
        }
        return sr == br;
    }

    /**
     * Post-twiddle of the packed transform {@code Z} (in {@code zr, zi}) into the real-input bins
     * {@code X[k] = E[k] + W^k O[k]}, {@code k = 0 .. h}, with {@code E = (Z[k] + conj Z[h-k]) / 2},
     * {@code O = (Z[k] - conj Z[h-k]) / 2i} and {@code W = exp(-2 pi i / n)}, written lane-major to
     * {@code xr, xi}. Bins {@code k} and {@code h - k} come from the same two values: with
     * {@code P = W^k O[k]}, {@code X[h-k] = conj(E[k]) - conj(P)}.
     */
    void postTwiddle(double[] zr, double[] zi, double[] xr, double[] xi) {
        final int l = LANES;
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector z0r = DoubleVector.fromArray(S, zr, 0);
        DoubleVector z0i = DoubleVector.fromArray(S, zi, 0);
        z0r.add(z0i).intoArray(xr, 0);
        z0r.sub(z0i).intoArray(xr, h * l);
        DoubleVector zero = DoubleVector.zero(S);
        zero.intoArray(xi, 0);
        zero.intoArray(xi, h * l);
        for (int k = 1, j = h - 1; k <= j; k++, j--) {
            DoubleVector ar = DoubleVector.fromArray(S, zr, k * l);
            DoubleVector ai = DoubleVector.fromArray(S, zi, k * l);
            DoubleVector br = DoubleVector.fromArray(S, zr, j * l);
            DoubleVector bi = DoubleVector.fromArray(S, zi, j * l);
            DoubleVector er = ar.add(br).mul(half);
            DoubleVector ei = ai.sub(bi).mul(half);
            DoubleVector or = ai.add(bi).mul(half); // (or, oi) = O[k]; P = W^k (or + i oi)
            DoubleVector oi = br.sub(ar).mul(half);
            DoubleVector wr = DoubleVector.broadcast(S, postRe[k]);
            DoubleVector pr = oi.fma(DoubleVector.broadcast(S, -postIm[k]), or.mul(wr));
            DoubleVector pi = or.fma(DoubleVector.broadcast(S, postIm[k]), oi.mul(wr));
            er.add(pr).intoArray(xr, k * l);
            ei.add(pi).intoArray(xi, k * l);
            if (k < j) {
                er.sub(pr).intoArray(xr, j * l);
                pi.sub(ei).intoArray(xi, j * l);
            }
        }
    }

    // ------------------------------------------------------------------ lane-major Stockham stages
    // Stage with radix R and sub-transform length ns: butterfly j reads x[j + p * q] and writes
    // y[(j - j % ns) * R + j % ns + p * ns], as in Fft; each index is a vector of LANES transforms.

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti) {
        final int l = LANES;
        int qs = q * l;
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 2;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector ar = DoubleVector.fromArray(S, xr, i);
                DoubleVector ai = DoubleVector.fromArray(S, xi, i);
                DoubleVector br = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector bi = DoubleVector.fromArray(S, xi, i + qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = bi.fma(DoubleVector.broadcast(S, -ti[k]), br.mul(wr));
                    bi = br.fma(DoubleVector.broadcast(S, ti[k]), bi.mul(wr));
                    br = t;
                }
                int o = (d + k) * l;
                int s1 = ns * l;
                ar.add(br).intoArray(yr, o);
                ai.add(bi).intoArray(yi, o);
                ar.sub(br).intoArray(yr, o + s1);
                ai.sub(bi).intoArray(yi, o + s1);
            }
        }
    }

    private static final double R2 = Math.sqrt(0.5);

    /**
     * First radix-8 stage ({@code ns = 1}: no twiddles): {@code y[8j + m] = sum_p x[j + p q] W8^(p m)},
     * as two 4-point transforms of the even and odd inputs joined by {@code W8^m}.
     */
    private static void radix8First(double[] xr, double[] xi, double[] yr, double[] yi, int q) {
        final int l = LANES;
        int qs = q * l;
        DoubleVector r2 = DoubleVector.broadcast(S, R2);
        for (int j = 0; j < q; j++) {
            int i = j * l;
            // 4-point transform of v0, v2, v4, v6
            DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
            DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
            DoubleVector v4r = DoubleVector.fromArray(S, xr, i + 4 * qs);
            DoubleVector v4i = DoubleVector.fromArray(S, xi, i + 4 * qs);
            DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
            DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
            DoubleVector v6r = DoubleVector.fromArray(S, xr, i + 6 * qs);
            DoubleVector v6i = DoubleVector.fromArray(S, xi, i + 6 * qs);
            DoubleVector t0r = v0r.add(v4r), t0i = v0i.add(v4i);
            DoubleVector t1r = v0r.sub(v4r), t1i = v0i.sub(v4i);
            DoubleVector t2r = v2r.add(v6r), t2i = v2i.add(v6i);
            DoubleVector t3r = v2r.sub(v6r), t3i = v2i.sub(v6i);
            DoubleVector e0r = t0r.add(t2r), e0i = t0i.add(t2i);
            DoubleVector e2r = t0r.sub(t2r), e2i = t0i.sub(t2i);
            DoubleVector e1r = t1r.add(t3i), e1i = t1i.sub(t3r);
            DoubleVector e3r = t1r.sub(t3i), e3i = t1i.add(t3r);
            // 4-point transform of v1, v3, v5, v7
            DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
            DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
            DoubleVector v5r = DoubleVector.fromArray(S, xr, i + 5 * qs);
            DoubleVector v5i = DoubleVector.fromArray(S, xi, i + 5 * qs);
            DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
            DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
            DoubleVector v7r = DoubleVector.fromArray(S, xr, i + 7 * qs);
            DoubleVector v7i = DoubleVector.fromArray(S, xi, i + 7 * qs);
            DoubleVector u0r = v1r.add(v5r), u0i = v1i.add(v5i);
            DoubleVector u1r = v1r.sub(v5r), u1i = v1i.sub(v5i);
            DoubleVector u2r = v3r.add(v7r), u2i = v3i.add(v7i);
            DoubleVector u3r = v3r.sub(v7r), u3i = v3i.sub(v7i);
            DoubleVector o0r = u0r.add(u2r), o0i = u0i.add(u2i);
            DoubleVector o2r = u0r.sub(u2r), o2i = u0i.sub(u2i);
            DoubleVector o1r = u1r.add(u3i), o1i = u1i.sub(u3r);
            DoubleVector o3r = u1r.sub(u3i), o3i = u1i.add(u3r);
            // W8^1 o1 = (o1r + o1i, o1i - o1r) / sqrt 2; W8^2 o2 = (o2i, -o2r); W8^3 o3 = (o3i - o3r, -(o3r + o3i)) / sqrt 2
            DoubleVector p1r = o1r.add(o1i).mul(r2), p1i = o1i.sub(o1r).mul(r2);
            DoubleVector p3r = o3i.sub(o3r).mul(r2), p3i = o3r.add(o3i).mul(r2).neg();
            int o = 8 * i;
            e0r.add(o0r).intoArray(yr, o);
            e0i.add(o0i).intoArray(yi, o);
            e0r.sub(o0r).intoArray(yr, o + 4 * l);
            e0i.sub(o0i).intoArray(yi, o + 4 * l);
            e1r.add(p1r).intoArray(yr, o + l);
            e1i.add(p1i).intoArray(yi, o + l);
            e1r.sub(p1r).intoArray(yr, o + 5 * l);
            e1i.sub(p1i).intoArray(yi, o + 5 * l);
            e2r.add(o2i).intoArray(yr, o + 2 * l);
            e2i.sub(o2r).intoArray(yi, o + 2 * l);
            e2r.sub(o2i).intoArray(yr, o + 6 * l);
            e2i.add(o2r).intoArray(yi, o + 6 * l);
            e3r.add(p3r).intoArray(yr, o + 3 * l);
            e3i.add(p3i).intoArray(yi, o + 3 * l);
            e3r.sub(p3r).intoArray(yr, o + 7 * l);
            e3i.sub(p3i).intoArray(yi, o + 7 * l);
        }
    }

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        if (ns == 1) {
            radix4First(xr, xi, yr, yi, q);
            return;
        }
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 4;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
                DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
                DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                DoubleVector t = v1i.fma(DoubleVector.broadcast(S, -ti[k]), v1r.mul(wr));
                v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                v1r = t;
                wr = DoubleVector.broadcast(S, tr[ns + k]);
                t = v2i.fma(DoubleVector.broadcast(S, -ti[ns + k]), v2r.mul(wr));
                v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                v2r = t;
                wr = DoubleVector.broadcast(S, tr[2 * ns + k]);
                t = v3i.fma(DoubleVector.broadcast(S, -ti[2 * ns + k]), v3r.mul(wr));
                v3i = v3r.fma(DoubleVector.broadcast(S, ti[2 * ns + k]), v3i.mul(wr));
                v3r = t;
                int o = (d + k) * l;
                DoubleVector t0r = v0r.add(v2r), t0i = v0i.add(v2i);
                DoubleVector t1r = v0r.sub(v2r), t1i = v0i.sub(v2i);
                DoubleVector t2r = v1r.add(v3r), t2i = v1i.add(v3i);
                DoubleVector t3r = v1r.sub(v3r), t3i = v1i.sub(v3i);
                t0r.add(t2r).intoArray(yr, o);
                t0i.add(t2i).intoArray(yi, o);
                t1r.add(t3i).intoArray(yr, o + s1);
                t1i.sub(t3r).intoArray(yi, o + s1);
                t0r.sub(t2r).intoArray(yr, o + 2 * s1);
                t0i.sub(t2i).intoArray(yi, o + 2 * s1);
                t1r.sub(t3i).intoArray(yr, o + 3 * s1);
                t1i.add(t3r).intoArray(yi, o + 3 * s1);
            }
        }
    }

    /** First radix-4 stage ({@code ns = 1}: no twiddles). */
    private static void radix4First(double[] xr, double[] xi, double[] yr, double[] yi, int q) {
        final int l = LANES;
        int qs = q * l;
        int s1 = l;
        for (int j = 0; j < q; j++) {
            int i = j * l;
            DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
            DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
            DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
            DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
            DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
            DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
            DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
            DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
            int o = 4 * i;
            DoubleVector t0r = v0r.add(v2r), t0i = v0i.add(v2i);
            DoubleVector t1r = v0r.sub(v2r), t1i = v0i.sub(v2i);
            DoubleVector t2r = v1r.add(v3r), t2i = v1i.add(v3i);
            DoubleVector t3r = v1r.sub(v3r), t3i = v1i.sub(v3i);
            t0r.add(t2r).intoArray(yr, o);
            t0i.add(t2i).intoArray(yi, o);
            t1r.add(t3i).intoArray(yr, o + s1);
            t1i.sub(t3r).intoArray(yi, o + s1);
            t0r.sub(t2r).intoArray(yr, o + 2 * s1);
            t0i.sub(t2i).intoArray(yi, o + 2 * s1);
            t1r.sub(t3i).intoArray(yr, o + 3 * s1);
            t1i.add(t3r).intoArray(yi, o + 3 * s1);
        }
    }

    private static final double S3 = Math.sqrt(3.0) / 2.0;

    private static void radix3(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector s3 = DoubleVector.broadcast(S, S3);
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 3;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = v1i.fma(DoubleVector.broadcast(S, -ti[k]), v1r.mul(wr));
                    v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                    v1r = t;
                    wr = DoubleVector.broadcast(S, tr[ns + k]);
                    t = v2i.fma(DoubleVector.broadcast(S, -ti[ns + k]), v2r.mul(wr));
                    v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                    v2r = t;
                }
                DoubleVector sr = v1r.add(v2r), si = v1i.add(v2i);
                DoubleVector dr = v1r.sub(v2r), di = v1i.sub(v2i);
                DoubleVector mr = v0r.sub(half.mul(sr)), mi = v0i.sub(half.mul(si));
                int o = (d + k) * l;
                v0r.add(sr).intoArray(yr, o);
                v0i.add(si).intoArray(yi, o);
                mr.add(s3.mul(di)).intoArray(yr, o + s1);
                mi.sub(s3.mul(dr)).intoArray(yi, o + s1);
                mr.sub(s3.mul(di)).intoArray(yr, o + 2 * s1);
                mi.add(s3.mul(dr)).intoArray(yi, o + 2 * s1);
            }
        }
    }

    private static final double C51 = Math.cos(2 * Math.PI / 5);
    private static final double C52 = Math.cos(4 * Math.PI / 5);
    private static final double S51 = Math.sin(2 * Math.PI / 5);
    private static final double S52 = Math.sin(4 * Math.PI / 5);

    private static void radix5(double[] xr, double[] xi, double[] yr, double[] yi, int q, int ns,
                               double[] tr, double[] ti) {
        final int l = LANES;
        int qs = q * l;
        int s1 = ns * l;
        DoubleVector c1 = DoubleVector.broadcast(S, C51);
        DoubleVector c2 = DoubleVector.broadcast(S, C52);
        DoubleVector n1 = DoubleVector.broadcast(S, S51);
        DoubleVector n2 = DoubleVector.broadcast(S, S52);
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 5;
            for (int k = 0; k < ns; k++) {
                int i = (j0 + k) * l;
                DoubleVector v0r = DoubleVector.fromArray(S, xr, i);
                DoubleVector v0i = DoubleVector.fromArray(S, xi, i);
                DoubleVector v1r = DoubleVector.fromArray(S, xr, i + qs);
                DoubleVector v1i = DoubleVector.fromArray(S, xi, i + qs);
                DoubleVector v2r = DoubleVector.fromArray(S, xr, i + 2 * qs);
                DoubleVector v2i = DoubleVector.fromArray(S, xi, i + 2 * qs);
                DoubleVector v3r = DoubleVector.fromArray(S, xr, i + 3 * qs);
                DoubleVector v3i = DoubleVector.fromArray(S, xi, i + 3 * qs);
                DoubleVector v4r = DoubleVector.fromArray(S, xr, i + 4 * qs);
                DoubleVector v4i = DoubleVector.fromArray(S, xi, i + 4 * qs);
                if (ns > 1) {
                    DoubleVector wr = DoubleVector.broadcast(S, tr[k]);
                    DoubleVector t = v1i.fma(DoubleVector.broadcast(S, -ti[k]), v1r.mul(wr));
                    v1i = v1r.fma(DoubleVector.broadcast(S, ti[k]), v1i.mul(wr));
                    v1r = t;
                    wr = DoubleVector.broadcast(S, tr[ns + k]);
                    t = v2i.fma(DoubleVector.broadcast(S, -ti[ns + k]), v2r.mul(wr));
                    v2i = v2r.fma(DoubleVector.broadcast(S, ti[ns + k]), v2i.mul(wr));
                    v2r = t;
                    wr = DoubleVector.broadcast(S, tr[2 * ns + k]);
                    t = v3i.fma(DoubleVector.broadcast(S, -ti[2 * ns + k]), v3r.mul(wr));
                    v3i = v3r.fma(DoubleVector.broadcast(S, ti[2 * ns + k]), v3i.mul(wr));
                    v3r = t;
                    wr = DoubleVector.broadcast(S, tr[3 * ns + k]);
                    t = v4i.fma(DoubleVector.broadcast(S, -ti[3 * ns + k]), v4r.mul(wr));
                    v4i = v4r.fma(DoubleVector.broadcast(S, ti[3 * ns + k]), v4i.mul(wr));
                    v4r = t;
                }
                DoubleVector t1r = v1r.add(v4r), t1i = v1i.add(v4i);
                DoubleVector t2r = v2r.add(v3r), t2i = v2i.add(v3i);
                DoubleVector t3r = v1r.sub(v4r), t3i = v1i.sub(v4i);
                DoubleVector t4r = v2r.sub(v3r), t4i = v2i.sub(v3i);
                DoubleVector a1r = v0r.add(c1.mul(t1r)).add(c2.mul(t2r));
                DoubleVector a1i = v0i.add(c1.mul(t1i)).add(c2.mul(t2i));
                DoubleVector a2r = v0r.add(c2.mul(t1r)).add(c1.mul(t2r));
                DoubleVector a2i = v0i.add(c2.mul(t1i)).add(c1.mul(t2i));
                DoubleVector b1r = n1.mul(t3r).add(n2.mul(t4r));
                DoubleVector b1i = n1.mul(t3i).add(n2.mul(t4i));
                DoubleVector b2r = n2.mul(t3r).sub(n1.mul(t4r));
                DoubleVector b2i = n2.mul(t3i).sub(n1.mul(t4i));
                int o = (d + k) * l;
                v0r.add(t1r).add(t2r).intoArray(yr, o);
                v0i.add(t1i).add(t2i).intoArray(yi, o);
                // X1 = a1 - i b1, X4 = a1 + i b1, X2 = a2 - i b2, X3 = a2 + i b2
                a1r.add(b1i).intoArray(yr, o + s1);
                a1i.sub(b1r).intoArray(yi, o + s1);
                a1r.sub(b1i).intoArray(yr, o + 4 * s1);
                a1i.add(b1r).intoArray(yi, o + 4 * s1);
                a2r.add(b2i).intoArray(yr, o + 2 * s1);
                a2i.sub(b2r).intoArray(yi, o + 2 * s1);
                a2r.sub(b2i).intoArray(yr, o + 3 * s1);
                a2i.add(b2r).intoArray(yi, o + 3 * s1);
            }
        }
    }
}
