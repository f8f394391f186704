package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.AvgPoolOptions;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.MaxPoolOptions;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** MaxPool, AveragePool and the global pools over 1 to 3 spatial dims. */
final class Pools {
    private Pools() {}

    static void register(Map<String, Operator> ops) {
        ops.put("MaxPool", Pools::maxPool);
        ops.put("AveragePool", Pools::averagePool);
        ops.put("GlobalAveragePool", n -> new Tensor[] {n.input(0).mean(spatialDims(n.input(0)), true)});
        ops.put("GlobalMaxPool", n -> {
            Tensor y = n.input(0);
            for (int d = y.dim() - 1; d >= 2; d--) y = y.max(d, true).values();
            return new Tensor[] {y};
        });
    }

    private static int[] spatialDims(Tensor x) {
        int[] d = new int[x.dim() - 2];
        for (int i = 0; i < d.length; i++) d[i] = i + 2;
        return d;
    }

    private static Windows windows(NodeCall n, Tensor x) {
        long[] k = n.attributes().ints("kernel_shape");
        if (k == null) throw n.error("kernel_shape is required");
        int r = k.length;
        if (r < 1 || r > 3 || x.dim() != r + 2) throw n.error("a " + r + "-d kernel for input of shape " + Arrays.toString(x.shape()));
        return Windows.of(n, Arrays.copyOfRange(x.shape(), 2, x.dim()), Windows.ints(n, k, r, 1));
    }

    /** Whether the padding fits the layer's own (symmetric, at most half the kernel). */
    private static boolean nativePadding(Windows w) {
        if (!w.symmetric()) return false;
        for (int i = 0; i < w.begin().length; i++) if (w.begin()[i] > w.kernel()[i] / 2) return false;
        return true;
    }

    private static Tensor[] maxPool(NodeCall n) {
        if (n.outputCount() > 1 && n.optional(0) != null) return maxPoolWithIndices(n, Ints.toFloat(n.input(0)));
        if (Ints.isInt(n.input(0))) {
            Tensor x = n.input(0);
            return new Tensor[] {maxPoolFloat(n, x.toFloat()).toLong()};    // small integers are exact in float32
        }
        return new Tensor[] {maxPoolFloat(n, n.input(0))};
    }

    private static Tensor maxPoolFloat(NodeCall n, Tensor x) {
        Windows w = windows(n, x);
        boolean ceil = n.attributes().i("ceil_mode", 0) != 0;
        int r = w.kernel().length;
        MaxPoolOptions o = MaxPoolOptions.defaults().stride(w.strides()).dilation(w.dilations()).ceilMode(ceil);
        if (nativePadding(w)) {
            o = o.padding(w.begin());
        } else {
            x = Tensor.pad(x, w.torchPads(), "constant", Float.NEGATIVE_INFINITY);
            o = o.padding(new int[r]);
        }
        return switch (r) {
            case 1 -> F.maxPool1d(x, w.kernel()[0], o);
            case 2 -> F.maxPool2d(x, w.kernel(), o);
            default -> F.maxPool3d(x, w.kernel(), o);
        };
    }

    /** MaxPool's second output: each maximum's position in the whole input, flattened row-major (batch and channel included). */
    private static Tensor[] maxPoolWithIndices(NodeCall n, Tensor x) {
        if (n.attributes().i("storage_order", 0) != 0) throw n.unsupported("Indices in column-major order (storage_order 1)");
        Windows w = windows(n, x);
        if (!nativePadding(w)) throw n.unsupported("Indices with uneven or more than half-kernel padding");
        MaxPoolOptions o = MaxPoolOptions.defaults().stride(w.strides()).dilation(w.dilations())
                .ceilMode(n.attributes().i("ceil_mode", 0) != 0).padding(w.begin());
        int r = w.kernel().length;
        dev.cochlea.tensor.ValuesIndices vi = switch (r) {
            case 1 -> F.maxPool1dWithIndices(x, w.kernel()[0], o);
            case 2 -> F.maxPool2dWithIndices(x, w.kernel(), o);
            default -> F.maxPool3dWithIndices(x, w.kernel(), o);
        };
        long plane = 1;
        for (int d = 2; d < x.dim(); d++) plane *= x.size(d);
        long[] idx = vi.indices().toLongArray();
        int[] s = vi.indices().shape();
        long perPlane = idx.length / Math.max(1, (long) s[0] * s[1]);
        for (int i = 0; i < idx.length; i++) idx[i] += (i / perPlane) * plane;
        Tensor y = vi.values();
        return new Tensor[] {Ints.isInt(n.input(0)) ? y.toLong() : y, Ints.of(idx, s)};
    }

    private static Tensor[] averagePool(NodeCall n) {
        Tensor x = n.input(0);
        Windows w = windows(n, x);
        for (int d : w.dilations()) if (d != 1) throw n.unsupported("dilations other than 1 are not supported");
        boolean ceil = n.attributes().i("ceil_mode", 0) != 0;
        boolean includePad = n.attributes().i("count_include_pad", 0) != 0;
        int r = w.kernel().length;
        AvgPoolOptions o = AvgPoolOptions.defaults().stride(w.strides()).ceilMode(ceil).countIncludePad(includePad);
        if (nativePadding(w) || !w.padded()) return new Tensor[] {avg(x, w.kernel(), o.padding(w.begin()))};
        // Uneven padding: average the zero-padded input, and without count_include_pad divide by the share of real elements.
        o = o.padding(new int[r]).countIncludePad(true);
        Tensor y = avg(Tensor.pad(x, w.torchPads()), w.kernel(), o);
        if (includePad) return new Tensor[] {y};
        int[] ones = x.shape().clone();
        ones[0] = 1;
        ones[1] = 1;
        Tensor share = avg(Tensor.pad(Tensor.ones(ones), w.torchPads()), w.kernel(), o);
        return new Tensor[] {y.div(share)};
    }

    private static Tensor avg(Tensor x, int[] kernel, AvgPoolOptions o) {
        return switch (kernel.length) {
            case 1 -> F.avgPool1d(x, kernel[0], o);
            case 2 -> F.avgPool2d(x, kernel, o);
            default -> F.avgPool3d(x, kernel, o);
        };
    }
}
