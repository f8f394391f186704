package dev.cochlea.nn;

import java.util.Arrays;
import java.util.List;

/**
 * One node of a {@link ModuleGraph}: a model input or output, a parameter, buffer or constant an op
 * reads, or an op run by the forward pass. Its {@link #name()} is unique in the graph and scoped by
 * the module that ran it, as PyTorch's traced graphs are ({@code Net/Conv2d[conv1]/conv2d}); its
 * {@link #inputs()} name the nodes whose outputs it reads.
 *
 * <pre>{@code
 * GraphNode conv = graph.node("Net/Conv2d[conv1]/conv2d");
 * conv.op();       // "conv2d"
 * conv.inputs();   // [input/input, Net/Conv2d[conv1]/weight, Net/Conv2d[conv1]/bias]
 * conv.shape();    // [1, 8, 30, 30]
 * conv.scope();    // "Net/Conv2d[conv1]"
 * }</pre>
 */
public final class GraphNode {
    /** What a node stands for. */
    public enum Kind {
        /** A tensor passed to the model ({@code input/...}). */
        INPUT,
        /** A parameter of the model, read by an op. */
        PARAMETER,
        /** A buffer of the model (BatchNorm's running statistics, say), read by an op. */
        BUFFER,
        /** A tensor an op read that is neither an input, a parameter, a buffer nor the result of a traced op. */
        CONSTANT,
        /** An operation of the forward pass. */
        OP,
        /** The model's result ({@code output/...}). */
        OUTPUT
    }

    private final String name;
    private final Kind kind;
    private final String op;
    private final List<String> inputs;
    private final int[] shape;
    private final String detail;

    GraphNode(String name, Kind kind, String op, List<String> inputs, int[] shape, String detail) {
        this.name = name;
        this.kind = kind;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.shape = shape.clone();
        this.detail = detail;
    }

    /** The unique, '/'-scoped name, e.g. {@code Net/Conv2d[conv1]/conv2d} or {@code input/input}. */
    public String name() {
        return name;
    }

    /** What the node stands for. */
    public Kind kind() {
        return kind;
    }

    /**
     * The operation: for an op, its name in snake case from autograd's record ({@code conv2d},
     * {@code max_pool2d}, {@code addmm}, {@code view}); otherwise {@code Input}, {@code Parameter},
     * {@code Buffer}, {@code Constant} or {@code Output}.
     */
    public String op() {
        return op;
    }

    /** The names of the nodes this one reads, in the op's argument order. */
    public List<String> inputs() {
        return inputs;
    }

    /** The shape of the node's output (a parameter's or buffer's own shape). */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * More about the node: the state-dict key of a parameter or buffer ({@code conv1.weight}), the
     * autograd node name of an op ({@code Conv2dBackward}), or empty.
     */
    public String detail() {
        return detail;
    }

    /** The module scope the node belongs to: its name without the last segment. */
    public String scope() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    @Override
    public String toString() {
        return name + " = " + op + "(" + String.join(", ", inputs) + ") " + Arrays.toString(shape);
    }
}
