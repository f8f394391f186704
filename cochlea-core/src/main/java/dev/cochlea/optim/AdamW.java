package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay — {@code torch.optim.AdamW}: each step first shrinks the
 * parameter, {@code p = p · (1 - lr · weight_decay)}, then applies the {@link Adam} update
 * without weight decay in the gradient. PyTorch's default {@code weight_decay} is 0.01.
 *
 * <pre>{@code
 * AdamW opt = new AdamW(model.parameters(), 1e-3);              // weight_decay 0.01
 * AdamW strong = new AdamW(model.parameters(), 1e-3, 0.9, 0.999, 1e-8, 0.1, false);
 * }</pre>
 */
public final class AdamW extends Adam {

    /**
     * AdamW with learning rate {@code lr} and PyTorch's defaults (β = (0.9, 0.999), eps 1e-8,
     * weight decay 0.01).
     *
     * <pre>{@code
     * new AdamW(model.parameters(), 1e-3);
     * }</pre>
     */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /** AdamW with all options. */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /**
     * AdamW over parameter groups; the arguments are the defaults for options a group does not set.
     *
     * <pre>{@code
     * AdamW opt = AdamW.withGroups(List.of(ParamGroup.of(weights), ParamGroup.of(biases).with("weight_decay", 0)),
     *         1e-3, 0.9, 0.999, 1e-8, 0.01, false);
     * }</pre>
     */
    public static AdamW withGroups(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                                   boolean amsgrad) {
        return new AdamW(groups, Adam.defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    private AdamW(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    @Override
    boolean decoupled() {
        return true;
    }
}
