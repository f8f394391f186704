package dev.cochlea.tensorboard;

import com.google.protobuf.ByteString;
import dev.cochlea.nn.GraphNode;
import dev.cochlea.nn.ModuleGraph;
import dev.cochlea.tensorboard.proto.AttrValue;
import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.NodeDef;
import dev.cochlea.tensorboard.proto.TensorShapeProto;
import dev.cochlea.tensorboard.proto.VersionDef;

/**
 * Turns a traced {@link ModuleGraph} into the {@link GraphDef} TensorBoard's Graphs dashboard reads,
 * in the form PyTorch's {@code add_graph} writes it ({@code torch/utils/tensorboard/_pytorch_graph.py}):
 * one {@link NodeDef} per node, named by its scope, with op {@code IO Node} for the model's input and
 * output, {@code Parameter}/{@code Buffer}/{@code Constant} for what the ops read, and the op's name
 * otherwise; its inputs; the attribute {@code _output_shapes} (a list holding the output's shape,
 * which the dashboard shows on edges) and {@code attr} (a short text, as PyTorch's); producer version 22.
 *
 * <pre>{@code
 * GraphDef g = GraphDefs.of(ModuleGraph.trace(model, Tensor.ones(1, 3, 32, 32)));
 * g.getNode(0).getName();   // input/input
 * }</pre>
 */
public final class GraphDefs {
    /** The producer version in PyTorch's graphs (the GraphDef version of TensorFlow 1.x). */
    public static final int PRODUCER = 22;
    /** The attribute holding a node's output shapes. */
    public static final String OUTPUT_SHAPES = "_output_shapes";
    /** The attribute holding a node's description text. */
    public static final String ATTR = "attr";
    /** The op of input and output nodes. */
    public static final String IO_NODE = "IO Node";

    private GraphDefs() {}

    /** The GraphDef of a traced graph. */
    public static GraphDef of(ModuleGraph graph) {
        GraphDef.Builder g = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(PRODUCER));
        for (GraphNode n : graph.nodes()) {
            boolean io = n.kind() == GraphNode.Kind.INPUT || n.kind() == GraphNode.Kind.OUTPUT;
            g.addNode(NodeDef.newBuilder()
                    .setName(n.name())
                    .setOp(io ? IO_NODE : n.op())
                    .addAllInput(n.inputs())
                    .putAttr(OUTPUT_SHAPES, AttrValue.newBuilder()
                            .setList(AttrValue.ListValue.newBuilder().addShape(shape(n.shape()))).build())
                    .putAttr(ATTR, AttrValue.newBuilder().setS(ByteString.copyFromUtf8(describe(n))).build()));
        }
        return g.build();
    }

    /** The {@code attr} text: the state-dict key of a parameter or buffer, the autograd node of an op. */
    private static String describe(GraphNode n) {
        return switch (n.kind()) {
            case PARAMETER, BUFFER -> "{ name : " + n.detail() + " }";
            case OP -> "{ grad_fn : " + n.detail() + " }";
            default -> "{}";
        };
    }

    static TensorShapeProto shape(int[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : dims) s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return s.build();
    }

    /** The first output shape a node declares in {@code _output_shapes}, or null. */
    public static int[] outputShape(NodeDef node) {
        AttrValue v = node.getAttrMap().get(OUTPUT_SHAPES);
        if (v == null || !v.hasList() || v.getList().getShapeCount() == 0) return null;
        TensorShapeProto s = v.getList().getShape(0);
        int[] dims = new int[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) dims[i] = (int) s.getDim(i).getSize();
        return dims;
    }
}
