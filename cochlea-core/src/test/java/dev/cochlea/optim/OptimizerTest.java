package dev.cochlea.optim;

import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimiser's update against PyTorch 1.13 on a tiny quadratic: four steps of
 * {@code loss = sum(a * p²) + sum(b * p)} from {@code p = [1, -2, 0.5, 3]} with
 * {@code a = [1, .5, 2, .1]}, {@code b = [.3, -1, 0, 2]}; the expected parameters were printed by
 * {@code torch.optim.<Name>([p], ...)} with the options named in each line.
 */
class OptimizerTest {
    private static final Tensor A = Tensor.tensor(1f, 0.5f, 2f, 0.1f);
    private static final Tensor B = Tensor.tensor(0.3f, -1f, 0f, 2f);

    private static Tensor quadratic(Tensor p) {
        return p.square().mul(A).sum().add(p.mul(B).sum());
    }

    private static float[] run(Function<List<Tensor>, Optimizer> make, int steps) {
        Tensor p = Tensor.tensor(1f, -2f, 0.5f, 3f).requiresGrad(true);
        Optimizer opt = make.apply(List.of(p));
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            quadratic(p).backward();
            opt.step();
        }
        return p.toFloatArray();
    }

    private static void expect(float[] expected, Function<List<Tensor>, Optimizer> make, String what) {
        TensorAssert.assertClose(expected, run(make, 4), 1e-5, 1e-6, what);
    }

    @Test
    void sgdMatchesPyTorch() {
        expect(new float[] {0.321039975f, -0.968300045f, 0.0648000017f, 1.99078608f}, ps -> new SGD(ps, SGD.options().lr(0.1)), "SGD(lr=0.1)");
        expect(new float[] {-0.504889965f, 0.319599837f, -0.404999971f, 0.718481362f}, ps -> new SGD(ps, SGD.options().lr(0.1).momentum(0.9)),
                "SGD(lr=0.1, momentum=0.9)");
        expect(new float[] {0.301711977f, -1.0092169f, -0.0243251864f, 2.05726767f}, ps -> new SGD(ps, SGD.options().lr(0.05).momentum(0.8).dampening(0.3).weightDecay(0.1)),
                "SGD(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.1)");
        expect(new float[] {-0.0449740253f, -0.414260387f, -0.162995547f, 1.44991565f},
                ps -> new SGD(ps, SGD.options().lr(0.05).momentum(0.9).weightDecay(0.01).nesterov(true)),
                "SGD(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)");
        expect(new float[] {1.14541078f, -2.18669152f, 0.63047725f, 3.15975761f}, ps -> {
            SGD s = new SGD(ps, SGD.options().lr(0.01).momentum(0.5));
            s.paramGroups().get(0).set("maximize", 1);
            return s;
        }, "SGD(lr=0.01, momentum=0.5, maximize=True)");
    }

    @Test
    void adamMatchesPyTorch() {
        expect(new float[] {0.603198111f, -1.60091352f, 0.112915404f, 2.60018182f}, ps -> new Adam(ps, Adam.options().lr(0.1)), "Adam(lr=0.1)");
        expect(new float[] {0.800696015f, -1.80023682f, 0.302136153f, 2.80006671f},
                ps -> new Adam(ps, Adam.options().lr(0.05).betas(0.8, 0.9).eps(1e-6).weightDecay(0.1).amsgrad(true)),
                "Adam(lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, amsgrad=True)");
    }

    @Test
    void adamWMatchesPyTorch() {
        expect(new float[] {0.599845588f, -1.59354579f, 0.111620106f, 2.58880496f}, ps -> new AdamW(ps, AdamW.options().lr(0.1)), "AdamW(lr=0.1)");
        expect(new float[] {0.712578714f, -1.61543119f, 0.262924284f, 2.51861763f},
                ps -> new AdamW(ps, AdamW.options().lr(0.05).betas(0.8, 0.95).weightDecay(0.5).amsgrad(true)),
                "AdamW(lr=0.05, betas=(0.8, 0.95), weight_decay=0.5, amsgrad=True)");
    }

    @Test
    void rmspropMatchesPyTorch() {
        expect(new float[] {0.733320415f, -1.72530627f, 0.252825528f, 2.72174549f}, ps -> new RMSprop(ps, RMSprop.options().lr(0.01)), "RMSprop(lr=0.01)");
        expect(new float[] {0.804036796f, -1.80180991f, 0.309239149f, 2.80084825f},
                ps -> new RMSprop(ps, RMSprop.options().lr(0.01).alpha(0.9).eps(1e-6).weightDecay(0.1).momentum(0.7).centered(true)),
                "RMSprop(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.7, centered=True)");
        expect(new float[] {0.491242617f, -1.45462763f, 0.0875200927f, 2.43944597f},
                ps -> new RMSprop(ps, RMSprop.options().lr(0.02).centered(true)),
                "RMSprop(lr=0.02, centered=True)");
    }

    @Test
    void firstSgdStepByHand() {
        // p = [1, -2, 0.5, 3]; grad = 2 a p + b = [2.3, -3, 2, 2.6]; buf = grad; p -= 0.1 buf
        float[] p = run(ps -> new SGD(ps, SGD.options().lr(0.1).momentum(0.9)), 1);
        TensorAssert.assertClose(new float[] {0.77f, -1.7f, 0.3f, 2.74f}, p, 1e-6, 1e-7, "one SGD step");
        // Adam's first step moves every coordinate by lr (times the sign of the gradient), up to eps.
        float[] q = run(ps -> new Adam(ps, Adam.options().lr(0.1)), 1);
        TensorAssert.assertClose(new float[] {0.9f, -1.9f, 0.4f, 2.9f}, q, 1e-6, 1e-6, "one Adam step");
    }

    @Test
    void paramGroupsHaveTheirOwnOptions() {
        Tensor a = Tensor.tensor(1f).requiresGrad(true), b = Tensor.tensor(1f).requiresGrad(true);
        SGD opt = SGD.withGroups(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).with("lr", 0.5)), SGD.options().lr(0.1));
        a.mul(b).backward(); // grads 1 and 1
        opt.step();
        assertEquals(0.9f, a.item(), 1e-7);
        assertEquals(0.5f, b.item(), 1e-7);
        assertEquals(0.1, opt.lr());
        opt.setLr(0.01);
        assertEquals(0.01, opt.paramGroups().get(1).lr());
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(ParamGroup.of(List.of(a))));
    }

    @Test
    void zeroGradSetsToNoneOrZero() {
        Tensor p = Tensor.tensor(1f, 2f).requiresGrad(true);
        SGD opt = new SGD(List.of(p), SGD.options().lr(0.1));
        p.sum().backward();
        opt.zeroGrad(false);
        assertNotNull(p.grad());
        assertEquals(0f, p.grad().sum().item());
        opt.zeroGrad();
        assertNull(p.grad());
        opt.step(); // no gradient: nothing happens
        TensorAssert.assertClose(Tensor.tensor(1f, 2f), p.detach(), 0, 0, "unchanged");
    }

    @Test
    void nonContiguousParameterIsUpdatedInPlace() {
        Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor p = base.t().requiresGrad(true); // a transposed leaf view
        Adam opt = new Adam(List.of(p), Adam.options().lr(0.1));
        p.square().sum().backward();
        opt.step();
        TensorAssert.assertClose(Tensor.of(new float[] {0.9f, 1.9f, 2.9f, 3.9f, 4.9f, 5.9f}, 2, 3), base, 1e-6, 1e-6, "via the view");
    }

    @Test
    void invalidOptionsAreRejected() {
        List<Tensor> ps = List.of(Tensor.zeros(2).requiresGrad(true));
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, SGD.options().lr(-1)));
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, SGD.options().lr(0.1).nesterov(true)));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, Adam.options().lr(0.1).betas(1.0, 0.999)));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), SGD.options().lr(0.1)));
        assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(Tensor.zeros(2).requiresGrad(true).mul(2f)), SGD.options().lr(0.1)));
    }

    @Test
    void stateDictResumesTrainingExactly(@TempDir Path dir) throws Exception {
        for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                ps -> new SGD(ps, SGD.options().lr(0.05).momentum(0.9).weightDecay(0.01).nesterov(true)),
                ps -> new Adam(ps, Adam.options().lr(0.05).betas(0.9, 0.99).weightDecay(0.01).amsgrad(true)),
                ps -> new AdamW(ps, AdamW.options().lr(0.05)),
                ps -> new RMSprop(ps, RMSprop.options().lr(0.01).alpha(0.9).momentum(0.5).centered(true)))) {
            Tensor p = Tensor.tensor(1f, -2f, 0.5f, 3f).requiresGrad(true);
            Optimizer opt = make.apply(List.of(p));
            for (int i = 0; i < 3; i++) {
                opt.zeroGrad();
                quadratic(p).backward();
                opt.step();
            }
            Path file = dir.resolve("optim.safetensors");
            Safetensors.save(file, opt.stateDict());
            Map<String, Tensor> loaded = Safetensors.load(file);

            Tensor q = Tensor.of(p.toFloatArray(), 4).requiresGrad(true);
            Optimizer resumed = make.apply(List.of(q));
            resumed.setLr(123); // overwritten by the state dict
            resumed.loadStateDict(loaded);
            assertEquals(opt.lr(), resumed.lr());
            for (int i = 0; i < 3; i++) {
                for (var pair : List.of(new Object[] {opt, p}, new Object[] {resumed, q})) {
                    Optimizer o = (Optimizer) pair[0];
                    Tensor t = (Tensor) pair[1];
                    o.zeroGrad();
                    quadratic(t).backward();
                    o.step();
                }
            }
            TensorAssert.assertClose(p.detach(), q.detach(), 0, 0, opt.getClass().getSimpleName() + " resumed");
        }
    }

    @Test
    void stateDictKeysAndMismatch() {
        Tensor p = Tensor.zeros(2).requiresGrad(true), r = Tensor.zeros(3).requiresGrad(true);
        Adam opt = new Adam(List.of(p, r), Adam.options().lr(0.1));
        p.sum().backward();
        opt.step(); // only p has a gradient
        Map<String, Tensor> sd = opt.stateDict();
        assertTrue(sd.containsKey("state.0.exp_avg") && sd.containsKey("state.0.exp_avg_sq") && sd.containsKey("state.0.step"), sd.keySet().toString());
        assertTrue(!sd.containsKey("state.1.exp_avg"));
        assertEquals(1L, sd.get("state.0.step").getLong());
        assertEquals(0.1f, sd.get("param_groups.0.lr").item());
        Adam other = new Adam(List.of(Tensor.zeros(3).requiresGrad(true), Tensor.zeros(3).requiresGrad(true)), Adam.options().lr(0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(sd));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        Adam fewer = new Adam(List.of(Tensor.zeros(2).requiresGrad(true)), Adam.options().lr(0.1));
        assertThrows(IllegalArgumentException.class, () -> fewer.loadStateDict(sd));
    }
}
