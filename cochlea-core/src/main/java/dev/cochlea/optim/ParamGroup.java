package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of parameters that share hyperparameters, like one entry of PyTorch's
 * {@code optimizer.param_groups}. Each optimiser takes its defaults as a typed record
 * ({@link Adam.Options}, {@link SGD.Options}, {@link RMSprop.Options}); a group overrides some of
 * them by PyTorch's names ({@code lr}, {@code momentum}, {@code weight_decay}, {@code beta1}, ...),
 * flags such as {@code nesterov} stored as 0 or 1, and takes the rest from the defaults when it
 * is added. A name the optimiser does not know is rejected there, naming the valid ones; once
 * added, the group checks every name it is given the same way.
 *
 * <pre>{@code
 * SGD.Options defaults = SGD.options().lr(0.01).momentum(0.9);
 * SGD opt = SGD.withGroups(List.of(
 *         ParamGroup.of(model.getModule("features").parameters()),
 *         ParamGroup.of(model.getModule("classifier").parameters()).with("lr", 1e-3)),
 *     defaults);
 * opt.paramGroups().get(1).lr();   // 0.001; group 0 has the default 0.01
 * ParamGroup.of(head).with("momentun", 0.9);   // added to SGD: "SGD: unknown option 'momentun' ..."
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();
    /** The optimiser this group was added to, and the option names it knows; null before. */
    private String owner;
    private Set<String> known;

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

    /**
     * Sets option {@code key} (PyTorch's name) and returns this group (for chaining); the
     * optimiser rejects names it does not know.
     */
    public ParamGroup with(String key, double value) {
        set(key, value);
        return this;
    }

    /** Sets a flag option (stored as 1 or 0) and returns this group. */
    public ParamGroup with(String key, boolean value) {
        set(key, value ? 1.0 : 0.0);
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

    /**
     * Sets option {@code key}.
     *
     * @throws IllegalArgumentException when the group belongs to an optimiser that has no option
     *     {@code key}, naming the valid ones
     */
    public void set(String key, double value) {
        if (known != null) checkKey(owner, known, key);
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

    /** Checks the names set so far against {@code known} and checks later ones too. */
    void bind(String owner, Set<String> known) {
        for (String key : options.keySet()) checkKey(owner, known, key);
        this.owner = owner;
        this.known = known;
    }

    /** Fails unless {@code known} has {@code key}, naming the valid names. */
    static void checkKey(String owner, Set<String> known, String key) {
        if (!known.contains(key)) {
            throw new IllegalArgumentException(owner + ": unknown option '" + key + "'; valid options: "
                    + String.join(", ", known));
        }
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " (" + params.size() + " parameters)";
    }
}
