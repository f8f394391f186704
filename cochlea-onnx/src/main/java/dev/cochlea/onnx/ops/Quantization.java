package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;

/**
 * The quantisation operators, so quantised models run in both of ONNX's forms: QDQ
 * (QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear) and integer operators (MatMulInteger,
 * ConvInteger, QLinearMatMul, QLinearConv). 8-bit values are held as int64; integer products are
 * accumulated in float32 on Cochlea's kernels, exact while partial sums stay below 2^24. Rounding is
 * half to even, as ONNX asks; an 8-bit output saturates to its zero point's type, which the graph
 * passes as {@link #OUTPUT_TYPE}.
 */
public final class Quantization {
    /** The attribute a graph sets on QuantizeLinear, QLinearMatMul and QLinearConv: the ONNX element type of the output (its zero point's; uint8 without one). */
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
        ops.put("MatMulInteger", n -> new Tensor[] {matMul(n, n.input(0), n.optional(2), n.input(1), n.optional(3)).toLong()});
        ops.put("ConvInteger", n -> new Tensor[] {conv(n, n.input(0), n.optional(2), n.input(1), n.optional(3), null).toLong()});
        ops.put("QLinearMatMul", n -> {
            Tensor acc = matMul(n, n.input(0), n.input(2), n.input(3), n.input(5));
            return new Tensor[] {requantize(n, acc, n.input(1), n.input(4), n.input(6), n.input(7), -1)};
        });
        ops.put("QLinearConv", n -> {
            Tensor acc = conv(n, n.input(0), n.input(2), n.input(3), n.input(5), n.optional(8));
            return new Tensor[] {requantize(n, acc, n.input(1), n.input(4), n.input(6), n.input(7), 1)};
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

    /**
     * {@code q − zero point} as float32 (small integers, exact), the zero point one value or one per
     * slice along {@code axis} (a weight's output channels).
     */
    private static Tensor centred(NodeCall n, Tensor q, Tensor zp, int axis) {
        Tensor f = Ints.toFloat(q);
        if (zp == null || zp.numel() == 0) return f;
        Tensor z = Ints.toFloat(zp);
        if (z.numel() == 1) return f.sub(z.reshape());
        int[] shape = new int[f.dim()];
        java.util.Arrays.fill(shape, 1);
        int a = axis < 0 ? f.dim() + axis : axis;
        shape[a] = z.numel();
        return f.sub(z.reshape(shape));
    }

    /** The exact integer products of (a − a_zp)·(b − b_zp), accumulated in float32 (exact below 2^24). */
    private static Tensor matMul(NodeCall n, Tensor a, Tensor aZp, Tensor b, Tensor bZp) {
        return centred(n, a, aZp, 0).matmul(centred(n, b, bZp, -1));
    }

    /** The integer convolution of (x − x_zp) by (w − w_zp, per output channel), plus an int32 bias. */
    private static Tensor conv(NodeCall n, Tensor x, Tensor xZp, Tensor w, Tensor wZp, Tensor bias) {
        Tensor[] in = {centred(n, x, xZp, 0), centred(n, w, wZp, 0), bias == null ? null : Ints.toFloat(bias)};
        return Operators.find("Conv").apply(new NodeCall("Conv", n.name(), in, n.attributes(), n.opset(), 1))[0];
    }

    /** An integer accumulator scaled by s_a·s_b/s_y, rounded half to even, shifted by y's zero point and saturated to its type. */
    private static Tensor requantize(NodeCall n, Tensor acc, Tensor aScale, Tensor bScale, Tensor yScale, Tensor yZp, int channelAxis) {
        float[] v = acc.toFloatArray();
        float[] as = floats(aScale), bs = floats(bScale), ys = floats(yScale);
        long zp = Ints.values(yZp)[0];
        int[] channel = bs.length > 1 ? channels(n, acc, bs.length, channelAxis < 0 ? acc.dim() - 1 : channelAxis) : null;
        int type = (int) n.attributes().i(OUTPUT_TYPE, 2);
        long lo = type == 3 ? -128 : 0, hi = type == 3 ? 127 : 255;
        long[] q = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double scale = (double) as[0] * bs[channel == null ? 0 : channel[i]] / ys[0];
            q[i] = Math.clamp((long) Math.rint(v[i] * scale) + zp, lo, hi);
        }
        return Ints.of(q, acc.shape());
    }

    /** A scale's or zero point's values (one, or one per channel); 8-bit zero points are exact in float32. */
    private static float[] floats(Tensor t) {
        return Ints.toFloat(t).toFloatArray();
    }

    /** For per-axis parameters (count > 1): each element's index along {@code axis}; null for one scale for all. */
    private static int[] channels(NodeCall n, Tensor x, int count) {
        if (count <= 1) return null;
        return channels(n, x, count, Shapes.axis(n, n.attributes().i("axis", 1), x.dim()));
    }

    private static int[] channels(NodeCall n, Tensor x, int count, int axis) {
        if (x.size(axis) != count) throw n.error(count + " scales for an axis of " + x.size(axis));
        int inner = Shapes.product(x.shape(), axis + 1, x.dim());
        int[] c = new int[x.numel()];
        for (int i = 0; i < c.length; i++) c[i] = (i / inner) % count;
        return c;
    }
}
