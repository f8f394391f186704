package dev.cochlea.kernels;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The scalar executor of an {@link FftPlan}: complex forward and inverse transforms of one length
 * {@code n}, a real-input transform ({@code rfft}, {@code n / 2 + 1} bins) and its inverse
 * ({@code irfft}), all computed in double precision, one transform at a time.
 *
 * <p>Any length works. The plan's Stockham stages run here as radix-8 (first stage), 4, 2, 3 and
 * 5 butterflies and a generic odd-radix butterfly; lengths with a prime factor above
 * {@value #MAX_DIRECT_RADIX} run Bluestein's chirp-z algorithm over a power-of-two transform.
 * Real transforms of even length run the complex transform of half the length. The Vector API
 * kernels run the same plans four frames at a time ({@code VectorFft4}). Executors are built once
 * per length and cached; they are immutable and safe to share between threads. Scratch space lives
 * in a per-thread buffer, so transforms allocate nothing after warm-up.
 *
 * <p>Conventions are those of {@code torch.fft} with the default {@code "backward"} norm: forward
 * transforms are unscaled ({@code X[k] = sum x[t] e^{-2 pi i k t / n}}), inverse transforms divide
 * by {@code n}. {@link #irfft} reads bins {@code 0 .. n/2} only and ignores the imaginary parts
 * of the DC and (even {@code n}) Nyquist bins, like a c2r transform.
 *
 * <pre>{@code
 * Fft fft = Fft.of(400);
 * double[] re = new double[201], im = new double[201];
 * fft.rfft(samples, 0, re, im);           // samples: double[400]
 * double[] back = new double[400];
 * fft.irfft(re, im, back, 0);             // back equals samples up to rounding
 * }</pre>
 */
public final class Fft {
    /** Largest prime factor handled by direct butterflies; larger ones go through Bluestein. */
    public static final int MAX_DIRECT_RADIX = FftPlan.MAX_DIRECT_RADIX;

    private static final ConcurrentHashMap<Integer, Fft> EXECUTORS = new ConcurrentHashMap<>();
    private static final ThreadLocal<double[]> WORKSPACE = ThreadLocal.withInitial(() -> new double[0]);

    private final int n;
    private final FftPlan plan;

    // Bluestein (null for a direct plan): the executor of the power-of-two convolution and the
    // transformed conjugate chirp, scaled by 1 / bluesteinLength
    private final Fft inner;
    private final double[] filterRe;
    private final double[] filterIm;

    /** The executor of the half-length complex transform behind real transforms of even length. */
    private final Fft half;

    /** Doubles of workspace needed by {@link #complexForward}. */
    private final int complexWork;
    /** Doubles of workspace needed by the real transforms. */
    private final int realWork;

    private Fft(int n) {
        this.n = n;
        this.plan = FftPlan.of(n);
        if (!plan.bluestein()) {
            int maxGeneric = 0;
            for (int r : plan.radices) if (r > 5 && r != 8) maxGeneric = Math.max(maxGeneric, r);
            inner = null;
            filterRe = filterIm = null;
            complexWork = 2 * n + (maxGeneric > 0 ? 4 * maxGeneric : 0);
        } else {
            int m = plan.bluesteinLength;
            inner = of(m);
            double[] br = new double[m];
            double[] bi = new double[m];
            for (int k = 0; k < n; k++) {
                br[k] = plan.chirpRe[k];
                bi[k] = -plan.chirpIm[k];
                if (k > 0) {
                    br[m - k] = plan.chirpRe[k];
                    bi[m - k] = -plan.chirpIm[k];
                }
            }
            double[] ws = new double[inner.complexWork];
            inner.complexForward(br, bi, ws, 0);
            double inv = 1.0 / m;
            for (int i = 0; i < m; i++) {
                br[i] *= inv;
                bi[i] *= inv;
            }
            filterRe = br;
            filterIm = bi;
            complexWork = 4 * m + inner.complexWork;
        }
        if (n % 2 == 0) {
            half = of(n / 2);
            realWork = n + half.complexWork;
        } else {
            half = null;
            realWork = 2 * n + complexWork;
        }
    }

    /**
     * The cached executor for length {@code n}.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static Fft of(int n) {
        if (n < 1) throw new IllegalArgumentException("fft: length must be >= 1, found " + n);
        Fft p = EXECUTORS.get(n);
        if (p == null) {
            // built outside computeIfAbsent: an executor asks for the executors of other lengths
            p = new Fft(n);
            Fft prev = EXECUTORS.putIfAbsent(n, p);
            if (prev != null) p = prev;
        }
        return p;
    }

    /** The transform length. */
    public int size() {
        return n;
    }

    /** Number of bins of the real transform: {@code n / 2 + 1}. */
    public int bins() {
        return n / 2 + 1;
    }

    /** The plan this executor runs. */
    FftPlan plan() {
        return plan;
    }

    /** Whether this plan runs Bluestein's algorithm (length with a large prime factor). */
    public boolean usesBluestein() {
        return plan.bluestein();
    }

    // ------------------------------------------------------------------ public transforms

    /** In-place forward complex transform of {@code re[0..n)}, {@code im[0..n)}. */
    public void forward(double[] re, double[] im) {
        checkLength(re, im, n);
        complexForward(re, im, workspace(complexWork), 0);
    }

    /** In-place inverse complex transform of {@code re[0..n)}, {@code im[0..n)}, scaled by {@code 1/n}. */
    public void inverse(double[] re, double[] im) {
        checkLength(re, im, n);
        // ifft(x) = swap(fft(swap(x))) / n, where swap exchanges real and imaginary parts
        complexForward(im, re, workspace(complexWork), 0);
        double s = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= s;
            im[i] *= s;
        }
    }

    /**
     * Real-input forward transform: reads {@code x[xOff .. xOff+n)} and writes bins
     * {@code 0 .. n/2} to {@code outRe[0..]}, {@code outIm[0..]}.
     */
    public void rfft(double[] x, int xOff, double[] outRe, double[] outIm) {
        checkLength(outRe, outIm, bins());
        rfft(x, xOff, outRe, 0, outIm, 0, workspace(realWork), 0);
    }

    /**
     * Real-input forward transform with output offsets and a caller-owned workspace
     * {@code ws[wsOff .. wsOff + realWorkspaceSize())}, which must not overlap the input or output.
     */
    public void rfft(double[] x, int xOff, double[] outRe, int reOff, double[] outIm, int imOff, double[] ws, int wsOff) {
        if (half == null) {
            // odd length (or 1): full complex transform of the real sequence
            int cr = wsOff;
            int ci = wsOff + n;
            for (int i = 0; i < n; i++) {
                ws[cr + i] = x[xOff + i];
                ws[ci + i] = 0.0;
            }
            forwardAt(ws, cr, ws, ci, ws, wsOff + 2 * n);
            int b = bins();
            System.arraycopy(ws, cr, outRe, reOff, b);
            System.arraycopy(ws, ci, outIm, imOff, b);
            outIm[imOff] = 0.0;
            return;
        }
        int h = n / 2;
        int zr = wsOff;
        int zi = wsOff + h;
        for (int m = 0; m < h; m++) {
            ws[zr + m] = x[xOff + 2 * m];
            ws[zi + m] = x[xOff + 2 * m + 1];
        }
        half.forwardAt(ws, zr, ws, zi, ws, wsOff + n);
        // X[k] = E[k] + W^k O[k] with E = (Z[k] + conj Z[h-k]) / 2 and O = (Z[k] - conj Z[h-k]) / 2i
        double z0r = ws[zr];
        double z0i = ws[zi];
        outRe[reOff] = z0r + z0i;
        outIm[imOff] = 0.0;
        outRe[reOff + h] = z0r - z0i;
        outIm[imOff + h] = 0.0;
        for (int k = 1; k < h; k++) {
            double ar = ws[zr + k];
            double ai = ws[zi + k];
            double br = ws[zr + h - k];
            double bi = -ws[zi + h - k];
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai + bi);
            // (a - b) / 2i = (ai - bi) / 2 - i (ar - br) / 2
            double or = 0.5 * (ai - bi);
            double oi = -0.5 * (ar - br);
            double wr = plan.realRe[k];
            double wi = plan.realIm[k];
            outRe[reOff + k] = er + (wr * or - wi * oi);
            outIm[imOff + k] = ei + (wr * oi + wi * or);
        }
    }

    /**
     * Inverse of {@link #rfft}: reads bins {@code 0 .. n/2} of {@code re}, {@code im} (the half of
     * a Hermitian spectrum) and writes {@code n} real samples to {@code out[outOff ..]}, scaled by
     * {@code 1/n}.
     */
    public void irfft(double[] re, double[] im, double[] out, int outOff) {
        checkLength(re, im, bins());
        irfft(re, 0, im, 0, out, outOff, workspace(realWork), 0);
    }

    /**
     * {@link #irfft(double[], double[], double[], int)} with input offsets and a caller-owned
     * workspace {@code ws[wsOff .. wsOff + realWorkspaceSize())} that must not overlap the
     * input or output.
     */
    public void irfft(double[] re, int reOff, double[] im, int imOff, double[] out, int outOff, double[] ws, int wsOff) {
        if (half == null) {
            int cr = wsOff;
            int ci = wsOff + n;
            int b = bins();
            ws[cr] = re[reOff];
            ws[ci] = 0.0;
            for (int k = 1; k < b; k++) {
                double xr = re[reOff + k];
                double xi = im[imOff + k];
                ws[cr + k] = xr;
                ws[ci + k] = xi;
                ws[cr + n - k] = xr;
                ws[ci + n - k] = -xi;
            }
            // inverse through the swapped forward transform; only the real part is kept
            forwardAt(ws, ci, ws, cr, ws, wsOff + 2 * n);
            double s = 1.0 / n;
            for (int i = 0; i < n; i++) out[outOff + i] = ws[cr + i] * s;
            return;
        }
        int h = n / 2;
        int zr = wsOff;
        int zi = wsOff + h;
        // E[k] = (X[k] + conj X[h-k]) / 2, O[k] = (X[k] - conj X[h-k]) W^-k / 2, Z[k] = E[k] + i O[k];
        // the imaginary parts of the DC and Nyquist bins are ignored
        double a = re[reOff];
        double c = re[reOff + h];
        ws[zr] = 0.5 * (a + c);
        ws[zi] = 0.5 * (a - c);
        for (int k = 1; k < h; k++) {
            double ar = re[reOff + k];
            double ai = im[imOff + k];
            double br = re[reOff + h - k];
            double bi = -im[imOff + h - k];
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai + bi);
            double dr = 0.5 * (ar - br);
            double di = 0.5 * (ai - bi);
            double wr = plan.realRe[k];
            double wi = -plan.realIm[k];
            double or = dr * wr - di * wi;
            double oi = dr * wi + di * wr;
            ws[zr + k] = er - oi;
            ws[zi + k] = ei + or;
        }
        half.forwardAt(ws, zi, ws, zr, ws, wsOff + n); // inverse through the swapped transform
        double s = 1.0 / h;
        for (int m = 0; m < h; m++) {
            out[outOff + 2 * m] = ws[zr + m] * s;
            out[outOff + 2 * m + 1] = ws[zi + m] * s;
        }
    }

    /** Doubles of caller-owned workspace the real transforms need. */
    public int realWorkspaceSize() {
        return realWork;
    }

    /** Float convenience: {@code rfft} of {@code x[xOff .. xOff+n)} into float bins at the given offsets. */
    public void rfft(float[] x, int xOff, float[] outRe, int reOff, float[] outIm, int imOff) {
        int b = bins();
        int xb = realWork;
        int rb = xb + n;
        int ib = rb + b;
        double[] ws = workspace(ib + b);
        for (int i = 0; i < n; i++) ws[xb + i] = x[xOff + i];
        rfft(ws, xb, ws, rb, ws, ib, ws, 0);
        for (int k = 0; k < b; k++) {
            outRe[reOff + k] = (float) ws[rb + k];
            outIm[imOff + k] = (float) ws[ib + k];
        }
    }

    /** Float convenience: {@code irfft} of bins at the given offsets into {@code n} float samples. */
    public void irfft(float[] re, int reOff, float[] im, int imOff, float[] out, int outOff) {
        int b = bins();
        int rb = realWork;
        int ib = rb + b;
        int ob = ib + b;
        double[] ws = workspace(ob + n);
        for (int k = 0; k < b; k++) {
            ws[rb + k] = re[reOff + k];
            ws[ib + k] = im[imOff + k];
        }
        irfft(ws, rb, ws, ib, ws, ob, ws, 0);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) ws[ob + i];
    }

    // ------------------------------------------------------------------ internals

    private static void checkLength(double[] a, double[] b, int len) {
        if (a.length < len || b.length < len) {
            throw new IllegalArgumentException("fft: buffers of length " + a.length + " and " + b.length
                    + " are shorter than " + len);
        }
    }

    private static double[] workspace(int size) {
        double[] ws = WORKSPACE.get();
        if (ws.length < size) {
            ws = new double[Math.max(size, ws.length * 2)];
            WORKSPACE.set(ws);
        }
        return ws;
    }

    /** Forward transform of arrays at offset 0 with workspace {@code ws[wsOff ..]}. */
    private void complexForward(double[] re, double[] im, double[] ws, int wsOff) {
        forwardAt(re, 0, im, 0, ws, wsOff);
    }

    /**
     * Forward transform of {@code re[reOff .. +n)}, {@code im[imOff .. +n)} in place; the workspace
     * {@code ws[wsOff .. wsOff + complexWork)} may be the same array as the data but must not overlap it.
     */
    private void forwardAt(double[] re, int reOff, double[] im, int imOff, double[] ws, int wsOff) {
        if (n == 1) return;
        if (inner != null) {
            bluestein(re, reOff, im, imOff, ws, wsOff);
        } else {
            stockham(re, reOff, im, imOff, ws, wsOff);
        }
    }

    private void bluestein(double[] re, int reOff, double[] im, int imOff, double[] ws, int wsOff) {
        int m = inner.n;
        int ar = wsOff;
        int ai = wsOff + m;
        for (int k = 0; k < n; k++) {
            double xr = re[reOff + k];
            double xi = im[imOff + k];
            double cr = plan.chirpRe[k];
            double ci = plan.chirpIm[k];
            ws[ar + k] = xr * cr - xi * ci;
            ws[ai + k] = xr * ci + xi * cr;
        }
        java.util.Arrays.fill(ws, ar + n, ar + m, 0.0);
        java.util.Arrays.fill(ws, ai + n, ai + m, 0.0);
        int innerWs = wsOff + 2 * m;
        inner.forwardAt(ws, ar, ws, ai, ws, innerWs);
        for (int k = 0; k < m; k++) {
            double xr = ws[ar + k];
            double xi = ws[ai + k];
            double fr = filterRe[k];
            double fi = filterIm[k];
            ws[ar + k] = xr * fr - xi * fi;
            ws[ai + k] = xr * fi + xi * fr;
        }
        // unscaled inverse (the 1/m is folded into the filter) via swapped forward
        inner.forwardAt(ws, ai, ws, ar, ws, innerWs);
        for (int k = 0; k < n; k++) {
            double xr = ws[ar + k];
            double xi = ws[ai + k];
            double cr = plan.chirpRe[k];
            double ci = plan.chirpIm[k];
            re[reOff + k] = xr * cr - xi * ci;
            im[imOff + k] = xr * ci + xi * cr;
        }
    }

    /** The plan's self-sorting stages (see {@link FftPlan}), alternating between the data and the workspace. */
    private void stockham(double[] re, int reOff, double[] im, int imOff, double[] ws, int wsOff) {
        int yr = wsOff;
        int yi = wsOff + n;
        int tmp = wsOff + 2 * n;
        // source / destination alternate between (re, im) and the workspace
        double[] sRe = re, sIm = im, dRe = ws, dIm = ws;
        int sReOff = reOff, sImOff = imOff, dReOff = yr, dImOff = yi;
        int[] radices = plan.radices;
        int ns = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int q = n / r;
            double[] tr = plan.twiddleRe[s];
            double[] ti = plan.twiddleIm[s];
            switch (r) {
                case 8 -> radix8First(sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q);
                case 2 -> radix2(sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q, ns, tr, ti);
                case 3 -> radix3(sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q, ns, tr, ti);
                case 4 -> radix4(sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q, ns, tr, ti);
                case 5 -> radix5(sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q, ns, tr, ti);
                default -> radixGeneric(r, sRe, sReOff, sIm, sImOff, dRe, dReOff, dIm, dImOff, q, ns, tr, ti, ws, tmp);
            }
            ns *= r;
            // swap source and destination
            double[] a = sRe;
            sRe = dRe;
            dRe = a;
            a = sIm;
            sIm = dIm;
            dIm = a;
            int o = sReOff;
            sReOff = dReOff;
            dReOff = o;
            o = sImOff;
            sImOff = dImOff;
            dImOff = o;
        }
        if (sRe != re || sReOff != reOff) {
            System.arraycopy(sRe, sReOff, re, reOff, n);
            System.arraycopy(sIm, sImOff, im, imOff, n);
        }
    }

    private static void radix2(double[] xr, int xro, double[] xi, int xio, double[] yr, int yro, double[] yi, int yio,
                               int q, int ns, double[] tr, double[] ti) {
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 2;
            for (int k = 0; k < ns; k++) {
                int j = j0 + k;
                double ar = xr[xro + j], ai = xi[xio + j];
                double br = xr[xro + j + q], bi = xi[xio + j + q];
                if (ns > 1) {
                    double wr = tr[k], wi = ti[k];
                    double t = br * wr - bi * wi;
                    bi = br * wi + bi * wr;
                    br = t;
                }
                int o = d + k;
                yr[yro + o] = ar + br;
                yi[yio + o] = ai + bi;
                yr[yro + o + ns] = ar - br;
                yi[yio + o + ns] = ai - bi;
            }
        }
    }

    private static final double R2 = Math.sqrt(0.5);

    /**
     * The radix-8 first stage ({@code ns = 1}, so no twiddles): {@code y[8j + m] = sum_p x[j + p q] W8^(p m)},
     * as 4-point transforms of the even and the odd inputs joined by {@code W8^m}.
     */
    private static void radix8First(double[] xr, int xro, double[] xi, int xio, double[] yr, int yro, double[] yi,
                                    int yio, int q) {
        for (int j = 0; j < q; j++) {
            int a = xro + j, b = xio + j;
            double v0r = xr[a], v0i = xi[b];
            double v1r = xr[a + q], v1i = xi[b + q];
            double v2r = xr[a + 2 * q], v2i = xi[b + 2 * q];
            double v3r = xr[a + 3 * q], v3i = xi[b + 3 * q];
            double v4r = xr[a + 4 * q], v4i = xi[b + 4 * q];
            double v5r = xr[a + 5 * q], v5i = xi[b + 5 * q];
            double v6r = xr[a + 6 * q], v6i = xi[b + 6 * q];
            double v7r = xr[a + 7 * q], v7i = xi[b + 7 * q];
            double t0r = v0r + v4r, t0i = v0i + v4i;
            double t1r = v0r - v4r, t1i = v0i - v4i;
            double t2r = v2r + v6r, t2i = v2i + v6i;
            double t3r = v2r - v6r, t3i = v2i - v6i;
            double e0r = t0r + t2r, e0i = t0i + t2i;
            double e2r = t0r - t2r, e2i = t0i - t2i;
            double e1r = t1r + t3i, e1i = t1i - t3r;
            double e3r = t1r - t3i, e3i = t1i + t3r;
            double u0r = v1r + v5r, u0i = v1i + v5i;
            double u1r = v1r - v5r, u1i = v1i - v5i;
            double u2r = v3r + v7r, u2i = v3i + v7i;
            double u3r = v3r - v7r, u3i = v3i - v7i;
            double o0r = u0r + u2r, o0i = u0i + u2i;
            double o2r = u0r - u2r, o2i = u0i - u2i;
            double o1r = u1r + u3i, o1i = u1i - u3r;
            double o3r = u1r - u3i, o3i = u1i + u3r;
            // W8^1 o1 = (o1r + o1i, o1i - o1r) / sqrt 2; W8^2 o2 = (o2i, -o2r); W8^3 o3 = (o3i - o3r, -(o3r + o3i)) / sqrt 2
            double p1r = (o1r + o1i) * R2, p1i = (o1i - o1r) * R2;
            double p3r = (o3i - o3r) * R2, p3i = -((o3r + o3i) * R2);
            int r = yro + 8 * j, i = yio + 8 * j;
            yr[r] = e0r + o0r;
            yi[i] = e0i + o0i;
            yr[r + 4] = e0r - o0r;
            yi[i + 4] = e0i - o0i;
            yr[r + 1] = e1r + p1r;
            yi[i + 1] = e1i + p1i;
            yr[r + 5] = e1r - p1r;
            yi[i + 5] = e1i - p1i;
            yr[r + 2] = e2r + o2i;
            yi[i + 2] = e2i - o2r;
            yr[r + 6] = e2r - o2i;
            yi[i + 6] = e2i + o2r;
            yr[r + 3] = e3r + p3r;
            yi[i + 3] = e3i + p3i;
            yr[r + 7] = e3r - p3r;
            yi[i + 7] = e3i - p3i;
        }
    }

    private static void radix4(double[] xr, int xro, double[] xi, int xio, double[] yr, int yro, double[] yi, int yio,
                               int q, int ns, double[] tr, double[] ti) {
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 4;
            for (int k = 0; k < ns; k++) {
                int j = j0 + k;
                double v0r = xr[xro + j], v0i = xi[xio + j];
                double v1r = xr[xro + j + q], v1i = xi[xio + j + q];
                double v2r = xr[xro + j + 2 * q], v2i = xi[xio + j + 2 * q];
                double v3r = xr[xro + j + 3 * q], v3i = xi[xio + j + 3 * q];
                if (ns > 1) {
                    double wr = tr[k], wi = ti[k];
                    double t = v1r * wr - v1i * wi;
                    v1i = v1r * wi + v1i * wr;
                    v1r = t;
                    wr = tr[ns + k];
                    wi = ti[ns + k];
                    t = v2r * wr - v2i * wi;
                    v2i = v2r * wi + v2i * wr;
                    v2r = t;
                    wr = tr[2 * ns + k];
                    wi = ti[2 * ns + k];
                    t = v3r * wr - v3i * wi;
                    v3i = v3r * wi + v3i * wr;
                    v3r = t;
                }
                double t0r = v0r + v2r, t0i = v0i + v2i;
                double t1r = v0r - v2r, t1i = v0i - v2i;
                double t2r = v1r + v3r, t2i = v1i + v3i;
                double t3r = v1r - v3r, t3i = v1i - v3i;
                int o = d + k;
                yr[yro + o] = t0r + t2r;
                yi[yio + o] = t0i + t2i;
                yr[yro + o + ns] = t1r + t3i;
                yi[yio + o + ns] = t1i - t3r;
                yr[yro + o + 2 * ns] = t0r - t2r;
                yi[yio + o + 2 * ns] = t0i - t2i;
                yr[yro + o + 3 * ns] = t1r - t3i;
                yi[yio + o + 3 * ns] = t1i + t3r;
            }
        }
    }

    private static final double S3 = Math.sqrt(3.0) / 2.0;

    private static void radix3(double[] xr, int xro, double[] xi, int xio, double[] yr, int yro, double[] yi, int yio,
                               int q, int ns, double[] tr, double[] ti) {
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 3;
            for (int k = 0; k < ns; k++) {
                int j = j0 + k;
                double v0r = xr[xro + j], v0i = xi[xio + j];
                double v1r = xr[xro + j + q], v1i = xi[xio + j + q];
                double v2r = xr[xro + j + 2 * q], v2i = xi[xio + j + 2 * q];
                if (ns > 1) {
                    double wr = tr[k], wi = ti[k];
                    double t = v1r * wr - v1i * wi;
                    v1i = v1r * wi + v1i * wr;
                    v1r = t;
                    wr = tr[ns + k];
                    wi = ti[ns + k];
                    t = v2r * wr - v2i * wi;
                    v2i = v2r * wi + v2i * wr;
                    v2r = t;
                }
                double sr = v1r + v2r, si = v1i + v2i;
                double dr = v1r - v2r, di = v1i - v2i;
                double mr = v0r - 0.5 * sr, mi = v0i - 0.5 * si;
                int o = d + k;
                yr[yro + o] = v0r + sr;
                yi[yio + o] = v0i + si;
                // X1 = m - i s3 d, X2 = m + i s3 d
                yr[yro + o + ns] = mr + S3 * di;
                yi[yio + o + ns] = mi - S3 * dr;
                yr[yro + o + 2 * ns] = mr - S3 * di;
                yi[yio + o + 2 * ns] = mi + S3 * dr;
            }
        }
    }

    private static final double C51 = Math.cos(2 * Math.PI / 5);
    private static final double C52 = Math.cos(4 * Math.PI / 5);
    private static final double S51 = Math.sin(2 * Math.PI / 5);
    private static final double S52 = Math.sin(4 * Math.PI / 5);

    private static void radix5(double[] xr, int xro, double[] xi, int xio, double[] yr, int yro, double[] yi, int yio,
                               int q, int ns, double[] tr, double[] ti) {
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * 5;
            for (int k = 0; k < ns; k++) {
                int j = j0 + k;
                double v0r = xr[xro + j], v0i = xi[xio + j];
                double v1r = xr[xro + j + q], v1i = xi[xio + j + q];
                double v2r = xr[xro + j + 2 * q], v2i = xi[xio + j + 2 * q];
                double v3r = xr[xro + j + 3 * q], v3i = xi[xio + j + 3 * q];
                double v4r = xr[xro + j + 4 * q], v4i = xi[xio + j + 4 * q];
                if (ns > 1) {
                    double wr = tr[k], wi = ti[k];
                    double t = v1r * wr - v1i * wi;
                    v1i = v1r * wi + v1i * wr;
                    v1r = t;
                    wr = tr[ns + k];
                    wi = ti[ns + k];
                    t = v2r * wr - v2i * wi;
                    v2i = v2r * wi + v2i * wr;
                    v2r = t;
                    wr = tr[2 * ns + k];
                    wi = ti[2 * ns + k];
                    t = v3r * wr - v3i * wi;
                    v3i = v3r * wi + v3i * wr;
                    v3r = t;
                    wr = tr[3 * ns + k];
                    wi = ti[3 * ns + k];
                    t = v4r * wr - v4i * wi;
                    v4i = v4r * wi + v4i * wr;
                    v4r = t;
                }
                double t1r = v1r + v4r, t1i = v1i + v4i;
                double t2r = v2r + v3r, t2i = v2i + v3i;
                double t3r = v1r - v4r, t3i = v1i - v4i;
                double t4r = v2r - v3r, t4i = v2i - v3i;
                double a1r = v0r + C51 * t1r + C52 * t2r, a1i = v0i + C51 * t1i + C52 * t2i;
                double a2r = v0r + C52 * t1r + C51 * t2r, a2i = v0i + C52 * t1i + C51 * t2i;
                double b1r = S51 * t3r + S52 * t4r, b1i = S51 * t3i + S52 * t4i;
                double b2r = S52 * t3r - S51 * t4r, b2i = S52 * t3i - S51 * t4i;
                int o = d + k;
                yr[yro + o] = v0r + t1r + t2r;
                yi[yio + o] = v0i + t1i + t2i;
                // X1 = a1 - i b1, X4 = a1 + i b1, X2 = a2 - i b2, X3 = a2 + i b2
                yr[yro + o + ns] = a1r + b1i;
                yi[yio + o + ns] = a1i - b1r;
                yr[yro + o + 4 * ns] = a1r - b1i;
                yi[yio + o + 4 * ns] = a1i + b1r;
                yr[yro + o + 2 * ns] = a2r + b2i;
                yi[yio + o + 2 * ns] = a2i - b2r;
                yr[yro + o + 3 * ns] = a2r - b2i;
                yi[yio + o + 3 * ns] = a2i + b2r;
            }
        }
    }

    private static void radixGeneric(int r, double[] xr, int xro, double[] xi, int xio, double[] yr, int yro,
                                     double[] yi, int yio, int q, int ns, double[] tr, double[] ti,
                                     double[] ws, int tmp) {
        // ws[tmp .. tmp+4r): v re, v im, root cos, root sin
        int vr = tmp;
        int vi = tmp + r;
        int cr = tmp + 2 * r;
        int ci = tmp + 3 * r;
        for (int m = 0; m < r; m++) {
            double angle = -2.0 * Math.PI * m / r;
            ws[cr + m] = Math.cos(angle);
            ws[ci + m] = Math.sin(angle);
        }
        for (int j0 = 0; j0 < q; j0 += ns) {
            int d = j0 * r;
            for (int k = 0; k < ns; k++) {
                int j = j0 + k;
                ws[vr] = xr[xro + j];
                ws[vi] = xi[xio + j];
                for (int p = 1; p < r; p++) {
                    double a = xr[xro + j + p * q];
                    double b = xi[xio + j + p * q];
                    if (ns > 1) {
                        double wr = tr[(p - 1) * ns + k], wi = ti[(p - 1) * ns + k];
                        double t = a * wr - b * wi;
                        b = a * wi + b * wr;
                        a = t;
                    }
                    ws[vr + p] = a;
                    ws[vi + p] = b;
                }
                int o = d + k;
                for (int m = 0; m < r; m++) {
                    double sr = 0.0;
                    double si = 0.0;
                    int idx = 0;
                    for (int p = 0; p < r; p++) {
                        double wr = ws[cr + idx], wi = ws[ci + idx];
                        double a = ws[vr + p], b = ws[vi + p];
                        sr += a * wr - b * wi;
                        si += a * wi + b * wr;
                        idx += m;
                        if (idx >= r) idx -= r;
                    }
                    yr[yro + o + m * ns] = sr;
                    yi[yio + o + m * ns] = si;
                }
            }
        }
    }
}
