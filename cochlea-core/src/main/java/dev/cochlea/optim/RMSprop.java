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
 * Options ({@link Options}, PyTorch's names in a group and in the state dict): {@code lr},
 * {@code alpha}, {@code eps}, {@code weight_decay}, {@code momentum}, {@code centered},
 * {@code maximize}. State per parameter: {@code step}, {@code square_avg}, {@code momentum_buffer}
 * (momentum &gt; 0), {@code grad_avg} (centered).
 *
 * <pre>{@code
 * RMSprop opt = new RMSprop(model.parameters(), RMSprop.options());    // lr 1e-2, alpha 0.99, eps 1e-8
 * RMSprop c = new RMSprop(model.parameters(), RMSprop.options().lr(1e-3).alpha(0.9).momentum(0.9).centered(true));
 * }</pre>
 */
public final class RMSprop extends Optimizer {

    /**
     * RMSprop's hyperparameters ({@code torch.optim.RMSprop}'s keyword arguments), immutable,
     * with withers; {@link RMSprop#options()} has PyTorch's defaults. Every value is checked when
     * the record is made.
     *
     * <pre>{@code
     * RMSprop.Options o = RMSprop.options().lr(1e-3).momentum(0.9).centered(true);
     * }</pre>
     *
     * @param lr          learning rate, {@code >= 0}
     * @param alpha       smoothing constant of the squared-gradient average, {@code >= 0}
     * @param eps         added to the denominator, {@code >= 0}
     * @param weightDecay L2 penalty, {@code >= 0}
     * @param momentum    momentum factor, {@code >= 0}
     * @param centered    whether to normalise by the estimated variance of the gradient
     * @param maximize    whether to ascend the objective instead
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                          boolean maximize) {
        /** Checks every value. */
        public Options {
            nonNegative("lr", lr);
            nonNegative("eps", eps);
            nonNegative("momentum", momentum);
            nonNegative("weight_decay", weightDecay);
            nonNegative("alpha", alpha);
        }

        /** These options with learning rate {@code lr}. <pre>{@code options.lr(1e-3)}</pre> */
        public Options lr(double lr) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with smoothing constant {@code alpha}. <pre>{@code options.alpha(0.9)}</pre> */
        public Options alpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with {@code eps}. <pre>{@code options.eps(1e-6)}</pre> */
        public Options eps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with {@code weightDecay}. <pre>{@code options.weightDecay(1e-4)}</pre> */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with {@code momentum}. <pre>{@code options.momentum(0.9)}</pre> */
        public Options momentum(double momentum) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options centered or not. <pre>{@code options.centered(true)}</pre> */
        public Options centered(boolean centered) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options maximising instead of minimising. <pre>{@code options.maximize(true)}</pre> */
        public Options maximize(boolean maximize) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** PyTorch's names and values, flags as 0/1: the keys of a group and of the state dict. */
        Map<String, Double> asMap() {
            Map<String, Double> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("alpha", alpha);
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("momentum", momentum);
            d.put("centered", centered ? 1.0 : 0.0);
            d.put("maximize", maximize ? 1.0 : 0.0);
            return d;
        }

        /** The options of a group (its defaults filled in), checked. */
        static Options of(ParamGroup g) {
            return new Options(g.lr(), g.get("alpha"), g.get("eps"), g.get("weight_decay"), g.get("momentum"), g.flag("centered"),
                    g.flag("maximize"));
        }

        private static void nonNegative(String name, double v) {
            if (!(v >= 0.0)) throw new IllegalArgumentException("RMSprop.Options: invalid " + name + " value: " + v + " (expected >= 0)");
        }
    }

    /**
     * PyTorch's defaults for RMSprop: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no
     * momentum, not centered, minimising.
     *
     * <pre>{@code
     * new RMSprop(model.parameters(), RMSprop.options().lr(1e-3));
     * }</pre>
     */
    public static Options options() {
        return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);
    }

    /**
     * RMSprop over {@code params} with the given options.
     *
     * <pre>{@code
     * new RMSprop(model.parameters(), RMSprop.options().lr(1e-2));
     * }</pre>
     */
    public RMSprop(List<Tensor> params, Options options) {
        super(single(params), mapOf(options));
    }

    /**
     * RMSprop over parameter groups; {@code defaults} fill the options a group does not set.
     *
     * <pre>{@code
     * RMSprop opt = RMSprop.withGroups(List.of(ParamGroup.of(a), ParamGroup.of(b).with("momentum", 0.9)),
     *         RMSprop.options());
     * }</pre>
     */
    public static RMSprop withGroups(List<ParamGroup> groups, Options defaults) {
        return new RMSprop(groups, mapOf(defaults));
    }

    private RMSprop(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    private static Map<String, Double> mapOf(Options options) {
        if (options == null) throw new IllegalArgumentException("RMSprop: options must not be null (RMSprop.options())");
        return options.asMap();
    }

    /**
     * The options of parameter group {@code index}, typed.
     *
     * <pre>{@code
     * boolean centered = opt.groupOptions(0).centered();
     * }</pre>
     */
    public Options groupOptions(int index) {
        return Options.of(paramGroups().get(index));
    }

    @Override
    protected void checkGroup(ParamGroup g) {
        Options.of(g);
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        Options o = Options.of(g);
        float momentum = (float) o.momentum();
        boolean centered = o.centered();
        state.step++;
        float[] sq = state.buffer("square_avg", param).storage();
        float[] buf = momentum > 0f ? state.buffer("momentum_buffer", param).storage() : null;
        float[] ga = centered ? state.buffer("grad_avg", param).storage() : null;
        RmspropStep step = new RmspropStep((float) o.lr(), o.alpha(), (float) o.eps(), (float) o.weightDecay(), momentum, centered,
                o.maximize());
        Kernels kernels = KernelProvider.get();
        forEachElement(param, grad, (p, po, gr, go, from, to) -> kernels.rmsprop(p, po, gr, go, sq, buf, ga, from, to - from, step));
    }
}
