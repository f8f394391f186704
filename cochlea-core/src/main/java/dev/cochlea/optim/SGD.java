package dev.cochlea.optim;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.SgdStep;
import dev.cochlea.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay — {@code torch.optim.SGD} with its exact update:
 * <pre>
 *   d = grad + weight_decay · p
 *   buf = d                                   (first step)
 *   buf = momentum · buf + (1 - dampening) · d (later steps)
 *   d = nesterov ? d + momentum · buf : buf   (when momentum ≠ 0)
 *   p = p - lr · d
 * </pre>
 * Options per group: {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay},
 * {@code nesterov}, {@code maximize}. State per parameter: {@code momentum_buffer}.
 *
 * <pre>{@code
 * SGD opt = new SGD(model.parameters(), 0.01, 0.9);            // lr, momentum
 * SGD nest = new SGD(model.parameters(), 0.01, 0.9, 0, 5e-4, true);
 * }</pre>
 */
public final class SGD extends Optimizer {

    /**
     * Plain SGD with learning rate {@code lr}.
     *
     * <pre>{@code
     * new SGD(model.parameters(), 0.1).step();
     * }</pre>
     */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    /** SGD with momentum. */
    public SGD(List<Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    /** SGD with all options (see the class description). */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(single(params), defaults(lr, momentum, dampening, weightDecay, nesterov));
    }

    /**
     * SGD over parameter groups; the arguments are the defaults for options a group does not set.
     *
     * <pre>{@code
     * SGD opt = SGD.withGroups(List.of(ParamGroup.of(body), ParamGroup.of(head).with("lr", 0.1)), 0.01, 0.9, 0, 0, false);
     * }</pre>
     */
    public static SGD withGroups(List<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay,
                                 boolean nesterov) {
        return new SGD(groups, defaults(lr, momentum, dampening, weightDecay, nesterov));
    }

    private SGD(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    private static Map<String, Double> defaults(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("dampening", dampening);
        d.put("weight_decay", weightDecay);
        d.put("nesterov", nesterov ? 1.0 : 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        nonNegative(g, "lr");
        nonNegative(g, "momentum");
        nonNegative(g, "weight_decay");
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        float momentum = (float) g.get("momentum");
        boolean first = momentum != 0f && !state.buffers.containsKey("momentum_buffer");
        SgdStep step = new SgdStep((float) g.lr(), momentum, (float) g.get("dampening"), (float) g.get("weight_decay"),
                g.flag("nesterov"), g.flag("maximize"), first);
        float[] buf = momentum == 0f ? null : state.buffer("momentum_buffer", param).storage();
        Kernels kernels = KernelProvider.get();
        forEachElement(param, grad, (p, po, gr, go, from, to) ->
                kernels.sgd(p, po + from, gr, go + from, buf, from, to - from, step));
    }
}
