package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;

/**
 * QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear, so models quantised in the QDQ form
 * run (their 8-bit values held as int64, dequantised to float32 where the graph says). Rounding is
 * half to even, as ONNX asks; QuantizeLinear saturates to its zero point's type, which the graph
 * passes as {@link #OUTPUT_TYPE} (8-bit integers are all int64 here).
 */
public final class Quantization {
    /** The attribute a graph sets on QuantizeLinear: the ONNX element type of its output (its zero point's; uint8 without one). */
    public static final String OUTPUT_TYPE = "cochlea_output_type";

    private Quantization() {}

    static void register(Map<String, Operator> ops) {
        ops.put("QuantizeLinear", n -> {
            Tensor x = Ints.toFloat(n.input(0));
            int type = (int) n.attributes().i(OUTPUT_TYPE, 2);
            long lo = type == 3 ? -128 : 0, hi = type == 3 ? 127 : 255;
            if (type != 2 && type != 3) throw n.unsupported("quantising to element type " + type + " (int8 and uint8 are)");
            float[] v = x.toFloatArray(), scale = floats(n.input(1)), zp = n.has(2) ? floats(n.input(2)) : null;
            int[] channel = channels(n, x, n.input(1).numel());
            long[] q = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                int c = channel == null ? 0 : channel[i];
                q[i] = Math.clamp((long) Math.rint(v[i] / scale[c]) + (zp == null ? 0 : (long) zp[c]), lo, hi);
            }
            return new Tensor[] {Ints.of(q, x.shape())};
        });
        ops.put("DequantizeLinear", n -> {
            Tensor x = n.input(0);
            long[] v = Ints.values(x);
            float[] scale = floats(n.input(1)), zp = n.has(2) ? floats(n.input(2)) : null;
            int[] channel = channels(n, x, n.input(1).numel());
            float[] y = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                int c = channel == null ? 0 : channel[i];
                y[i] = (float) ((v[i] - (zp == null ? 0 : zp[c])) * (double) scale[c]);
            }
            return new Tensor[] {Tensor.wrap(y, x.shape())};
        });
        ops.put("DynamicQuantizeLinear", n -> {
            Tensor x = Ints.toFloat(n.input(0));
            float[] v = x.toFloatArray();
            float min = 0f, max = 0f;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            float scale = (max - min) / 255f;
            long zp = scale == 0f ? 0 : Math.clamp((long) Math.rint(0 - min / scale), 0, 255);
            long[] q = new long[v.length];
            for (int i = 0; i < v.length; i++) q[i] = scale == 0f ? zp : Math.clamp((long) Math.rint(v[i] / scale) + zp, 0, 255);
            return new Tensor[] {Ints.of(q, x.shape()), Tensor.scalar(scale), Ints.of(new long[] {zp})};
        });
    }

    /** A scale's or zero point's values (one, or one per channel); 8-bit zero points are exact in float32. */
    private static float[] floats(Tensor t) {
        return Ints.toFloat(t).toFloatArray();
    }

    /** For per-axis parameters (count > 1): each element's index along {@code axis}; null for one scale for all. */
    private static int[] channels(NodeCall n, Tensor x, int count) {
        if (count <= 1) return null;
        int axis = Shapes.axis(n, n.attributes().i("axis", 1), x.dim());
        if (x.size(axis) != count) throw n.error(count + " scales for an axis of " + x.size(axis));
        int inner = Shapes.product(x.shape(), axis + 1, x.dim());
        int[] c = new int[x.numel()];
        for (int i = 0; i < c.length; i++) c[i] = (i / inner) % count;
        return c;
    }
}
