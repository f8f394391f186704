package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.SoftmaxOps;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Loss functions as stateless, autograd-aware operations — the loss part of
 * {@code torch.nn.functional}, behind {@link F} (internal: call them through F), with PyTorch's
 * exact semantics: class weights, {@code ignoreIndex}, label smoothing, and a {@link Reduction}
 * ({@code MEAN} is the weighted mean where weights apply).
 *
 * <p>Cross entropy, NLL and the binary cross entropies are fused: one pass forward (in double
 * precision per row) and one pass backward, with no intermediate tensors. Class weights and
 * {@code posWeight} are treated as constants except in {@link #bceWithLogits}, which also
 * differentiates them.
 *
 * <pre>{@code
 * Tensor logits = model.forward(x);                         // [N, C]
 * Tensor loss = F.crossEntropy(logits, labels);             // labels: int64 [N]
 * loss.backward();
 * }</pre>
 */
final class Losses {
    /** PyTorch's default {@code ignore_index}. */
    static final long DEFAULT_IGNORE_INDEX = -100;

    private Losses() {}

    // ================================================================== cross entropy / nll

    /**
     * Cross entropy of {@code input} logits against class indices, averaged over the batch
     * ({@code F.cross_entropy(input, target)}).
     *
     * <pre>{@code
     * Tensor loss = F.crossEntropy(Tensor.randn(4, 10), Tensor.ofLongs(new long[] {1, 0, 9, 3}, 4));
     * }</pre>
     */
    static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0f, Reduction.MEAN);
    }

    /** Cross entropy with the given reduction ({@code MEAN}, {@code SUM} or {@code NONE}). */
    static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0f, reduction);
    }

    /**
     * Cross entropy between logits and targets ({@code F.cross_entropy}).
     *
     * <p>{@code input} is {@code [N, C]}, {@code [N, C, d1, ...]} or unbatched {@code [C]}.
     * {@code target} is either int64 class indices of shape {@code [N]}, {@code [N, d1, ...]} or
     * {@code []}, or float class probabilities of {@code input}'s shape. With class indices the
     * loss of element i is {@code -w[y_i] log softmax(x_i)[y_i]}; targets equal to
     * {@code ignoreIndex} contribute nothing, and {@code MEAN} divides by the sum of the weights
     * of the targets not ignored. With {@code labelSmoothing = ε} the loss mixes in
     * {@code ε/C · Σ_c -w[c] log softmax(x_i)[c]}, averaged as PyTorch does (by the summed
     * weights of the kept targets, or by their number when there are no class weights). With probability targets the loss of element i is
     * {@code -Σ_c w[c] t_ic log softmax(x_i)[c]} (targets smoothed first), and {@code MEAN}
     * divides by the number of elements N·d1·....
     *
     * <pre>{@code
     * Tensor w = Tensor.tensor(1f, 2f, 0.5f);
     * Tensor loss = F.crossEntropy(logits, labels, w, -100, 0.1f, Reduction.MEAN);
     * }</pre>
     *
     * @param weight per-class weights {@code [C]}, or null for all ones
     * @param ignoreIndex a class index whose targets are skipped (PyTorch's default is -100)
     * @param labelSmoothing ε in [0, 1]
     * @param reduction {@code MEAN}, {@code SUM} or {@code NONE}
     * @throws IllegalArgumentException on mismatched shapes or a target class out of range, naming them
     */
    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, float labelSmoothing,
                               Reduction reduction) {
        String op = "crossEntropy";
        Reduction red = Reduction.require(op, reduction);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], found " + labelSmoothing);
        }
        Layout l = Layout.of(op, input, weight);
        if (target.dtype() == DType.FLOAT32) {
            if (!Arrays.equals(target.shape(), input.shape())) {
                throw new IllegalArgumentException(op + ": float (probability) target of shape " + Support.str(target)
                        + " does not match input " + Support.str(input) + "; expected the input's shape, or int64 class indices of shape "
                        + Support.str(l.targetShape));
            }
            return probabilityCrossEntropy(l, input, target, weight, labelSmoothing, red);
        }
        return classIndexLoss(op, l, input, target, weight, ignoreIndex, labelSmoothing, red, true);
    }

    /**
     * The negative log likelihood of log-probabilities {@code input} at class indices
     * {@code target}, averaged ({@code F.nll_loss(input, target)}).
     *
     * <pre>{@code
     * Tensor loss = F.nllLoss(F.logSoftmax(logits, 1), labels);
     * }</pre>
     */
    static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * The negative log likelihood loss ({@code F.nll_loss}): element i contributes
     * {@code -w[y_i] · input[i, y_i]}; shapes, weights, {@code ignoreIndex} and reductions as in
     * {@link #crossEntropy(Tensor, Tensor, Tensor, long, float, String)} with class indices.
     *
     * <pre>{@code
     * Tensor perSample = F.nllLoss(logp, labels, null, -100, Reduction.NONE); // [N]
     * }</pre>
     */
    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        String op = "nllLoss";
        Reduction red = Reduction.require(op, reduction);
        Layout l = Layout.of(op, input, weight);
        return classIndexLoss(op, l, input, target, weight, ignoreIndex, 0f, red, false);
    }

    /** The input's class layout: N samples, C classes, S spatial positions (element (n,c,s) at (n·C + c)·S + s). */
    private record Layout(int n, int c, int s, int[] targetShape) {
        static Layout of(String op, Tensor input, Tensor weight) {
            Support.requireFloat(op, "input", input);
            int[] sh = input.shape();
            Layout l;
            if (sh.length == 0) {
                throw new IllegalArgumentException(op + ": input must have a class dimension ([C], [N, C] or [N, C, d1, ...]), found a 0-d tensor");
            } else if (sh.length == 1) {
                l = new Layout(1, sh[0], 1, new int[0]);
            } else {
                int s = 1;
                for (int i = 2; i < sh.length; i++) s *= sh[i];
                int[] ts = new int[sh.length - 1];
                ts[0] = sh[0];
                System.arraycopy(sh, 2, ts, 1, sh.length - 2);
                l = new Layout(sh[0], sh[1], s, ts);
            }
            if (weight != null) {
                Support.requireFloat(op, "weight", weight);
                if (weight.dim() != 1 || weight.size(0) != l.c) {
                    throw new IllegalArgumentException(op + ": weight of shape " + Support.str(weight) + " does not match input "
                            + Support.str(input) + " (expected one weight per class: [" + l.c + "])");
                }
            }
            return l;
        }

        int rows() {
            return n * s;
        }
    }

    private static Tensor classIndexLoss(String op, Layout l, Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                         float eps, Reduction red, boolean fromLogits) {
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": target must hold int64 class indices, found " + target.dtype().torchName()
                    + " of shape " + Support.str(target));
        }
        if (!Arrays.equals(target.shape(), l.targetShape)) {
            throw new IllegalArgumentException(op + ": target of shape " + Support.str(target) + " does not match input "
                    + Support.str(input) + " (expected target shape " + Support.str(l.targetShape) + ")");
        }
        final int nc = l.c, ns = l.s, rows = l.rows();
        Tensor xc = Support.dense(input);
        final float[] x = xc.storage();
        final int xo = xc.offset();
        Tensor tc = Support.dense(target);
        final long[] tl = tc.longStorage();
        final int to = tc.offset();
        final float[] w = weight == null ? null : Support.dense(weight).toFloatArray();
        final double wTotal;
        {
            double s = 0;
            for (int c = 0; c < nc; c++) s += w == null ? 1.0 : w[c];
            wTotal = s;
        }
        // Validate targets serially so the message names the first bad one.
        for (int r = 0; r < rows; r++) {
            long y = tl[to + r];
            if (y != ignoreIndex && (y < 0 || y >= nc)) {
                throw new IllegalArgumentException(op + ": target " + y + " at index " + Support.index(r, l.targetShape)
                        + " is out of bounds for " + nc + " classes (valid: 0.." + (nc - 1) + ", or ignoreIndex " + ignoreIndex + ")");
            }
        }
        final double[] nll = new double[rows];     // -w[y] logp[y], 0 where ignored
        final double[] smooth = eps > 0f ? new double[rows] : null; // -Σ w[c] logp[c], 0 where ignored
        final double[] wy = new double[rows];      // w[y], 0 where ignored
        final float[] lse = fromLogits ? new float[rows] : null;
        Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, nc)), (from, until) -> {
            for (int r = from; r < until; r++) {
                int base = xo + (r / ns) * nc * ns + r % ns;
                long y = tl[to + r];
                double logZ = 0;
                if (fromLogits) {
                    logZ = SoftmaxOps.logSumExp(x, base, nc, ns);
                    lse[r] = (float) logZ;
                }
                if (y == ignoreIndex) continue;
                double wv = w == null ? 1.0 : w[(int) y];
                wy[r] = wv;
                nll[r] = -wv * (x[base + (int) y * ns] - logZ);
                if (smooth != null) {
                    double sm = 0;
                    for (int c = 0; c < nc; c++) sm -= (w == null ? 1.0 : w[c]) * (x[base + c * ns] - logZ);
                    smooth[r] = sm;
                }
            }
        });
        // Denominators of the mean: the nll part by the weights of the targets kept; the smoothing
        // part likewise with class weights, else by the number of targets kept (as PyTorch).
        int kept = 0;
        for (int r = 0; r < rows; r++) if (tl[to + r] != ignoreIndex) kept++;
        final double denomNll = red == Reduction.MEAN ? Support.sum(wy) : 1.0;
        final double denomSmooth = red == Reduction.MEAN ? (w != null ? denomNll : kept) : 1.0;
        final double a = 1.0 - eps, b = eps / (double) nc;
        Tensor out;
        if (red == Reduction.NONE) {
            float[] o = new float[rows];
            for (int r = 0; r < rows; r++) o[r] = (float) (a * nll[r] + (smooth == null ? 0 : b * smooth[r]));
            out = Tensor.wrap(o, l.targetShape);
        } else {
            double v = a * Support.sum(nll) / denomNll;
            if (smooth != null) v += b * Support.sum(smooth) / denomSmooth;
            out = Tensor.scalar((float) v);
        }
        int[] inShape = input.shape();
        String name = fromLogits ? "CrossEntropyLossBackward" : "NllLossBackward";
        return Autograd.record(out, name, new Tensor[] {input}, g -> {
            float[] gv = Support.dense(g).toFloatArray();
            float[] gx = new float[x.length == 0 ? 0 : rows * nc];
            Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, nc)), (from, until) -> {
                for (int r = from; r < until; r++) {
                    long y = tl[to + r];
                    if (y == ignoreIndex) continue;
                    double gr = red == Reduction.NONE ? gv[r] : gv[0];
                    double cn = a * gr / denomNll * wy[r];
                    double cs = b * gr / denomSmooth;
                    int n = r / ns, s = r % ns;
                    int base = xo + n * nc * ns + s, gbase = n * nc * ns + s;
                    if (!fromLogits) {
                        gx[gbase + (int) y * ns] = (float) -cn;
                        continue;
                    }
                    double z = lse[r];
                    for (int c = 0; c < nc; c++) {
                        double p = Math.exp(x[base + c * ns] - z);
                        double v = cn * (p - (c == y ? 1.0 : 0.0));
                        if (smooth != null) v += cs * (wTotal * p - (w == null ? 1.0 : w[c]));
                        gx[gbase + c * ns] = (float) v;
                    }
                }
            });
            return new Tensor[] {Tensor.wrap(gx, inShape)};
        });
    }

    private static Tensor probabilityCrossEntropy(Layout l, Tensor input, Tensor target, Tensor weight, float eps, Reduction red) {
        final int nc = l.c, ns = l.s, rows = l.rows();
        Tensor xc = Support.dense(input);
        final float[] x = xc.storage();
        final int xo = xc.offset();
        Tensor tc = Support.dense(target);
        final float[] t = tc.storage();
        final int to = tc.offset();
        final float[] w = weight == null ? null : Support.dense(weight).toFloatArray();
        final double a = 1.0 - eps, b = eps / (double) nc;
        final double[] loss = new double[rows];
        final float[] lse = new float[rows];
        Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, nc)), (from, until) -> {
            for (int r = from; r < until; r++) {
                int off = (r / ns) * nc * ns + r % ns;
                double z = SoftmaxOps.logSumExp(x, xo + off, nc, ns);
                lse[r] = (float) z;
                double sum = 0;
                for (int c = 0; c < nc; c++) {
                    double tv = t[to + off + c * ns] * a + b;
                    sum -= (w == null ? 1.0 : w[c]) * tv * (x[xo + off + c * ns] - z);
                }
                loss[r] = sum;
            }
        });
        final double denom = red == Reduction.MEAN ? rows : 1.0;
        Tensor out;
        if (red == Reduction.NONE) {
            float[] o = new float[rows];
            for (int r = 0; r < rows; r++) o[r] = (float) loss[r];
            out = Tensor.wrap(o, l.targetShape);
        } else {
            out = Tensor.scalar((float) (Support.sum(loss) / denom));
        }
        int[] shape = input.shape();
        return Autograd.record(out, "CrossEntropyLossBackward", new Tensor[] {input, target}, g -> {
            float[] gv = Support.dense(g).toFloatArray();
            boolean needX = input.requiresGrad(), needT = target.requiresGrad();
            float[] gx = needX ? new float[rows * nc] : null;
            float[] gt = needT ? new float[rows * nc] : null;
            Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, nc)), (from, until) -> {
                for (int r = from; r < until; r++) {
                    int off = (r / ns) * nc * ns + r % ns;
                    double coef = (red == Reduction.NONE ? gv[r] : gv[0]) / denom;
                    double z = lse[r];
                    double sumA = 0;
                    for (int c = 0; c < nc; c++) sumA += (w == null ? 1.0 : w[c]) * (t[to + off + c * ns] * a + b);
                    for (int c = 0; c < nc; c++) {
                        double wc = w == null ? 1.0 : w[c];
                        double logp = x[xo + off + c * ns] - z;
                        if (needX) gx[off + c * ns] = (float) (coef * (Math.exp(logp) * sumA - wc * (t[to + off + c * ns] * a + b)));
                        if (needT) gt[off + c * ns] = (float) (-coef * wc * a * logp);
                    }
                }
            });
            return new Tensor[] {needX ? Tensor.wrap(gx, shape) : null, needT ? Tensor.wrap(gt, shape) : null};
        });
    }

    // ================================================================== regression losses

    /**
     * The mean squared error {@code mean((input - target)²)} ({@code F.mse_loss}).
     *
     * <pre>{@code
     * Tensor loss = F.mseLoss(prediction, target);
     * }</pre>
     */
    static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * The squared error {@code (input - target)²} reduced by {@code reduction}; shapes broadcast as
     * in PyTorch (which warns when they differ).
     *
     * <pre>{@code
     * Tensor perElement = F.mseLoss(prediction, target, Reduction.NONE);
     * }</pre>
     */
    static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        Reduction red = Reduction.require("mseLoss", reduction);
        checkFloatPair("mseLoss", input, target);
        return reduce(input.sub(target).square(), red);
    }

    /**
     * The mean absolute error {@code mean(|input - target|)} ({@code F.l1_loss}).
     *
     * <pre>{@code
     * Tensor loss = F.l1Loss(prediction, target);
     * }</pre>
     */
    static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** The absolute error {@code |input - target|} reduced by {@code reduction} (gradient 0 where equal). */
    static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        Reduction red = Reduction.require("l1Loss", reduction);
        checkFloatPair("l1Loss", input, target);
        return reduce(input.sub(target).abs(), red);
    }

    private static void checkFloatPair(String op, Tensor input, Tensor target) {
        Support.requireFloat(op, "input", input);
        Support.requireFloat(op, "target", target);
        if (!broadcastable(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target of shape " + Support.str(target) + " does not match input "
                    + Support.str(input) + " (shapes must be equal or broadcastable)");
        }
    }

    private static boolean broadcastable(int[] a, int[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            int x = a[a.length - i], y = b[b.length - i];
            if (x != y && x != 1 && y != 1) return false;
        }
        return true;
    }

    private static Tensor reduce(Tensor perElement, Reduction red) {
        return switch (red) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
        };
    }

    // ================================================================== binary cross entropy

    /**
     * Binary cross entropy of probabilities {@code input} in [0, 1] against {@code target}
     * ({@code F.binary_cross_entropy}), averaged. Logarithms are clamped at -100 as in PyTorch, so
     * the loss stays finite at 0 and 1.
     *
     * <pre>{@code
     * Tensor loss = F.bceLoss(F.sigmoid(logits), labels);
     * }</pre>
     */
    static Tensor bceLoss(Tensor input, Tensor target) {
        return bceLoss(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross entropy {@code -w (t log x + (1 - t) log(1 - x))} reduced by {@code reduction};
     * {@code weight} (or null) broadcasts to the input's shape. The input gradient is
     * {@code w (x - t) / max(x (1 - x), 1e-12)}, as in PyTorch.
     *
     * <pre>{@code
     * Tensor loss = F.bceLoss(probs, labels, null, Reduction.SUM);
     * }</pre>
     *
     * @throws IllegalArgumentException when shapes differ or an input lies outside [0, 1]
     */
    static Tensor bceLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "bceLoss";
        Reduction red = Reduction.require(op, reduction);
        Support.requireFloat(op, "input", input);
        Support.requireFloat(op, "target", target);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target of shape " + Support.str(target) + " does not match input "
                    + Support.str(input) + " (they must have the same shape)");
        }
        int[] shape = input.shape();
        int n = input.numel();
        float[] x = Support.dense(input).toFloatArray();
        float[] t = Support.dense(target).toFloatArray();
        float[] w = expandedOrNull(op, "weight", weight, shape);
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            if (!(xi >= 0f && xi <= 1f)) {
                throw new IllegalArgumentException(op + ": all input elements must be in [0, 1]; found " + xi + " at index "
                        + Support.index(i, shape) + " (apply sigmoid first, or use bceWithLogits)");
            }
            double logX = Math.max(Math.log(xi), -100.0), log1mX = Math.max(Math.log1p(-(double) xi), -100.0);
            double l = -(t[i] * logX + (1.0 - t[i]) * log1mX);
            loss[i] = w == null ? l : w[i] * l;
        }
        Tensor out = reduced(loss, shape, red);
        return Autograd.record(out, "BinaryCrossEntropyBackward", new Tensor[] {input, target}, g -> {
            float[] gv = Support.dense(g).toFloatArray();
            float[] gx = input.requiresGrad() ? new float[n] : null;
            float[] gt = target.requiresGrad() ? new float[n] : null;
            for (int i = 0; i < n; i++) {
                double c = coefficient(gv, i, n, red) * (w == null ? 1.0 : w[i]);
                double xi = x[i];
                if (gx != null) gx[i] = (float) (c * (xi - t[i]) / Math.max((1.0 - xi) * xi, 1e-12));
                if (gt != null) gt[i] = (float) (c * (Math.max(Math.log1p(-xi), -100.0) - Math.max(Math.log(xi), -100.0)));
            }
            return new Tensor[] {gx == null ? null : Tensor.wrap(gx, shape), gt == null ? null : Tensor.wrap(gt, shape)};
        });
    }

    /**
     * Binary cross entropy on logits, averaged ({@code F.binary_cross_entropy_with_logits}).
     *
     * <pre>{@code
     * Tensor loss = F.bceWithLogits(logits, labels);      // labels: floats 0/1
     * }</pre>
     */
    static Tensor bceWithLogits(Tensor input, Tensor target) {
        return bceWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross entropy on logits in PyTorch's numerically stable form:
     * {@code w · [(1 - t) x + (1 + (p - 1) t) · (log(1 + e^-|x|) + max(-x, 0))]}, with
     * {@code weight} w and {@code posWeight} p broadcast to the input's shape (either may be null;
     * p is typically {@code [C]} and weights the positive class). Gradients flow to input, target,
     * weight and posWeight.
     *
     * <pre>{@code
     * Tensor posWeight = Tensor.full(3f, 5);                   // 5 labels, positives ×3
     * Tensor loss = F.bceWithLogits(logits, labels, null, posWeight, Reduction.MEAN);
     * }</pre>
     */
    static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        String op = "bceWithLogits";
        Reduction red = Reduction.require(op, reduction);
        Support.requireFloat(op, "input", input);
        Support.requireFloat(op, "target", target);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target of shape " + Support.str(target) + " does not match input "
                    + Support.str(input) + " (they must have the same shape)");
        }
        int[] shape = input.shape();
        int n = input.numel();
        float[] x = Support.dense(input).toFloatArray();
        float[] t = Support.dense(target).toFloatArray();
        float[] w = expandedOrNull(op, "weight", weight, shape);
        float[] pw = expandedOrNull(op, "posWeight", posWeight, shape);
        double[] loss = new double[n];
        double[] sp = new double[n]; // softplus(-x) = log(1 + e^-|x|) + max(-x, 0)
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double s = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0.0);
            sp[i] = s;
            double lw = pw == null ? 1.0 : (pw[i] - 1.0) * t[i] + 1.0;
            double l = (1.0 - t[i]) * xi + lw * s;
            loss[i] = w == null ? l : w[i] * l;
        }
        Tensor out = reduced(loss, shape, red);
        return Autograd.record(out, "BinaryCrossEntropyWithLogitsBackward", new Tensor[] {input, target, weight, posWeight}, g -> {
            float[] gv = Support.dense(g).toFloatArray();
            boolean nx = input.requiresGrad(), nt = target.requiresGrad();
            boolean nw = weight != null && weight.requiresGrad(), np = posWeight != null && posWeight.requiresGrad();
            float[] gx = nx ? new float[n] : null, gt = nt ? new float[n] : null;
            float[] gw = nw ? new float[n] : null, gp = np ? new float[n] : null;
            for (int i = 0; i < n; i++) {
                double c = coefficient(gv, i, n, red);
                double wi = w == null ? 1.0 : w[i];
                double xi = x[i], ti = t[i];
                double p = pw == null ? 1.0 : pw[i];
                double lw = (p - 1.0) * ti + 1.0;
                if (nx) gx[i] = (float) (c * wi * ((1.0 - ti) - lw * Activations.sigmoid(-xi)));
                if (nt) gt[i] = (float) (c * wi * (-xi + (p - 1.0) * sp[i]));
                if (nw) gw[i] = (float) (c * ((1.0 - ti) * xi + lw * sp[i]));
                if (np) gp[i] = (float) (c * wi * ti * sp[i]);
            }
            return new Tensor[] {
                    nx ? Tensor.wrap(gx, shape) : null,
                    nt ? Tensor.wrap(gt, shape) : null,
                    nw ? Tensor.wrap(gw, shape).sumTo(weight.shape()) : null,
                    np ? Tensor.wrap(gp, shape).sumTo(posWeight.shape()) : null};
        });
    }

    // ================================================================== helpers

    /** {@code t} broadcast to {@code shape} as a dense float array, or null for a null tensor. */
    private static float[] expandedOrNull(String op, String what, Tensor t, int[] shape) {
        if (t == null) return null;
        Support.requireFloat(op, what, t);
        if (!broadcastable(shape, t.shape()) || t.dim() > shape.length) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Support.str(t) + " cannot be broadcast to input "
                    + Support.str(shape));
        }
        return t.detach().expand(shape).toFloatArray();
    }

    private static Tensor reduced(double[] loss, int[] shape, Reduction red) {
        if (red == Reduction.NONE) {
            float[] o = new float[loss.length];
            for (int i = 0; i < o.length; i++) o[i] = (float) loss[i];
            return Tensor.wrap(o, shape);
        }
        double s = Support.sum(loss);
        return Tensor.scalar((float) (red == Reduction.MEAN ? s / loss.length : s));
    }

    /** The upstream gradient of element i under the reduction. */
    private static double coefficient(float[] gv, int i, int n, Reduction red) {
        return switch (red) {
            case NONE -> gv[i];
            case SUM -> gv[0];
            case MEAN -> gv[0] / (double) n;
        };
    }
}
