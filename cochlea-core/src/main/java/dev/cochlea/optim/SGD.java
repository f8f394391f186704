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
 * Options ({@link Options}, PyTorch's names in a group and in the state dict): {@code lr},
 * {@code momentum}, {@code dampening}, {@code weight_decay}, {@code nesterov}, {@code maximize}.
 * State per parameter: {@code momentum_buffer}.
 *
 * <pre>{@code
 * SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
 * SGD nest = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9).weightDecay(5e-4).nesterov(true));
 * }</pre>
 */
public final class SGD extends Optimizer {

    /**
     * SGD's hyperparameters ({@code torch.optim.SGD}'s keyword arguments), immutable, with
     * withers; {@link SGD#options()} has PyTorch's defaults. Every value is checked when the
     * record is made; Nesterov momentum needs a momentum and zero dampening.
     *
     * <pre>{@code
     * SGD.Options o = SGD.options().lr(0.1).momentum(0.9).nesterov(true);
     * }</pre>
     *
     * @param lr          learning rate, {@code >= 0}
     * @param momentum    momentum factor, {@code >= 0}
     * @param dampening   dampening of the momentum
     * @param weightDecay L2 penalty, {@code >= 0}
     * @param nesterov    whether to use Nesterov momentum
     * @param maximize    whether to ascend the objective instead
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        /** Checks every value. */
        public Options {
            nonNegative("lr", lr);
            nonNegative("momentum", momentum);
            nonNegative("weight_decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD.Options: Nesterov momentum requires a momentum and zero dampening, found momentum "
                        + momentum + " and dampening " + dampening);
            }
        }

        /** These options with learning rate {@code lr}. <pre>{@code options.lr(0.1)}</pre> */
        public Options lr(double lr) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** These options with {@code momentum}. <pre>{@code options.momentum(0.9)}</pre> */
        public Options momentum(double momentum) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** These options with {@code dampening}. <pre>{@code options.dampening(0.1)}</pre> */
        public Options dampening(double dampening) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** These options with {@code weightDecay}. <pre>{@code options.weightDecay(5e-4)}</pre> */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** These options with or without Nesterov momentum. <pre>{@code options.momentum(0.9).nesterov(true)}</pre> */
        public Options nesterov(boolean nesterov) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** These options maximising instead of minimising. <pre>{@code options.maximize(true)}</pre> */
        public Options maximize(boolean maximize) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
        }

        /** PyTorch's names and values, flags as 0/1: the keys of a group and of the state dict. */
        Map<String, Double> asMap() {
            Map<String, Double> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("momentum", momentum);
            d.put("dampening", dampening);
            d.put("weight_decay", weightDecay);
            d.put("nesterov", nesterov ? 1.0 : 0.0);
            d.put("maximize", maximize ? 1.0 : 0.0);
            return d;
        }

        /** The options of a group (its defaults filled in), checked. */
        static Options of(ParamGroup g) {
            return new Options(g.lr(), g.get("momentum"), g.get("dampening"), g.get("weight_decay"), g.flag("nesterov"),
                    g.flag("maximize"));
        }

        private static void nonNegative(String name, double v) {
            if (!(v >= 0.0)) throw new IllegalArgumentException("SGD.Options: invalid " + name + " value: " + v + " (expected >= 0)");
        }
    }

    /**
     * PyTorch's defaults for SGD: lr 1e-3, no momentum, no dampening, no weight decay, no
     * Nesterov, minimising.
     *
     * <pre>{@code
     * new SGD(model.parameters(), SGD.options().lr(0.1));
     * }</pre>
     */
    public static Options options() {
        return new Options(1e-3, 0, 0, 0, false, false);
    }

    /**
     * SGD over {@code params} with the given options.
     *
     * <pre>{@code
     * new SGD(model.parameters(), SGD.options().lr(0.1)).step();
     * }</pre>
     */
    public SGD(List<Tensor> params, Options options) {
        super(single(params), mapOf(options));
    }

    /**
     * SGD over parameter groups; {@code defaults} fill the options a group does not set.
     *
     * <pre>{@code
     * SGD opt = SGD.withGroups(List.of(ParamGroup.of(body), ParamGroup.of(head).with("lr", 0.1)),
     *         SGD.options().lr(0.01).momentum(0.9));
     * }</pre>
     */
    public static SGD withGroups(List<ParamGroup> groups, Options defaults) {
        return new SGD(groups, mapOf(defaults));
    }

    private SGD(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    private static Map<String, Double> mapOf(Options options) {
        if (options == null) throw new IllegalArgumentException("SGD: options must not be null (SGD.options())");
        return options.asMap();
    }

    /**
     * The options of parameter group {@code index}, typed.
     *
     * <pre>{@code
     * double momentum = opt.groupOptions(0).momentum();
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
        boolean first = momentum != 0f && !state.buffers.containsKey("momentum_buffer");
        SgdStep step = new SgdStep((float) o.lr(), momentum, (float) o.dampening(), (float) o.weightDecay(), o.nesterov(),
                o.maximize(), first);
        float[] buf = momentum == 0f ? null : state.buffer("momentum_buffer", param).storage();
        Kernels kernels = KernelProvider.get();
        forEachElement(param, grad, (p, po, gr, go, from, to) ->
                kernels.sgd(p, po + from, gr, go + from, buf, from, to - from, step));
    }
}
