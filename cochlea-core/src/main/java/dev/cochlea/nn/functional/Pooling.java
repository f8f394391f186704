package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.kernels.PoolingKernels;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensor.ValuesIndices;

import java.util.Arrays;

/**
 * Pooling, forward and backward, behind {@link F#maxPool2d} and the other {@code F.*Pool*} forms
 * ({@code torch.nn.functional.max_pool1d/2d/3d}, {@code avg_pool1d/2d/3d},
 * {@code adaptive_avg_pool1d/2d/3d}, {@code adaptive_max_pool1d/2d}); internal: call them through
 * {@link F}. Windows are walked by {@link PoolingKernels} on the same {@link Im2col.Geometry} as
 * convolutions.
 *
 * <p>Inputs are {@code [N, C, *spatial]} or, unbatched, {@code [C, *spatial]}. Per-dimension
 * arguments take one value for every spatial dimension or one value each; a null or empty stride
 * means "the kernel size" (PyTorch's default). Output size per dimension:
 * {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}, or with {@code ceilMode}
 * rounded up, minus one if the last window would start beyond the input and left padding. Max
 * pooling pads with {@code -inf}; average pooling divides by the window size clipped to the padded
 * input ({@code countIncludePad}) or to the input, or by {@code divisorOverride} when it is not 0.
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool(2, x, new int[] {3}, MaxPoolOptions.defaults().stride(2), false).values();
 * Tensor a = Pooling.avgPool1d(frames, 4);                  // stride 4
 * Tensor g = Pooling.adaptiveAvgPool2d(features, 1, 1);     // global average pooling
 * }</pre>
 */
final class Pooling {
    private Pooling() {}

    // ------------------------------------------------------------------ typed options

    /** {@code F.max_pool1d/2d/3d} over {@code rank} spatial dims, with the argmax positions when {@code withIndices}. */
    static ValuesIndices maxPool(int rank, Tensor input, int[] kernel, MaxPoolOptions options, boolean withIndices) {
        String op = "max_pool" + rank + "d";
        if (options == null) throw new IllegalArgumentException(op + ": options must not be null (MaxPoolOptions.defaults())");
        return maxPool(op, rank, input, kernel, options.stride(), options.padding(), options.dilation(), options.ceilMode(),
                withIndices);
    }

    /** {@code F.avg_pool1d/2d/3d} over {@code rank} spatial dims. */
    static Tensor avgPool(int rank, Tensor input, int[] kernel, AvgPoolOptions options) {
        String op = "avg_pool" + rank + "d";
        if (options == null) throw new IllegalArgumentException(op + ": options must not be null (AvgPoolOptions.defaults())");
        if (rank == 1 && options.divisorOverride() != 0) {
            throw new IllegalArgumentException(op + ": divisor_override applies to 2-D and 3-D pooling only, found "
                    + options.divisorOverride());
        }
        return avgPool(op, rank, input, kernel, options.stride(), options.padding(), options.ceilMode(), options.countIncludePad(),
                options.divisorOverride());
    }

    // ------------------------------------------------------------------ max

    /** {@code F.max_pool1d(input, kernel)} (stride = kernel). */
    static Tensor maxPool1d(Tensor input, int kernel) {
        return maxPool1d(input, kernel, kernel, 0, 1, false);
    }

    /** {@code F.max_pool1d(input, kernel, stride, padding, dilation, ceil_mode)}. */
    static Tensor maxPool1d(Tensor input, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return maxPool("max_pool1d", 1, input, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode, false).values();
    }

    /** {@code F.max_pool1d(..., return_indices=True)}. */
    static ValuesIndices maxPool1dWithIndices(Tensor input, int kernel, int stride, int padding, int dilation,
                                              boolean ceilMode) {
        return maxPool("max_pool1d", 1, input, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode, true);
    }

    /** {@code F.max_pool2d(input, kernel)} (stride = kernel). */
    static Tensor maxPool2d(Tensor input, int kernel) {
        return maxPool2d(input, new int[] {kernel}, null, new int[] {0}, new int[] {1}, false);
    }

