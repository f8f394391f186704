package dev.cochlea.optim;

import dev.cochlea.kernels.AdamStep;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam — {@code torch.optim.Adam} with its exact update (L2 weight decay added to the gradient;
 * see {@link AdamW} for decoupled decay):
 * <pre>
 *   g = grad + weight_decay · p
 *   m = m + (1 - β1) (g - m)
 *   v = β2 v + (1 - β2) g²
 *   v̂ = amsgrad ? (vmax = max(vmax, v)) : v
 *   p = p - lr / (1 - β1^t) · m / (√v̂ / √(1 - β2^t) + eps)
 * </pre>
 * Options per group: {@code lr}, {@code beta1}, {@code beta2}, {@code eps},
 * {@code weight_decay}, {@code amsgrad}, {@code maximize}. State per parameter: {@code step},
 * {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (amsgrad).
 *
 * <pre>{@code
 * Adam opt = new Adam(model.parameters(), 1e-3);
 * Adam custom = new Adam(model.parameters(), 3e-4, 0.9, 0.98, 1e-9, 0, true);
 * }</pre>
 */
public class Adam extends Optimizer {

    /**
     * Adam with learning rate {@code lr} and PyTorch's other defaults (β = (0.9, 0.999), eps 1e-8).
     *
     * <pre>{@code
     * new Adam(model.parameters(), 1e-3);
     * }</pre>
     */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam with all options. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super(single(params), defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    /**
     * Adam over parameter groups; the arguments are the defaults for options a group does not set.
     *
     * <pre>{@code
     * Adam opt = Adam.withGroups(List.of(ParamGroup.of(body), ParamGroup.of(head).with("lr", 1e-2)),
     *         1e-3, 0.9, 0.999, 1e-8, 0, false);
     * }</pre>
     */
    public static Adam withGroups(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                                  boolean amsgrad) {
        return new Adam(groups, defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    /** For subclasses: groups and complete defaults. */
    Adam(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    static Map<String, Double> defaults(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("beta1", beta1);
        d.put("beta2", beta2);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad ? 1.0 : 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        nonNegative(g, "lr");
        nonNegative(g, "eps");
        nonNegative(g, "weight_decay");
        unitInterval(g, "beta1");
        unitInterval(g, "beta2");
    }

    /** Whether weight decay is decoupled from the gradient ({@link AdamW}). */
    boolean decoupled() {
        return false;
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        final double lrD = g.lr();
        final double beta1 = g.get("beta1"), beta2 = g.get("beta2");
        final float eps = (float) g.get("eps");
        final double wdD = g.get("weight_decay");
        final boolean amsgrad = g.flag("amsgrad");
        final boolean maximize = g.flag("maximize");
        final float[] m = state.buffer("exp_avg", param).storage();
        final float[] v = state.buffer("exp_avg_sq", param).storage();
        final float[] vmax = amsgrad ? state.buffer("max_exp_avg_sq", param).storage() : null;
        long t = ++state.step;
        final boolean decoupled = decoupled();
        final float decay = decoupled ? (float) (1.0 - lrD * wdD) : 1f;
        final float wd = decoupled ? 0f : (float) wdD;
        double bc1 = 1.0 - Math.pow(beta1, t);
        double bc2 = 1.0 - Math.pow(beta2, t);
        AdamStep step = new AdamStep(beta1, beta2, eps, wd, decay, (float) (lrD / bc1), (float) Math.sqrt(bc2),
                amsgrad, maximize);
        Kernels kernels = KernelProvider.get();
        forEachElement(param, grad, (p, po, gr, go, from, to) -> kernels.adam(p, po, gr, go, m, v, vmax, from, to - from, step));
    }
}
