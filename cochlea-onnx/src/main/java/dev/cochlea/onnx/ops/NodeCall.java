package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * An ONNX node at the moment it runs: its operator type ({@code Conv}), name (the file's, or
 * {@code #index}), input values (null where an optional input is left out), attributes, the opset of
 * the default domain the model was written for, and how many outputs it must give.
 *
 * <pre>{@code
 * NodeCall call = new NodeCall("Relu", "relu_1", new Tensor[] {x}, Attributes.NONE, 13, 1);
 * Tensor y = Operators.find("Relu").apply(call)[0];
 * }</pre>
 */
public record NodeCall(String opType, String name, Tensor[] inputs, Attributes attributes, int opset, int outputCount) {
    /** How many inputs the node lists (left-out optional ones included). */
    public int inputCount() {
        return inputs.length;
    }

    /** Whether input {@code i} is given. */
    public boolean has(int i) {
        return i < inputs.length && inputs[i] != null;
    }

    /** Input {@code i}, or null when it is left out. */
    public Tensor optional(int i) {
        return has(i) ? inputs[i] : null;
    }

    /** Input {@code i}, which the operator needs. */
    public Tensor input(int i) {
        if (!has(i)) throw error("input " + i + " is required but not given");
        return inputs[i];
    }

    /** Every input from {@code from} on (for variadic operators such as Concat or Sum). */
    public Tensor[] inputsFrom(int from) {
        Tensor[] xs = Arrays.copyOfRange(inputs, Math.min(from, inputs.length), inputs.length);
        for (int i = 0; i < xs.length; i++) if (xs[i] == null) throw error("input " + (from + i) + " is empty");
        return xs;
    }

    /** A refusal that names this node: the file is valid, but asks for something Cochlea does not run. */
    public UnsupportedOperationException unsupported(String message) {
        return new UnsupportedOperationException("node '" + name + "' (" + opType + "): " + message);
    }

    /** An error that names this node. */
    public IllegalArgumentException error(String message) {
        return new IllegalArgumentException("node '" + name + "' (" + opType + "): " + message);
    }
}
