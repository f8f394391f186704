package dev.cochlea.audio;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Package helpers that move between tensors and the flat float arrays the spectral kernels work
 * on: a contiguous float32 view of an input, the product of leading dimensions, and output
 * shapes that keep the caller's leading (batch, channel, ...) dimensions.
 *
 * <pre>{@code
 * Tensor x = Signals.floatContiguous(waveform);         // [..., samples]
 * int rows = Signals.leading(x.shape(), 1);             // product of the leading dims
 * int[] outShape = Signals.replaceLast(x.shape(), 1, freqs, frames);
 * }</pre>
 */
final class Signals {
    private Signals() {}

    /** {@code t} as a contiguous float32 tensor (itself when it already is one). */
    static Tensor floatContiguous(Tensor t) {
        Tensor f = t.dtype() == DType.FLOAT32 ? t : t.toFloat();
        return f.isContiguous() ? f : f.contiguous();
    }

    /** The product of all but the last {@code trailing} dimensions. */
    static int leading(int[] shape, int trailing) {
        int n = 1;
        for (int i = 0; i < shape.length - trailing; i++) n *= shape[i];
        return n;
    }

    /** {@code shape} with its last {@code drop} dimensions replaced by {@code tail}. */
    static int[] replaceLast(int[] shape, int drop, int... tail) {
        int keep = shape.length - drop;
        int[] out = Arrays.copyOf(shape, keep + tail.length);
        System.arraycopy(tail, 0, out, keep, tail.length);
        return out;
    }

    /** Throws unless {@code t} has at least {@code dims} dimensions. */
    static void requireDims(String op, Tensor t, int dims, String layout) {
        if (t.dim() < dims) {
            throw new IllegalArgumentException(op + ": expected a tensor of shape " + layout + ", found shape "
                    + Arrays.toString(t.shape()));
        }
    }

    /** The float values of a 1-D window tensor (a copy when it is not contiguous float32). */
    static float[] values1d(String op, String name, Tensor t) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException(op + ": " + name + " must be 1-D, found shape " + Arrays.toString(t.shape()));
        }
        return t.toFloatArray();
    }

    /** {@code x [..., n]} zero-padded by {@code pad} samples at both ends of the last dimension. */
    static Tensor padLast(Tensor x, int pad) {
        if (pad <= 0) return x;
        Tensor c = floatContiguous(x);
        int n = c.size(-1);
        int rows = leading(c.shape(), 1);
        int m = n + 2 * pad;
        float[] src = c.storage();
        float[] out = new float[rows * m];
        for (int r = 0; r < rows; r++) System.arraycopy(src, c.offset() + r * n, out, r * m + pad, n);
        return Tensor.wrap(out, replaceLast(c.shape(), 1, m));
    }
}
