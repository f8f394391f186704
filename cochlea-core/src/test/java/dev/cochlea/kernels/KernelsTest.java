package dev.cochlea.kernels;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Vector API kernels against the scalar ones, on odd lengths and offsets. */
class KernelsTest {
    private static Kernels vector;
    private static final Kernels SCALAR = KernelProvider.scalar();
    private static final int[] LENGTHS = {0, 1, 3, 7, 15, 16, 17, 31, 64, 100, 1000, 1027};

    @BeforeAll
    static void load() {
        assertTrue(KernelProvider.vectorModulePresent(), "tests run with --add-modules jdk.incubator.vector");
        vector = KernelProvider.vector();
        assertEquals("vector", vector.name());
        // the suite runs twice: once on the provider's own choice, once with -Dcochlea.kernels=scalar
        String expected = "scalar".equals(System.getProperty("cochlea.kernels")) ? "scalar" : "vector";
        assertEquals(expected, KernelProvider.get().name());
    }

    private static float[] random(Random r, int n, boolean positive) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = positive ? 0.1f + 3 * r.nextFloat() : (float) r.nextGaussian() * 3;
        return a;
    }

    private static void close(float[] expected, float[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(actual[i]), what + " at " + i);
                continue;
            }
            double tol = rel * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " at " + i);
        }
    }

    @Test
    void binaryOps() {
        Random r = new Random(1);
        for (Kernels.Binary op : Kernels.Binary.values()) {
            for (int n : LENGTHS) {
                boolean pos = op == Kernels.Binary.POW;
                float[] a = random(r, n + 3, pos), b = random(r, n + 2, pos);
                float[] o1 = new float[n + 1], o2 = new float[n + 1];
                SCALAR.binary(op, a, 3, b, 2, o1, 1, n);
                vector.binary(op, a, 3, b, 2, o2, 1, n);
                close(o1, o2, 1e-6, op + " n=" + n);
                SCALAR.binaryScalar(op, a, 3, 1.7f, o1, 1, n);
                vector.binaryScalar(op, a, 3, 1.7f, o2, 1, n);
                close(o1, o2, 1e-6, op + " scalar n=" + n);
                SCALAR.scalarBinary(op, 1.3f, b, 2, o1, 1, n);
                vector.scalarBinary(op, 1.3f, b, 2, o2, 1, n);
                close(o1, o2, 1e-6, op + " scalar-first n=" + n);
            }
        }
    }

    @Test
    void unaryOps() {
        Random r = new Random(2);
        for (Kernels.Unary op : Kernels.Unary.values()) {
            boolean pos = op == Kernels.Unary.LOG || op == Kernels.Unary.SQRT;
            for (int n : LENGTHS) {
                float[] a = random(r, n + 5, pos);
                float[] o1 = new float[n], o2 = new float[n];
                SCALAR.unary(op, a, 5, o1, 0, n);
                vector.unary(op, a, 5, o2, 0, n);
                close(o1, o2, 2e-6, op + " n=" + n);
            }
        }
        float[] extreme = {-100f, -90f, 90f, 100f, Float.NaN};
        float[] o = new float[5];
        vector.unary(Kernels.Unary.SIGMOID, extreme, 0, o, 0, 5);
        assertEquals(0f, o[0], 1e-30);
        assertEquals(1f, o[3]);
    }

    @Test
    void reductionsAndAxpy() {
        Random r = new Random(3);
        for (int n : LENGTHS) {
            float[] a = random(r, n + 1, false), b = random(r, n + 4, false);
            assertEquals(SCALAR.sum(a, 1, n), vector.sum(a, 1, n), 1e-4 * Math.max(1, n));
            assertEquals(SCALAR.dot(a, 1, b, 4, n), vector.dot(a, 1, b, 4, n), 1e-3 * Math.max(1, n));
            assertEquals(SCALAR.sumSquares(a, 1, n), vector.sumSquares(a, 1, n), 1e-3 * Math.max(1, n));
            if (n > 0) {
                assertEquals(SCALAR.max(a, 1, n), vector.max(a, 1, n));
                assertEquals(SCALAR.min(a, 1, n), vector.min(a, 1, n));
            }
            double centered = 0;
            for (int i = 0; i < n; i++) centered += (a[1 + i] - 0.5) * (b[2 + i] + 0.25);
            assertEquals(centered, SCALAR.dotCentered(a, 1, 0.5f, b, 2, -0.25f, n), 1e-4 * Math.max(1, Math.abs(centered)));
            assertEquals(centered, vector.dotCentered(a, 1, 0.5f, b, 2, -0.25f, n), 1e-4 * Math.max(1, Math.abs(centered)));
            float[] y1 = b.clone(), y2 = b.clone();
            SCALAR.axpy(0.3f, a, 1, y1, 4, n);
            vector.axpy(0.3f, a, 1, y2, 4, n);
            close(y1, y2, 1e-6, "axpy n=" + n);
            float[] s1 = new float[n], s2 = new float[n];
            SCALAR.scaleShift(a, 1, 2f, -1f, s1, 0, n);
            vector.scaleShift(a, 1, 2f, -1f, s2, 0, n);
            close(s1, s2, 1e-6, "scaleShift n=" + n);
        }
    }

    @Test
    void reluBackwardPassesGradientWhereOutputIsPositive() {
        Random r = new Random(6);
        for (int n : LENGTHS) {
            float[] y = random(r, n + 1, false), g = random(r, n + 2, false);
            if (n > 3) {
                y[1] = Float.NaN;
                y[2] = 0f;
                y[3] = -0f;
            }
            float[] o1 = new float[n], o2 = new float[n];
            SCALAR.reluBackward(y, 1, g, 2, o1, 0, n);
            vector.reluBackward(y, 1, g, 2, o2, 0, n);
            assertArrayEquals(o1, o2, "reluBackward n=" + n);
            for (int i = 0; i < n; i++) assertEquals(y[1 + i] > 0f ? g[2 + i] : 0f, o1[i], 0f);
        }
    }

    @Test
    void adamUpdatesAgreeBitForBit() {
        Random r = new Random(7);
        for (int n : LENGTHS) {
            for (int mask = 0; mask < 8; mask++) {
                boolean amsgrad = (mask & 1) != 0, maximize = (mask & 2) != 0, adamW = (mask & 4) != 0;
                AdamStep step = new AdamStep(0.9, 0.999, 1e-8f, adamW ? 0f : 0.01f, adamW ? 0.999f : 1f, 0.0123f, 0.0447f,
                        amsgrad, maximize);
                float[] p = random(r, n + 2, false), g = random(r, n + 1, false);
                float[] m = random(r, n, false), v = random(r, n, true), vmax = random(r, n, true);
                float[] p1 = p.clone(), p2 = p.clone(), m1 = m.clone(), m2 = m.clone(), v1 = v.clone(), v2 = v.clone();
                float[] x1 = vmax.clone(), x2 = vmax.clone();
                SCALAR.adam(p1, 2, g, 1, m1, v1, amsgrad ? x1 : null, 0, n, step);
                vector.adam(p2, 2, g, 1, m2, v2, amsgrad ? x2 : null, 0, n, step);
                assertArrayEquals(p1, p2, "adam parameters " + step + " n=" + n);
                assertArrayEquals(m1, m2, "adam m");
                assertArrayEquals(v1, v2, "adam v");
                assertArrayEquals(x1, x2, "adam vmax");
                for (int i = 0; i < n; i++) {
                    double pv = p[2 + i] * step.decay();
                    double gv = (maximize ? -g[1 + i] : g[1 + i]) + step.weightDecay() * pv;
                    double mv = 0.9 * m[i] + 0.1 * gv, vv = 0.999 * v[i] + 0.001 * gv * gv;
                    double vh = amsgrad ? Math.max(vmax[i], vv) : vv;
                    double expected = pv - 0.0123 * mv / (Math.sqrt(vh) / 0.0447 + 1e-8);
                    assertEquals(expected, p1[2 + i], 1e-5 * Math.max(1, Math.abs(expected)), "adam formula at " + i);
                }
            }
        }
    }

    @Test
    void rmspropUpdatesAgreeBitForBit() {
        Random r = new Random(8);
        for (int n : LENGTHS) {
            for (int mask = 0; mask < 16; mask++) {
                boolean centered = (mask & 1) != 0, momentum = (mask & 2) != 0;
                RmspropStep step = new RmspropStep(0.01f, 0.99, 1e-8f, (mask & 4) != 0 ? 0.01f : 0f, momentum ? 0.9f : 0f,
                        centered, (mask & 8) != 0);
                float[] p = random(r, n + 2, false), g = random(r, n + 1, false);
                float[] sq = random(r, n, true), buf = random(r, n, false), ga = random(r, n, false);
                for (int i = 0; i < n; i++) ga[i] *= 0.1f; // keep sq - ga² positive
                float[] p1 = p.clone(), p2 = p.clone(), s1 = sq.clone(), s2 = sq.clone();
                float[] b1 = buf.clone(), b2 = buf.clone(), a1 = ga.clone(), a2 = ga.clone();
                SCALAR.rmsprop(p1, 2, g, 1, s1, momentum ? b1 : null, centered ? a1 : null, 0, n, step);
                vector.rmsprop(p2, 2, g, 1, s2, momentum ? b2 : null, centered ? a2 : null, 0, n, step);
                assertArrayEquals(p1, p2, "rmsprop parameters " + step + " n=" + n);
                assertArrayEquals(s1, s2, "rmsprop square average");
                assertArrayEquals(b1, b2, "rmsprop momentum buffer");
                assertArrayEquals(a1, a2, "rmsprop gradient average");
            }
        }
    }

    @Test
    void sgdUpdatesAgreeForEveryOption() {
        Random r = new Random(5);
        for (int n : LENGTHS) {
            for (int mask = 0; mask < 32; mask++) {
                boolean momentum = (mask & 1) != 0, nesterov = momentum && (mask & 2) != 0;
                SgdStep step = new SgdStep(0.05f, momentum ? 0.9f : 0f, nesterov ? 0f : 0.1f, (mask & 4) != 0 ? 1e-2f : 0f,
                        nesterov, (mask & 8) != 0, (mask & 16) != 0);
                float[] p = random(r, n + 2, false), g = random(r, n + 1, false), buf = random(r, n + 3, false);
                float[] p1 = p.clone(), p2 = p.clone(), b1 = buf.clone(), b2 = buf.clone();
                SCALAR.sgd(p1, 2, g, 1, momentum ? b1 : null, 3, n, step);
                vector.sgd(p2, 2, g, 1, momentum ? b2 : null, 3, n, step);
                assertArrayEquals(p1, p2, "sgd parameters " + step + " n=" + n);
                assertArrayEquals(b1, b2, "sgd buffer " + step + " n=" + n);
                // The reference formula, element by element.
                for (int i = 0; i < n; i++) {
                    float d = step.maximize() ? -g[1 + i] : g[1 + i];
                    d += step.weightDecay() * p[2 + i];
                    if (momentum) {
                        float b = step.first() ? d : 0.9f * buf[3 + i] + (1 - step.dampening()) * d;
                        assertEquals(b, b1[3 + i], 1e-5 * Math.max(1, Math.abs(b)), "buffer " + step + " at " + i);
                        d = nesterov ? d + 0.9f * b : b;
                    }
                    float expected = p[2 + i] - 0.05f * d;
                    assertEquals(expected, p1[2 + i], 1e-5 * Math.max(1, Math.abs(expected)), "param " + step + " at " + i);
                }
                if (!momentum) assertArrayEquals(buf, b1, "buffer untouched without momentum");
            }
        }
    }

    @Test
    void parallelSplitsCoverTheRangeOnce() {
        int[] hits = new int[100_003];
        Parallel.forChunks(hits.length, 7, (from, to) -> {
            for (int i = from; i < to; i++) hits[i]++;
        });
        for (int h : hits) assertEquals(1, h);
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.forChunks(10, 2, (from, to) -> {
            if (from > 0) throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
    }
}
