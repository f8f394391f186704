package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * ONNX tensors (a model's weights, test data) as Cochlea tensors: float32 and int64, from
 * {@code raw_data}, the typed repeated fields, or external data files. Nothing a file declares is
 * trusted: the element count must fit a Java array and match the bytes actually there, and an
 * external data file must be a relative path that stays inside the model's folder, links resolved.
 *
 * <pre>{@code
 * Tensor w = OnnxTensors.read(model.getGraph().getInitializer(0), modelFile.getParent());
 * }</pre>
 */
public final class OnnxTensors {
    private OnnxTensors() {}

    /** The tensor {@code t}; {@code modelDir} is where external data files are looked for. */
    public static Tensor read(OnnxProto.TensorProto t, Path modelDir) throws IOException {
        String name = t.getName().isEmpty() ? "(unnamed)" : "'" + t.getName() + "'";
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) throw new IOException("tensor " + name + ": dimension " + i + " is " + d);
            shape[i] = (int) d;
            count *= d;
            if (count > Integer.MAX_VALUE - 16) throw new IOException("tensor " + name + ": more than 2^31 elements declared");
        }
        int n = (int) count;
        int type = t.getDataType();
        if (type != 1 && type != 7) {
            throw new IOException("tensor " + name + ": element type " + OnnxInfo.elementType(type) + " is not read yet (float32 and int64 are)");
        }
        int width = type == 1 ? 4 : 8;
        ByteBuffer bytes = null;
        if (t.getDataLocation() == OnnxProto.TensorProto.DataLocation.EXTERNAL) {
            bytes = external(t, name, modelDir, (long) n * width);
        } else if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != (long) n * width) {
                throw new IOException("tensor " + name + ": " + t.getRawData().size() + " bytes of data for " + n + " elements of "
                        + width + " bytes (declared shape " + java.util.Arrays.toString(shape) + ")");
            }
            bytes = t.getRawData().asReadOnlyByteBuffer();
        }
        if (type == 1) {
            float[] v = new float[n];
            if (bytes != null) {
                bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            } else {
                if (t.getFloatDataCount() != n) throw countMismatch(name, t.getFloatDataCount(), n);
                for (int i = 0; i < n; i++) v[i] = t.getFloatData(i);
            }
            return Tensor.wrap(v, shape);
        }
        long[] v = new long[n];
        if (bytes != null) {
            bytes.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        } else {
            if (t.getInt64DataCount() != n) throw countMismatch(name, t.getInt64DataCount(), n);
            for (int i = 0; i < n; i++) v[i] = t.getInt64Data(i);
        }
        return Tensor.ofLongs(v, shape);
    }

    private static IOException countMismatch(String name, int found, int declared) {
        return new IOException("tensor " + name + ": " + found + " values for the " + declared + " its shape declares");
    }

    /** The bytes of an external tensor: location inside {@code modelDir}, offset and length within the file. */
    private static ByteBuffer external(OnnxProto.TensorProto t, String name, Path modelDir, long expected) throws IOException {
        String location = null;
        long offset = 0, length = -1;
        for (OnnxProto.StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parse(name, e.getKey(), e.getValue());
                case "length" -> length = parse(name, e.getKey(), e.getValue());
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) throw new IOException("tensor " + name + ": external data without a location");
        Path rel = Path.of(location);
        Path file = modelDir.resolve(rel).normalize();
        if (rel.isAbsolute() || !file.startsWith(modelDir.normalize())) {
            throw new IOException("tensor " + name + ": external data '" + location + "' lies outside the model's folder " + modelDir);
        }
        if (!Files.isRegularFile(file)) throw new IOException("tensor " + name + ": external data file " + file + " not found");
        if (!file.toRealPath().startsWith(modelDir.toRealPath())) {
            throw new IOException("tensor " + name + ": external data '" + location + "' leads outside the model's folder (a link)");
        }
        if (length >= 0 && length != expected) {
            throw new IOException("tensor " + name + ": external data of " + length + " bytes for a shape that needs " + expected);
        }
        long size = Files.size(file);
        if (offset + expected > size) {
            throw new IOException("tensor " + name + ": external data needs bytes " + offset + " to " + (offset + expected) + " of "
                    + file + ", which has " + size);
        }
        ByteBuffer b = ByteBuffer.allocate((int) expected);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) throw new IOException("tensor " + name + ": " + file + " ended early");
            }
        }
        return b.flip();
    }

    private static long parse(String name, String key, String value) throws IOException {
        try {
            long v = Long.parseLong(value);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("tensor " + name + ": external data " + key + " '" + value + "' is not a byte count");
        }
    }
}
