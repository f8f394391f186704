package dev.cochlea.optim;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of all optimisers, like {@code torch.optim.Optimizer}: parameter groups with their
 * hyperparameters, per-parameter state, {@link #step()}, {@link #zeroGrad()}, and a state dict
 * of plain tensors (so training can resume from a safetensors file). Each optimiser takes its
 * hyperparameters as a typed {@code Options} record; inside, a group holds them by PyTorch's
 * names (the keys of the state dict), and names the optimiser does not know are rejected.
 *
 * <p>Subclasses implement {@link #update}, which runs under {@link NoGrad} once per parameter
 * that has a gradient, and update parameters and state in place over the raw storage (see
 * {@link #forEachElement}); after the first step nothing is allocated.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Adam.options().lr(1e-3));
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     Tensor loss = F.crossEntropy(model.forward(b.x()), b.y());
 *     loss.backward();
 *     opt.step();
 * }
 * Safetensors.save(path, opt.stateDict());       // ... later: opt.loadStateDict(Safetensors.load(path))
 * }</pre>
 */
public abstract class Optimizer {
    /** Below this many elements a parameter is updated on the calling thread. */
    private static final int GRAIN = 1 << 15;

    /** The option a learning-rate scheduler adds to every group. */
    static final String INITIAL_LR = "initial_lr";

    private final Map<String, Double> defaults;
    /** The option names of this optimiser: its defaults' and {@link #INITIAL_LR}. */
    private final Set<String> known;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, State> state = new IdentityHashMap<>();

    /**
     * The state of one parameter: a step count (for optimisers that use one) and named buffers
     * such as {@code momentum_buffer} or {@code exp_avg}, all of the parameter's shape.
     */
    protected static final class State {
        /** Steps taken with this parameter (PyTorch's {@code state['step']}). */
        public long step;
        /** Named buffers, contiguous float tensors. */
        public final Map<String, Tensor> buffers = new LinkedHashMap<>();

        /** The buffer {@code name}, created as zeros of {@code like}'s shape when absent. */
        public Tensor buffer(String name, Tensor like) {
            return buffers.computeIfAbsent(name, k -> Tensor.zeros(like.shape()));
        }
    }

    /** An element-wise update over the ranges {@code p[po+from .. po+to)} and {@code g[go+from .. go+to)}. */
    @FunctionalInterface
    protected interface ElementUpdate {
        /** Updates elements {@code from} (inclusive) to {@code to} (exclusive). */
        void apply(float[] p, int po, float[] g, int go, int from, int to);
    }

    /**
     * Sets up groups with the given defaults. Groups are validated with {@link #checkGroup}.
     *
     * @param groups at least one group; parameters must be float leaves and appear only once
     * @param defaults the optimiser's hyperparameters, PyTorch's names, flags as 0/1; a group may
     *     set only these (and {@code initial_lr})
     */
    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        Set<String> names = new LinkedHashSet<>(defaults.keySet());
        names.add(INITIAL_LR);
        this.known = Collections.unmodifiableSet(names);
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) addParamGroup(g);
        if (this.groups.stream().allMatch(g -> g.params().isEmpty())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
        }
    }

    /** A one-group list of {@code params}. */
    protected static List<ParamGroup> single(List<Tensor> params) {
        return List.of(ParamGroup.of(params));
    }

    /**
     * Adds a group, filling options it lacks from the defaults ({@code add_param_group}).
     *
     * <pre>{@code
     * opt.addParamGroup(ParamGroup.of(head.parameters()).with("lr", 1e-4));
     * }</pre>
     *
     * @throws IllegalArgumentException when the group sets an option this optimiser does not have
     *     (naming it and the valid ones), has an invalid value, or repeats a parameter
     */
    public void addParamGroup(ParamGroup group) {
        String name = getClass().getSimpleName();
        if (group == null) throw new IllegalArgumentException(name + ": parameter group must not be null");
        group.bind(name, known);
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : groups) for (Tensor p : g.params()) seen.put(p, Boolean.TRUE);
        for (Tensor p : group.params()) {
            if (p.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException(name + ": can only optimize float32 tensors, found " + p.dtype().torchName()
                        + " of shape " + Arrays.toString(p.shape()));
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf tensor (shape " + Arrays.toString(p.shape()) + ")");
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(name + ": some parameters appear in more than one parameter group");
            }
        }
        defaults.forEach(group::putIfAbsent);
        try {
            checkGroup(group);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " parameter group " + groups.size() + ": " + e.getMessage(), e);
        }
        groups.add(group);
    }

    /**
     * Validates a group's options once its defaults are filled in (e.g. {@code lr >= 0}); throws
     * IllegalArgumentException naming the option. Optimisers with an {@code Options} record read
     * the group into it, which checks every value.
     */
    protected void checkGroup(ParamGroup group) {
        if (!(group.lr() >= 0.0)) throw new IllegalArgumentException("invalid learning rate: " + group.lr());
    }

    /** The parameter groups (the list is unmodifiable; each group's options may be changed). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** The default hyperparameters. */
    public Map<String, Double> defaults() {
        return defaults;
    }

    /** The learning rate of the first group. */
    public double lr() {
        return groups.get(0).lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        if (!(lr >= 0.0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid learning rate: " + lr);
        for (ParamGroup g : groups) g.setLr(lr);
    }

    /**
     * Updates every parameter that has a gradient, in place and without recording a graph.
     *
     * <pre>{@code
     * loss.backward();
     * opt.step();
     * }</pre>
     */
    public void step() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    State s = state.computeIfAbsent(p, k -> new State());
                    update(g, p, grad, s);
                }
            }
        }
    }

    /**
     * Updates one parameter from its gradient. Runs under NoGrad; {@code state} starts empty at the
     * parameter's first step.
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, State state);

    /**
     * Clears gradients by setting them to null, PyTorch 2's default ({@code zero_grad()}).
     *
     * <pre>{@code
     * opt.zeroGrad();
     * }</pre>
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears gradients: to null when {@code setToNone}, else fills them with zeros in place. */
    public void zeroGrad(boolean setToNone) {
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() == null) continue;
                    if (setToNone) p.setGrad(null);
                    else p.grad().zero();
                }
            }
        }
    }

    /** The state of {@code param}, or null before its first step. */
    protected State stateOf(Tensor param) {
        return state.get(param);
    }

    // ---------------------------------------------------------------- state dict

    /**
     * The optimiser's state as plain tensors (copies), keyed like PyTorch's state dict flattened:
     * {@code state.<i>.<buffer>} (float, the parameter's shape), {@code state.<i>.step} (int64
     * scalar), {@code param_groups.<g>.<option>} (float32 scalar) and
     * {@code param_groups.<g>.params} (int64 indices). Parameters are numbered across groups in
     * order, as in PyTorch.
     *
     * <pre>{@code
     * Safetensors.save(Path.of("optim.safetensors"), opt.stateDict());
     * }</pre>
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            long[] ids = new long[g.params().size()];
            for (int j = 0; j < ids.length; j++) {
                Tensor p = g.params().get(j);
                ids[j] = index;
                State s = state.get(p);
                if (s != null) {
                    out.put("state." + index + ".step", Tensor.ofLongs(new long[] {s.step}));
                    for (Map.Entry<String, Tensor> e : s.buffers.entrySet()) {
                        out.put("state." + index + "." + e.getKey(), Tensor.of(e.getValue().toFloatArray(), e.getValue().shape()));
                    }
                }
                index++;
            }
            for (Map.Entry<String, Double> e : g.options().entrySet()) {
                out.put("param_groups." + gi + "." + e.getKey(), Tensor.scalar(e.getValue().floatValue()));
            }
            out.put("param_groups." + gi + ".params", Tensor.ofLongs(ids, ids.length));
        }
        return out;
    }

    /**
     * Restores state saved by {@link #stateDict()} into an optimiser over the same parameters
     * (same group sizes and shapes). Options are restored too: a saved float32 option that equals
     * the current value rounded to float keeps the current (double) value, others become the
     * shortest decimal that rounds to the saved float (0.05f is restored as 0.05).
     *
     * <pre>{@code
     * opt.loadStateDict(Safetensors.load(Path.of("optim.safetensors")));
     * }</pre>
     *
     * @throws IllegalArgumentException when groups, parameter counts or shapes differ, or a saved
     *     option is not one of this optimiser's
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        String name = getClass().getSimpleName() + ".loadStateDict";
        int savedGroups = 0;
        while (dict.containsKey("param_groups." + savedGroups + ".params")) savedGroups++;
        if (savedGroups != groups.size()) {
            throw new IllegalArgumentException(name + ": the state dict has " + savedGroups + " parameter groups, this optimizer "
                    + groups.size());
        }
        List<Tensor> all = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            int saved = dict.get("param_groups." + gi + ".params").numel();
            int here = groups.get(gi).params().size();
            if (saved != here) {
                throw new IllegalArgumentException(name + ": parameter group " + gi + " has " + saved
                        + " parameters in the state dict but " + here + " here");
            }
            all.addAll(groups.get(gi).params());
        }
        // Validate everything before changing anything.
        Map<Tensor, State> loaded = new IdentityHashMap<>();
        String prefix = "state.";
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) continue;
            int dot = key.indexOf('.', prefix.length());
            if (dot < 0) throw new IllegalArgumentException(name + ": malformed key '" + key + "'");
            int idx;
            try {
                idx = Integer.parseInt(key.substring(prefix.length(), dot));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + ": malformed key '" + key + "'");
            }
            if (idx < 0 || idx >= all.size()) {
                throw new IllegalArgumentException(name + ": key '" + key + "' refers to parameter " + idx + " but there are "
                        + all.size());
            }
            Tensor p = all.get(idx);
            State s = loaded.computeIfAbsent(p, k -> new State());
            String field = key.substring(dot + 1);
            Tensor v = e.getValue();
            if (field.equals("step")) {
                s.step = v.getLong(new int[v.dim()]);
            } else {
                if (!Arrays.equals(v.shape(), p.shape())) {
                    throw new IllegalArgumentException(name + ": '" + key + "' has shape " + Arrays.toString(v.shape())
                            + " but parameter " + idx + " has shape " + Arrays.toString(p.shape()));
                }
                s.buffers.put(field, Tensor.of(v.toFloatArray(), v.shape()));
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            String gp = "param_groups." + gi + ".";
            for (String key : dict.keySet()) {
                if (key.startsWith(gp) && !key.equals(gp + "params")) ParamGroup.checkKey(name, known, key.substring(gp.length()));
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            String gp = "param_groups." + gi + ".";
            for (Map.Entry<String, Tensor> e : dict.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith(gp) || key.equals(gp + "params")) continue;
                String opt = key.substring(gp.length());
                float f = e.getValue().item();
                if (g.has(opt) && (float) g.get(opt) == f) continue;
                // The shortest decimal that rounds to the saved float: 0.05f comes back as 0.05.
                g.set(opt, Double.parseDouble(Float.toString(f)));
            }
        }
        state.clear();
        state.putAll(loaded);
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /**
     * Runs {@code body} over all elements of {@code param} and {@code grad} (same shape), on the
     * worker pool for large tensors. The body writes the parameter in place; state buffers it
     * captures are contiguous and indexed like the element range. Non-contiguous parameters or
     * gradients are handled through contiguous copies.
     */
    protected static void forEachElement(Tensor param, Tensor grad, ElementUpdate body) {
        if (!Arrays.equals(param.shape(), grad.shape())) {
            throw new IllegalStateException("optimizer: gradient of shape " + Arrays.toString(grad.shape())
                    + " does not match its parameter of shape " + Arrays.toString(param.shape()));
        }
        Tensor g = grad.isContiguous() ? grad : grad.contiguous();
        boolean direct = param.isContiguous();
        Tensor p = direct ? param : Tensor.of(param.toFloatArray(), param.shape());
        float[] pd = p.storage(), gd = g.storage();
        int po = p.offset(), go = g.offset();
        Parallel.forRange(p.numel(), GRAIN, (from, to) -> body.apply(pd, po, gd, go, from, to));
        if (!direct) param.copyFrom(p);
    }
}
