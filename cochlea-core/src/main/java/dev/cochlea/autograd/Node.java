package dev.cochlea.autograd;

import dev.cochlea.tensor.Tensor;

/**
 * One recorded operation in the autograd graph (PyTorch's {@code grad_fn}): the inputs it was
 * applied to and how to turn the gradient of its output into gradients of those inputs.
 *
 * <pre>{@code
 * Tensor y = x.mul(2f).sum();
 * System.out.println(y.gradFn().name()); // SumBackward
 * }</pre>
 */
public final class Node {
    /** The backward rule: gradient of the output in, one gradient per input out (null where none). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    private Tensor[] inputs;
    private Backward backward;

    Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** The operation's name, e.g. {@code MulBackward}. */
    public String name() {
        return name;
    }

    /** The inputs this node sends gradients to, or an empty array once the graph was freed. */
    public Tensor[] inputs() {
        return inputs == null ? new Tensor[0] : inputs.clone();
    }

    Tensor[] rawInputs() {
        return inputs;
    }

    Tensor[] apply(Tensor gradOutput) {
        if (backward == null) {
            throw new IllegalStateException(name + ": trying to backward through the graph a second time "
                    + "(the graph was freed after the first backward; pass retainGraph=true to keep it)");
        }
        return backward.apply(gradOutput);
    }

    void release() {
        inputs = null;
        backward = null;
    }

    boolean released() {
        return backward == null;
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
