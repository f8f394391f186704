package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small ONNX models built in tests with the protobuf builders (float32 values of given shapes, opset 17). */
final class TestGraphs {
    private TestGraphs() {}

    static OnnxProto.NodeProto node(String op, String name, List<String> inputs, List<String> outputs, OnnxProto.AttributeProto... attrs) {
        OnnxProto.NodeProto.Builder b = OnnxProto.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs);
        for (OnnxProto.AttributeProto a : attrs) b.addAttribute(a);
        return b.build();
    }

    static OnnxProto.AttributeProto ints(String name, long... v) {
        OnnxProto.AttributeProto.Builder b = OnnxProto.AttributeProto.newBuilder().setName(name).setType(OnnxProto.AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }

    static OnnxProto.ValueInfoProto value(String name, int elemType, Object... dims) {
        OnnxProto.TensorShapeProto.Builder shape = OnnxProto.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam(s).build()
                    : OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()).build());
        }
        return OnnxProto.ValueInfoProto.newBuilder().setName(name).setType(OnnxProto.TypeProto.newBuilder().setTensorType(
                OnnxProto.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static OnnxProto.TensorProto longs(String name, long... v) {
        OnnxProto.TensorProto.Builder t = OnnxProto.TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length);
        for (long x : v) t.addInt64Data(x);
        return t.build();
    }

    static Path write(Path file, List<OnnxProto.NodeProto> nodes, List<OnnxProto.ValueInfoProto> inputs, List<OnnxProto.ValueInfoProto> outputs,
                      List<OnnxProto.TensorProto> weights) throws IOException {
        OnnxProto.GraphProto g = OnnxProto.GraphProto.newBuilder().setName("g").addAllNode(nodes).addAllInput(inputs).addAllOutput(outputs)
                .addAllInitializer(weights).build();
        OnnxProto.ModelProto m = OnnxProto.ModelProto.newBuilder().setIrVersion(8).setProducerName("test").setGraph(g)
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        Files.write(file, m.toByteArray());
        return file;
    }
}
