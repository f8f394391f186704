package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Learning-rate sequences against PyTorch 1.13: {@code SGD([p], lr=0.1)}, then after each of n
 * epochs {@code opt.step(); sched.step()} and the group's lr recorded.
 */
class SchedulerTest {
    private static SGD sgd() {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), SGD.options().lr(0.1));
    }

    private static double[] sequence(int n, Runnable step, DoubleSupplier lr) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            step.run();
            out[i] = lr.getAsDouble();
        }
        return out;
    }

    @Test // StepLR(opt, 3, 0.5)
    void stepLR() {
        SGD opt = sgd();
        StepLR s = new StepLR(opt, 3, 0.5);
        assertEquals(0.1, s.lastLr());
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125},
                sequence(10, s::step, opt::lr), 1e-12);
        assertEquals(opt.lr(), s.lastLr());
    }

    @Test // CosineAnnealingLR(opt, 5, 0.01), past T_max into the next period
    void cosineAnnealingLR() {
        SGD opt = sgd();
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 5, 0.01);
        assertArrayEquals(new double[] {0.09140576475, 0.06890576475, 0.04109423525, 0.01859423525, 0.01, 0.01859423525,
                        0.04109423525, 0.06890576475, 0.09140576475, 0.1, 0.09140576475, 0.06890576475, 0.04109423525, 0.01859423525},
                sequence(14, s::step, s::lastLr), 1e-10);
    }

    @Test // ReduceLROnPlateau(opt, 'min', factor=0.5, patience=2)
    void reduceOnPlateauMin() {
        SGD opt = sgd();
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "min", 0.5, 2);
        double[] m = {1.0, 0.9, 0.95, 0.9, 0.91, 0.92, 0.93, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1};
        int[] i = {0};
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125},
                sequence(14, () -> s.step(m[i[0]++]), s::lastLr), 1e-12);
    }

    @Test // ReduceLROnPlateau(opt, 'max', factor=0.1, patience=1, threshold=0.01, threshold_mode='abs', cooldown=2, min_lr=0.0005)
    void reduceOnPlateauMaxAbsCooldownMinLr() {
        SGD opt = sgd();
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "max", 0.1, 1, 0.01, "abs", 2, 0.0005, 1e-8);
        double[] m = {0.1, 0.2, 0.2, 0.2, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
        int[] i = {0};
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.001, 0.0005, 0.0005, 0.0005},
                sequence(14, () -> s.step(m[i[0]++]), opt::lr), 1e-12);
    }

    @Test
    void invalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(), "min", 1.0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(), "up", 0.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(), 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(), 0));
    }

    @Test
    void resumingFromRestoredRatesDoesNotDecayThemTwice() {
        SGD whole = sgd();
        CosineAnnealingLR a = new CosineAnnealingLR(whole, 10);
        for (int e = 0; e < 4; e++) a.step();
        SGD restored = sgd();
        CosineAnnealingLR b = new CosineAnnealingLR(restored, 10);
        restored.loadStateDict(whole.stateDict());          // rates of epoch 4, as a checkpoint holds them
        b.resumeAt(4);
        assertEquals(a.lastLr(), b.lastLr(), 1e-8);          // the state dict keeps rates as float32
        for (int e = 0; e < 6; e++) {
            a.step();
            b.step();
            assertEquals(whole.lr(), restored.lr(), 1e-8, "epoch " + (5 + e));
        }
        assertThrows(IllegalArgumentException.class, () -> b.resumeAt(-1));
    }
}
