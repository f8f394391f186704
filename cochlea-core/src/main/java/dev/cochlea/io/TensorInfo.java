package dev.cochlea.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: its name, stored dtype, shape, and byte range
 * {@code [begin, end)} relative to the start of the data buffer.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     for (TensorInfo info : f.infos()) {
 *         System.out.println(info.name() + " " + info.dtype() + " " + Arrays.toString(info.shape()));
 *     }
 * }
 * }</pre>
 *
 * @param name  the tensor's key
 * @param dtype the element type stored in the file
 * @param shape the sizes of each dimension (empty for a 0-d tensor)
 * @param begin first byte, relative to the data buffer
 * @param end   one past the last byte, relative to the data buffer
 */
public record TensorInfo(String name, SafetensorsDType dtype, int[] shape, long begin, long end) {

    /** Copies {@code shape}. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** The sizes of each dimension (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements (the product of the shape; 1 for a 0-d tensor). */
    public long numel() {
        long n = 1;
        for (int d : shape) n = Math.multiplyExact(n, (long) d);
        return n;
    }

    /** The number of bytes the data occupies ({@code end - begin}). */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + dtype + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
