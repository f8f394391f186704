package dev.cochlea.optim;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.RmspropStep;
import dev.cochlea.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop — {@code torch.optim.RMSprop} with its exact update:
 * <pre>
 *   g = grad + weight_decay · p
 *   v = α v + (1 - α) g²
 *   avg = centered ? √(v - ḡ²) + eps  with ḡ = ḡ + (1 - α)(g - ḡ)
 *                  : √v + eps
 *   momentum &gt; 0:  buf = momentum · buf + g / avg;  p = p - lr · buf
 *   otherwise:     p = p - lr · g / avg
 * </pre>
 * Options per group: {@code lr}, {@code alpha}, {@code eps}, {@code weight_decay},
 * {@code momentum}, {@code centered}, {@code maximize}. State per parameter: {@code step},
 * {@code square_avg}, {@code momentum_buffer} (momentum &gt; 0), {@code grad_avg} (centered).
 *
 * <pre>{@code
 * RMSprop opt = new RMSprop(model.parameters(), 1e-2);                  // alpha 0.99, eps 1e-8
 * RMSprop c = new RMSprop(model.parameters(), 1e-3, 0.9, 1e-8, 0, 0.9, true);
 * }</pre>
 */
public final class RMSprop extends Optimizer {

    /**
     * RMSprop with learning rate {@code lr} and PyTorch's defaults (alpha 0.99, eps 1e-8, no
     * momentum, not centered).
     *
     * <pre>{@code
     * new RMSprop(model.parameters(), 1e-2);
     * }</pre>
     */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    /** RMSprop with all options. */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(single(params), defaults(lr, alpha, eps, weightDecay, momentum, centered));
    }

    /**
     * RMSprop over parameter groups; the arguments are the defaults for options a group does not set.
     *
     * <pre>{@code
     * RMSprop opt = RMSprop.withGroups(List.of(ParamGroup.of(a), ParamGroup.of(b).with("momentum", 0.9)),
     *         1e-2, 0.99, 1e-8, 0, 0, false);
     * }</pre>
     */
    public static RMSprop withGroups(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay,
                                     double momentum, boolean centered) {
        return new RMSprop(groups, defaults(lr, alpha, eps, weightDecay, momentum, centered));
    }

    private RMSprop(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    private static Map<String, Double> defaults(double lr, double alpha, double eps, double weightDecay, double momentum,
                                                boolean centered) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", alpha);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("momentum", momentum);
        d.put("centered", centered ? 1.0 : 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        nonNegative(g, "lr");
        nonNegative(g, "eps");
        nonNegative(g, "momentum");
        nonNegative(g, "weight_decay");
        nonNegative(g, "alpha");
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        float momentum = (float) g.get("momentum");
        boolean centered = g.flag("centered");
        state.step++;
        float[] sq = state.buffer("square_avg", param).storage();
        float[] buf = momentum > 0f ? state.buffer("momentum_buffer", param).storage() : null;
        float[] ga = centered ? state.buffer("grad_avg", param).storage() : null;
        RmspropStep step = new RmspropStep((float) g.lr(), g.get("alpha"), (float) g.get("eps"), (float) g.get("weight_decay"),
                momentum, centered, g.flag("maximize"));
        Kernels kernels = KernelProvider.get();
        forEachElement(param, grad, (p, po, gr, go, from, to) -> kernels.rmsprop(p, po, gr, go, sq, buf, ga, from, to - from, step));
    }
}
