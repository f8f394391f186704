package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.ConvKernels;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolutions as stateless functions, PyTorch's {@code F.conv1d/2d/3d} and
 * {@code F.conv_transpose1d/2d/3d}: forward and backward (gradients of input, weight and bias)
 * through im2col and matrix products ({@link ConvKernels}).
 *
 * <p>Shapes follow PyTorch: input {@code [N, C_in, *spatial]} or, unbatched, {@code [C_in, *spatial]};
 * weight {@code [C_out, C_in/groups, *kernel]} (transposed: {@code [C_in, C_out/groups, *kernel]});
 * bias {@code [C_out]} or null. Per-dimension arguments (stride, padding, dilation, output padding)
 * take one value for every spatial dimension or one value each. Output size per dimension:
 * {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}. Padding {@code "same"}
 * pads {@code dilation·(kernel-1)} in total, half before and the rest after (stride 1 only);
 * {@code "valid"} pads nothing.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(64, 3, 32, 32);
 * Tensor w = Tensor.randn(32, 3, 5, 5).requiresGrad(true);
 * Tensor b = Tensor.zeros(32).requiresGrad(true);
 * Tensor y = Convolution.conv2d(x, w, b, new int[] {1}, new int[] {2}, new int[] {1}, 1); // [64, 32, 32, 32]
 * y.sum().backward();                                   // fills w.grad() and b.grad()
 * Tensor same = Convolution.conv1d(Tensor.randn(1, 40, 100), Tensor.randn(64, 40, 3), null,
 *         new int[] {1}, "same", new int[] {2}, 1);     // [1, 64, 100]
 * }</pre>
 */
public final class Convolution {
    private static final int[] ONE = {1};
    private static final int[] ZERO = {0};

    private Convolution() {}

    // ------------------------------------------------------------------ conv1d

