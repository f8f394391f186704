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
 * Options ({@link Options}, PyTorch's names in a group and in the state dict): {@code lr},
 * {@code beta1}, {@code beta2}, {@code eps}, {@code weight_decay}, {@code amsgrad},
 * {@code maximize}. State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq} (amsgrad).
 *
 * <pre>{@code
 * Adam opt = new Adam(model.parameters(), Adam.options().lr(1e-3));
 * Adam custom = new Adam(model.parameters(), Adam.options().lr(3e-4).betas(0.9, 0.98).eps(1e-9).amsgrad(true));
 * }</pre>
 */
public class Adam extends Optimizer {

    /**
     * Adam's hyperparameters ({@code torch.optim.Adam}'s keyword arguments), immutable, with
     * withers; {@link Adam#options()} has PyTorch's defaults. Every value is checked when the
     * record is made.
     *
     * <pre>{@code
     * Adam.Options o = Adam.options().lr(1e-3).betas(0.9, 0.999).weightDecay(0.01).amsgrad(false);
     * }</pre>
     *
     * @param lr          learning rate, {@code >= 0}
     * @param beta1       decay of the first moment, in [0, 1)
     * @param beta2       decay of the second moment, in [0, 1)
     * @param eps         added to the denominator, {@code >= 0}
     * @param weightDecay L2 penalty ({@link Adam}) or decoupled decay ({@link AdamW}), {@code >= 0}
     * @param amsgrad     whether to use the maximum of past second moments
     * @param maximize    whether to ascend the objective instead
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean maximize) {
        /** Checks every value. */
        public Options {
            nonNegative("lr", lr);
            unitInterval("beta1", beta1);
            unitInterval("beta2", beta2);
            nonNegative("eps", eps);
            nonNegative("weight_decay", weightDecay);
        }

        /** These options with learning rate {@code lr}. <pre>{@code options.lr(1e-3)}</pre> */
        public Options lr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** These options with the moment decays {@code (beta1, beta2)}. <pre>{@code options.betas(0.9, 0.98)}</pre> */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** These options with {@code eps}. <pre>{@code options.eps(1e-9)}</pre> */
        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** These options with {@code weightDecay}. <pre>{@code options.weightDecay(0.01)}</pre> */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** These options with or without AMSGrad. <pre>{@code options.amsgrad(true)}</pre> */
        public Options amsgrad(boolean amsgrad) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** These options maximising instead of minimising. <pre>{@code options.maximize(true)}</pre> */
        public Options maximize(boolean maximize) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        /** PyTorch's names and values, flags as 0/1: the keys of a group and of the state dict. */
        Map<String, Double> asMap() {
            Map<String, Double> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("beta1", beta1);
            d.put("beta2", beta2);
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("amsgrad", amsgrad ? 1.0 : 0.0);
            d.put("maximize", maximize ? 1.0 : 0.0);
            return d;
        }

        /** The options of a group (its defaults filled in), checked. */
        static Options of(ParamGroup g) {
            return new Options(g.lr(), g.get("beta1"), g.get("beta2"), g.get("eps"), g.get("weight_decay"), g.flag("amsgrad"),
                    g.flag("maximize"));
        }

        private static void nonNegative(String name, double v) {
            if (!(v >= 0.0)) throw new IllegalArgumentException("Adam.Options: invalid " + name + " value: " + v + " (expected >= 0)");
        }

        private static void unitInterval(String name, double v) {
            if (!(v >= 0.0 && v < 1.0)) {
                throw new IllegalArgumentException("Adam.Options: invalid " + name + " value: " + v + " (expected 0 <= " + name + " < 1)");
            }
        }
    }

    /**
     * PyTorch's defaults for Adam: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no
     * AMSGrad, minimising.
     *
     * <pre>{@code
     * new Adam(model.parameters(), Adam.options().lr(3e-4));
     * }</pre>
     */
    public static Options options() {
        return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /**
     * Adam over {@code params} with PyTorch's defaults.
     *
     * <pre>{@code
     * new Adam(model.parameters());
     * }</pre>
     */
    public Adam(List<Tensor> params) {
        this(params, options());
    }

    /**
     * Adam over {@code params} with the given options.
     *
     * <pre>{@code
     * new Adam(model.parameters(), Adam.options().lr(1e-3).weightDecay(1e-4));
     * }</pre>
     */
    public Adam(List<Tensor> params, Options options) {
        super(single(params), mapOf(options));
    }

    /**
     * Adam over parameter groups; {@code defaults} fill the options a group does not set.
     *
     * <pre>{@code
     * Adam opt = Adam.withGroups(List.of(ParamGroup.of(body), ParamGroup.of(head).with("lr", 1e-2)),
     *         Adam.options().lr(1e-3));
     * }</pre>
     */
    public static Adam withGroups(List<ParamGroup> groups, Options defaults) {
        return new Adam(groups, mapOf(defaults));
    }

    /** For subclasses: groups and complete defaults. */
    Adam(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    static Map<String, Double> mapOf(Options options) {
        if (options == null) throw new IllegalArgumentException("Adam: options must not be null (Adam.options())");
        return options.asMap();
    }

    /**
     * The options of parameter group {@code index}, typed.
     *
     * <pre>{@code
     * double beta2 = opt.groupOptions(0).beta2();
     * }</pre>
     */
    public Options groupOptions(int index) {
        return Options.of(paramGroups().get(index));
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        Options.of(g);
    }

    /** Whether weight decay is decoupled from the gradient ({@link AdamW}). */
    boolean decoupled() {
        return false;
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        Options o = Options.of(g);
        final double lrD = o.lr();
        final double beta1 = o.beta1(), beta2 = o.beta2();
        final float eps = (float) o.eps();
        final double wdD = o.weightDecay();
        final boolean amsgrad = o.amsgrad();
        final boolean maximize = o.maximize();
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
