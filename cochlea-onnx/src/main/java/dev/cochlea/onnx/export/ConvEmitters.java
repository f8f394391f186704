package dev.cochlea.onnx.export;

import dev.cochlea.nn.AdaptiveAvgPool1d;
import dev.cochlea.nn.AdaptiveAvgPool2d;
import dev.cochlea.nn.AvgPool1d;
import dev.cochlea.nn.AvgPool2d;
import dev.cochlea.nn.AvgPool3d;
import dev.cochlea.nn.AvgPoolNd;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Conv3d;
import dev.cochlea.nn.ConvNd;
import dev.cochlea.nn.ConvTranspose1d;
import dev.cochlea.nn.ConvTranspose2d;
import dev.cochlea.nn.FusedConv2d;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.MaxPool3d;
import dev.cochlea.nn.MaxPoolNd;
import dev.cochlea.nn.functional.ConvPadding;
import dev.cochlea.nn.functional.PaddingMode;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;

/**
 * Emitters of convolutions (Conv and ConvTranspose with kernel, strides, explicit pads, dilations
 * and groups; {@code "same"} padding puts the odd pixel after, as PyTorch does) and pools
 * (MaxPool, AveragePool; adaptive average pooling as GlobalAveragePool, as an AveragePool where
 * its windows are evenly spaced and of one size, else as products with averaging matrices).
 */
final class ConvEmitters {
    private ConvEmitters() {}

    static void register(LayerEmitters.Registry r) {
        r.put(Conv1d.class, (m, x, s) -> conv(m, x, s, "Conv"));
        r.put(Conv2d.class, (m, x, s) -> conv(m, x, s, "Conv"));
        r.put(Conv3d.class, (m, x, s) -> conv(m, x, s, "Conv"));
        r.put(FusedConv2d.class, ConvEmitters::fused);
        r.put(ConvTranspose1d.class, (m, x, s) -> conv(m, x, s, "ConvTranspose"));
        r.put(ConvTranspose2d.class, (m, x, s) -> conv(m, x, s, "ConvTranspose"));
        r.put(MaxPool1d.class, ConvEmitters::maxPool);
        r.put(MaxPool2d.class, ConvEmitters::maxPool);
        r.put(MaxPool3d.class, ConvEmitters::maxPool);
        r.put(AvgPool1d.class, ConvEmitters::avgPool);
        r.put(AvgPool2d.class, ConvEmitters::avgPool);
        r.put(AvgPool3d.class, ConvEmitters::avgPool);
        r.put(AdaptiveAvgPool1d.class, (m, x, s) -> adaptiveAvg(x, s, new int[] {m.outputSize()}));
        r.put(AdaptiveAvgPool2d.class, (m, x, s) -> {
            int[] o = m.outputSize();
            return adaptiveAvg(x, s, o.length == 1 ? new int[] {o[0], o[0]} : o);
        });
    }

