package dev.cochlea.nn;

import dev.cochlea.autograd.Node;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.autograd.OpTrace;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one traced forward pass for {@link ModuleGraph#trace}: forward pre- and post-hooks on every
 * module of the model keep a stack of module scopes, and an {@link OpTrace} turns each op autograd
 * records into a node of the current scope, whose inputs are the nodes that produced its input tensors
 * (the model's inputs, its parameters and buffers, earlier ops, or constants).
 *
 * <pre>{@code
 * List<GraphNode> nodes = GraphTracer.run(model, new Tensor[] {x});
 * }</pre>
 */
final class GraphTracer implements OpTrace.Listener {
    private final Thread thread = Thread.currentThread();
    /** The scope of every module of the model, from its registered path: Net/Sequential[features]/Conv2d[0]. */
    private final Map<Module, String> scopes = new IdentityHashMap<>();
    /** State-dict key and kind of each parameter and buffer. */
    private final Map<Tensor, String> stateKeys = new IdentityHashMap<>();
    private final Map<Tensor, GraphNode.Kind> stateKinds = new IdentityHashMap<>();
    private final Map<String, String> pathScopes = new HashMap<>();
    /** The node whose output each known tensor is. */
    private final Map<Tensor, String> producers = new IdentityHashMap<>();
    private final ArrayDeque<Module> modules = new ArrayDeque<>();
    private final ArrayDeque<String> scopeStack = new ArrayDeque<>();
    private final Map<String, Integer> taken = new HashMap<>();
    private final List<GraphNode> nodes = new ArrayList<>();
    private final String rootScope;

    private GraphTracer(Module model) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            String path = e.getKey();
            String scope;
            if (path.isEmpty()) {
                scope = clean(e.getValue().name());
            } else {
                int dot = path.lastIndexOf('.');
                String parent = dot < 0 ? "" : path.substring(0, dot);
                scope = pathScopes.get(parent) + "/" + clean(e.getValue().name()) + "[" + path.substring(dot + 1) + "]";
            }
            pathScopes.put(path, scope);
            scopes.put(e.getValue(), scope);
        }
        this.rootScope = pathScopes.get("");
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            stateKeys.putIfAbsent(e.getValue(), e.getKey());
            stateKinds.putIfAbsent(e.getValue(), GraphNode.Kind.BUFFER);
        }
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            stateKeys.put(e.getValue(), e.getKey());
            stateKinds.put(e.getValue(), GraphNode.Kind.PARAMETER);
        }
    }

    /**
     * The nodes of one forward pass of {@code model} over copies of {@code inputs}: inputs first, then
     * parameters, buffers, constants and ops in the order the pass first used them, the output last.
     * The model's training flags and the default generator are restored afterwards.
     */
    static List<GraphNode> run(Module model, Tensor[] inputs) {
        GraphTracer tracer = new GraphTracer(model);
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            try (NoGrad ignored = NoGrad.enter()) {
                xs[i] = inputs[i].copy();
            }
            if (xs[i].dtype() == DType.FLOAT32) xs[i].requiresGrad(true);
            String name = inputs.length == 1 ? "input/input" : "input/input_" + i;
            tracer.add(name, GraphNode.Kind.INPUT, "Input", List.of(), xs[i], "");
        }
        List<Module> all = model.modules();                       // pre-order: parents before children
        boolean[] training = new boolean[all.size()];
        for (int i = 0; i < training.length; i++) training[i] = all.get(i).isTraining();
        Generator.State rng = Generator.defaultGenerator().getState();
        List<Module.HookHandle> hooks = new ArrayList<>();
        Tensor out;
        try (NoGrad ignored = NoGrad.enableGrad(); OpTrace trace = OpTrace.open(tracer)) {
            model.eval();
            for (Module m : all) {
                hooks.add(m.registerForwardPreHook(tracer::enter));
                hooks.add(m.registerForwardHook((mod, in, o) -> tracer.exit(mod)));
            }
            out = model.call(xs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("graph of " + model.name() + ": the forward pass over "
                    + shapes(inputs) + " failed: " + e.getMessage(), e);
        } finally {
            for (Module.HookHandle h : hooks) h.remove();
            // train(flag) also sets the descendants, which then get their own flags back, in pre-order.
            for (int i = 0; i < training.length; i++) all.get(i).train(training[i]);
            Generator.defaultGenerator().setState(rng);
        }
        if (out == null) {
            throw new IllegalArgumentException("graph of " + model.name() + ": forward returned null for " + shapes(inputs));
        }
        String result = tracer.nameOf(out, tracer.rootScope);
        tracer.add("output/output", GraphNode.Kind.OUTPUT, "Output", List.of(result), out, "");
        return tracer.nodes;
    }

    private void enter(Module m, Tensor[] inputs) {
        if (Thread.currentThread() != thread) return;
        modules.push(m);
        scopeStack.push(scopes.getOrDefault(m, currentScope()));
    }

    private void exit(Module m) {
        if (Thread.currentThread() != thread || !modules.contains(m)) return;
        // Pops past modules whose forward threw inside a forward that went on (their exit never came).
        while (!modules.isEmpty()) {
            scopeStack.pop();
            if (modules.pop() == m) return;
        }
    }

    private String currentScope() {
        return scopeStack.isEmpty() ? rootScope : scopeStack.peek();
    }

    @Override
    public void recorded(Node node, Tensor output) {
        String scope = currentScope();
        List<String> in = new ArrayList<>();
        for (Tensor t : node.inputs()) {
            if (t != null) in.add(nameOf(t, scope));
        }
        String op = opName(node.name());
        add(scope + "/" + op, GraphNode.Kind.OP, op, in, output, node.name());
    }

    /** The node producing {@code t}; a parameter, buffer or constant gets its node on first use. */
    private String nameOf(Tensor t, String scope) {
        String known = producers.get(t);
        if (known != null) return known;
        String key = stateKeys.get(t);
        if (key == null) return add(scope + "/constant", GraphNode.Kind.CONSTANT, "Constant", List.of(), t, "");
        int dot = key.lastIndexOf('.');
        String owner = dot < 0 ? rootScope : pathScopes.getOrDefault(key.substring(0, dot), rootScope);
        GraphNode.Kind kind = stateKinds.get(t);
        return add(owner + "/" + key.substring(dot + 1), kind, kind == GraphNode.Kind.BUFFER ? "Buffer" : "Parameter",
                List.of(), t, key);
    }

    private String add(String base, GraphNode.Kind kind, String op, List<String> inputs, Tensor value, String detail) {
        String name = unique(base);
        nodes.add(new GraphNode(name, kind, op, inputs, value.shape(), detail));
        producers.put(value, name);
        return name;
    }

    private String unique(String base) {
        Integer n = taken.get(base);
        if (n == null) {
            taken.put(base, 0);
            return base;
        }
        String name;
        do {
            n++;
            name = base + "_" + n;
        } while (taken.containsKey(name));
        taken.put(base, n);
        taken.put(name, 0);
        return name;
    }

    /**
     * An autograd node's name as an op name: without the {@code Backward} suffix, in snake case
     * ({@code Conv2dBackward} → {@code conv2d}, {@code MaxPool2dBackward} → {@code max_pool2d},
     * {@code MulBackward0} → {@code mul}).
     */
    static String opName(String nodeName) {
        String s = nodeName.replaceFirst("Backward\\d*$", "");
        if (s.isEmpty()) return "op";
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterWord = i > 0 && (Character.isLowerCase(s.charAt(i - 1)) || Character.isDigit(s.charAt(i - 1)));
                boolean acronymEnd = i > 0 && Character.isUpperCase(s.charAt(i - 1))
                        && i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
                if (afterWord || acronymEnd) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A module name usable as one scope segment. */
    private static String clean(String name) {
        String s = name == null ? "" : name.replace('/', '_').strip();
        return s.isEmpty() ? "Module" : s;
    }

    private static String shapes(Tensor[] inputs) {
        List<String> out = new ArrayList<>();
        for (Tensor t : inputs) out.add(Arrays.toString(t.shape()));
        return out.size() == 1 ? "an input of shape " + out.get(0) : "inputs of shapes " + String.join(", ", out);
    }
}
