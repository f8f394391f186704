package dev.cochlea.nn.init;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    @Test
    void fansAreComputedLikePyTorch() {
        assertArrayEquals(new int[] {1024, 64}, Init.fanInAndFanOut(Tensor.zeros(64, 1024)));
        assertArrayEquals(new int[] {3 * 25, 32 * 25}, Init.fanInAndFanOut(Tensor.zeros(32, 3, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> Init.fanInAndFanOut(Tensor.zeros(5)));
    }

    @Test
    void gainsMatchCalculateGain() {
        assertEquals(1.0, Init.calculateGain("linear"));
        assertEquals(1.0, Init.calculateGain("sigmoid"));
        assertEquals(5.0 / 3, Init.calculateGain("tanh"));
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain("leaky_relu"));
        assertEquals(Math.sqrt(1 / 3.0), Init.calculateGain("leaky_relu", Math.sqrt(5)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
    }

    @Test
    void boundsAndMoments() {
        Generator g = new Generator(0);
        Tensor w = Tensor.zeros(200, 300);
        Init.kaimingUniform(w, 0, Init.Mode.FAN_IN, "relu", g);
        double bound = Math.sqrt(6.0 / 300);
        assertTrue(w.abs().max().item() <= bound && w.abs().max().item() > 0.99 * bound);

        Init.xavierUniform(w, 1.0, g);
        double a = Math.sqrt(6.0 / 500);
        assertTrue(w.abs().max().item() <= a && w.abs().max().item() > 0.99 * a);

        Init.kaimingNormal(w, 0, Init.Mode.FAN_OUT, "relu", g);
        assertEquals(Math.sqrt(2.0 / 200), w.std(false).item(), 0.02 * Math.sqrt(2.0 / 200));
        Init.xavierNormal(w, 2.0, g);
        assertEquals(2 * Math.sqrt(2.0 / 500), w.std(false).item(), 0.04 * Math.sqrt(2.0 / 500));
        Init.normal(w, 3, 0.5, g);
        assertEquals(3.0, w.mean().item(), 0.01);
        Init.uniform(w, -1, 2, g);
        assertTrue(w.min().item() >= -1 && w.max().item() < 2);
        Init.constant(w, 0.25);
        assertEquals(0.25f, w.max().item());
        assertEquals(0.25f, w.min().item());
        Init.ones(w);
        assertEquals(60000f, w.sum().item());
        Init.zeros(w);
        assertEquals(0f, w.abs().sum().item());
    }

    @Test
    void seededAndWorksOnParameters() {
        Tensor p = Tensor.zeros(4, 5).requiresGrad(true);
        Tensor q = Tensor.zeros(4, 5).requiresGrad(true);
        Init.kaimingUniform(p, Math.sqrt(5), Init.Mode.FAN_IN, "leaky_relu", new Generator(42));
        Init.kaimingUniform(q, Math.sqrt(5), Init.Mode.FAN_IN, "leaky_relu", new Generator(42));
        assertArrayEquals(p.toFloatArray(), q.toFloatArray());
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertTrue(p.abs().max().item() <= 1 / Math.sqrt(5));
    }
}
