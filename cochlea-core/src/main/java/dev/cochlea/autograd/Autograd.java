package dev.cochlea.autograd;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autograd engine: records differentiable operations and runs backward through them in
 * reverse topological order, accumulating gradients into the leaves' {@code grad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3).requiresGrad(true);
 * Tensor loss = w.mul(w).sum();
 * loss.backward();          // calls Autograd.backward(loss, ones, false)
 * Tensor g = w.grad();      // 2 * w
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /** Whether an op over these inputs must be recorded: grad mode is on and some input needs grad. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) return true;
        }
        return false;
    }

    /**
     * Records {@code out} as the result of an op over {@code inputs} (when {@link #needsGrad} holds)
     * and returns it. {@code backward} returns one gradient per input, each of the input's shape, or
     * null for an input that gets none. The engine owns what {@code backward} returns: a tensor on storage
     * of its own may become a leaf's {@code grad()} without a copy, so return new tensors or views of the
     * incoming gradient, never a tensor kept elsewhere. A recorded op is also reported to this thread's
     * {@link OpTrace}, if one is open.
     */
    public static Tensor record(Tensor out, String name, Tensor[] inputs, Node.Backward backward) {
        if (needsGrad(inputs)) {
            Node node = new Node(name, inputs, backward);
            out.attachGradFn(node);
            OpTrace.recorded(node, out);
        }
        return out;
    }

    /**
     * Back-propagates {@code gradient} (of {@code root}'s shape) through the graph that produced
     * {@code root}. The graph is freed afterwards unless {@code retainGraph}.
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn "
                    + "(call requiresGrad(true) on the leaves before computing it)");
        }
        if (!java.util.Arrays.equals(root.shape(), gradient.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + java.util.Arrays.toString(gradient.shape())
                    + " differs from the tensor's shape " + java.util.Arrays.toString(root.shape()));
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Node rootNode = root.gradFn();
            if (rootNode == null) {
                root.accumulateGrad(gradient);
                return;
            }
            List<Node> order = topologicalOrder(rootNode);
            Map<Node, Tensor> pending = new IdentityHashMap<>();
            pending.put(rootNode, gradient);
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) continue;
                Tensor[] inputs = node.rawInputs();
                if (inputs == null) {
                    throw new IllegalStateException(node.name() + ": trying to backward through the graph a second time "
                            + "(the graph was freed after the first backward; pass retainGraph=true to keep it)");
                }
                Tensor[] grads = node.apply(g);
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    Tensor gi = grads[i];
                    if (in == null || gi == null || !in.requiresGrad()) continue;
                    Node fn = in.gradFn();
                    if (fn == null) {
                        in.accumulateGrad(gi, owned(gi, g, grads, i));
                    } else {
                        if (in.retainsGrad()) in.accumulateGrad(gi);
                        Tensor prev = pending.get(fn);
                        pending.put(fn, prev == null ? gi : prev.add(gi));
                    }
                }
                if (!retainGraph) node.release();
            }
        }
    }

    /**
     * Whether gradient {@code gi}, returned for input {@code i} by a node that received {@code g}, shares its
     * storage with nothing the engine still uses: not with g (a gradient passed through, maybe also pending
     * elsewhere) and not with the gradient of another input.
     */
    private static boolean owned(Tensor gi, Tensor g, Tensor[] grads, int i) {
        if (gi.dtype() != DType.FLOAT32 || g.dtype() != DType.FLOAT32 || gi.storage() == g.storage()) return false;
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] != null && grads[j].dtype() == DType.FLOAT32 && grads[j].storage() == gi.storage()) {
                return false;
            }
        }
        return true;
    }

    private static List<Node> topologicalOrder(Node root) {
        // Iterative DFS post-order, reversed: every node comes before the nodes it feeds gradients to.
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        List<Node> post = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node n = (Node) frame[0];
            int idx = (Integer) frame[1];
            Tensor[] inputs = n.rawInputs();
            boolean pushed = false;
            while (inputs != null && idx < inputs.length) {
                Tensor in = inputs[idx++];
                Node child = in == null ? null : in.gradFn();
                if (child != null && !visited.containsKey(child)) {
                    visited.put(child, Boolean.TRUE);
                    frame[1] = idx;
                    stack.push(new Object[] {child, 0});
                    pushed = true;
                    break;
                }
            }
            if (!pushed) {
                stack.pop();
                post.add(n);
            }
        }
        java.util.Collections.reverse(post);
        return post;
    }
}
