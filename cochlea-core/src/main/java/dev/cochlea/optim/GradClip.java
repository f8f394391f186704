package dev.cochlea.optim;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, like {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}:
 * scales (or clamps) the gradients of parameters in place, between {@code backward()} and
 * {@code step()}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(model.parameters(), 1.0);   // total norm before clipping
 * opt.step();
 * }</pre>
 */
public final class GradClip {
    private GradClip() {}

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the Euclidean norm. */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} without the non-finite check. */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Computes the {@code normType}-norm of all gradients together (as if concatenated into one
     * vector; {@code Double.POSITIVE_INFINITY} for the max-abs norm) and, when it exceeds
     * {@code maxNorm}, multiplies every gradient by {@code maxNorm / (norm + 1e-6)}. Parameters
     * without a gradient are skipped.
     *
     * <pre>{@code
     * double n = GradClip.clipGradNorm(model.parameters(), 5.0, Double.POSITIVE_INFINITY, false);
     * }</pre>
     *
     * @return the total norm of the gradients before clipping (0 when none has a gradient)
     * @throws IllegalArgumentException when {@code normType} is not positive
     * @throws IllegalStateException when {@code errorIfNonfinite} and the norm is NaN or infinite
     */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType must be positive (or infinity), found " + normType);
        }
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) return 0.0;
        boolean inf = Double.isInfinite(normType);
        double acc = 0;
        for (Tensor g : grads) {
            Tensor c = g.isContiguous() ? g : g.contiguous();
            float[] d = c.storage();
            int off = c.offset(), n = c.numel();
            if (inf) {
                for (int i = 0; i < n; i++) {
                    float a = Math.abs(d[off + i]);
                    if (a != a || acc != acc) acc = Double.NaN;
                    else if (a > acc) acc = a;
                }
            } else if (normType == 2.0) {
                for (int i = 0; i < n; i++) acc += (double) d[off + i] * d[off + i];
            } else if (normType == 1.0) {
                for (int i = 0; i < n; i++) acc += Math.abs(d[off + i]);
            } else {
                for (int i = 0; i < n; i++) acc += Math.pow(Math.abs(d[off + i]), normType);
            }
        }
        double total = inf ? acc : (normType == 2.0 ? Math.sqrt(acc) : normType == 1.0 ? acc : Math.pow(acc, 1.0 / normType));
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " for gradients is non-finite ("
                    + total + "), so it cannot be clipped");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1.0 || Double.isNaN(coef)) {
            float f = (float) Math.min(coef, 1.0);
            if (Double.isNaN(coef)) f = Float.NaN;
            try (NoGrad ignored = NoGrad.enter()) {
                for (Tensor g : grads) g.mulInPlace(f);
            }
        }
        return total;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} in place
     * ({@code clip_grad_value_}).
     *
     * <pre>{@code
     * GradClip.clipGradValue(model.parameters(), 0.5);
     * }</pre>
     */
    public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, found " + clipValue);
        float c = (float) clipValue;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor g : grads(params)) g.clampInPlace(-c, c);
        }
    }

    private static List<Tensor> grads(Iterable<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) if (p.grad() != null) out.add(p.grad());
        return out;
    }
}
