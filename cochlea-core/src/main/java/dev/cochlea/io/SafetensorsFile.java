package dev.cochlea.io;

import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An open safetensors file whose tensors are read on demand: the header is parsed and checked
 * when the file is opened, the data buffer is memory-mapped (one mapping, of any size), and
 * {@link #get} copies just the tensor asked for. Close it to unmap the file; tensors already
 * read stay valid.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     for (String name : f.names()) {
 *         System.out.println(name + " " + f.info(name).dtype() + " " + Arrays.toString(f.shape(name)));
 *     }
 *     Tensor w = f.get("encoder.0.weight");
 * }
 * }</pre>
 *
 * <p>Safe for concurrent {@link #get} calls from several threads; {@link #close} must not race
 * with them.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final SafetensorsHeader header;
    private final Arena arena;
    private final MemorySegment data;
    private volatile boolean closed;

    private SafetensorsFile(Path file, SafetensorsHeader header, Arena arena, MemorySegment data) {
        this.file = file;
        this.header = header;
        this.arena = arena;
        this.data = data;
    }

    /**
     * Opens {@code file}, reads and validates its header and maps its data.
     *
     * @throws SafetensorsException if the file is not a well-formed safetensors file
     * @throws IOException          if it cannot be read
     */
    public static SafetensorsFile open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(file, ch);
            if (header.dataLength() == 0) {
                return new SafetensorsFile(file, header, null, MemorySegment.ofArray(new byte[0]));
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart(), header.dataLength(), arena);
                return new SafetensorsFile(file, header, arena, seg);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** The path this file was opened from. */
    public Path path() {
        return file;
    }

    /** The tensor names, in the order their data lies in the file. */
    public List<String> names() {
        return List.copyOf(header.tensors().keySet());
    }

    /** The number of tensors. */
    public int size() {
        return header.tensors().size();
    }

    /** Whether the file holds a tensor named {@code name}. */
    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    /** Every tensor's header entry, in file order. */
    public List<TensorInfo> infos() {
        return List.copyOf(header.tensors().values());
    }

    /**
     * The header entry of tensor {@code name} (its stored dtype, shape and byte range).
     *
     * @throws IllegalArgumentException naming the file and some of its tensors if there is no such tensor
     */
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            List<String> names = new ArrayList<>(header.tensors().keySet());
            String some = names.stream().limit(20).map(s -> "'" + s + "'").collect(Collectors.joining(", "));
            throw new IllegalArgumentException(file + ": no tensor named '" + name + "'; the file holds " + names.size()
                    + " tensor(s)" + (names.isEmpty() ? "" : ": " + some + (names.size() > 20 ? ", ..." : "")));
        }
        return info;
    }

    /** The shape of tensor {@code name}. */
    public int[] shape(String name) {
        return info(name).shape();
    }

    /** The dtype tensor {@code name} is stored with in the file. */
    public SafetensorsDType dtype(String name) {
        return info(name).dtype();
    }

    /** The {@code __metadata__} strings of the header (empty if absent), in header order. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /**
     * Reads tensor {@code name}: floating dtypes as a new FLOAT32 tensor, integer and boolean
     * dtypes as a new INT64 tensor. The tensor owns its memory; it stays valid after
     * {@link #close}.
     *
     * @throws IllegalArgumentException if there is no such tensor
     * @throws SafetensorsException     if the tensor has more elements than a Tensor can hold
     * @throws IllegalStateException    if the file was closed
     */
    public Tensor get(String name) throws SafetensorsException {
        TensorInfo info = info(name);
        if (closed) throw new IllegalStateException(file + ": file is closed; cannot read tensor '" + name + "'");
        long numel = info.numel();
        if (numel > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(file, "tensor '" + name + "' with shape " + Arrays.toString(info.shape())
                    + " has " + numel + " elements; a Tensor holds at most " + (Integer.MAX_VALUE - 8));
        }
        int n = (int) numel;
        long b = info.begin();
        int[] shape = info.shape();
        MemorySegment s = data;
        switch (info.dtype()) {
            case F32 -> {
                float[] out = new float[n];
                MemorySegment.copy(s, F32, b, out, 0, n);
                return Tensor.wrap(out, shape);
            }
            case F64 -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = (float) s.get(F64, b + 8L * i);
                return Tensor.wrap(out, shape);
            }
            case F16 -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(s.get(I16, b + 2L * i));
                return Tensor.wrap(out, shape);
            }
            case BF16 -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((s.get(I16, b + 2L * i) & 0xFFFF) << 16);
                return Tensor.wrap(out, shape);
            }
            default -> {
                return longTensor(info, n, shape);
            }
        }
    }

    private Tensor longTensor(TensorInfo info, int n, int[] shape) {
        long b = info.begin();
        MemorySegment s = data;
        long[] out = new long[n];
        switch (info.dtype()) {
            case I64 -> MemorySegment.copy(s, I64, b, out, 0, n);
            case I32 -> { for (int i = 0; i < n; i++) out[i] = s.get(I32, b + 4L * i); }
            case I16 -> { for (int i = 0; i < n; i++) out[i] = s.get(I16, b + 2L * i); }
            case I8 -> { for (int i = 0; i < n; i++) out[i] = s.get(ValueLayout.JAVA_BYTE, b + i); }
            case U32 -> { for (int i = 0; i < n; i++) out[i] = s.get(I32, b + 4L * i) & 0xFFFFFFFFL; }
            case U16 -> { for (int i = 0; i < n; i++) out[i] = s.get(I16, b + 2L * i) & 0xFFFF; }
            case U8 -> { for (int i = 0; i < n; i++) out[i] = s.get(ValueLayout.JAVA_BYTE, b + i) & 0xFF; }
            case BOOL -> { for (int i = 0; i < n; i++) out[i] = s.get(ValueLayout.JAVA_BYTE, b + i) != 0 ? 1 : 0; }
            default -> throw new AssertionError(info.dtype());
        }
        return Tensor.ofLongs(out, shape);
    }

    /** Reads every tensor, in file order, into a new map. */
    public Map<String, Tensor> loadAll() throws SafetensorsException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : header.tensors().keySet()) out.put(name, get(name));
        return out;
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (arena != null) arena.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + size() + " tensors]";
    }
}