    /** A fused block as the layers it stands for: Conv, then Relu, then a 2×2 MaxPool. */
    private static Value fused(FusedConv2d m, Value x, ExportScope s) {
        if (x.rank() != 4) throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank 4) exports");
        Value y = conv(m.conv(), x, s, "Conv", m.conv().call(Tensor.zeros(x.shape())).shape());
        if (m.relu()) y = s.unary("Relu", y);
        if (!m.pool()) return y;
        return s.node("MaxPool").in(y.name()).ints("kernel_shape", new int[] {2, 2}).ints("strides", new int[] {2, 2})
                .ints("pads", new int[4]).ints("dilations", new int[] {1, 1}).i("ceil_mode", 0).output(s.shapeOf(x));
    }

    private static Value conv(ConvNd m, Value x, ExportScope s, String op) {
        if (x.rank() != m.kernelSize().length + 2) {
            throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank " + (m.kernelSize().length + 2) + ") exports");
        }
        return conv(m, x, s, op, s.shapeOf(x));
    }

    private static Value conv(ConvNd m, Value x, ExportScope s, String op, int[] outShape) {
        int[] k = m.kernelSize(), d = m.dilation();
        int rank = k.length;
        if (x.rank() != rank + 2) throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank " + (rank + 2) + ") exports");
        if (m.paddingMode() != PaddingMode.ZEROS) {
            throw s.unsupported("padding mode '" + m.paddingMode().torchName() + "' (only 'zeros' exports)");
        }
        int[] pads = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            if (m.namedPadding() == ConvPadding.SAME) {
                int total = d[i] * (k[i] - 1);
                pads[i] = total / 2;
                pads[i + rank] = total - total / 2;
            } else if (m.namedPadding() == null) {
                pads[i] = m.padding()[i];
                pads[i + rank] = m.padding()[i];
            }
        }
        ExportNode n = s.node(op).in(x.name(), s.weight(m.weight));
        if (m.bias != null) n.in(s.weight(m.bias));
        n.ints("kernel_shape", k).ints("strides", m.stride()).ints("pads", pads).ints("dilations", d).i("group", m.groups());
        if (op.equals("ConvTranspose")) n.ints("output_padding", m.outputPadding());
        return n.output(outShape);
    }

    private static Value maxPool(MaxPoolNd m, Value x, ExportScope s) {
        int[] k = m.kernelSize();
        if (x.rank() != k.length + 2) throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank " + (k.length + 2) + ") exports");
        return s.node("MaxPool").in(x.name()).ints("kernel_shape", k).ints("strides", m.stride()).ints("pads", twice(m.padding()))
                .ints("dilations", m.dilation()).i("ceil_mode", m.ceilMode() ? 1 : 0).output(s.shapeOf(x));
    }

    private static Value avgPool(AvgPoolNd m, Value x, ExportScope s) {
        int[] k = m.kernelSize();
        if (x.rank() != k.length + 2) throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank " + (k.length + 2) + ") exports");
        if (m.divisorOverride() != 0) throw s.unsupported("divisor_override " + m.divisorOverride() + " has no ONNX form");
        return s.node("AveragePool").in(x.name()).ints("kernel_shape", k).ints("strides", m.stride()).ints("pads", twice(m.padding()))
                .i("ceil_mode", m.ceilMode() ? 1 : 0).i("count_include_pad", m.countIncludePad() ? 1 : 0).output(s.shapeOf(x));
    }

    private static int[] twice(int[] p) {
        int[] pads = new int[2 * p.length];
        for (int i = 0; i < p.length; i++) pads[i] = pads[i + p.length] = p[i];
        return pads;
    }

    /** Adaptive average pooling of the last {@code out.length} dimensions of {@code x} to sizes {@code out}. */
    private static Value adaptiveAvg(Value x, ExportScope s, int[] out) {
        int r = out.length, lead = x.rank() - r;
        if (lead != 2) throw s.unsupported("input of rank " + x.rank() + "; a batch of [channels, ...] (rank " + (r + 2) + ") exports");
        int[] shape = x.shape().clone();
        boolean global = true, even = true;
        int[] kernel = new int[r], stride = new int[r];
        for (int i = 0; i < r; i++) {
            int in = x.dim(lead + i);
            shape[lead + i] = out[i];
            global &= out[i] == 1;
            kernel[i] = end(0, in, out[i]) - start(0, in, out[i]);
            stride[i] = out[i] == 1 ? 1 : start(1, in, out[i]);
            for (int j = 0; j < out[i]; j++) {
                even &= start(j, in, out[i]) == j * stride[i] && end(j, in, out[i]) - start(j, in, out[i]) == kernel[i];
            }
        }
        if (global) return s.node("GlobalAveragePool").in(x.name()).output(shape);
        if (even) return s.node("AveragePool").in(x.name()).ints("kernel_shape", kernel).ints("strides", stride).output(shape);
        // y = P_0 · x · P_1ᵀ (2-D) or x · P_0ᵀ (1-D), where row j of P_i averages window j of dimension i.
        Value y = x;
        for (int i = r - 1; i >= 0; i--) {
            int in = x.dim(lead + i);
            boolean last = i == r - 1;
            Tensor p = averaging(in, out[i], last);
            int[] ys = y.shape().clone();
            ys[lead + i] = out[i];
            String pn = s.graph().floats(s.path(), p);
            y = s.node("MatMul").in(last ? y.name() : pn, last ? pn : y.name()).output(ys);
        }
        return y;
    }

    /** The averaging matrix of {@code out} windows over {@code in}: [out, in], or its transpose [in, out]. */
    private static Tensor averaging(int in, int out, boolean transposed) {
        float[] v = new float[in * out];
        for (int j = 0; j < out; j++) {
            int a = start(j, in, out), b = end(j, in, out);
            for (int t = a; t < b; t++) v[transposed ? t * out + j : j * in + t] = 1f / (b - a);
        }
        return transposed ? Tensor.wrap(v, in, out) : Tensor.wrap(v, out, in);
    }

    private static int start(int j, int in, int out) {
        return (int) ((long) j * in / out);
    }

    private static int end(int j, int in, int out) {
        return (int) (((long) (j + 1) * in + out - 1) / out);
    }
}
