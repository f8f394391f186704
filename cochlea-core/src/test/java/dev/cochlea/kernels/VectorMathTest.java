package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Vector API exp/log/tanh: accuracy against java.lang.Math and identical bits on every call. */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class VectorMathTest {
    private static final Kernels V = KernelProvider.vector();

    private static float[] apply(Kernels.Unary op, float[] x) {
        float[] o = new float[x.length];
        V.unary(op, x, 0, o, 0, x.length);
        return o;
    }

    private static void withinUlps(Kernels.Unary op, float[] x, int ulps) {
        float[] y = apply(op, x);
        for (int i = 0; i < x.length; i++) {
            double exact = switch (op) {
                case EXP -> Math.exp(x[i]);
                case LOG -> Math.log(x[i]);
                case TANH -> Math.tanh(x[i]);
                default -> throw new IllegalArgumentException();
            };
            float e = (float) exact;
            if (Float.isNaN(e) || Float.isInfinite(e) || e == 0f) {
                assertEquals(e, y[i], op + "(" + x[i] + ")");
                continue;
            }
            if (Math.abs(e) < Float.MIN_NORMAL) continue; // subnormal results: absolute error only
            assertTrue(Math.abs(e - y[i]) <= ulps * Math.ulp(e), op + "(" + x[i] + "): expected " + e + ", got " + y[i]);
        }
    }

    @Test
    void accurateOverTheirRanges() {
        Random r = new Random(5);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) x[i] = (r.nextFloat() - 0.5f) * 180f;
        withinUlps(Kernels.Unary.EXP, x, 2);
        withinUlps(Kernels.Unary.TANH, x, 2);
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.exp((r.nextFloat() - 0.5f) * 170f);
        withinUlps(Kernels.Unary.LOG, x, 2);
        for (int i = 0; i < x.length; i++) x[i] = (r.nextFloat() - 0.5f) * 2f;
        withinUlps(Kernels.Unary.TANH, x, 2);
        for (int i = 0; i < x.length; i++) x[i] = 0.5f + r.nextFloat();
        withinUlps(Kernels.Unary.LOG, x, 2);
    }

    @Test
    void specialValues() {
        float[] x = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, 1e-40f, 89f, -89f, 88.7f, -87.3f,
                0f, 0f, 0f, 0f, 0f};
        float[] e = apply(Kernels.Unary.EXP, x);
        assertEquals(1f, e[0]);
        assertTrue(Float.isNaN(e[2]));
        assertEquals(Float.POSITIVE_INFINITY, e[3]);
        assertEquals(0f, e[4]);
        assertEquals(Float.POSITIVE_INFINITY, e[7]);
        assertEquals(0f, e[8]);
        assertEquals((float) Math.exp(88.7f), e[9], Math.ulp((float) Math.exp(88.7f)) * 2);
        float[] l = apply(Kernels.Unary.LOG, x);
        assertEquals(Float.NEGATIVE_INFINITY, l[0]);
        assertTrue(Float.isNaN(l[2]));
        assertEquals(Float.POSITIVE_INFINITY, l[3]);
        assertTrue(Float.isNaN(l[5]));
        assertEquals((float) Math.log(1e-40f), l[6], 1e-4);
        float[] t = apply(Kernels.Unary.TANH, x);
        assertEquals(1f, t[3]);
        assertEquals(-1f, t[4]);
        assertTrue(Float.isNaN(t[2]));
    }

    @Test
    void sameBitsOnEveryCall() {
        Random r = new Random(6);
        float[] x = new float[1024];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian() * 5;
        float[] first = apply(Kernels.Unary.EXP, x);
        float[] later = null;
        for (int k = 0; k < 20_000; k++) later = apply(Kernels.Unary.EXP, x);
        assertArrayEquals(first, later);
    }
}
