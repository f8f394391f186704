package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.Map;

/**
 * Resize (opset 10 on) and Upsample: nearest, linear and cubic interpolation along each axis whose
 * size changes, one axis at a time (the modes are separable), with ONNX's coordinate transformations
 * and nearest rounding modes. Built from index selections and weighted sums, so gradients flow.
 */
final class Resizing {
    private Resizing() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Resize", Resizing::resize);
        ops.put("Upsample", n -> {
            float[] scales = n.has(1) ? Ints.toFloat(n.input(1)).toFloatArray() : n.attributes().floats("scales");
            if (scales == null) throw n.error("scales are required");
            String mode = n.attributes().s("mode", "nearest");
            return new Tensor[] {resize(n, n.input(0), sizes(n, n.input(0), scales), scales, mode.equals("bilinear") ? "linear" : mode,
                    "asymmetric", "floor", -0.75f, false, null, 0f)};
        });
    }

    private static int[] sizes(NodeCall n, Tensor x, float[] scales) {
        if (scales.length != x.dim()) throw n.error(scales.length + " scales for " + x.dim() + " dims");
        int[] out = new int[x.dim()];
        for (int d = 0; d < out.length; d++) out[d] = (int) Math.floor(x.size(d) * (double) scales[d]);
        return out;
    }

    private static Tensor[] resize(NodeCall n) {
        Tensor x = n.input(0);
        Attributes a = n.attributes();
        if (a.i("antialias", 0) != 0) throw n.unsupported("antialias is not supported");
        if (!a.s("keep_aspect_ratio_policy", "stretch").equals("stretch")) throw n.unsupported("keep_aspect_ratio_policy is not supported");
        if (a.has("axes")) throw n.unsupported("the axes attribute is not supported");
        int scalesAt = n.opset() < 11 ? 1 : 2, sizesAt = 3;
        float[] scales = n.has(scalesAt) && n.input(scalesAt).numel() > 0 ? Ints.toFloat(n.input(scalesAt)).toFloatArray() : null;
        int[] out;
        if (scales != null) {
            out = sizes(n, x, scales);
        } else if (n.has(sizesAt)) {
            out = Shapes.toInts(n, Ints.values(n.input(sizesAt)));
            if (out.length != x.dim()) throw n.error(out.length + " sizes for " + x.dim() + " dims");
            scales = new float[out.length];
            for (int d = 0; d < out.length; d++) scales[d] = (float) out[d] / x.size(d);
        } else {
            throw n.error("scales or sizes are required");
        }
        long[] big = new long[out.length];
        for (int d = 0; d < out.length; d++) big[d] = out[d];
        Shapes.requireAllocatable(n, big);
        float[] roi = n.opset() >= 11 && n.has(1) && n.input(1).numel() > 0 ? Ints.toFloat(n.input(1)).toFloatArray() : null;
        String transform = n.opset() < 11 ? "asymmetric" : a.s("coordinate_transformation_mode", "half_pixel");
        return new Tensor[] {resize(n, x, out, scales, a.s("mode", "nearest"), transform, a.s("nearest_mode", "round_prefer_floor"),
                a.f("cubic_coeff_a", -0.75f), a.i("exclude_outside", 0) != 0, roi, a.f("extrapolation_value", 0f))};
    }

    private static Tensor resize(NodeCall n, Tensor in, int[] out, float[] scales, String mode, String transform, String nearest,
                                 float cubicA, boolean excludeOutside, float[] roi, float extrapolation) {
        boolean ints = Ints.isInt(in);
        Tensor y = Ints.toFloat(in);
        for (int d = 0; d < out.length; d++) {
            if (out[d] == y.size(d) && scales[d] == 1f && !transform.equals("tf_crop_and_resize")) continue;
            y = axis(n, y, d, out[d], scales[d], mode, transform, nearest, cubicA, excludeOutside,
                    roi == null ? 0f : roi[d], roi == null ? 1f : roi[d + out.length], extrapolation);
        }
        return ints ? y.toLong() : y;
    }

    private static double source(NodeCall n, String transform, int x, int in, float scale, float start, float end) {
        double out = in * (double) scale;     // the resized length before flooring, as ONNX's reference uses it
        return switch (transform) {
            case "half_pixel" -> (x + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> out > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : x * (in - 1.0) / (out - 1.0);
            case "asymmetric" -> x / (double) scale;
            case "tf_half_pixel_for_nn" -> (x + 0.5) / scale;
            case "tf_crop_and_resize" -> out > 1 ? start * (in - 1.0) + x * (end - start) * (in - 1.0) / (out - 1.0)
                    : 0.5 * (start + end) * (in - 1.0);
            case "half_pixel_symmetric" -> {
                double adjusted = out / (double) scale, offset = in / 2.0 * (1 - adjusted / in);
                yield offset + (x + 0.5) / scale - 0.5;
            }
            default -> throw n.error("coordinate_transformation_mode '" + transform + "'");
        };
    }

    private static Tensor axis(NodeCall n, Tensor x, int d, int out, float scale, String mode, String transform, String nearest,
                               float cubicA, boolean excludeOutside, float start, float end, float extrapolation) {
        int in = x.size(d);
        int taps = switch (mode) {
            case "nearest" -> 1;
            case "linear" -> 2;
            case "cubic" -> 4;
            default -> throw n.error("mode '" + mode + "'");
        };
        long[][] index = new long[taps][out];
        float[][] weight = new float[taps][out];
        float[] outside = new float[out];
        for (int o = 0; o < out; o++) {
            double c = source(n, transform, o, in, scale, start, end);
            if (transform.equals("tf_crop_and_resize") && (c < 0 || c > in - 1)) outside[o] = 1f;
            if (taps == 1) {
                long i = switch (nearest) {
                    case "round_prefer_floor" -> c == Math.floor(c) + 0.5 ? (long) Math.floor(c) : Math.round(c);
                    case "round_prefer_ceil" -> (long) Math.floor(c + 0.5);
                    case "floor" -> (long) Math.floor(c);
                    case "ceil" -> (long) Math.ceil(c);
                    default -> throw n.error("nearest_mode '" + nearest + "'");
                };
                index[0][o] = Math.clamp(i, 0, in - 1);
                weight[0][o] = 1f;
            } else if (taps == 2) {
                double cl = Math.clamp(c, 0, in - 1);
                long i0 = (long) Math.floor(cl);
                double t = cl - i0;
                index[0][o] = i0;
                index[1][o] = Math.min(i0 + 1, in - 1);
                weight[0][o] = (float) (1 - t);
                weight[1][o] = (float) t;
            } else {
                long i0 = (long) Math.floor(c);
                double t = c - i0;
                double[] w = {cubic(t + 1, cubicA), cubic(t, cubicA), cubic(1 - t, cubicA), cubic(2 - t, cubicA)};
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    long i = i0 - 1 + k;
                    if (excludeOutside && (i < 0 || i >= in)) w[k] = 0;
                    sum += w[k];
                    index[k][o] = Math.clamp(i, 0, in - 1);
                }
                for (int k = 0; k < 4; k++) weight[k][o] = (float) (excludeOutside ? w[k] / sum : w[k]);
            }
        }
        int[] wshape = new int[x.dim()];
        java.util.Arrays.fill(wshape, 1);
        wshape[d] = out;
        Tensor y = null;
        for (int k = 0; k < taps; k++) {
            Tensor picked = x.indexSelect(d, Ints.vector(index[k]));
            Tensor term = taps == 1 ? picked : picked.mul(Tensor.wrap(weight[k], wshape));
            y = y == null ? term : y.add(term);
        }
        if (transform.equals("tf_crop_and_resize")) {
            Tensor mask = Tensor.wrap(outside, wshape);
            y = y.mul(mask.rsub(1f)).add(mask.mul(extrapolation));
        }
        return y.contiguous();
    }

    /** Keys' cubic convolution kernel with coefficient {@code a}. */
    private static double cubic(double s, double a) {
        s = Math.abs(s);
        if (s <= 1) return ((a + 2) * s - (a + 3)) * s * s + 1;
        if (s < 2) return ((a * s - 5 * a) * s + 8 * a) * s - 4 * a;
        return 0;
    }
}
