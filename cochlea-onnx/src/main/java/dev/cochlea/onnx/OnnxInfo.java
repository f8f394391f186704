package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an ONNX model file declares, read with the official {@code onnx.proto} schema: the IR
 * version, the producer, the operator sets, the graph's inputs and outputs with their element types
 * and shapes (a dimension is a number, a name such as {@code batch}, or {@code ?}), and how often
 * each operator is used. Files over 2 GiB are refused before reading, and a file that is not a
 * model gives an error naming it.
 *
 * <pre>{@code
 * OnnxInfo info = OnnxInfo.read(Path.of("model.onnx"));
 * System.out.println(info.inputs());      // [features: float32 [batch, 1, 8, 8]]
 * System.out.println(info.operators());   // {Conv=1, Gemm=1, ...}
 * }</pre>
 *
 * @param irVersion the ONNX IR version
 * @param producer  the producer's name and version ("pytorch 1.13.1")
 * @param opsets    operator set version by domain ("" is the default ONNX domain)
 * @param inputs    the graph's inputs that are not initializers (weights)
 * @param outputs   the graph's outputs
 * @param operators how many nodes use each operator ("domain:Op" outside the default domain)
 * @param nodes     the number of nodes
 * @param weights   the number of initializer tensors
 */
public record OnnxInfo(long irVersion, String producer, Map<String, Long> opsets, List<Value> inputs, List<Value> outputs,
                       Map<String, Integer> operators, int nodes, int weights) {
    /** The largest model file read (protobuf's own limit for one message). */
    public static final long MAX_BYTES = Integer.MAX_VALUE;

    /**
     * One graph input or output.
     *
     * @param name  its name
     * @param type  its element type ("float32", "int64", ...)
     * @param shape its dimensions: a number, a symbolic name, or "?"; null when the file declares no shape
     */
    public record Value(String name, String type, List<String> shape) {
        @Override
        public String toString() {
            return name + ": " + type + (shape == null ? "" : " " + shape);
        }
    }

    /** Reads the model in {@code file}. */
    public static OnnxInfo read(Path file) throws IOException {
        return of(OnnxFiles.parse(file));
    }

    static OnnxInfo of(OnnxProto.ModelProto model) {
        OnnxProto.GraphProto g = model.getGraph();
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxProto.OperatorSetIdProto o : model.getOpsetImportList()) opsets.put(o.getDomain(), o.getVersion());
        java.util.Set<String> initializers = new java.util.HashSet<>();
        for (OnnxProto.TensorProto t : g.getInitializerList()) initializers.add(t.getName());
        List<Value> inputs = new ArrayList<>();
        for (OnnxProto.ValueInfoProto v : g.getInputList()) if (!initializers.contains(v.getName())) inputs.add(value(v));
        List<Value> outputs = new ArrayList<>();
        for (OnnxProto.ValueInfoProto v : g.getOutputList()) outputs.add(value(v));
        Map<String, Integer> ops = new TreeMap<>();
        for (OnnxProto.NodeProto n : g.getNodeList()) {
            String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
            ops.merge(op, 1, Integer::sum);
        }
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new OnnxInfo(model.getIrVersion(), producer, opsets, List.copyOf(inputs), List.copyOf(outputs), ops, g.getNodeCount(),
                g.getInitializerCount());
    }

    private static Value value(OnnxProto.ValueInfoProto v) {
        if (!v.hasType() || !v.getType().hasTensorType()) return new Value(v.getName(), "non-tensor", null);
        OnnxProto.TypeProto.Tensor t = v.getType().getTensorType();
        String type = elementType(t.getElemType());
        if (!t.hasShape()) return new Value(v.getName(), type, null);
        List<String> dims = new ArrayList<>();
        for (OnnxProto.TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
        }
        return new Value(v.getName(), type, List.copyOf(dims));
    }

    /** The name of ONNX element type {@code code} (TensorProto.DataType). */
    static String elementType(int code) {
        return switch (code) {
            case 1 -> "float32";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 4 -> "uint16";
            case 5 -> "int16";
            case 6 -> "int32";
            case 7 -> "int64";
            case 8 -> "string";
            case 9 -> "bool";
            case 10 -> "float16";
            case 11 -> "float64";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 16 -> "bfloat16";
            default -> "type " + code;
        };
    }

    /** The operators used in the file that Cochlea does not run (domain-qualified outside the default domain), sorted. */
    public List<String> unsupportedOperators() {
        List<String> out = new ArrayList<>();
        for (String op : operators.keySet()) if (!dev.cochlea.onnx.ops.Operators.supports(op)) out.add(op);
        return out;
    }

    /** A few lines for a person: what {@code ./cochlea onnx info} prints. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("IR version ").append(irVersion).append(producer.isEmpty() ? "" : ", produced by " + producer).append('\n');
        sb.append("opsets: ");
        opsets.forEach((d, v) -> sb.append(d.isEmpty() ? "ai.onnx" : d).append(' ').append(v).append("  "));
        sb.append('\n');
        for (Value v : inputs) sb.append("input  ").append(v).append('\n');
        for (Value v : outputs) sb.append("output ").append(v).append('\n');
        sb.append(nodes).append(" nodes, ").append(weights).append(" weight tensors; operators:");
        operators.forEach((op, n) -> sb.append(' ').append(op).append(n > 1 ? " x" + n : ""));
        sb.append('\n');
        List<String> missing = unsupportedOperators();
        sb.append(missing.isEmpty() ? "every operator runs in Cochlea" : "not run by Cochlea: " + String.join(", ", missing));
        return sb.append('\n').toString();
    }
}
