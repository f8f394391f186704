package dev.cochlea.onnx.export;

import dev.cochlea.nn.Module;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Set;

/**
 * Where an emitter works: the layer being exported, its path in the model ({@code blocks.3.f2}),
 * the graph, and the few node patterns several emitters share. Nodes added through a scope are
 * named after its path.
 *
 * <pre>{@code
 * Value h = s.child("features", x);                 // emits the child layer registered as "features"
 * Value y = s.node("Relu").in(h.name()).output(h.shape());
 * }</pre>
 */
final class ExportScope {
    private final ExportGraph graph;
    private final String path;
    private final Module module;

    ExportScope(ExportGraph graph, String path, Module module) {
        this.graph = graph;
        this.path = path;
        this.module = module;
    }

    /** The layer's path in the model (empty for the model itself). */
    String path() {
        return path;
    }

    ExportGraph graph() {
        return graph;
    }

    /** Emits this scope's layer on {@code x}. */
    Value emit(Value x) {
        return LayerEmitters.emit(module, x, this);
    }

    /** The scope of the child registered on this layer as {@code name}. */
    ExportScope within(String name) {
        Module child = module.getModule(name);
        if (child == null) throw new IllegalStateException("layer '" + path + "' (" + module.name() + ") has no child '" + name + "'");
        return new ExportScope(graph, path.isEmpty() ? name : path + "." + name, child);
    }

    /** Emits the child registered as {@code name} on {@code x}. */
    Value child(String name, Value x) {
        return within(name).emit(x);
    }

    /** The names of this layer's children, in registration order. */
    Set<String> childNames() {
        return module.namedChildren().keySet();
    }

    /** Whether this layer has a child registered as {@code name}. */
    boolean hasChild(String name) {
        return module.getModule(name) != null;
    }

    ExportNode node(String op) {
        return graph.node(path, op);
    }

    /** The initializer of model weight {@code t}. */
    String weight(Tensor t) {
        return graph.weight(t);
    }

    /** A 1-D int64 constant. */
    String ints(long... values) {
        return graph.ints(values);
    }

    /** The shape this layer gives for an input of {@code x}'s shape (its own forward on zeros, evaluation mode, no gradients). */
    int[] shapeOf(Value x) {
        return module.call(Tensor.zeros(x.shape())).shape();
    }

    /** An error naming this layer: it cannot be exported, because of {@code reason}. */
    UnsupportedLayerException unsupported(String reason) {
        return new UnsupportedLayerException(path, module.getClass().getSimpleName(), reason);
    }

    /** An operator of one input whose output has the input's shape. */
    Value unary(String op, Value x) {
        return node(op).in(x.name()).output(x.shape());
    }

    /** An elementwise operator of two inputs whose output has {@code a}'s shape. */
    Value binary(String op, Value a, String b) {
        return node(op).in(a.name(), b).output(a.shape());
    }

    /** {@code x} reshaped to {@code shape}, keeping its batch (dimension 0, whatever its size). */
    Value reshape(Value x, int... shape) {
        long[] target = new long[shape.length];
        for (int d = 1; d < shape.length; d++) target[d] = shape[d];
        return node("Reshape").in(x.name(), ints(target)).output(shape);
    }

    /** The mean over {@code axis}, kept as size 1 or removed. */
    Value reduceMean(Value x, int axis, boolean keep) {
        int[] shape = keep ? x.shape().clone() : remove(x.shape(), axis);
        if (keep) shape[axis] = 1;
        return node("ReduceMean").in(x.name()).ints("axes", axis).i("keepdims", keep ? 1 : 0).output(shape);
    }

    /** {@code x} without its size-1 dimension {@code axis}. */
    Value squeeze(Value x, int axis) {
        if (x.dim(axis) != 1) throw new IllegalStateException("dimension " + axis + " of " + Arrays.toString(x.shape()) + " is not 1");
        return node("Squeeze").in(x.name(), ints(axis)).output(remove(x.shape(), axis));
    }

    /** {@code x} with its dimensions permuted. */
    Value transpose(Value x, int... perm) {
        int[] shape = new int[perm.length];
        for (int d = 0; d < perm.length; d++) shape[d] = x.dim(perm[d]);
        return node("Transpose").in(x.name()).ints("perm", perm).output(shape);
    }

    static int[] remove(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) if (d != axis) out[k++] = shape[d];
        return out;
    }
}
