package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters that share hyperparameters, like one entry of PyTorch's
 * {@code optimizer.param_groups}. Options are numbers keyed by PyTorch's names ({@code lr},
 * {@code momentum}, {@code weight_decay}, {@code beta1}, ...); flags such as {@code nesterov} are
 * stored as 0 or 1. Options not set here are filled from the optimizer's defaults when the group
 * is added.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(List.of(
 *         ParamGroup.of(model.getModule("features").parameters()),
 *         ParamGroup.of(model.getModule("classifier").parameters()).with("lr", 1e-3)),
 *     0.01);
 * opt.paramGroups().get(1).lr();   // 0.001; group 0 has the default 0.01
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) {
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /**
     * A group of {@code params} with no options of its own yet.
     *
     * <pre>{@code
     * ParamGroup g = ParamGroup.of(model.parameters()).with("weight_decay", 0);
     * }</pre>
     */
    public static ParamGroup of(List<Tensor> params) {
        if (params == null) throw new IllegalArgumentException("ParamGroup: params must not be null");
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
        }
        return new ParamGroup(params);
    }

    /** Sets option {@code key} and returns this group (for chaining). */
    public ParamGroup with(String key, double value) {
        options.put(key, value);
        return this;
    }

    /** Sets a flag option (stored as 1 or 0) and returns this group. */
    public ParamGroup with(String key, boolean value) {
        options.put(key, value ? 1.0 : 0.0);
        return this;
    }

    /** The group's parameters (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /** Whether option {@code key} is set. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** Option {@code key}; fails naming the known options when it is missing. */
    public double get(String key) {
        Double v = options.get(key);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no option '" + key + "'; options: " + options.keySet());
        return v;
    }

    /** A flag option (non-zero is true). */
    public boolean flag(String key) {
        return get(key) != 0.0;
    }

    /** Sets option {@code key}. */
    public void set(String key, double value) {
        options.put(key, value);
    }

    /** The learning rate ({@code lr}). */
    public double lr() {
        return get("lr");
    }

    /** Sets the learning rate. */
    public void setLr(double lr) {
        options.put("lr", lr);
    }

    /** All options, in insertion order (unmodifiable view). */
    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }

    void putIfAbsent(String key, double value) {
        options.putIfAbsent(key, value);
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " (" + params.size() + " parameters)";
    }
}
