package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed optimiser options: PyTorch's defaults, the state-dict keys they become (unchanged:
 * PyTorch's names, flags as 0/1), per-group overrides by name, and unknown names rejected with
 * the name and the valid ones.
 */
class OptimizerOptionsTest {
    private static List<Tensor> params() {
        return List.of(Tensor.zeros(2).requiresGrad(true));
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false), Adam.options());
        assertEquals(0.01, AdamW.options().weightDecay());
        assertEquals(new SGD.Options(1e-3, 0, 0, 0, false, false), SGD.options());
        assertEquals(new RMSprop.Options(1e-2, 0.99, 1e-8, 0, 0, false, false), RMSprop.options());
        Adam.Options o = Adam.options();
        assertEquals(0.9, o.betas(0.8, 0.95).lr(0.1).betas(0.9, 0.999).lr(1e-3).beta1());
        assertEquals(Adam.options(), o, "withers leave the value they start from alone");
    }

    @Test
    void stateDictKeysAreUnchanged() {
        assertEquals(List.of("param_groups.0.lr", "param_groups.0.beta1", "param_groups.0.beta2", "param_groups.0.eps",
                "param_groups.0.weight_decay", "param_groups.0.amsgrad", "param_groups.0.maximize", "param_groups.0.params"),
                keys(new Adam(params(), Adam.options().amsgrad(true)).stateDict()));
        assertEquals(List.of("param_groups.0.lr", "param_groups.0.momentum", "param_groups.0.dampening", "param_groups.0.weight_decay",
                "param_groups.0.nesterov", "param_groups.0.maximize", "param_groups.0.params"),
                keys(new SGD(params(), SGD.options()).stateDict()));
        assertEquals(List.of("param_groups.0.lr", "param_groups.0.alpha", "param_groups.0.eps", "param_groups.0.weight_decay",
                "param_groups.0.momentum", "param_groups.0.centered", "param_groups.0.maximize", "param_groups.0.params"),
                keys(new RMSprop(params(), RMSprop.options()).stateDict()));
        Map<String, Tensor> sd = new Adam(params(), Adam.options().amsgrad(true)).stateDict();
        assertEquals(1f, sd.get("param_groups.0.amsgrad").item());
        assertEquals(0f, sd.get("param_groups.0.maximize").item());
    }

    @Test
    void groupsOverrideByNameAndReadBackTyped() {
        Tensor a = Tensor.zeros(1).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
        Adam opt = Adam.withGroups(
                List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).with("lr", 0.5).with("amsgrad", true)),
                Adam.options().lr(1e-3).weightDecay(0.01));
        assertEquals(1e-3, opt.groupOptions(0).lr());
        assertEquals(0.5, opt.groupOptions(1).lr());
        assertTrue(opt.groupOptions(1).amsgrad());
        assertEquals(0.01, opt.groupOptions(1).weightDecay(), "unset options come from the defaults");
        opt.paramGroups().get(0).set("beta2", 0.99);
        assertEquals(0.99, opt.groupOptions(0).beta2());
    }

    @Test
    void unknownNamesAreRejectedNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Adam.withGroups(
                List.of(ParamGroup.of(params()).with("betas1", 0.9)), Adam.options()));
        assertTrue(e.getMessage().contains("'betas1'") && e.getMessage().contains("beta1, beta2, eps, weight_decay"), e.getMessage());
        SGD sgd = new SGD(params(), SGD.options().lr(0.1));
        e = assertThrows(IllegalArgumentException.class, () -> sgd.paramGroups().get(0).set("momentun", 0.9));
        assertTrue(e.getMessage().startsWith("SGD: unknown option 'momentun'") && e.getMessage().contains("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> sgd.addParamGroup(ParamGroup.of(params()).with("nesterov", 1).with("beta1", 0.9)));
        assertTrue(e.getMessage().contains("'beta1'"), e.getMessage());
        // A checkpoint of another optimiser does not load silently.
        Map<String, Tensor> adamState = new Adam(params(), Adam.options()).stateDict();
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(params(), SGD.options()).loadStateDict(adamState));
        assertTrue(e.getMessage().contains("unknown option 'beta1'"), e.getMessage());
    }

    @Test
    void badValuesNameTheOptionAndTheGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Adam.options().betas(0.9, 1.0));
        assertTrue(e.getMessage().contains("beta2") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.options().nesterov(true));
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RMSprop.withGroups(
                List.of(ParamGroup.of(params()), ParamGroup.of(params()).with("alpha", -1)), RMSprop.options()));
        assertTrue(e.getMessage().contains("parameter group 1") && e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void schedulersMayAddInitialLr() {
        SGD opt = new SGD(params(), SGD.options().lr(0.1));
        new StepLR(opt, 1, 0.5).step();
        Map<String, Tensor> sd = opt.stateDict();
        assertTrue(sd.containsKey("param_groups.0.initial_lr"));
        SGD resumed = new SGD(params(), SGD.options().lr(0.1));
        resumed.loadStateDict(sd);
        assertEquals(0.05, resumed.lr(), 1e-9);
        assertFalse(resumed.paramGroups().get(0).options().containsKey("momentun"));
    }

    private static List<String> keys(Map<String, Tensor> sd) {
        return new ArrayList<>(sd.keySet());
    }
}
