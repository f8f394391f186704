package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.ConvKernels;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolution and transposed convolution, forward and backward, behind {@link F#conv2d} and the
 * other {@code F.conv*} forms ({@code torch.nn.functional.conv1d/2d/3d} and
 * {@code conv_transpose1d/2d/3d}); internal: call them through {@link F}.
 *
 * <p>The two ops are adjoints and run through one driver, {@link #convolve}: a convolution maps
 * the image side (its input) to the column side (its output) with {@link ConvKernels#forward};
 * a transposed convolution maps columns to image with {@link ConvKernels#backwardData}; each
 * one's input gradient is the other's forward, and the weight gradient is
 * {@link ConvKernels#backwardWeight} with input and output gradient in the roles of image and
 * columns.
 *
 * <p>Shapes follow PyTorch: input {@code [N, C_in, *spatial]} or, unbatched, {@code [C_in, *spatial]};
 * weight {@code [C_out, C_in/groups, *kernel]} (transposed: {@code [C_in, C_out/groups, *kernel]});
 * bias {@code [C_out]} or null. Output size per dimension:
 * {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}, transposed
 * {@code (in-1)·stride - 2·padding + dilation·(kernel-1) + output_padding + 1}. Padding
 * {@code "same"} pads {@code dilation·(kernel-1)} in total, half before and the rest after
 * (stride 1 only); {@code "valid"} pads nothing.
 *
 * <pre>{@code
 * Tensor y = Convolution.conv(2, x, w, b, ConvOptions.defaults().padding(2));   // F.conv2d(x, w, b, ...)
 * Tensor z = Convolution.conv1d(x1, w1, null, new int[] {1}, "same", new int[] {2}, 1);   // PyTorch's positional order
 * }</pre>
 */
final class Convolution {
    private static final int[] ONE = {1};

    private Convolution() {}

    // ------------------------------------------------------------------ PyTorch's positional argument order

    /** {@code F.conv1d(input, weight, bias)}: stride 1, no padding. */
    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv(1, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}. */
    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv1d(input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {dilation}, groups);
    }

    /** {@code F.conv1d} with per-dimension arguments (one entry each). */
    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv(1, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv1d} with {@code padding="same"} or {@code "valid"}. */
    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return conv(1, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv2d(input, weight, bias)}: stride 1, no padding. */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv(2, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv2d} with one stride and padding for both dimensions, dilation 1, one group. */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[] {stride}, new int[] {padding}, ONE, 1);
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}; arrays of 1 or 2 entries. */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv(2, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv2d} with {@code padding="same"} or {@code "valid"}. */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return conv(2, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv3d(input, weight, bias)}: stride 1, no padding. */
    static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return conv(3, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}; arrays of 1 or 3 entries. */
    static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv(3, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv3d} with {@code padding="same"} or {@code "valid"}. */
    static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return conv(3, input, weight, bias, options(stride, padding, dilation, groups));
    }

    /** {@code F.conv_transpose1d(input, weight, bias)}: stride 1, no padding. */
    static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose(1, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int outputPadding, int groups,
                                  int dilation) {
        return convTranspose(1, input, weight, bias, options(new int[] {stride}, new int[] {padding}, new int[] {outputPadding},
                groups, new int[] {dilation}));
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}: stride 1, no padding. */
    static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose(2, input, weight, bias, ConvOptions.defaults());
    }

    /** {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}; arrays of 1 or 2 entries. */
    static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                  int groups, int[] dilation) {
        return convTranspose(2, input, weight, bias, options(stride, padding, outputPadding, groups, dilation));
    }

    /** {@code F.conv_transpose3d}; arrays of 1 or 3 entries. */
    static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                  int groups, int[] dilation) {
        return convTranspose(3, input, weight, bias, options(stride, padding, outputPadding, groups, dilation));
    }

    // ------------------------------------------------------------------ output sizes

    /**
     * The output size of a convolution along one dimension,
     * {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1} (may be 0 or negative
     * for an input that is too small).
     */
    static int outputSize(int in, int kernel, int stride, int padding, int dilation) {
        return Math.floorDiv(in + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /**
     * The output size of a transposed convolution along one dimension,
     * {@code (in-1)·stride - 2·padding + dilation·(kernel-1) + outputPadding + 1}.
     */
    static int transposeOutputSize(int in, int kernel, int stride, int padding, int outputPadding, int dilation) {
        return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
    }

    // ------------------------------------------------------------------ options

    /** {@code F.conv1d/2d/3d} with typed options, {@code rank} spatial dims. */
    static Tensor conv(int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return convolve(Direction.CONV, "conv" + rank + "d", rank, input, weight, bias, options);
    }

    /** {@code F.conv_transpose1d/2d/3d} with typed options, {@code rank} spatial dims. */
    static Tensor convTranspose(int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
        return convolve(Direction.TRANSPOSED, "conv_transpose" + rank + "d", rank, input, weight, bias, options);
    }

    private static ConvOptions options(int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOptions.defaults().stride(stride).padding(padding).dilation(dilation).groups(groups);
    }

    private static ConvOptions options(int[] stride, String padding, int[] dilation, int groups) {
        if (padding == null) throw new IllegalArgumentException("padding must be \"same\", \"valid\" or numbers, found null");
        return ConvOptions.defaults().stride(stride).padding(ConvPadding.of(padding)).dilation(dilation).groups(groups);
    }

    private static ConvOptions options(int[] stride, int[] padding, int[] outputPadding, int groups, int[] dilation) {
        return ConvOptions.defaults().stride(stride).padding(padding).outputPadding(outputPadding).groups(groups).dilation(dilation);
    }

    // ------------------------------------------------------------------ the driver

    /**
     * Which way an op maps between the image side (a convolution's input, a transposed
     * convolution's output) and the column side (the other one). The two are adjoint: each one's
     * input gradient is the other one's forward, and both share the weight-gradient kernel with
     * the roles of input and output gradient swapped.
     */
    enum Direction {
        /** Image to columns: {@link ConvKernels#forward} forward, {@link ConvKernels#backwardData} for the input gradient. */
        CONV,
        /** Columns to image: {@link ConvKernels#backwardData} forward, {@link ConvKernels#forward} for the input gradient. */
        TRANSPOSED
    }

    private static Tensor convolve(Direction dir, String op, int rank, Tensor input, Tensor weight, Tensor bias,
                                   ConvOptions options) {
        if (options == null) throw new IllegalArgumentException(op + ": options must not be null (ConvOptions.defaults())");
        boolean conv = dir == Direction.CONV;
        ConvOptions o = options.forRank(op, rank, !conv);
        checkFloat(op, "input", input);
        checkFloat(op, "weight", weight);
        if (bias != null) {
            checkFloat(op, "bias", bias);
            if (!o.bias()) {
                throw new IllegalArgumentException(op + ": the options say bias(false) but a bias " + Arrays.toString(bias.shape())
                        + " was given; pass null or drop bias(false)");
            }
        }
        boolean batched = checkInputRank(op, rank, input);
        checkWeightRank(op, rank, weight);
        int[] stride = o.stride(), dilation = o.dilation();
        int[] padBefore, padAfter;
        if (o.namedPadding() == ConvPadding.SAME) {
            padBefore = new int[rank];
            padAfter = new int[rank];
            for (int i = 0; i < rank; i++) {
                int total = dilation[i] * (weight.size(2 + i) - 1);
                padBefore[i] = total / 2;
                padAfter[i] = total - padBefore[i];
            }
        } else {
            padBefore = o.namedPadding() == ConvPadding.VALID ? new int[rank] : o.padding();
            padAfter = padBefore;
        }
        if (o.paddingMode() != PaddingMode.ZEROS) {
            // As PyTorch: pad the input with the mode, then convolve without padding.
            int[] spec = new int[2 * rank];
            for (int i = 0; i < rank; i++) {
                spec[2 * i] = padBefore[rank - 1 - i];
                spec[2 * i + 1] = padAfter[rank - 1 - i];
            }
            Tensor padded = Tensor.pad(input, spec, o.paddingMode().torchName(), 0f);
            return convolve(dir, op, rank, padded, weight, bias, o.padding(0).paddingMode(PaddingMode.ZEROS));
        }
        String paddingName = o.namedPadding() == null ? null : o.namedPadding().torchName();
        int groups = o.groups();
        int[] inShape = input.shape();
        int[] wShape = weight.shape();
        int n = batched ? inShape[0] : 1;
        int cIn = inShape[batched ? 1 : 0];
        int cOut;
        if (conv) {
            cOut = wShape[0];
            if (cOut % groups != 0) {
                throw new IllegalArgumentException(op + ": out_channels " + cOut + " of weight " + Arrays.toString(wShape)
                        + " is not divisible by groups=" + groups);
            }
            if (cIn != wShape[1] * groups) {
                throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " has " + cIn
                        + " channels, but weight " + Arrays.toString(wShape) + " with groups=" + groups + " expects in_channels = "
                        + wShape[1] + " * " + groups + " = " + (wShape[1] * groups));
            }
        } else {
            if (wShape[0] % groups != 0) {
                throw new IllegalArgumentException(op + ": in_channels " + wShape[0] + " of weight " + Arrays.toString(wShape)
                        + " is not divisible by groups=" + groups);
            }
            if (cIn != wShape[0]) {
                throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " has " + cIn
                        + " channels, but weight " + Arrays.toString(wShape) + " expects in_channels = " + wShape[0]
                        + " (the weight of a transposed convolution is [in_channels, out_channels/groups, *kernel])");
            }
            cOut = wShape[1] * groups;
        }
        checkBias(op, bias, cOut, wShape);
        int[] in = new int[rank], k = new int[rank], out = new int[rank];
        boolean tooSmall = false;
        for (int i = 0; i < rank; i++) {
            in[i] = inShape[inShape.length - rank + i];
            k[i] = wShape[2 + i];
            if (conv) {
                out[i] = Math.floorDiv(in[i] + padBefore[i] + padAfter[i] - dilation[i] * (k[i] - 1) - 1, stride[i]) + 1;
                if (out[i] <= 0) tooSmall = true;
            } else {
                out[i] = transposeOutputSize(in[i], k[i], stride[i], padBefore[i], o.outputPadding()[i], dilation[i]);
                if (out[i] <= 0 || in[i] <= 0) tooSmall = true;
            }
        }
        if (tooSmall) {
            String padding = conv ? paddingText(padBefore, padAfter, paddingName)
                    : Arrays.toString(padBefore) + ", output_padding " + Arrays.toString(o.outputPadding());
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(inShape) + " with kernel " + Arrays.toString(k)
                    + ", padding " + padding + ", dilation " + Arrays.toString(dilation) + ", stride " + Arrays.toString(stride)
                    + " gives output size " + Arrays.toString(out) + "; the input is too small"
                    + (conv ? "" : " for this padding"));
        }
        Im2col.Geometry geo = conv ? Im2col.Geometry.of(in, out, k, stride, padBefore, dilation)
                : Im2col.Geometry.of(out, in, k, stride, padBefore, dilation);
        final int cg = (conv ? cIn : cOut) / groups, mg = (conv ? cOut : cIn) / groups;

        Tensor xc, wc, bc;
        try (NoGrad ignored = NoGrad.enter()) {
            xc = input.contiguous();
            wc = weight.contiguous();
            bc = bias == null ? null : bias.contiguous();
        }
        int outSize = conv ? geo.outSize() : geo.inSize();
        float[] y = new float[n * cOut * outSize];
        map(conv, n, groups, cg, mg, geo, xc.storage(), xc.offset(), wc.storage(), wc.offset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.offset(), y);
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
                float[] dx = new float[input.numel()];
                map(!conv, batch, groups, cg, mg, geo, ga, go, wc.storage(), wc.offset(), null, 0, dx);
                gx = Tensor.wrap(dx, inShape);
            }
            if (weight.requiresGrad()) {
                float[] dw = new float[weight.numel()];
                if (conv) ConvKernels.backwardWeight(batch, groups, cg, mg, geo, ga, go, xc.storage(), xc.offset(), dw, 0);
                else ConvKernels.backwardWeight(batch, groups, cg, mg, geo, xc.storage(), xc.offset(), ga, go, dw, 0);
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

    /**
     * {@code dst = src ⊛ w (+ bias)} image to columns ({@code toColumns}: a convolution) or columns
     * to image (its adjoint, a transposed convolution).
     */
    private static void map(boolean toColumns, int batch, int groups, int cg, int mg, Im2col.Geometry geo, float[] src, int srcOff,
                            float[] w, int wOff, float[] bias, int biasOff, float[] dst) {
        if (toColumns) ConvKernels.forward(batch, groups, cg, mg, geo, src, srcOff, w, wOff, bias, biasOff, dst, 0);
        else ConvKernels.backwardData(batch, groups, cg, mg, geo, src, srcOff, w, wOff, bias, biasOff, dst, 0);
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
