package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** Conv and ConvTranspose over 1 to 3 spatial dims (groups, dilations, explicit or automatic padding). */
final class Convolutions {
    private Convolutions() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Conv", Convolutions::conv);
        ops.put("ConvTranspose", Convolutions::convTranspose);
    }

    private static int[] spatial(Tensor t) {
        return Arrays.copyOfRange(t.shape(), 2, t.dim());
    }

    private static int rank(NodeCall n, Tensor x, Tensor w) {
        int r = w.dim() - 2;
        if (r < 1 || r > 3) throw n.error("weights of shape " + Arrays.toString(w.shape()) + ": 1 to 3 spatial dims are supported");
        if (x.dim() != r + 2) throw n.error("input of shape " + Arrays.toString(x.shape()) + " for weights " + Arrays.toString(w.shape()));
        return r;
    }

    private static Tensor[] conv(NodeCall n) {
        Tensor x = n.input(0), w = n.input(1), b = n.optional(2);
        int r = rank(n, x, w);
        int groups = (int) n.attributes().i("group", 1);
        if (x.size(1) != w.size(1) * groups) {
            throw n.error("input has " + x.size(1) + " channels; weights " + Arrays.toString(w.shape()) + " with " + groups + " groups expect "
                    + w.size(1) * groups);
        }
        // Padding depends on the input's size only under auto_pad SAME_*: the options are kept per node and spatial size.
        Tensor input = x;
        Prepared p = n.attributes().derived(Arrays.toString(spatial(x)) + Arrays.toString(w.shape()), k -> {
            Windows win = Windows.of(n, spatial(input), spatial(w));
            ConvOptions o = ConvOptions.defaults().stride(win.strides()).dilation(win.dilations()).groups(groups);
            return win.symmetric() ? new Prepared(o.padding(win.begin()), null) : new Prepared(o.padding(new int[r]), win.torchPads());
        });
        ConvOptions o = p.options();
        if (p.pads() != null) x = Tensor.pad(x, p.pads());
        Tensor y = switch (r) {
            case 1 -> F.conv1d(x, w, b, o);
            case 2 -> F.conv2d(x, w, b, o);
            default -> F.conv3d(x, w, b, o);
        };
        return new Tensor[] {y};
    }

    /** A Conv node's options for one input size, and the uneven padding applied before it (or null). */
    private record Prepared(ConvOptions options, int[] pads) {}

    private static Tensor[] convTranspose(NodeCall n) {
        Tensor x = n.input(0), w = n.input(1), b = n.optional(2);
        int r = rank(n, x, w);
        int groups = (int) n.attributes().i("group", 1);
        if (x.size(1) != w.size(0)) throw n.error("input has " + x.size(1) + " channels, weights " + Arrays.toString(w.shape()) + " expect " + w.size(0));
        int[] in = spatial(x), k = spatial(w);
        int[] strides = Windows.ints(n, n.attributes().ints("strides"), r, 1);
        int[] dil = Windows.ints(n, n.attributes().ints("dilations"), r, 1);
        long[] op = n.attributes().ints("output_padding");
        int[] outPad = new int[r];
        if (op != null) for (int i = 0; i < r; i++) outPad[i] = (int) op[i];
        int[] full = new int[r];
        for (int i = 0; i < r; i++) full[i] = (in[i] - 1) * strides[i] + (k[i] - 1) * dil[i] + 1;
        int[] begin = new int[r], size = new int[r];
        long[] outputShape = n.attributes().ints("output_shape");
        String auto = n.attributes().s("auto_pad", "NOTSET");
        long[] pads = n.attributes().ints("pads");
        for (int i = 0; i < r; i++) {
            int target;
            if (outputShape != null) {
                target = (int) outputShape[outputShape.length - r + i];
            } else if (auto.startsWith("SAME")) {
                target = in[i] * strides[i];
            } else {
                int pb = pads == null || auto.equals("VALID") ? 0 : (int) pads[i], pe = pads == null || auto.equals("VALID") ? 0 : (int) pads[i + r];
                begin[i] = pb;
                size[i] = full[i] - pb - pe + outPad[i];
                continue;
            }
            int total = full[i] + outPad[i] - target;
            begin[i] = auto.equals("SAME_UPPER") || (outputShape != null && !auto.equals("SAME_LOWER")) ? total / 2 : total - total / 2;
            if (outputShape != null && pads != null && !auto.startsWith("SAME")) begin[i] = (int) pads[i];
            size[i] = target;
        }
        ConvOptions o = ConvOptions.defaults().stride(strides).dilation(dil).groups(groups).padding(new int[r]);
        Tensor y = switch (r) {
            case 1 -> F.convTranspose1d(x, w, null, o);
            case 2 -> F.convTranspose2d(x, w, null, o);
            default -> F.convTranspose3d(x, w, null, o);
        };
        for (int i = 0; i < r; i++) {
            int d = i + 2;
            if (begin[i] < 0) throw n.error("negative padding");
            int avail = y.size(d) - begin[i];
            if (size[i] <= avail) {
                y = y.narrow(d, begin[i], size[i]);
            } else {
                y = y.narrow(d, begin[i], avail);
                int[] p = new int[2 * (y.dim() - d)];
                p[p.length - 1] = size[i] - avail;
                y = Tensor.pad(y, p);
            }
        }
        if (b != null) {
            int[] s = new int[y.dim()];
            Arrays.fill(s, 1);
            s[1] = b.numel();
            y = y.add(b.reshape(s));
        }
        return new Tensor[] {y.contiguous()};
    }
}