    /** {@code F.max_pool2d(input, kernel, stride, padding, dilation, ceil_mode)}; arrays of 1 or 2 entries. */
    static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool("max_pool2d", 2, input, kernel, stride, padding, dilation, ceilMode, false).values();
    }

    /** {@code F.max_pool2d(..., return_indices=True)}: indices are flat positions in each {@code H·W} plane. */
    static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernel, int[] stride, int[] padding,
                                              int[] dilation, boolean ceilMode) {
        return maxPool("max_pool2d", 2, input, kernel, stride, padding, dilation, ceilMode, true);
    }

    /** {@code F.max_pool3d(input, kernel)} (stride = kernel). */
    static Tensor maxPool3d(Tensor input, int kernel) {
        return maxPool3d(input, new int[] {kernel}, null, new int[] {0}, new int[] {1}, false);
    }

    /** {@code F.max_pool3d(input, kernel, stride, padding, dilation, ceil_mode)}; arrays of 1 or 3 entries. */
    static Tensor maxPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool("max_pool3d", 3, input, kernel, stride, padding, dilation, ceilMode, false).values();
    }

    /** {@code F.max_pool3d(..., return_indices=True)}. */
    static ValuesIndices maxPool3dWithIndices(Tensor input, int[] kernel, int[] stride, int[] padding,
                                              int[] dilation, boolean ceilMode) {
        return maxPool("max_pool3d", 3, input, kernel, stride, padding, dilation, ceilMode, true);
    }

    // ------------------------------------------------------------------ average

    /** {@code F.avg_pool1d(input, kernel)} (stride = kernel). */
    static Tensor avgPool1d(Tensor input, int kernel) {
        return avgPool1d(input, kernel, kernel, 0, false, true);
    }

    /** {@code F.avg_pool1d(input, kernel, stride, padding, ceil_mode, count_include_pad)}. */
    static Tensor avgPool1d(Tensor input, int kernel, int stride, int padding, boolean ceilMode,
                            boolean countIncludePad) {
        return avgPool("avg_pool1d", 1, input, new int[] {kernel}, new int[] {stride}, new int[] {padding}, ceilMode,
                countIncludePad, 0);
    }

    /** {@code F.avg_pool2d(input, kernel)} (stride = kernel). */
    static Tensor avgPool2d(Tensor input, int kernel) {
        return avgPool2d(input, new int[] {kernel}, null, new int[] {0}, false, true, 0);
    }

    /**
     * {@code F.avg_pool2d(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)};
     * {@code divisorOverride} 0 means none.
     */
    static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                            boolean countIncludePad, int divisorOverride) {
        return avgPool("avg_pool2d", 2, input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code F.avg_pool3d(input, kernel)} (stride = kernel). */
    static Tensor avgPool3d(Tensor input, int kernel) {
        return avgPool3d(input, new int[] {kernel}, null, new int[] {0}, false, true, 0);
    }

    /** {@code F.avg_pool3d(...)}; {@code divisorOverride} 0 means none. */
    static Tensor avgPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                            boolean countIncludePad, int divisorOverride) {
        return avgPool("avg_pool3d", 3, input, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    // ------------------------------------------------------------------ adaptive

    /** {@code F.adaptive_avg_pool1d(input, output_size)}. */
    static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        return adaptive("adaptive_avg_pool1d", 1, input, new int[] {outputSize}, false, false).values();
    }

    /** {@code F.adaptive_avg_pool2d(input, output_size)}: one size for both dimensions, or two. */
    static Tensor adaptiveAvgPool2d(Tensor input, int... outputSize) {
        return adaptive("adaptive_avg_pool2d", 2, input, outputSize, false, false).values();
    }

    /** {@code F.adaptive_avg_pool3d(input, output_size)}: one size for all dimensions, or three. */
    static Tensor adaptiveAvgPool3d(Tensor input, int... outputSize) {
        return adaptive("adaptive_avg_pool3d", 3, input, outputSize, false, false).values();
    }

    /** {@code F.adaptive_max_pool1d(input, output_size)}. */
    static Tensor adaptiveMaxPool1d(Tensor input, int outputSize) {
        return adaptive("adaptive_max_pool1d", 1, input, new int[] {outputSize}, true, false).values();
    }

    /** {@code F.adaptive_max_pool2d(input, output_size)}: one size for both dimensions, or two. */
    static Tensor adaptiveMaxPool2d(Tensor input, int... outputSize) {
        return adaptive("adaptive_max_pool2d", 2, input, outputSize, true, false).values();
    }

    /** {@code F.adaptive_max_pool2d(..., return_indices=True)}. */
    static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int... outputSize) {
        return adaptive("adaptive_max_pool2d", 2, input, outputSize, true, true);
    }

    // ------------------------------------------------------------------ sizes

    /**
     * PyTorch's pooling output size along one dimension: {@code floor((in + 2·padding -
     * dilation·(kernel-1) - 1 + (ceilMode ? stride-1 : 0)) / stride) + 1}, minus one in ceil mode when
     * the last window would start at or beyond {@code in + padding}.
     */
    static int outputSize(int in, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int out = Math.floorDiv(in + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (long) (out - 1) * stride >= in + padding) out--;
        return out;
    }

    // ------------------------------------------------------------------ implementation

    /** The validated layout of a pooling input. */
    private record Layout(int[] shape, int planes, int[] in) {
        int[] outShape(int[] out) {
            int[] s = shape.clone();
            System.arraycopy(out, 0, s, s.length - out.length, out.length);
            return s;
        }
    }

    private static Layout layout(String op, int rank, Tensor input) {
        Convolution.checkFloat(op, "input", input);
        int[] shape = input.shape();
        boolean ok = shape.length == rank + 1 || shape.length == rank + 2;
        for (int i = shape.length == rank + 2 ? 1 : 0; ok && i < shape.length; i++) ok = shape[i] > 0;
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected a " + (rank + 1) + "-D (unbatched) or " + (rank + 2)
                    + "-D (batched) input with non-zero channel and spatial sizes, found shape " + Arrays.toString(shape));
        }
        int[] in = Arrays.copyOfRange(shape, shape.length - rank, shape.length);
        int planes = 1;
        for (int i = 0; i < shape.length - rank; i++) planes *= shape[i];
        return new Layout(shape, planes, in);
    }

    private static int[] strideOrKernel(String op, int[] stride, int[] k, int rank) {
        return stride == null || stride.length == 0 ? k.clone() : Convolution.perDim(op, "stride", stride, rank);
    }

    private static void checkWindow(String op, int[] k, int[] s, int[] p, int[] d) {
        Convolution.checkPositive(op, "kernel_size", k);
        Convolution.checkPositive(op, "stride", s);
        Convolution.checkPositive(op, "dilation", d);
        for (int i = 0; i < k.length; i++) {
            if (p[i] < 0 || p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p)
                        + " must be non-negative and at most half of kernel_size " + Arrays.toString(k));
            }
        }
    }

    private static int[] outSizes(String op, Layout l, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int[] out = new int[k.length];
        boolean bad = false;
        for (int i = 0; i < k.length; i++) {
            out[i] = outputSize(l.in[i], k[i], s[i], p[i], d[i], ceil);
            if (out[i] <= 0) bad = true;
        }
        if (bad) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(l.shape) + " with kernel " + Arrays.toString(k)
                    + ", padding " + Arrays.toString(p) + ", dilation " + Arrays.toString(d) + ", stride " + Arrays.toString(s)
                    + (ceil ? ", ceil_mode" : "") + " gives output size " + Arrays.toString(out) + "; the input is too small");
        }
        return out;
    }

    private static ValuesIndices maxPool(String op, int rank, Tensor input, int[] kernel, int[] stride, int[] padding,
                                         int[] dilation, boolean ceilMode, boolean withIndices) {
        int[] k = Convolution.perDim(op, "kernel_size", kernel, rank);
        int[] s = strideOrKernel(op, stride, k, rank);
        int[] p = Convolution.perDim(op, "padding", padding, rank);
        int[] d = Convolution.perDim(op, "dilation", dilation, rank);
        checkWindow(op, k, s, p, d);
        Layout l = layout(op, rank, input);
        int[] out = outSizes(op, l, k, s, p, d, ceilMode);
        Im2col.Geometry g = Im2col.Geometry.of(l.in, out, k, s, p, d);
        Tensor xc = contiguous(input);
        int planes = l.planes, inSize = g.inSize(), outSize = g.outSize();
        float[] y = new float[planes * outSize];
        boolean grad = Autograd.needsGrad(input);
        int[] idx = grad || withIndices ? new int[planes * outSize] : null;
        PoolingKernels.maxPool(g, planes, xc.storage(), xc.offset(), y, 0, idx);
        int[] outShape = l.outShape(out);
        Tensor values = Tensor.wrap(y, outShape);
        if (grad) {
            Autograd.record(values, Convolution.backwardName(op), new Tensor[] {input}, gOut -> {
                Tensor gc = gOut.contiguous();
                float[] gx = new float[planes * inSize];
                PoolingKernels.maxPoolBackward(g, planes, gc.storage(), gc.offset(), idx, gx, 0);
                return new Tensor[] {Tensor.wrap(gx, l.shape)};
            });
        }
        return new ValuesIndices(values, withIndices ? indices(idx, outShape) : null);
    }

    private static Tensor avgPool(String op, int rank, Tensor input, int[] kernel, int[] stride, int[] padding,
                                  boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        int[] k = Convolution.perDim(op, "kernel_size", kernel, rank);
        int[] s = strideOrKernel(op, stride, k, rank);
        int[] p = Convolution.perDim(op, "padding", padding, rank);
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        checkWindow(op, k, s, p, d);
        if (divisorOverride < 0) {
            throw new IllegalArgumentException(op + ": divisor_override must be positive (0 for none), found " + divisorOverride);
        }
        Layout l = layout(op, rank, input);
        int[] out = outSizes(op, l, k, s, p, d, ceilMode);
        Im2col.Geometry g = Im2col.Geometry.of(l.in, out, k, s, p, d);
        Tensor xc = contiguous(input);
        int planes = l.planes, inSize = g.inSize(), outSize = g.outSize();
        float[] y = new float[planes * outSize];
        PoolingKernels.avgPool(g, planes, xc.storage(), xc.offset(), y, 0, countIncludePad, divisorOverride);
        Tensor values = Tensor.wrap(y, l.outShape(out));
        return Autograd.record(values, Convolution.backwardName(op), new Tensor[] {input}, gOut -> {
            Tensor gc = gOut.contiguous();
            float[] gx = new float[planes * inSize];
            PoolingKernels.avgPoolBackward(g, planes, gc.storage(), gc.offset(), gx, 0, countIncludePad, divisorOverride);
            return new Tensor[] {Tensor.wrap(gx, l.shape)};
        });
    }

    private static ValuesIndices adaptive(String op, int rank, Tensor input, int[] outputSize, boolean max,
                                          boolean withIndices) {
        int[] out = Convolution.perDim(op, "output_size", outputSize, rank);
        for (int o : out) {
            if (o < 0) throw new IllegalArgumentException(op + ": output_size must be non-negative, found " + Arrays.toString(out));
        }
        Layout l = layout(op, rank, input);
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        Im2col.Geometry g = Im2col.Geometry.of(l.in, out, ones, ones, new int[rank], ones);
        Tensor xc = contiguous(input);
        int planes = l.planes, inSize = g.inSize(), outSize = g.outSize();
        float[] y = new float[planes * outSize];
        int[] idx = max ? new int[planes * outSize] : null;
        PoolingKernels.adaptivePool(g, planes, xc.storage(), xc.offset(), y, 0, max, idx);
        int[] outShape = l.outShape(out);
        Tensor values = Tensor.wrap(y, outShape);
        Autograd.record(values, Convolution.backwardName(op), new Tensor[] {input}, gOut -> {
            Tensor gc = gOut.contiguous();
            float[] gx = new float[planes * inSize];
            if (max) {
                PoolingKernels.maxPoolBackward(planes, inSize, outSize, gc.storage(), gc.offset(), idx, gx, 0);
            } else {
                PoolingKernels.adaptiveAvgPoolBackward(g, planes, gc.storage(), gc.offset(), gx, 0);
            }
            return new Tensor[] {Tensor.wrap(gx, l.shape)};
        });
        return new ValuesIndices(values, max && withIndices ? indices(idx, outShape) : null);
    }

    private static Tensor contiguous(Tensor t) {
        try (NoGrad ignored = NoGrad.enter()) {
            return t.contiguous();
        }
    }

    /** The argmax positions as an int64 tensor. */
    private static Tensor indices(int[] idx, int[] shape) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) l[i] = idx[i];
        return Tensor.ofLongs(l, shape);
    }
}
