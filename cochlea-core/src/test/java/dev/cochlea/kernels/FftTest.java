package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Fft} against a naive O(n^2) DFT in double, for every length 1..300 and many larger ones. */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "Fft has one implementation, the same whichever kernels the provider chose")
class FftTest {
    /** Every length up to 300, then powers of two, primes and mixed composites up to 4096. */
    static int[] sizes() {
        List<Integer> s = new ArrayList<>();
        for (int n = 1; n <= 300; n++) s.add(n);
        int[] more = {307, 331, 383, 400, 401, 480, 509, 510, 512, 625, 640, 729, 768, 883, 960, 997, 1000, 1001,
                      1009, 1024, 1025, 1331, 2039, 2048, 2187, 3125, 4093, 4096};
        for (int n : more) s.add(n);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Naive DFT with a table of the n roots of unity (sign -1: forward). */
    static void dft(double[] xr, double[] xi, double[] outR, double[] outI) {
        int n = xr.length;
        double[] c = new double[n];
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            c[j] = Math.cos(2 * Math.PI * j / n);
            s[j] = -Math.sin(2 * Math.PI * j / n);
        }
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            int idx = 0;
            for (int t = 0; t < n; t++) {
                sr += xr[t] * c[idx] - xi[t] * s[idx];
                si += xr[t] * s[idx] + xi[t] * c[idx];
                idx += k;
                if (idx >= n) idx -= n;
            }
            outR[k] = sr;
            outI[k] = si;
        }
    }

    @Test
    void complexForwardAndInverseMatchNaiveDft() {
        Random r = new Random(1);
        for (int n : sizes()) {
            double[] xr = new double[n], xi = new double[n];
            for (int i = 0; i < n; i++) {
                xr[i] = r.nextGaussian();
                xi[i] = r.nextGaussian();
            }
            double[] er = new double[n], ei = new double[n];
            dft(xr, xi, er, ei);
            double[] yr = xr.clone(), yi = xi.clone();
            Fft f = Fft.of(n);
            assertEquals(n, f.size());
            f.forward(yr, yi);
            double tol = 1e-12 * Math.sqrt(n) * Math.max(1, Math.log(n));
            for (int k = 0; k < n; k++) {
                assertEquals(er[k], yr[k], tol * Math.sqrt(n), "re n=" + n + " k=" + k);
                assertEquals(ei[k], yi[k], tol * Math.sqrt(n), "im n=" + n + " k=" + k);
            }
            f.inverse(yr, yi);
            for (int t = 0; t < n; t++) {
                assertEquals(xr[t], yr[t], tol, "inverse re n=" + n);
                assertEquals(xi[t], yi[t], tol, "inverse im n=" + n);
            }
        }
    }

    @Test
    void realTransformsMatchNaiveDft() {
        Random r = new Random(2);
        for (int n : sizes()) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
            double[] er = new double[n], ei = new double[n];
            dft(x, new double[n], er, ei);
            Fft f = Fft.of(n);
            int b = n / 2 + 1;
            assertEquals(b, f.bins());
            double[] re = new double[b], im = new double[b];
            f.rfft(x, 0, re, im);
            double tol = 1e-12 * n;
            for (int k = 0; k < b; k++) {
                assertEquals(er[k], re[k], tol, "rfft re n=" + n + " k=" + k);
                assertEquals(ei[k], im[k], tol, "rfft im n=" + n + " k=" + k);
            }
            double[] back = new double[n];
            f.irfft(re, im, back, 0);
            for (int t = 0; t < n; t++) assertEquals(x[t], back[t], 1e-12 * Math.sqrt(n) + 1e-13, "irfft n=" + n);
        }
    }

    @Test
    void irfftIgnoresImaginaryPartsOfDcAndNyquist() {
        for (int n : new int[] {8, 9, 400}) {
            Fft f = Fft.of(n);
            int b = f.bins();
            double[] re = new double[b], im = new double[b];
            for (int k = 0; k < b; k++) {
                re[k] = Math.cos(k);
                im[k] = Math.sin(3 * k);
            }
            double[] a = new double[n], c = new double[n];
            f.irfft(re, im, a, 0);
            im[0] = 123;
            if (n % 2 == 0) im[b - 1] = -77;
            f.irfft(re, im, c, 0);
            for (int t = 0; t < n; t++) assertEquals(a[t], c[t], 1e-12, "n=" + n);
        }
    }

    @Test
    void sineLandsInItsBinAndParsevalHolds() {
        int n = 480;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) x[t] = 3 * Math.cos(2 * Math.PI * 17 * t / n + 0.3);
        double[] re = new double[n / 2 + 1], im = new double[n / 2 + 1];
        Fft.of(n).rfft(x, 0, re, im);
        for (int k = 0; k <= n / 2; k++) {
            double mag = Math.hypot(re[k], im[k]);
            if (k == 17) {
                assertEquals(3 * n / 2.0, mag, 1e-9);
                assertEquals(0.3, Math.atan2(im[k], re[k]), 1e-12);
            } else {
                assertEquals(0, mag, 1e-9, "bin " + k);
            }
        }
        // Parseval: sum |x|^2 = (1/n) sum over the full spectrum |X|^2
        Random r = new Random(3);
        for (int m : new int[] {97, 256, 1000}) {
            double[] xr = new double[m], xi = new double[m];
            double energy = 0;
            for (int t = 0; t < m; t++) {
                xr[t] = r.nextGaussian();
                xi[t] = r.nextGaussian();
                energy += xr[t] * xr[t] + xi[t] * xi[t];
            }
            Fft.of(m).forward(xr, xi);
            double spec = 0;
            for (int k = 0; k < m; k++) spec += xr[k] * xr[k] + xi[k] * xi[k];
            assertEquals(energy, spec / m, 1e-9 * energy);
        }
    }

    @Test
    void floatConvenienceAndOffsets() {
        int n = 12;
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        float[] re = new float[10], im = new float[10];
        Fft f = Fft.of(n);
        f.rfft(x, 3, re, 2, im, 1);
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) xd[i] = x[3 + i];
        double[] er = new double[n], ei = new double[n];
        dft(xd, new double[n], er, ei);
        for (int k = 0; k <= n / 2; k++) {
            assertEquals(er[k], re[2 + k], 1e-5);
            assertEquals(ei[k], im[1 + k], 1e-5);
        }
        float[] back = new float[n + 1];
        f.irfft(re, 2, im, 1, back, 1);
        for (int i = 0; i < n; i++) assertEquals(x[3 + i], back[1 + i], 1e-6);
    }

    @Test
    void plansAreCachedAndChooseTheirAlgorithm() {
        assertSame(Fft.of(400), Fft.of(400));
        assertFalse(Fft.of(400).usesBluestein(), "400 = 2^4 * 5^2 runs mixed radix");
        assertFalse(Fft.of(47).usesBluestein(), "47 is the largest direct radix");
        assertTrue(Fft.of(1009).usesBluestein(), "1009 is a large prime");
        assertThrows(IllegalArgumentException.class, () -> Fft.of(0));
        assertThrows(IllegalArgumentException.class, () -> Fft.of(8).forward(new double[4], new double[8]));
    }

    @Test
    void concurrentUseGivesIdenticalResults() {
        int n = 1021;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(0.37 * i) + 0.1 * i % 7;
        double[] re = new double[n / 2 + 1], im = new double[n / 2 + 1];
        Fft.of(n).rfft(x, 0, re, im);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 64).parallel().forEach(i -> {
            double[] r2 = new double[n / 2 + 1], i2 = new double[n / 2 + 1];
            Fft.of(n).rfft(x, 0, r2, i2);
            for (int k = 0; k < r2.length; k++) if (r2[k] != re[k] || i2[k] != im[k]) errors.add("bin " + k);
        });
        assertTrue(errors.isEmpty(), errors::toString);
    }
}
