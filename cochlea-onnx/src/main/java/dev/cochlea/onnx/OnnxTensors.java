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
 * ONNX tensors (a model's weights, test data) as Cochlea tensors, from {@code raw_data}, the typed
 * repeated fields, or external data files: float32 (and float64, rounded to float32) as float32;
 * int64 and the narrower integer and bool types as int64 (Cochlea's two element types). Nothing a file declares is
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
        int width = width(type);
        if (width == 0) {
            throw new IOException("tensor " + name + ": element type " + OnnxInfo.elementType(type)
                    + " is not read (float32, float64, and the integer and bool types are)");
        }
        ByteBuffer bytes = null;
        if (t.getDataLocation() == OnnxProto.TensorProto.DataLocation.EXTERNAL) {
            bytes = external(t, name, modelDir, (long) n * width);
        } else if (!t.getRawData().isEmpty() || n == 0) {
            if (t.getRawData().size() != (long) n * width) {
                throw new IOException("tensor " + name + ": " + t.getRawData().size() + " bytes of data for " + n + " elements of "
                        + width + " bytes (declared shape " + java.util.Arrays.toString(shape) + ")");
            }
            bytes = t.getRawData().asReadOnlyByteBuffer();
        }
        if (bytes != null) bytes.order(ByteOrder.LITTLE_ENDIAN);
        if (type == FLOAT || type == DOUBLE) {
            float[] v = new float[n];
            if (bytes != null && type == FLOAT) {
                bytes.asFloatBuffer().get(v);
            } else if (bytes != null) {
                for (int i = 0; i < n; i++) v[i] = (float) bytes.getDouble();
            } else if (type == FLOAT) {
                if (t.getFloatDataCount() != n) throw countMismatch(name, t.getFloatDataCount(), n);
                for (int i = 0; i < n; i++) v[i] = t.getFloatData(i);
            } else {
                if (t.getDoubleDataCount() != n) throw countMismatch(name, t.getDoubleDataCount(), n);
                for (int i = 0; i < n; i++) v[i] = (float) t.getDoubleData(i);
            }
            return Tensor.wrap(v, shape);
        }
        long[] v = new long[n];
        if (bytes != null) {
            for (int i = 0; i < n; i++) {
                v[i] = switch (type) {
                    case INT64, UINT64 -> bytes.getLong();
                    case INT32 -> bytes.getInt();
                    case UINT32 -> Integer.toUnsignedLong(bytes.getInt());
                    case INT16 -> bytes.getShort();
                    case UINT16 -> Short.toUnsignedInt(bytes.getShort());
                    case INT8 -> bytes.get();
                    default -> Byte.toUnsignedInt(bytes.get());      // uint8, bool
                };
            }
        } else if (type == INT64) {
            if (t.getInt64DataCount() != n) throw countMismatch(name, t.getInt64DataCount(), n);
            for (int i = 0; i < n; i++) v[i] = t.getInt64Data(i);
        } else if (type == UINT32 || type == UINT64) {
            if (t.getUint64DataCount() != n) throw countMismatch(name, t.getUint64DataCount(), n);
            for (int i = 0; i < n; i++) v[i] = t.getUint64Data(i);
        } else {
            if (t.getInt32DataCount() != n) throw countMismatch(name, t.getInt32DataCount(), n);
            for (int i = 0; i < n; i++) v[i] = t.getInt32Data(i);
        }
        return Tensor.ofLongs(v, shape);
    }

    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, BOOL = 9, DOUBLE = 11, UINT32 = 12,
            UINT64 = 13;

    /** Bytes per element of ONNX element type {@code type} as read here; 0 for the types not read (strings, 16-bit floats). */
    static int width(int type) {
        return switch (type) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> 0;
        };
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
