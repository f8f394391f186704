package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

/**
 * One ONNX operator as Cochlea runs it: the node's inputs and attributes in, its outputs out, built
 * from Cochlea's tensor operations (so gradients flow where those ops have them).
 *
 * <pre>{@code
 * Tensor[] y = Operators.find("Relu").apply(call);
 * }</pre>
 */
@FunctionalInterface
public interface Operator {
    /** The node's outputs, in order (as many as {@link NodeCall#outputCount()}; trailing optional ones may be null). */
    Tensor[] apply(NodeCall node);
}
