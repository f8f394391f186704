package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph of one forward pass of a model, traced as PyTorch's {@code torch.jit.trace} does for
 * {@code SummaryWriter.add_graph}: every op autograd records becomes a node named by the module
 * that ran it ({@code CifarQuick/Sequential[model]/Conv2d[0]/conv2d}), with the model's input
 * ({@code input/input}), the parameters and buffers each op reads (under their module's scope, with
 * their state-dict key as {@link GraphNode#detail()}) and the output ({@code output/output}) as
 * nodes of their own, and each node's output shape.
 *
 * <p>The pass runs in evaluation mode, with grad mode on, over a copy of the example input that
 * requires grad (so every op on the input's path is recorded, even for frozen layers); the model's
 * training flags and the default generator are as before afterwards (and evaluation mode leaves
 * BatchNorm's running statistics alone).
 * Scopes come from forward hooks, so a composite module should run its children with
 * {@link Module#call} ({@link Sequential} does); ops of a child run with a plain {@code forward}
 * land in the caller's scope. Ops inside a {@code NoGrad} block or on other threads are not seen:
 * their results enter the graph as constants.
 *
 * <pre>{@code
 * ModuleGraph g = ModuleGraph.trace(new CifarQuick(3, 32, 32, 10), Tensor.ones(1, 3, 32, 32));
 * for (GraphNode n : g.nodes()) System.out.println(n);
 * // input/input = Input() [1, 3, 32, 32]
 * // CifarQuick/Sequential[model]/Conv2d[0]/weight = Parameter() [32, 3, 5, 5]
 * // ...
 * // CifarQuick/Sequential[model]/Conv2d[0]/conv2d = conv2d(input/input, .../weight, .../bias) [1, 32, 32, 32]
 * }</pre>
 */
public final class ModuleGraph {
    private final String model;
    private final List<GraphNode> nodes;
    private final Map<String, GraphNode> byName = new LinkedHashMap<>();

    private ModuleGraph(String model, List<GraphNode> nodes) {
        this.model = model;
        this.nodes = List.copyOf(nodes);
        for (GraphNode n : this.nodes) byName.put(n.name(), n);
    }

    /**
     * Traces one forward pass of {@code model} over {@code inputs} (one tensor per argument of its
     * forward, batch included).
     *
     * @throws IllegalArgumentException when the model or an input is missing, or when the forward pass
     *                                  fails (the message names the model, the input shapes and the cause)
     */
    public static ModuleGraph trace(Module model, Tensor... inputs) {
        if (model == null) throw new IllegalArgumentException("graph: the model is null");
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("graph of " + model.name() + ": no example input (pass one tensor per "
                    + "argument of forward, e.g. Tensor.ones(1, 3, 32, 32))");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException("graph of " + model.name() + ": example input " + i + " is null");
            }
        }
        return new ModuleGraph(model.name(), GraphTracer.run(model, inputs));
    }

    /** The traced model's name (its {@link Module#name()}), the root of every op's scope. */
    public String model() {
        return model;
    }

    /** Every node: inputs first, then parameters, constants and ops in the order the pass used them, the output last. */
    public List<GraphNode> nodes() {
        return nodes;
    }

    /** The nodes of one kind, in order. */
    public List<GraphNode> nodes(GraphNode.Kind kind) {
        List<GraphNode> out = new ArrayList<>();
        for (GraphNode n : nodes) if (n.kind() == kind) out.add(n);
        return out;
    }

    /** The node called {@code name}, or null. */
    public GraphNode node(String name) {
        return byName.get(name);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** One line per node: name, op, inputs, shape. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (GraphNode n : nodes) {
            sb.append(n).append('\n');
        }
        return sb.toString();
    }
}
