package dev.cochlea.nn;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.PooledConv;
import dev.cochlea.kernels.WinogradConv;
import dev.cochlea.nn.functional.ConvPadding;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.PaddingMode;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * A {@link Conv2d} with the ReLU and the 2×2 max pooling after it fused in, for inference (what
 * {@link Fusion#fuseConvolutions} puts in place of {@code Conv2d → [ReLU] → MaxPool2d(2)}). Without
 * gradients it writes the pooled output directly, so the full-size activation is never stored and
 * read back: with at least {@link #MIN_CHANNELS} input channels and a 3×3 or 5×5 kernel by Winograd's
 * F(4×4, r×r) (or F(2×2, r×r)) convolution ({@link WinogradConv}: about a quarter of the
 * multiplications for 3×3, a sixth for 5×5); with fewer (a spectrogram's first layer) by computing
 * each pooling window in registers ({@link PooledConv}). It keeps the convolution's parameters under
 * the same names ({@code weight}, {@code bias}), so a state dict loads into it as into the
 * convolution. When gradients are wanted, or the convolution is not one these kernels handle (even or
 * larger kernels, stride or dilation, groups, padding other than zeros), it runs the three layers
 * one after another.
 *
 * <p>Shapes: input {@code [N, C, H, W]} (or {@code [C, H, W]}), output
 * {@code [N, K, H'/2, W'/2]} with pooling, {@code [N, K, H', W']} without, where {@code H', W'} are
 * the convolution's output size.
 *
 * <pre>{@code
 * FusedConv2d block = new FusedConv2d(new Conv2d(32, 64, 5, Conv2d.options().padding(2)), false, true);
 * block.eval();
 * try (NoGrad ignored = NoGrad.enter()) {
 *     Tensor y = block.call(Tensor.randn(8, 32, 20, 31));   // [8, 64, 10, 15]
 * }
 * }</pre>
 */
public final class FusedConv2d extends Module {
    /** Fewer input channels than this run as the plain convolution (a mono spectrogram's first layer). */
    public static final int MIN_CHANNELS = 8;

    private final Conv2d conv;
    private final boolean relu;
    private final boolean pool;
    private final int padH, padW;
    private final boolean fusable;
    /** The transformed or packed weights and the weights they were made from (checked on every call: weights can be loaded in place). */
    private volatile Cache cache;

    private record Cache(WinogradConv.Prepared winograd, float[] packed, float[] from) {}

    /** The convolution {@code conv}, then ReLU when {@code relu}, then 2×2 stride-2 max pooling when {@code pool}. */
    public FusedConv2d(Conv2d conv, boolean relu, boolean pool) {
        this.conv = conv;
        this.relu = relu;
        this.pool = pool;
        registerParameter("weight", conv.weight);
        if (conv.bias != null) registerParameter("bias", conv.bias);
        int[] k = conv.kernelSize(), s = conv.stride(), d = conv.dilation();
        int[] p = conv.namedPadding() == ConvPadding.SAME ? new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2}
                : conv.namedPadding() == ConvPadding.VALID ? new int[2] : conv.padding();
        padH = p[0];
        padW = p[p.length > 1 ? 1 : 0];
        fusable = !conv.transposed() && conv.groups() == 1 && conv.paddingMode() == PaddingMode.ZEROS
                && k[0] == k[1] && k[0] % 2 == 1 && allOne(s) && allOne(d);
    }

    private static boolean allOne(int[] a) {
        for (int v : a) if (v != 1) return false;
        return true;
    }

    /** The convolution inside. */
    public Conv2d conv() {
        return conv;
    }

    /** Whether ReLU follows the convolution. */
    public boolean relu() {
        return relu;
    }

    /** Whether 2×2 max pooling follows. */
    public boolean pool() {
        return pool;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (fusable && (x.dim() == 4 || x.dim() == 3) && !Autograd.needsGrad(x, conv.weight, conv.bias)) {
            Tensor y = fast(x.dim() == 3 ? x.unsqueeze(0) : x);
            if (y != null) return x.dim() == 3 ? y.squeeze(0) : y;
        }
        Tensor y = conv.call(x);
        if (relu) y = F.relu(y);
        return pool ? F.maxPool2d(y, 2) : y;
    }

    /** The fused kernels, or null when this input does not fit them (the layers then report what is wrong). */
    private Tensor fast(Tensor x) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), r = conv.kernelSize()[0];
        int oh = h + 2 * padH - r + 1, ow = w + 2 * padW - r + 1;
        if (c != conv.inChannels() || oh < 1 || ow < 1 || (pool && (oh < 2 || ow < 2))) return null;
        Im2col.Geometry g = Im2col.Geometry.of(new int[] {h, w}, new int[] {oh, ow}, new int[] {r, r}, new int[] {1, 1},
                new int[] {padH, padW}, new int[] {1, 1});
        int k = conv.outChannels();
        boolean direct = c < MIN_CHANNELS;
        if (direct ? !pool || !PooledConv.supports(g, 1) : !WinogradConv.supports(g, 1)) return null;
        int ph = pool ? oh / 2 : oh, pw = pool ? ow / 2 : ow;
        float[] out = new float[n * k * ph * pw];
        Tensor xc = x.contiguous(), bc = conv.bias == null ? null : conv.bias.contiguous();
        float[] b = bc == null ? null : bc.storage();
        int bo = bc == null ? 0 : bc.offset();
        Cache weights = weights(g, direct);
        if (direct) {
            PooledConv.forward(KernelProvider.get(), n, c, k, g, xc.storage(), xc.offset(), weights.packed(), b, bo, relu, out, 0);
        } else {
            WinogradConv.forward(KernelProvider.get(), n, g, xc.storage(), xc.offset(), weights.winograd(), b, bo, relu, pool, out, 0);
        }
        return Tensor.wrap(out, n, k, ph, pw);
    }

    private Cache weights(Im2col.Geometry g, boolean direct) {
        Tensor wc = conv.weight.contiguous();
        float[] w = wc.storage();
        int at = wc.offset(), len = wc.numel(), k = conv.outChannels(), c = conv.inChannels();
        Cache cached = cache;
        boolean fits = cached != null && (direct ? cached.packed() != null
                : cached.winograd() != null && cached.winograd().m() == WinogradConv.tileSize(g));
        if (!fits || !Arrays.equals(w, at, at + len, cached.from(), 0, len)) {
            cached = direct ? new Cache(null, PooledConv.pack(w, at, k, c, g.kh), Arrays.copyOfRange(w, at, at + len))
                    : new Cache(WinogradConv.prepare(g, w, at, k, c), null, Arrays.copyOfRange(w, at, at + len));
            cache = cached;
        }
        return cached;
    }

    @Override
    public String extraRepr() {
        return conv + (relu ? ", ReLU()" : "") + (pool ? ", MaxPool2d(kernel_size=2, stride=2)" : "");
    }
}
