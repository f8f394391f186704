package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The base of every layer and model, like {@code torch.nn.Module}: it owns parameters (leaf tensors
 * that require grad), buffers (state that is saved but not trained, such as BatchNorm's running
 * statistics) and child modules, all registered under names so that {@link #stateDict()} uses the
 * same dotted keys as PyTorch ({@code features.3.weight}).
 *
 * <pre>{@code
 * final class Net extends Module {
 *     final Conv2d conv = registerModule("conv", new Conv2d(1, 8, 3));
 *     final Linear fc = registerModule("fc", new Linear(8, 10));
 *
 *     @Override public Tensor forward(Tensor x) {             // x: [N, 1, H, W]
 *         Tensor h = conv.forward(x).relu();                  // [N, 8, H-2, W-2]
 *         return fc.forward(h.mean(new int[] {2, 3}, false)); // [N, 10]
 *     }
 * }
 * Net net = new Net();
 * net.eval();
 * Map<String, Tensor> sd = net.stateDict();   // conv.weight, conv.bias, fc.weight, fc.bias
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final List<ForwardPreHook> forwardPreHooks = new ArrayList<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /** A hook called by {@link #call} before the module's forward, with the module and its inputs. */
    @FunctionalInterface
    public interface ForwardPreHook {
        /** Called before the module's forward. */
        void beforeForward(Module module, Tensor[] inputs);
    }

    /** A hook called after {@link #call} with the module, its inputs and its output. */
    @FunctionalInterface
    public interface ForwardHook {
        /** Called after the module's forward. */
        void afterForward(Module module, Tensor[] inputs, Tensor output);
    }

    /** Handle that removes a registered hook. */
    @FunctionalInterface
    public interface HookHandle extends AutoCloseable {
        /** Removes the hook. */
        void remove();

        @Override
        default void close() {
            remove();
        }
    }

    protected Module() {}

    // ---------------------------------------------------------------- forward

    /** Computes the output for one input tensor. */
    public abstract Tensor forward(Tensor x);

    /**
     * Computes the output for several inputs; by default requires exactly one and calls
     * {@link #forward(Tensor)}. Multi-input modules (losses, for instance) override this.
     */
    public Tensor forward(Tensor... xs) {
        if (xs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward: expected 1 input, got " + xs.length);
        }
        return forward(xs[0]);
    }

    /**
     * Runs the forward pre-hooks, {@link #forward(Tensor...)} and then the forward hooks (like calling
     * a PyTorch module, {@code module(x)}). Containers call their children through this method so hooks fire. An
     * argument or state error from {@code forward} comes out with the failing layer's description
     * in front of its message (the innermost layer's, once).
     */
    public final Tensor call(Tensor... xs) {
        if (!forwardPreHooks.isEmpty()) {
            for (ForwardPreHook h : List.copyOf(forwardPreHooks)) h.beforeForward(this, xs);
        }
        Tensor out;
        try {
            out = xs.length == 1 ? forward(xs[0]) : forward(xs);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw LayerError.wrap(this, e);
        }
        if (!forwardHooks.isEmpty()) {
            for (ForwardHook h : List.copyOf(forwardHooks)) h.afterForward(this, xs, out);
        }
        return out;
    }

    /**
     * Registers a hook run before every {@link #call} (like {@code register_forward_pre_hook}, without
     * replacing the inputs); the returned handle removes it.
     */
    public HookHandle registerForwardPreHook(ForwardPreHook hook) {
        forwardPreHooks.add(hook);
        return () -> forwardPreHooks.remove(hook);
    }

    /** Registers a hook run after every {@link #call}; the returned handle removes it. */
    public HookHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code param} under {@code name} (replacing any earlier one), marking it as a leaf that
     * requires grad; {@code null} registers an absent parameter (like {@code bias=False}). Returns it.
     */
    protected Tensor registerParameter(String name, Tensor param) {
        checkName(name);
        if (param != null) {
            if (!param.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".registerParameter('" + name
                        + "'): a parameter must be a leaf tensor (detach() it first)");
            }
            param.requiresGrad(true);
        }
        buffers.remove(name);
        modules.remove(name);
        parameters.put(name, param);
        return param;
    }

    /** Registers a buffer (saved in the state dict, not trained); {@code null} reserves the name. Returns it. */
    protected Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        parameters.remove(name);
        modules.remove(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module under {@code name}; returns it, so fields can be initialised inline. */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        parameters.remove(name);
        buffers.remove(name);
        modules.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid attribute name '" + name
                    + "' (must be non-empty and contain no '.')");
        }
    }

    /** The parameter registered directly on this module under {@code name}, or null. */
    public Tensor getParameter(String name) {
        return parameters.get(name);
    }

    /** The buffer registered directly on this module under {@code name}, or null. */
    public Tensor getBuffer(String name) {
        return buffers.get(name);
    }

    /** The parameters registered directly on this module (not its children), in order. */
    public List<Tensor> ownParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : parameters.values()) if (t != null) out.add(t);
        return out;
    }

    /** The child registered directly on this module under {@code name}, or null. */
    public Module getModule(String name) {
        return modules.get(name);
    }

    // ---------------------------------------------------------------- traversal

    /** All parameters of this module and its descendants, each once, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters keyed by PyTorch's dotted names ({@code 0.weight}, {@code features.3.bias}). */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            for (Map.Entry<String, Tensor> p : e.getValue().parameters.entrySet()) {
                if (p.getValue() != null && seen.put(p.getValue(), Boolean.TRUE) == null) {
                    out.put(prefix + p.getKey(), p.getValue());
                }
            }
        }
        return out;
    }

    /** All buffers of this module and its descendants, in registration order. */
    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** Buffers keyed by dotted names ({@code 1.running_mean}). */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            for (Map.Entry<String, Tensor> b : e.getValue().buffers.entrySet()) {
                if (b.getValue() != null) out.put(prefix + b.getKey(), b.getValue());
            }
        }
        return out;
    }

    /** The direct children, in registration order. */
    public List<Module> children() {
        List<Module> out = new ArrayList<>();
        for (Module m : modules.values()) if (m != null) out.add(m);
        return out;
    }

    /** The direct children keyed by name. */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        modules.forEach((k, v) -> {
            if (v != null) out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    /** This module (under "") and every descendant under its dotted path, pre-order, each once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, new java.util.IdentityHashMap<>());
        return out;
    }

    /** This module and every descendant, pre-order. */
    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Map<Module, Boolean> seen) {
        if (seen.put(m, Boolean.TRUE) != null) return;
        out.put(prefix, m);
        for (Map.Entry<String, Module> e : m.modules.entrySet()) {
            if (e.getValue() == null) continue;
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, seen);
        }
    }

    /** Calls {@code fn} on every descendant (children first) and then on this module; returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // ---------------------------------------------------------------- modes

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train(boolean mode) {
        this.training = mode;
        for (Module c : children()) c.train(mode);
        return this;
    }

    /** Training mode (dropout active, batch statistics used). */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off, running statistics used). */
    public Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters (sets them to null, like {@code set_to_none=True}). */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.setGrad(null);
    }

    /** The number of scalar parameters (each shared tensor counted once). */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** The number of scalar parameters that require grad. */
    public long trainableParameterCount() {
        long n = 0;
        for (Tensor p : parameters()) if (p.requiresGrad()) n += p.numel();
        return n;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and buffers keyed by PyTorch's names, in PyTorch's order (per module: its parameters,
     * then its buffers, then its children). The tensors are the live ones (detached views are not taken),
     * so copy them if you mean to keep a snapshot.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", this, out);
        return out;
    }

    private static void collectState(String prefix, Module m, Map<String, Tensor> out) {
        m.parameters.forEach((k, v) -> {
            if (v != null) out.put(prefix + k, v);
        });
        m.buffers.forEach((k, v) -> {
            if (v != null && m.isPersistentBuffer(k)) out.put(prefix + k, v);
        });
        m.modules.forEach((k, v) -> {
            if (v != null) collectState(prefix + k + ".", v, out);
        });
    }

    /** Whether buffer {@code name} belongs in the state dict; subclasses may exclude scratch buffers. */
    protected boolean isPersistentBuffer(String name) {
        return true;
    }

    /** {@link #loadStateDict(Map, boolean)} with {@code strict = true}. */
    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers in place (no graph
     * is recorded). With {@code strict}, missing and unexpected keys are errors; shape mismatches are
     * always errors. All problems are reported together, naming each key and both shapes.
     *
     * @return the keys of this module that were not found in {@code state} (empty when strict)
     */
    public List<String> loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + shapeStr(src.shape()) + " from checkpoint, the shape in current model is "
                        + shapeStr(e.getValue().shape()) + ".");
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        boolean fail = !mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()));
        if (fail) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for ").append(getClass().getSimpleName()).append(':');
            if (strict && !missing.isEmpty()) sb.append("\n\tMissing key(s) in state_dict: ").append(quoted(missing)).append('.');
            if (strict && !unexpected.isEmpty()) sb.append("\n\tUnexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
            for (String m : mismatched) sb.append("\n\t").append(m);
            throw new IllegalArgumentException(sb.toString());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src == null) continue;
                Tensor dst = e.getValue();
                if (dst.dtype() != src.dtype()) {
                    src = dst.dtype() == DType.FLOAT32 ? src.toFloat() : src.toLong();
                }
                dst.copyFrom(src);
            }
        }
        return missing;
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('"').append(keys.get(i)).append('"');
        }
        return sb.toString();
    }

    static String shapeStr(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** Writes {@link #stateDict()} to a safetensors file (readable by {@code safetensors.torch.load_file}). */
    public void save(Path file) {
        try {
            Safetensors.save(file, stateDict());
        } catch (IOException e) {
            throw new UncheckedIOException("saving " + getClass().getSimpleName() + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a state dict written by {@link #save} (or by PyTorch's safetensors) strictly; returns this. */
    public Module load(Path file) {
        try {
            loadStateDict(Safetensors.load(file), true);
        } catch (IOException e) {
            throw new UncheckedIOException("loading " + getClass().getSimpleName() + " from " + file + ": " + e.getMessage(), e);
        }
        return this;
    }

    // ---------------------------------------------------------------- printing

    /** The text inside this module's parentheses in {@link #toString()}, e.g. {@code in_features=4, out_features=2, bias=True}. */
    public String extraRepr() {
        return "";
    }

    /** The name printed for this module; the simple class name by default. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The module tree in PyTorch's {@code repr} format. */
    @Override
    public String toString() {
        String extra = extraRepr();
        List<String> childLines = new ArrayList<>();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() == null) continue;
            String child = indent(e.getValue().toString(), 2);
            childLines.add("(" + e.getKey() + "): " + child);
        }
        List<String> lines = new ArrayList<>();
        if (!extra.isEmpty()) lines.addAll(Arrays.asList(extra.split("\n", -1)));
        lines.addAll(childLines);
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (!lines.isEmpty()) {
            if (extra.isEmpty() || childLines.size() > 0 || extra.contains("\n")) {
                sb.append("\n");
                for (String l : lines) sb.append("  ").append(l).append('\n');
            } else {
                sb.append(extra);
            }
        }
        return sb.append(')').toString();
    }

    private static String indent(String s, int n) {
        String[] parts = s.split("\n", -1);
        if (parts.length == 1) return s;
        StringBuilder sb = new StringBuilder(parts[0]);
        String pad = " ".repeat(n);
        for (int i = 1; i < parts.length; i++) sb.append('\n').append(pad).append(parts[i]);
        return sb.toString();
    }

    /**
     * A torchinfo-style table: each leaf layer with its output shape and parameter count, then totals,
     * computed by running a forward pass on zeros of {@code inputShape} (batch included) without grad,
     * in eval mode (the previous mode is restored). Shapes are seen through forward hooks, so a
     * composite module should run its children with {@link #call} ({@link Sequential} does); children
     * run with a plain {@code forward} show {@code --}.
     */
    public String summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }
}
