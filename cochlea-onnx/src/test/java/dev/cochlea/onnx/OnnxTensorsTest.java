package dev.cochlea.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Weights read from an ONNX file PyTorch exported, checked against the shapes and sums
 * {@code make_models.py} wrote from {@code tiny.state_dict()} (versions.json); and tensors whose
 * declarations do not match their data, or whose external data would leave the model's folder.
 */
class OnnxTensorsTest {
    static final Path DIR = Path.of("cochlea-onnx/src/test/resources/onnx");

    @Test
    void theWeightsArePyTorchs() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(DIR.resolve("versions.json").toFile()).get("tiny_cnn_weights");
        assertNotNull(expected, "versions.json lacks tiny_cnn_weights: run make_models.py");
        OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(DIR.resolve("tiny_cnn.onnx")));
        int seen = 0;
        for (OnnxProto.TensorProto t : model.getGraph().getInitializerList()) {
            JsonNode e = expected.get(t.getName());
            assertNotNull(e, "unexpected initializer " + t.getName());
            Tensor w = OnnxTensors.read(t, DIR);
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asInt();
            assertArrayEquals(shape, w.shape(), t.getName());
            double sum = 0;
            for (float v : w.toFloatArray()) sum += v;
            assertEquals(e.get("sum").asDouble(), sum, 1e-6, t.getName());
            seen++;
        }
        assertEquals(4, seen);
    }

    static OnnxProto.TensorProto.Builder floats(String name, long... dims) {
        OnnxProto.TensorProto.Builder b = OnnxProto.TensorProto.newBuilder().setName(name).setDataType(1);
        for (long d : dims) b.addDims(d);
        return b;
    }

    static ByteString le(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return ByteString.copyFrom(b.array());
    }

    static OnnxProto.TensorProto.Builder external(OnnxProto.TensorProto.Builder b, String location, long offset) {
        return b.setDataLocation(OnnxProto.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxProto.StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(OnnxProto.StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)));
    }

    @Test
    void declarationsAreCheckedAgainstTheData(@TempDir Path dir) throws IOException {
        assertArrayEquals(new float[] {1, 2, 3}, OnnxTensors.read(floats("ok", 3).setRawData(le(1, 2, 3)).build(), dir).toFloatArray());
        assertArrayEquals(new float[] {4, 5}, OnnxTensors.read(floats("typed", 2).addFloatData(4).addFloatData(5).build(), dir).toFloatArray());
        String m = assertThrows(IOException.class, () -> OnnxTensors.read(floats("big", 1_000_000).setRawData(le(1)).build(), dir)).getMessage();
        assertTrue(m.contains("'big'") && m.contains("4 bytes of data for 1000000 elements"), m);
        m = assertThrows(IOException.class, () -> OnnxTensors.read(floats("huge", 1L << 20, 1L << 20).build(), dir)).getMessage();
        assertTrue(m.contains("more than 2^31"), m);
        m = assertThrows(IOException.class, () -> OnnxTensors.read(floats("neg", -1).build(), dir)).getMessage();
        assertTrue(m.contains("dimension 0 is -1"), m);
        m = assertThrows(IOException.class, () -> OnnxTensors.read(floats("few", 3).addFloatData(1).build(), dir)).getMessage();
        assertTrue(m.contains("1 values for the 3"), m);
    }

    @Test
    void externalDataStaysInsideTheModelsFolder(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("model"));
        Files.write(dir.resolve("weights.bin"), le(0, 7, 8, 9).toByteArray());
        Files.write(root.resolve("secret.bin"), le(1, 1, 1).toByteArray());
        assertArrayEquals(new float[] {7, 8, 9}, OnnxTensors.read(external(floats("w", 3), "weights.bin", 4).build(), dir).toFloatArray());
        for (String bad : new String[] {"../secret.bin", root.resolve("secret.bin").toString(), "sub/../../secret.bin"}) {
            String m = assertThrows(IOException.class, () -> OnnxTensors.read(external(floats("w", 3), bad, 0).build(), dir)).getMessage();
            assertTrue(m.contains("outside the model's folder"), bad + ": " + m);
        }
        Files.createSymbolicLink(dir.resolve("link.bin"), root.resolve("secret.bin"));
        String m = assertThrows(IOException.class, () -> OnnxTensors.read(external(floats("w", 3), "link.bin", 0).build(), dir)).getMessage();
        assertTrue(m.contains("a link"), m);
        m = assertThrows(IOException.class, () -> OnnxTensors.read(external(floats("w", 3), "weights.bin", 8).build(), dir)).getMessage();
        assertTrue(m.contains("needs bytes 8 to 20") && m.contains("which has 16"), m);
        m = assertThrows(IOException.class, () -> OnnxTensors.read(external(floats("w", 3), "missing.bin", 0).build(), dir)).getMessage();
        assertTrue(m.contains("not found"), m);
        assertTrue(Arrays.equals(new int[] {3}, OnnxTensors.read(external(floats("w", 3), "weights.bin", 4).build(), dir).shape()));
    }
}
