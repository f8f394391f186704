package dev.cochlea.onnx.export;

import com.google.protobuf.ByteString;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.onnx.proto.OnnxProto.AttributeProto.AttributeType;

import java.util.ArrayList;
import java.util.List;

/**
 * One node being added to an {@link ExportGraph}: its inputs and attributes, then its outputs
 * with their shapes.
 *
 * <pre>{@code
 * Value y = graph.node("features.0", "Conv").in(x.name(), w).ints("pads", 1, 1, 1, 1).output(shape);
 * }</pre>
 */
final class ExportNode {
    private final ExportGraph graph;
    private final OnnxProto.NodeProto.Builder node;

    ExportNode(ExportGraph graph, OnnxProto.NodeProto.Builder node) {
        this.graph = graph;
        this.node = node;
    }

    /** Adds inputs by value name ("" for an optional input left out). */
    ExportNode in(String... names) {
        for (String n : names) node.addInput(n);
        return this;
    }

    ExportNode attr(OnnxProto.AttributeProto.Builder a) {
        node.addAttribute(a);
        return this;
    }

    ExportNode i(String name, long v) {
        return attr(OnnxProto.AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v));
    }

    ExportNode f(String name, double v) {
        return attr(OnnxProto.AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) v));
    }

    ExportNode s(String name, String v) {
        return attr(OnnxProto.AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)));
    }

    ExportNode ints(String name, int... v) {
        OnnxProto.AttributeProto.Builder a = OnnxProto.AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (int x : v) a.addInts(x);
        return attr(a);
    }

    ExportNode strings(String name, String... v) {
        OnnxProto.AttributeProto.Builder a = OnnxProto.AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String x : v) a.addStrings(ByteString.copyFromUtf8(x));
        return attr(a);
    }

    /** The node's one output, of {@code shape}. */
    ExportGraph.Value output(int[] shape) {
        return outputs(shape).get(0);
    }

    /** The node's outputs, one per shape, named {@code node_output_k}. */
    List<ExportGraph.Value> outputs(int[]... shapes) {
        List<ExportGraph.Value> out = new ArrayList<>(shapes.length);
        for (int k = 0; k < shapes.length; k++) {
            String name = graph.unique(node.getName() + "_output_" + k);
            node.addOutput(name);
            out.add(new ExportGraph.Value(name, shapes[k].clone()));
        }
        graph.append(node);
        return out;
    }
}
