package dev.cochlea.io;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a safetensors file whose float32 tensors are too large to hold: their shapes are declared
 * first, then their values arrive in blocks along the last axis (frames of a spectrogram, for
 * instance), in any order. The file is written to a temp file and renamed into place when
 * {@code body} returns; a failure leaves no partial file.
 *
 * <pre>{@code
 * Map<String, int[]> shapes = Map.of("features", new int[] {1, 128, 500_000});
 * SafetensorsBlockWriter.write(out, false, shapes, metadata, sink -> {
 *     for (long t = 0; t < 500_000; t += 4096) sink.put("features", t, block);   // block [1, 128, <=4096]
 * });
 * }</pre>
 */
public final class SafetensorsBlockWriter {
    /** Receives the blocks. */
    @FunctionalInterface
    public interface Body {
        void fill(Sink sink) throws IOException;
    }

    /** Where blocks go. */
    public interface Sink {
        /**
         * Stores {@code block} (the declared shape with a shorter last axis) as the tensor's values
         * from {@code lastAxisOffset} along its last axis.
         */
        void put(String name, long lastAxisOffset, Tensor block) throws IOException;
    }

    private SafetensorsBlockWriter() {
    }

    /**
     * Writes {@code file} holding float32 tensors of the given shapes (in this order) and metadata.
     * Values not put by {@code body} are zero.
     *
     * @param overwrite whether an existing file may be replaced
     */
    public static void write(Path file, boolean overwrite, Map<String, int[]> shapes, Map<String, String> metadata, Body body)
            throws IOException {
        Map<String, Safetensors.Layout> layouts = new LinkedHashMap<>();
        Map<String, Long> starts = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int[] shape = e.getValue();
            if (shape.length == 0) throw new IllegalArgumentException(file + ": tensor '" + e.getKey() + "' needs at least one axis");
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException(file + ": tensor '" + e.getKey() + "' has a negative size " + Arrays.toString(shape));
            }
            layouts.put(e.getKey(), new Safetensors.Layout(DType.FLOAT32, shape.clone()));
        }
        byte[] head = Safetensors.headerOf(file, layouts, metadata);
        long offset = Long.BYTES + head.length;
        for (Map.Entry<String, Safetensors.Layout> e : layouts.entrySet()) {
            starts.put(e.getKey(), offset);
            offset += e.getValue().bytes();
        }
        long total = offset;
        AtomicFiles.write(file, overwrite, ch -> {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES + head.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(head.length).put(head).flip();
            while (b.hasRemaining()) ch.write(b);
            if (total > Long.BYTES + head.length) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.write(last, total - 1);
            }
            body.fill((name, t0, block) -> put(file, ch, layouts, starts, name, t0, block));
        });
    }

    private static void put(Path file, FileChannel ch, Map<String, Safetensors.Layout> layouts, Map<String, Long> starts, String name,
            long t0, Tensor block) throws IOException {
        Safetensors.Layout l = layouts.get(name);
        if (l == null) throw new IllegalArgumentException(file + ": no tensor '" + name + "' was declared; declared " + layouts.keySet());
        int[] shape = l.shape();
        int[] got = block.shape();
        int d = shape.length;
        boolean fits = got.length == d && t0 >= 0 && t0 + got[d - 1] <= shape[d - 1];
        for (int i = 0; fits && i < d - 1; i++) fits = got[i] == shape[i];
        if (!fits) {
            throw new IllegalArgumentException(file + ": block " + Arrays.toString(got) + " at " + t0 + " does not fit tensor '" + name
                    + "' " + Arrays.toString(shape));
        }
        int width = got[d - 1];
        if (width == 0) return;
        long rows = block.numel() / width;
        float[] v = block.toFloatArray();
        ByteBuffer buf = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long start = starts.get(name);
        for (long r = 0; r < rows; r++) {
            buf.clear();
            buf.asFloatBuffer().put(v, (int) (r * width), width);
            long pos = start + (r * shape[d - 1] + t0) * Float.BYTES;
            while (buf.hasRemaining()) pos += ch.write(buf, pos);
        }
    }
}
