package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * The two frequency-axis operations of broadcasted residual learning (BC-ResNet), fused with their
 * backward passes: the average over frequency of a {@code [N, C, F, T]} map, and the sum of such a
 * map with a {@code [N, C, 1, T]} one broadcast over frequency. Equal to
 * {@code x.mean(2, keepdim=True)} and {@code a + b}, but run row by row on the {@link Kernels}
 * (the general broadcasting and reduction over a middle dimension costs several times more).
 * Internal: call them through {@link F#frequencyMean} and {@link F#frequencyBroadcastAdd}.
 *
 * <pre>{@code
 * Tensor aux = Tensor.randn(8, 16, 20, 63).requiresGrad(true);
 * Tensor m = F.frequencyMean(aux);              // [8, 16, 1, 63]
 * Tensor y = F.frequencyBroadcastAdd(aux, m);   // [8, 16, 20, 63]
 * }</pre>
 */
final class FrequencyAxis {
    private FrequencyAxis() {}

    /** {@code x.mean(2, keepdim=True)} of {@code x [N, C, F, T]}: {@code [N, C, 1, T]}. */
    static Tensor mean(Tensor x) {
        check("mean", "input", x);
        int[] shape = x.shape();
        final int planes = shape[0] * shape[1], f = shape[2], t = shape[3];
        final float inv = 1f / f;
        Tensor xc = Support.dense(x);
        final float[] xd = xc.storage();
        final int xo = xc.offset();
        final float[] y = new float[planes * t];
        final Kernels k = KernelProvider.get();
        Parallel.forRange(planes, grain(f * t), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int r = 0; r < f; r++) k.axpy(1f, xd, xo + (p * f + r) * t, y, p * t, t);
                k.scaleShift(y, p * t, inv, 0f, y, p * t, t);
            }
        });
        int[] outShape = {shape[0], shape[1], 1, t};
        return Autograd.record(Tensor.wrap(y, outShape), "MeanBackward", new Tensor[] {x}, g -> {
            Tensor gc = Support.dense(g);
            float[] gd = gc.storage();
            int go = gc.offset();
            float[] gx = new float[planes * f * t];
            Parallel.forRange(planes, grain(f * t), (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    for (int r = 0; r < f; r++) k.scaleShift(gd, go + p * t, inv, 0f, gx, (p * f + r) * t, t);
                }
            });
            return new Tensor[] {Tensor.wrap(gx, shape)};
        });
    }

    /** {@code a + b} of {@code a [N, C, F, T]} and {@code b [N, C, 1, T]} (broadcast over frequency): {@code [N, C, F, T]}. */
    static Tensor addBroadcast(Tensor a, Tensor b) {
        check("addBroadcast", "a", a);
        check("addBroadcast", "b", b);
        int[] shape = a.shape(), bs = b.shape();
        if (bs[0] != shape[0] || bs[1] != shape[1] || bs[2] != 1 || bs[3] != shape[3]) {
            throw new IllegalArgumentException("addBroadcast: b must be [" + shape[0] + ", " + shape[1] + ", 1, " + shape[3]
                    + "] for a " + Arrays.toString(shape) + ", found " + Arrays.toString(bs));
        }
        final int planes = shape[0] * shape[1], f = shape[2], t = shape[3];
        Tensor ac = Support.dense(a), bc = Support.dense(b);
        final float[] ad = ac.storage(), bd = bc.storage();
        final int ao = ac.offset(), bo = bc.offset();
        final float[] y = new float[planes * f * t];
        final Kernels k = KernelProvider.get();
        Parallel.forRange(planes, grain(f * t), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int r = 0; r < f; r++) {
                    k.binary(Kernels.Binary.ADD, ad, ao + (p * f + r) * t, bd, bo + p * t, y, (p * f + r) * t, t);
                }
            }
        });
        return Autograd.record(Tensor.wrap(y, shape), "AddBackward", new Tensor[] {a, b}, g -> {
            Tensor gb = null;
            if (b.requiresGrad()) {
                Tensor gc = Support.dense(g);
                float[] gd = gc.storage();
                int go = gc.offset();
                float[] db = new float[planes * t];
                Parallel.forRange(planes, grain(f * t), (p0, p1) -> {
                    for (int p = p0; p < p1; p++) {
                        for (int r = 0; r < f; r++) k.axpy(1f, gd, go + (p * f + r) * t, db, p * t, t);
                    }
                });
                gb = Tensor.wrap(db, bs);
            }
            return new Tensor[] {a.requiresGrad() ? g : null, gb};
        });
    }

    private static int grain(int perPlane) {
        return Math.max(1, Support.GRAIN / Math.max(1, perPlane));
    }

    private static void check(String op, String name, Tensor t) {
        Support.requireFloat(op, name, t);
        if (t.dim() != 4) {
            throw new IllegalArgumentException(op + ": " + name + " must be 4-D [N, C, F, T], found shape " + Support.str(t));
        }
    }
}
