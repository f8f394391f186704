package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay — {@code torch.optim.AdamW}: each step first shrinks the
 * parameter, {@code p = p · (1 - lr · weight_decay)}, then applies the {@link Adam} update
 * without weight decay in the gradient. Options are {@link Adam.Options}; PyTorch's default
 * {@code weight_decay} for AdamW is 0.01 ({@link #options()}).
 *
 * <pre>{@code
 * AdamW opt = new AdamW(model.parameters(), AdamW.options().lr(1e-3));            // weight_decay 0.01
 * AdamW strong = new AdamW(model.parameters(), AdamW.options().lr(1e-3).weightDecay(0.1));
 * }</pre>
 */
public final class AdamW extends Adam {

    /**
     * PyTorch's defaults for AdamW: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, no
     * AMSGrad, minimising.
     *
     * <pre>{@code
     * new AdamW(model.parameters(), AdamW.options().lr(3e-4));
     * }</pre>
     */
    public static Options options() {
        return Adam.options().weightDecay(1e-2);
    }

    /**
     * AdamW over {@code params} with PyTorch's defaults (weight decay 0.01).
     *
     * <pre>{@code
     * new AdamW(model.parameters());
     * }</pre>
     */
    public AdamW(List<Tensor> params) {
        this(params, options());
    }

    /**
     * AdamW over {@code params} with the given options; start from {@link #options()} for
     * PyTorch's AdamW defaults.
     *
     * <pre>{@code
     * new AdamW(model.parameters(), AdamW.options().lr(1e-3));
     * }</pre>
     */
    public AdamW(List<Tensor> params, Options options) {
        super(single(params), mapOf(options));
    }

    /**
     * AdamW over parameter groups; {@code defaults} fill the options a group does not set.
     *
     * <pre>{@code
     * AdamW opt = AdamW.withGroups(List.of(ParamGroup.of(weights), ParamGroup.of(biases).with("weight_decay", 0)),
     *         AdamW.options().lr(1e-3));
     * }</pre>
     */
    public static AdamW withGroups(List<ParamGroup> groups, Options defaults) {
        return new AdamW(groups, mapOf(defaults));
    }

    private AdamW(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    @Override
    boolean decoupled() {
        return true;
    }
}