    /** {@code F.conv1d(input, weight, bias)}: stride 1, no padding. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv1d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv1d(input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {dilation}, groups);
    }

    /** {@code F.conv1d} with per-dimension arguments (one entry each). */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv1d} with {@code padding="same"} or {@code "valid"}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
                                int groups) {
        return conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups);
    }

    // ------------------------------------------------------------------ conv2d

    /** {@code F.conv2d(input, weight, bias)}: stride 1, no padding. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** {@code F.conv2d} with one stride and padding for both dimensions, dilation 1, one group. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[] {stride}, new int[] {padding}, ONE, 1);
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}; arrays of 1 or 2 entries. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv2d} with {@code padding="same"} or {@code "valid"}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
                                int groups) {
        return conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
    }

    // ------------------------------------------------------------------ conv3d

    /** {@code F.conv3d(input, weight, bias)}: stride 1, no padding. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return conv3d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}; arrays of 1 or 3 entries. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv3d} with {@code padding="same"} or {@code "valid"}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
                                int groups) {
        return conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups);
    }

    // ------------------------------------------------------------------ transposed

    /** {@code F.conv_transpose1d(input, weight, bias)}: stride 1, no padding. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose1d(input, weight, bias, 1, 0, 0, 1, 1);
    }

    /**
     * {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}
     * (PyTorch's argument order).
     */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding,
                                         int outputPadding, int groups, int dilation) {
        return convTranspose("conv_transpose1d", 1, input, weight, bias, new int[] {stride}, new int[] {padding},
                new int[] {outputPadding}, groups, new int[] {dilation});
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}: stride 1, no padding. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose2d(input, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /**
     * {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)};
     * arrays of 1 or 2 entries.
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return convTranspose("conv_transpose2d", 2, input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose3d}; arrays of 1 or 3 entries. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return convTranspose("conv_transpose3d", 3, input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    // ------------------------------------------------------------------ output sizes

    /**
     * The output size of a convolution along one dimension,
     * {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} (may be 0 or negative
     * for an input that is too small).
     */
    public static int outputSize(int in, int kernel, int stride, int padding, int dilation) {
        return Math.floorDiv(in + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /**
     * The output size of a transposed convolution along one dimension,
     * {@code (in-1)·stride - 2·padding + dilation·(kernel-1) + outputPadding + 1}.
     */
    public static int transposeOutputSize(int in, int kernel, int stride, int padding, int outputPadding, int dilation) {
        return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
    }

    // ------------------------------------------------------------------ implementation

    private static Tensor conv(String op, int rank, Tensor input, Tensor weight, Tensor bias, int[] stride,
                               String padding, int[] dilation, int groups) {
        if (padding == null) throw new IllegalArgumentException(op + ": padding must be \"same\", \"valid\" or numbers, found null");
        int[] s = perDim(op, "stride", stride, rank);
        int[] d = perDim(op, "dilation", dilation, rank);
        switch (padding) {
            case "valid":
                return conv(op, rank, input, weight, bias, s, new int[rank], new int[rank], d, groups, null);
            case "same": {
                for (int v : s) {
                    if (v != 1) {
                        throw new IllegalArgumentException(op + ": padding=\"same\" is not supported for strided convolutions"
                                + " (stride " + Arrays.toString(s) + ")");
                    }
                }
                checkFloat(op, "weight", weight);
                checkWeightRank(op, rank, weight);
                int[] before = new int[rank], after = new int[rank];
                for (int i = 0; i < rank; i++) {
                    int total = d[i] * (weight.size(2 + i) - 1);
                    before[i] = total / 2;
                    after[i] = total - before[i];
                }
                return conv(op, rank, input, weight, bias, s, before, after, d, groups, "same");
            }
            default:
                throw new IllegalArgumentException(op + ": padding must be \"same\", \"valid\" or numbers, found \"" + padding + "\"");
        }
    }

    private static Tensor conv(String op, int rank, Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                               int[] dilation, int groups) {
        int[] p = perDim(op, "padding", padding, rank);
        return conv(op, rank, input, weight, bias, perDim(op, "stride", stride, rank), p, p,
                perDim(op, "dilation", dilation, rank), groups, null);
    }

    private static Tensor conv(String op, int rank, Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padBefore,
                               int[] padAfter, int[] dilation, int groups, String paddingMode) {
        checkFloat(op, "input", input);
        checkFloat(op, "weight", weight);
        if (bias != null) checkFloat(op, "bias", bias);
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int v : padBefore) {
            if (v < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, found " + Arrays.toString(padBefore));
        }
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, found " + groups);
        boolean batched = checkInputRank(op, rank, input);
        checkWeightRank(op, rank, weight);
        int[] inShape = input.shape();
        int[] wShape = weight.shape();
        int n = batched ? inShape[0] : 1;
        int cIn = inShape[batched ? 1 : 0];
        int cOut = wShape[0];
        if (cOut % groups != 0) {
            throw new IllegalArgumentException(op + ": out_channels " + cOut + " of weight " + Arrays.toString(wShape)
                    + " is not divisible by groups=" + groups);
        }
        if (cIn != wShape[1] * groups) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " has " + cIn
                    + " channels, but weight " + Arrays.toString(wShape) + " with groups=" + groups + " expects in_channels = "
                    + wShape[1] + " * " + groups + " = " + (wShape[1] * groups));
        }
        checkBias(op, bias, cOut, wShape);
        int[] in = new int[rank], k = new int[rank], out = new int[rank];
        boolean tooSmall = false;
        for (int i = 0; i < rank; i++) {
            in[i] = inShape[inShape.length - rank + i];
            k[i] = wShape[2 + i];
            out[i] = Math.floorDiv(in[i] + padBefore[i] + padAfter[i] - dilation[i] * (k[i] - 1) - 1, stride[i]) + 1;
            if (out[i] <= 0) tooSmall = true;
        }
        if (tooSmall) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " with kernel " + Arrays.toString(k)
                    + ", padding " + paddingText(padBefore, padAfter, paddingMode) + ", dilation " + Arrays.toString(dilation)
                    + ", stride " + Arrays.toString(stride) + " gives output size " + Arrays.toString(out)
                    + "; the input is too small");
        }
        Im2col.Geometry geo = Im2col.Geometry.of(in, out, k, stride, padBefore, dilation);
        final int cg = cIn / groups, mg = cOut / groups;

        Tensor xc, wc, bc;
        try (NoGrad ignored = NoGrad.enter()) {
            xc = input.contiguous();
            wc = weight.contiguous();
            bc = bias == null ? null : bias.contiguous();
        }
        int p = geo.outSize();
        float[] y = new float[n * cOut * p];
        ConvKernels.forward(n, groups, cg, mg, geo, xc.storage(), xc.offset(), wc.storage(), wc.offset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.offset(), y, 0);
        int[] outShape = new int[inShape.length];
        if (batched) outShape[0] = n;
        outShape[batched ? 1 : 0] = cOut;
        System.arraycopy(out, 0, outShape, outShape.length - rank, rank);
        Tensor result = Tensor.wrap(y, outShape);
        if (!Autograd.needsGrad(input, weight, bias)) return result;
        final int batch = n;
        return Autograd.record(result, backwardName(op), new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            float[] ga = gc.storage();
            int go = gc.offset();
            Tensor gx = null, gw = null, gb = null;
            if (input.requiresGrad()) {
                float[] dx = new float[batch * cIn * geo.inSize()];
                ConvKernels.backwardData(batch, groups, cg, mg, geo, ga, go, wc.storage(), wc.offset(), null, 0, dx, 0);
                gx = Tensor.wrap(dx, inShape);
            }
            if (weight.requiresGrad()) {
                float[] dw = new float[cOut * cg * geo.kernelSize()];
                ConvKernels.backwardWeight(batch, groups, cg, mg, geo, ga, go, xc.storage(), xc.offset(), dw, 0);
                gw = Tensor.wrap(dw, wShape);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] db = new float[cOut];
                ConvKernels.biasGrad(batch, cOut, p, ga, go, db, 0);
                gb = Tensor.wrap(db, bias.shape());
            }
            return new Tensor[] {gx, gw, gb};
        });
    }

    private static Tensor convTranspose(String op, int rank, Tensor input, Tensor weight, Tensor bias, int[] strideArg,
                                        int[] paddingArg, int[] outputPaddingArg, int groups, int[] dilationArg) {
        int[] stride = perDim(op, "stride", strideArg, rank);
        int[] padding = perDim(op, "padding", paddingArg, rank);
        int[] outPad = perDim(op, "output_padding", outputPaddingArg, rank);
        int[] dilation = perDim(op, "dilation", dilationArg, rank);
        checkFloat(op, "input", input);
        checkFloat(op, "weight", weight);
        if (bias != null) checkFloat(op, "bias", bias);
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int i = 0; i < rank; i++) {
            if (padding[i] < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, found " + Arrays.toString(padding));
            if (outPad[i] < 0 || (outPad[i] >= stride[i] && outPad[i] >= dilation[i])) {
                throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(outPad)
                        + " must be non-negative and smaller than either stride " + Arrays.toString(stride)
                        + " or dilation " + Arrays.toString(dilation));
            }
        }
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, found " + groups);
        boolean batched = checkInputRank(op, rank, input);
        checkWeightRank(op, rank, weight);
        int[] inShape = input.shape();
        int[] wShape = weight.shape();
        int n = batched ? inShape[0] : 1;
        int cIn = inShape[batched ? 1 : 0];
        if (wShape[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": in_channels " + wShape[0] + " of weight " + Arrays.toString(wShape)
                    + " is not divisible by groups=" + groups);
        }
        if (cIn != wShape[0]) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " has " + cIn
                    + " channels, but weight " + Arrays.toString(wShape) + " expects in_channels = " + wShape[0]
                    + " (the weight of a transposed convolution is [in_channels, out_channels/groups, *kernel])");
        }
        int cOut = wShape[1] * groups;
        checkBias(op, bias, cOut, wShape);
        int[] in = new int[rank], k = new int[rank], out = new int[rank];
        boolean tooSmall = false;
        for (int i = 0; i < rank; i++) {
            in[i] = inShape[inShape.length - rank + i];
            k[i] = wShape[2 + i];
            out[i] = transposeOutputSize(in[i], k[i], stride[i], padding[i], outPad[i], dilation[i]);
            if (out[i] <= 0 || in[i] <= 0) tooSmall = true;
        }
        if (tooSmall) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " with kernel " + Arrays.toString(k)
                    + ", padding " + Arrays.toString(padding) + ", output_padding " + Arrays.toString(outPad) + ", dilation "
                    + Arrays.toString(dilation) + ", stride " + Arrays.toString(stride) + " gives output size "
                    + Arrays.toString(out) + "; the input is too small for this padding");
        }
        // The image side is this op's output, the column side its input.
        Im2col.Geometry geo = Im2col.Geometry.of(out, in, k, stride, padding, dilation);
        final int cg = cOut / groups, mg = cIn / groups;
        Tensor xc, wc, bc;
        try (NoGrad ignored = NoGrad.enter()) {
            xc = input.contiguous();
            wc = weight.contiguous();
            bc = bias == null ? null : bias.contiguous();
        }
        int outSize = geo.inSize();
        float[] y = new float[n * cOut * outSize];
        ConvKernels.backwardData(n, groups, cg, mg, geo, xc.storage(), xc.offset(), wc.storage(), wc.offset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.offset(), y, 0);
        int[] outShape = new int[inShape.length];
        if (batched) outShape[0] = n;
        outShape[batched ? 1 : 0] = cOut;
        System.arraycopy(out, 0, outShape, outShape.length - rank, rank);
        Tensor result = Tensor.wrap(y, outShape);
        if (!Autograd.needsGrad(input, weight, bias)) return result;
        final int batch = n;
        return Autograd.record(result, backwardName(op), new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            float[] ga = gc.storage();
            int go = gc.offset();
            Tensor gx = null, gw = null, gb = null;
            if (input.requiresGrad()) {
                float[] dx = new float[batch * cIn * geo.outSize()];
                ConvKernels.forward(batch, groups, cg, mg, geo, ga, go, wc.storage(), wc.offset(), null, 0, dx, 0);
                gx = Tensor.wrap(dx, inShape);
            }
            if (weight.requiresGrad()) {
                float[] dw = new float[cIn * cg * geo.kernelSize()];
                ConvKernels.backwardWeight(batch, groups, cg, mg, geo, xc.storage(), xc.offset(), ga, go, dw, 0);
                gw = Tensor.wrap(dw, wShape);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] db = new float[cOut];
                ConvKernels.biasGrad(batch, cOut, outSize, ga, go, db, 0);
                gb = Tensor.wrap(db, bias.shape());
            }
            return new Tensor[] {gx, gw, gb};
        });
    }

    // ------------------------------------------------------------------ checks

    static String backwardName(String op) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char ch : op.toCharArray()) {
            if (ch == '_') {
                up = true;
                continue;
            }
            sb.append(up ? Character.toUpperCase(ch) : ch);
            up = false;
        }
        return sb.append("Backward").toString();
    }

    /** One value per spatial dimension from an argument of 1 or {@code rank} entries. */
    static int[] perDim(String op, String name, int[] v, int rank) {
        if (v == null) throw new IllegalArgumentException(op + ": " + name + " must not be null");
        if (v.length == rank) return v.clone();
        if (v.length == 1) {
            int[] r = new int[rank];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(op + ": " + name + " must have 1 or " + rank + " entries, found "
                + Arrays.toString(v));
    }

    static void checkPositive(String op, String name, int[] v) {
        for (int x : v) {
            if (x <= 0) throw new IllegalArgumentException(op + ": " + name + " must be positive, found " + Arrays.toString(v));
        }
    }

    static void checkFloat(String op, String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " must not be null");
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + name + " must be float32, found " + t.dtype().torchName()
                    + " of shape " + Arrays.toString(t.shape()));
        }
    }

    private static boolean checkInputRank(String op, int rank, Tensor input) {
        int dim = input.dim();
        if (dim != rank + 1 && dim != rank + 2) {
            throw new IllegalArgumentException(op + ": expected a " + (rank + 1) + "-D (unbatched) or " + (rank + 2)
                    + "-D (batched) input, found shape " + Arrays.toString(input.shape()));
        }
        return dim == rank + 2;
    }

    private static void checkWeightRank(String op, int rank, Tensor weight) {
        if (weight.dim() != rank + 2) {
            String kernel = rank == 1 ? "kW" : rank == 2 ? "kH, kW" : "kD, kH, kW";
            String layout = op.startsWith("conv_transpose") ? "[in_channels, out_channels/groups, " : "[out_channels, in_channels/groups, ";
            throw new IllegalArgumentException(op + ": weight must be " + (rank + 2) + "-D " + layout + kernel
                    + "], found shape " + Arrays.toString(weight.shape()));
        }
    }

    private static void checkBias(String op, Tensor bias, int cOut, int[] wShape) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cOut)) {
            throw new IllegalArgumentException(op + ": bias " + Arrays.toString(bias.shape()) + " must be 1-D with "
                    + "out_channels = " + cOut + " elements (weight " + Arrays.toString(wShape) + ")");
        }
    }

    private static String paddingText(int[] before, int[] after, String mode) {
        if (Arrays.equals(before, after)) {
            return mode == null ? Arrays.toString(before) : mode + " " + Arrays.toString(before);
        }
        StringBuilder sb = new StringBuilder(mode == null ? "[" : mode + " [");
        for (int i = 0; i < before.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(before[i]).append('+').append(after[i]);
        }
        return sb.append(']').toString();
    }
}
