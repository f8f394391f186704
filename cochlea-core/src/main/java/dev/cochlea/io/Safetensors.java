package dev.cochlea.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format used by PyTorch and Hugging Face: an 8-byte little-endian header length {@code N},
 * {@code N} bytes of JSON header naming each tensor's dtype, shape and byte range, then the raw
 * little-endian data.
 *
 * <p>Reading accepts F64, F32, F16, BF16 (as FLOAT32 tensors) and I64, I32, I16, I8, U32, U16,
 * U8, BOOL (as INT64 tensors); {@link SafetensorsFile} tells the stored dtype and reads tensors
 * lazily from a memory-mapped file. Writing stores FLOAT32 tensors as F32 and INT64 tensors as
 * I64, in the map's iteration order, with the header padded by spaces to a multiple of 8 bytes
 * like the reference implementation; files are written to a temporary file and renamed into
 * place ({@link AtomicFiles}).
 *
 * <pre>{@code
 * Map<String, Tensor> state = new LinkedHashMap<>();
 * state.put("fc.weight", Tensor.randn(10, 64));
 * state.put("labels", Tensor.ofLongs(new long[] {1, 2, 3}, 3));
 * Safetensors.save(Path.of("model.safetensors"), state, Map.of("epoch", "3"));
 *
 * Map<String, Tensor> back = Safetensors.load(Path.of("model.safetensors"));
 * String epoch = Safetensors.metadata(Path.of("model.safetensors")).get("epoch");
 * }</pre>
 */
public final class Safetensors {
    private static final int CHUNK_BYTES = 1 << 20;

    private Safetensors() {}

    /**
     * Reads every tensor of {@code file}, in the order their data lies in the file.
     *
     * @return a new mutable {@link java.util.LinkedHashMap}
     * @throws SafetensorsException if the file is malformed (the message names the file and the problem)
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.loadAll();
        }
    }

    /** The {@code __metadata__} strings of {@code file} (empty if it has none); reads only the header. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.metadata();
        }
    }

    /** The header entries of {@code file} (name, stored dtype, shape, byte range), in file order; reads only the header. */
    public static List<TensorInfo> infos(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.infos();
        }
    }

    /** Writes {@code tensors} to {@code file} without metadata, replacing the file if it exists. */
    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, null, true);
    }

    /**
     * Writes {@code tensors} and {@code metadata} (stored as {@code __metadata__}; omitted if null)
     * to {@code file}, replacing the file if it exists (like {@code safetensors.torch.save_file}).
     * The write is atomic: on failure the previous file, if any, is left as it was.
     */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, true);
    }

    /**
     * Like {@link #save(Path, Map, Map)} but refuses to replace an existing file.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
     */
    public static void saveNew(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, false);
    }

    /** The serialised header (JSON padded with spaces to a multiple of 8 bytes) for these tensors. */
    static byte[] header(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(tensors, "tensors");
        Map<String, Layout> layouts = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getValue() == null) throw new SafetensorsException(file, "tensor '" + e.getKey() + "' is null");
            layouts.put(e.getKey(), new Layout(e.getValue().dtype(), e.getValue().shape()));
        }
        return headerOf(file, layouts, metadata);
    }

    /** A tensor's type and shape, as a header lists it. */
    record Layout(DType dtype, int[] shape) {
        long bytes() {
            long n = SafetensorsDType.forTensor(dtype).byteSize();
            for (int d : shape) n *= d;
            return n;
        }
    }

    /** The serialised header for tensors of these types and shapes, stored one after the other in this order. */
    static byte[] headerOf(Path file, Map<String, Layout> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = SafetensorsHeader.MAPPER.createObjectNode();
        if (metadata != null) {
            ObjectNode m = root.putObject(SafetensorsHeader.METADATA_KEY);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new SafetensorsException(file, "metadata entry " + e.getKey() + "=" + e.getValue()
                            + ": keys and values must not be null");
                }
                m.put(e.getKey(), e.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, Layout> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null) throw new SafetensorsException(file, "tensor names must not be null");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new SafetensorsException(file, "'" + name + "' is reserved for metadata and cannot name a tensor");
            }
            SafetensorsDType dt = SafetensorsDType.forTensor(e.getValue().dtype());
            long bytes = e.getValue().bytes();
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", dt.name());
            ArrayNode shape = entry.putArray("shape");
            for (int d : e.getValue().shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = SafetensorsHeader.MAPPER.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    private static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, boolean overwrite)
            throws IOException {
        byte[] head = header(file, tensors, metadata);
        List<Tensor> list = new ArrayList<>(tensors.values());
        AtomicFiles.write(file, overwrite, ch -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(head.length);
            buf.flip();
            writeFully(ch, buf);
            writeFully(ch, ByteBuffer.wrap(head));
            for (Tensor t : list) {
                if (t.dtype() == DType.FLOAT32) writeFloats(ch, buf, t);
                else writeLongs(ch, buf, t);
            }
        });
    }

    private static void writeFloats(FileChannel ch, ByteBuffer buf, Tensor t) throws IOException {
        int n = t.numel();
        float[] a;
        int start;
        if (t.isContiguous()) {
            a = t.storage();
            start = t.offset();
        } else {
            a = t.toFloatArray();
            start = 0;
        }
        for (int pos = 0; pos < n; ) {
            buf.clear();
            FloatBuffer fb = buf.asFloatBuffer();
            int k = Math.min(n - pos, fb.capacity());
            fb.put(a, start + pos, k);
            buf.limit(k * Float.BYTES);
            writeFully(ch, buf);
            pos += k;
        }
    }

    private static void writeLongs(FileChannel ch, ByteBuffer buf, Tensor t) throws IOException {
        int n = t.numel();
        long[] a;
        int start;
        if (t.isContiguous()) {
            a = t.longStorage();
            start = t.offset();
        } else {
            a = t.toLongArray();
            start = 0;
        }
        for (int pos = 0; pos < n; ) {
            buf.clear();
            LongBuffer lb = buf.asLongBuffer();
            int k = Math.min(n - pos, lb.capacity());
            lb.put(a, start + pos, k);
            buf.limit(k * Long.BYTES);
            writeFully(ch, buf);
            pos += k;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
