package dev.cochlea.onnx.export;

import com.google.protobuf.ByteString;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX graph an export builds: nodes in the order they are emitted, the model's weights as
 * initializers named by their state-dict keys (each tensor once), derived weights under names of
 * their own, and small constants (shapes, axes, pooling matrices) as {@code Constant} nodes, so that
 * the initializers are the weights alone. Every value carries its shape for the export's example
 * batch, which is what emitters read sizes from.
 */
final class ExportGraph {
    /**
     * A value of the graph.
     *
     * @param name  its name in the graph
     * @param shape its shape for the example batch (dimension 0 is the batch wherever a layer sees it)
     */
    record Value(String name, int[] shape) {
        int rank() {
            return shape.length;
        }

        int dim(int d) {
            return shape[d < 0 ? d + shape.length : d];
        }
    }

    private final Map<Tensor, String> stateNames;
    private final Map<Tensor, String> initialized = new IdentityHashMap<>();
    private final List<OnnxProto.TensorProto> initializers = new ArrayList<>();
    private final List<OnnxProto.NodeProto.Builder> nodes = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> intConstants = new HashMap<>();

    /**
     * A graph whose weights are named by {@code stateNames} (parameter or buffer to its state-dict
     * key), with {@code reserved} names (the graph's input and output) kept from anything else.
     */
    ExportGraph(Map<Tensor, String> stateNames, String... reserved) {
        this.stateNames = stateNames;
        taken.addAll(List.of(reserved));
    }

    /** The graph input {@code name} (a reserved name). */
    Value input(String name, int[] shape) {
        if (!taken.contains(name)) throw new IllegalStateException("input name '" + name + "' is not reserved");
        return new Value(name, shape.clone());
    }

    /** The initializer of model weight {@code t} (a parameter or buffer), added on first use under its state-dict key. */
    String weight(Tensor t) {
        String known = initialized.get(t);
        if (known != null) return known;
        String key = stateNames.get(t);
        if (key == null) throw new IllegalStateException("a weight of shape " + Arrays.toString(t.shape()) + " is no parameter or buffer of the model");
        String name = unique(key);
        initializers.add(tensor(name, t));
        initialized.put(t, name);
        return name;
    }

    /** A weight derived from the model's (reordered, stacked or sliced), as an initializer named {@code name}. */
    String derived(String name, Tensor t) {
        String unique = unique(name);
        initializers.add(tensor(unique, t));
        return unique;
    }

    /** A 1-D int64 constant (a shape, axes, split sizes), one node per distinct value. */
    String ints(long... values) {
        String key = Arrays.toString(values);
        String known = intConstants.get(key);
        if (known != null) return known;
        OnnxProto.TensorProto.Builder t = OnnxProto.TensorProto.newBuilder().setDataType(OnnxProto.TensorProto.DataType.INT64_VALUE).addDims(values.length);
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        String name = constant("", t.setRawData(ByteString.copyFrom(b.array())));
        intConstants.put(key, name);
        return name;
    }

    /** A float32 constant of {@code t}'s shape and values, under {@code path}'s scope. */
    String floats(String path, Tensor t) {
        return constant(path, tensor("", t).toBuilder());
    }

    private String constant(String path, OnnxProto.TensorProto.Builder value) {
        return node(path, "Constant").attr(OnnxProto.AttributeProto.newBuilder().setName("value")
                .setType(OnnxProto.AttributeProto.AttributeType.TENSOR).setT(value)).output(new int[0]).name();
    }

    /**
     * A new node of operator {@code op} for the layer at {@code path} (named {@code path/op}, made
     * unique). It joins the graph when its outputs are declared, after any constant made for its
     * inputs, so the nodes stay in topological order.
     */
    ExportNode node(String path, String op) {
        String name = unique(path + "/" + op);
        return new ExportNode(this, OnnxProto.NodeProto.newBuilder().setOpType(op).setName(name));
    }

    /** Appends {@code node}, whose inputs are all produced already. */
    void append(OnnxProto.NodeProto.Builder node) {
        nodes.add(node);
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... when taken; reserved. */
    String unique(String base) {
        String name = base;
        for (int k = 2; !taken.add(name); k++) name = base + "_" + k;
        return name;
    }

    /** Gives {@code value} the reserved name {@code name} everywhere (the graph output's name). */
    void rename(Value value, String name) {
        if (!taken.contains(name)) throw new IllegalStateException("output name '" + name + "' is not reserved");
        for (OnnxProto.NodeProto.Builder n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) if (n.getInput(i).equals(value.name())) n.setInput(i, name);
            for (int i = 0; i < n.getOutputCount(); i++) if (n.getOutput(i).equals(value.name())) n.setOutput(i, name);
        }
    }

    /** Whether a node produces {@code value} (false for a graph input). */
    boolean produced(Value value) {
        for (OnnxProto.NodeProto.Builder n : nodes) if (n.getOutputList().contains(value.name())) return true;
        return false;
    }

    /** The bytes of every initializer (to refuse models past protobuf's 2 GiB before serialising). */
    long weightBytes() {
        long n = 0;
        for (OnnxProto.TensorProto t : initializers) n += t.getRawData().size();
        return n;
    }

    /** The nodes and initializers into {@code g}. */
    void into(OnnxProto.GraphProto.Builder g) {
        for (OnnxProto.NodeProto.Builder n : nodes) g.addNode(n);
        g.addAllInitializer(initializers);
    }

    /** {@code t} as a float32 (or int64) tensor with little-endian raw data. */
    static OnnxProto.TensorProto tensor(String name, Tensor t) {
        OnnxProto.TensorProto.Builder b = OnnxProto.TensorProto.newBuilder().setName(name);
        for (int d : t.shape()) b.addDims(d);
        ByteBuffer bytes;
        if (t.dtype() == DType.FLOAT32) {
            float[] v = t.contiguous().toFloatArray();
            bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(v);
            b.setDataType(OnnxProto.TensorProto.DataType.FLOAT_VALUE);
        } else {
            long[] v = t.contiguous().toLongArray();
            bytes = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(v);
            b.setDataType(OnnxProto.TensorProto.DataType.INT64_VALUE);
        }
        return b.setRawData(ByteString.copyFrom(bytes.array())).build();
    }
}
