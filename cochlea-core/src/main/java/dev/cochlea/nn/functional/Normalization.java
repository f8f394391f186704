package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * Batch and layer normalisation as fused, autograd-aware operations ({@code F.batch_norm},
 * {@code F.layer_norm}): statistics in double precision, one pass for the output and one for
 * all gradients, with PyTorch's formulas (biased variance to normalise, unbiased variance for the
 * running estimate). Internal: call them through {@link F}.
 *
 * <pre>{@code
 * Tensor rm = Tensor.zeros(16), rv = Tensor.ones(16);
 * Tensor y = F.batchNorm(x, rm, rv, gamma, beta, true, 0.1, 1e-5); // x: [N, 16, H, W]
 * Tensor z = F.layerNorm(h, new int[] {256}, ln.weight, ln.bias, 1e-5);
 * }</pre>
 */
final class Normalization {
    private Normalization() {}

    /**
     * Batch normalisation over dim 1 of {@code input} ({@code [N, C]}, {@code [N, C, L]},
     * {@code [N, C, H, W]}, ...).
     *
     * <p>In training, each channel is normalised with the batch mean and biased variance, and
     * (where given) {@code runningMean} / {@code runningVar} are updated in place:
     * {@code r = (1 - momentum) r + momentum · stat}, with the unbiased batch variance. Pass
     * {@code momentum = 1 / k} at the k-th batch for PyTorch's cumulative average
     * ({@code momentum=None}). In evaluation the running statistics are used instead.
     *
     * <pre>{@code
     * Tensor y = F.batchNorm(x, runningMean, runningVar, weight, bias, true, 0.1, 1e-5);
     * }</pre>
     *
     * @param runningMean {@code [C]} buffer, or null (then training must be true)
     * @param runningVar {@code [C]} buffer, or null (then training must be true)
     * @param weight {@code [C]} scale γ, or null for 1
     * @param bias {@code [C]} shift β, or null for 0
     * @throws IllegalArgumentException on mismatched shapes, or one value per channel in training
     */
    static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        String op = "batchNorm";
        Support.requireFloat(op, "input", input);
        if (input.dim() < 2) {
            throw new IllegalArgumentException(op + ": input must be at least 2-D [N, C, ...], found shape " + Support.str(input));
        }
        int[] shape = input.shape();
        final int n = shape[0], nc = shape[1];
        int sp = 1;
        for (int i = 2; i < shape.length; i++) sp *= shape[i];
        final int ns = sp;
        final int m = n * ns;
        checkChannelVector(op, "runningMean", runningMean, nc, input);
        checkChannelVector(op, "runningVar", runningVar, nc, input);
        checkChannelVector(op, "weight", weight, nc, input);
        checkChannelVector(op, "bias", bias, nc, input);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(op + ": runningMean and runningVar must be given in evaluation mode (training=false)");
        }
        if (training && m <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input of shape "
                    + Support.str(input));
        }
        Tensor xc = Support.dense(input);
        final float[] x = xc.storage();
        final int xo = xc.offset();
        final float[] w = weight == null ? null : Support.dense(weight).toFloatArray();
        final float[] b = bias == null ? null : Support.dense(bias).toFloatArray();
        final double[] mean = new double[nc], invstd = new double[nc], varUnbiased = new double[nc];
        final Kernels kern = KernelProvider.get();
        // Per channel and item, the runs of ns values go through the kernels (float lanes); the runs' sums
        // are added in double.
        if (training) {
            Parallel.forRange(nc, Math.max(1, Support.GRAIN / Math.max(1, m)), (from, to) -> {
                for (int c = from; c < to; c++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += kern.sum(x, xo + (i * nc + c) * ns, ns);
                    double mu = s / m;
                    float muf = (float) mu;
                    double v = 0;
                    for (int i = 0; i < n; i++) {
                        int base = xo + (i * nc + c) * ns;
                        v += kern.dotCentered(x, base, muf, x, base, muf, ns);
                    }
                    mean[c] = mu;
                    invstd[c] = 1.0 / Math.sqrt(v / m + eps);
                    varUnbiased[c] = v / (m - 1);
                }
            });
            try (NoGrad ignored = NoGrad.enter()) {
                if (runningMean != null) updateRunning(runningMean, mean, momentum);
                if (runningVar != null) updateRunning(runningVar, varUnbiased, momentum);
            }
        } else {
            float[] rm = Support.dense(runningMean).toFloatArray(), rv = Support.dense(runningVar).toFloatArray();
            for (int c = 0; c < nc; c++) {
                mean[c] = rm[c];
                invstd[c] = 1.0 / Math.sqrt(rv[c] + eps);
            }
        }
        final float[] y = new float[x.length == 0 ? 0 : n * nc * ns];
        Parallel.forRange(nc, Math.max(1, Support.GRAIN / Math.max(1, m)), (from, to) -> {
            for (int c = from; c < to; c++) {
                double scale = invstd[c] * (w == null ? 1.0 : w[c]);
                double shift = (b == null ? 0.0 : b[c]) - mean[c] * scale;
                for (int i = 0; i < n; i++) {
                    int off = (i * nc + c) * ns;
                    kern.scaleShift(x, xo + off, (float) scale, (float) shift, y, off, ns);
                }
            }
        });
        Tensor out = Tensor.wrap(y, shape);
        return Autograd.record(out, "NativeBatchNormBackward", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = Support.dense(g);
            final float[] gd = gc.storage();
            final int go = gc.offset();
            boolean needX = input.requiresGrad();
            final float[] gx = needX ? new float[y.length] : null;
            final double[] gw = new double[nc], gb = new double[nc];
            Parallel.forRange(nc, Math.max(1, Support.GRAIN / Math.max(1, m)), (from, to) -> {
                for (int c = from; c < to; c++) {
                    double mu = mean[c], is = invstd[c];
                    float muf = (float) mu;
                    double sg = 0, sgxc = 0;
                    for (int i = 0; i < n; i++) {
                        int off = (i * nc + c) * ns;
                        sg += kern.sum(gd, go + off, ns);
                        sgxc += kern.dotCentered(gd, go + off, 0f, x, xo + off, muf, ns);
                    }
                    double sgx = sgxc * is;
                    gw[c] = sgx;
                    gb[c] = sg;
                    if (gx == null) continue;
                    double wc = w == null ? 1.0 : w[c];
                    if (training) {
                        // gx = k (m g - sg - x̂ sgx) with x̂ = (x - mean) · invstd, as A g + B x + C.
                        double k = wc * is / m;
                        double a = k * m, bx = -k * is * sgx, c0 = -k * sg - bx * mu;
                        for (int i = 0; i < n; i++) {
                            int off = (i * nc + c) * ns;
                            kern.scaleShift(gd, go + off, (float) a, (float) c0, gx, off, ns);
                            kern.axpy((float) bx, x, xo + off, gx, off, ns);
                        }
                    } else {
                        float k = (float) (wc * is);
                        for (int i = 0; i < n; i++) {
                            int off = (i * nc + c) * ns;
                            kern.scaleShift(gd, go + off, k, 0f, gx, off, ns);
                        }
                    }
                }
            });
            return new Tensor[] {
                    needX ? Tensor.wrap(gx, shape) : null,
                    weight != null && weight.requiresGrad() ? Tensor.wrap(toFloats(gw), nc) : null,
                    bias != null && bias.requiresGrad() ? Tensor.wrap(toFloats(gb), nc) : null};
        });
    }

    /**
     * Layer normalisation over the trailing dims {@code normalizedShape} ({@code F.layer_norm}):
     * each slice is normalised with its mean and biased variance, then scaled by {@code weight}
     * and shifted by {@code bias} (both of shape {@code normalizedShape}, or null).
     *
     * <pre>{@code
     * Tensor y = F.layerNorm(Tensor.randn(3, 4, 6), new int[] {6}, null, null, 1e-5);
     * }</pre>
     *
     * @throws IllegalArgumentException when the input's trailing dims or the affine shapes do not
     *     match {@code normalizedShape}
     */
    static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layerNorm";
        Support.requireFloat(op, "input", input);
        int[] shape = input.shape();
        int k = normalizedShape.length;
        boolean ok = k >= 1 && k <= shape.length;
        for (int i = 0; ok && i < k; i++) ok = shape[shape.length - k + i] == normalizedShape[i];
        if (!ok) {
            throw new IllegalArgumentException(op + ": input of shape " + Support.str(shape) + " does not end with normalizedShape "
                    + Support.str(normalizedShape));
        }
        checkAffine(op, "weight", weight, normalizedShape);
        checkAffine(op, "bias", bias, normalizedShape);
        int mm = 1;
        for (int v : normalizedShape) mm *= v;
        final int m = mm;
        final int rows = m == 0 ? 0 : input.numel() / m;
        Tensor xc = Support.dense(input);
        final float[] x = xc.storage();
        final int xo = xc.offset();
        final float[] w = weight == null ? null : Support.dense(weight).toFloatArray();
        final float[] b = bias == null ? null : Support.dense(bias).toFloatArray();
        final double[] mean = new double[rows], invstd = new double[rows];
        final float[] y = new float[rows * m];
        Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, m)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = xo + r * m;
                double s = 0;
                for (int j = 0; j < m; j++) s += x[base + j];
                double mu = s / m;
                double v = 0;
                for (int j = 0; j < m; j++) {
                    double d = x[base + j] - mu;
                    v += d * d;
                }
                double is = 1.0 / Math.sqrt(v / m + eps);
                mean[r] = mu;
                invstd[r] = is;
                for (int j = 0; j < m; j++) {
                    double xh = (x[base + j] - mu) * is;
                    y[r * m + j] = (float) (xh * (w == null ? 1.0 : w[j]) + (b == null ? 0.0 : b[j]));
                }
            }
        });
        Tensor out = Tensor.wrap(y, shape);
        int[] ns = normalizedShape.clone();
        return Autograd.record(out, "NativeLayerNormBackward", new Tensor[] {input, weight, bias}, g -> {
            Tensor gc = Support.dense(g);
            final float[] gd = gc.storage();
            final int go = gc.offset();
            boolean needX = input.requiresGrad();
            final float[] gx = needX ? new float[rows * m] : null;
            if (needX) {
                Parallel.forRange(rows, Math.max(1, Support.GRAIN / Math.max(1, m)), (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int base = xo + r * m, gbase = go + r * m;
                        double mu = mean[r], is = invstd[r];
                        double sd = 0, sdx = 0;
                        for (int j = 0; j < m; j++) {
                            double dxh = gd[gbase + j] * (w == null ? 1.0 : w[j]);
                            sd += dxh;
                            sdx += dxh * (x[base + j] - mu) * is;
                        }
                        double kk = is / m;
                        for (int j = 0; j < m; j++) {
                            double dxh = gd[gbase + j] * (w == null ? 1.0 : w[j]);
                            double xh = (x[base + j] - mu) * is;
                            gx[r * m + j] = (float) (kk * (m * dxh - sd - xh * sdx));
                        }
                    }
                });
            }
            boolean needW = weight != null && weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
            final float[] gw = needW ? new float[m] : null, gb = needB ? new float[m] : null;
            if (needW || needB) {
                Parallel.forRange(m, Math.max(1, Support.GRAIN / Math.max(1, rows)), (from, to) -> {
                    for (int j = from; j < to; j++) {
                        double sw = 0, sb = 0;
                        for (int r = 0; r < rows; r++) {
                            double gv = gd[go + r * m + j];
                            sb += gv;
                            sw += gv * (x[xo + r * m + j] - mean[r]) * invstd[r];
                        }
                        if (gw != null) gw[j] = (float) sw;
                        if (gb != null) gb[j] = (float) sb;
                    }
                });
            }
            return new Tensor[] {
                    needX ? Tensor.wrap(gx, shape) : null,
                    needW ? Tensor.wrap(gw, ns) : null,
                    needB ? Tensor.wrap(gb, ns) : null};
        });
    }

    private static void checkChannelVector(String op, String what, Tensor t, int nc, Tensor input) {
        if (t == null) return;
        Support.requireFloat(op, what, t);
        if (t.dim() != 1 || t.size(0) != nc) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Support.str(t) + " does not match input "
                    + Support.str(input) + " (expected [" + nc + "], one value per channel)");
        }
    }

    private static void checkAffine(String op, String what, Tensor t, int[] normalizedShape) {
        if (t == null) return;
        Support.requireFloat(op, what, t);
        if (!Arrays.equals(t.shape(), normalizedShape)) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Support.str(t) + " does not match normalizedShape "
                    + Support.str(normalizedShape));
        }
    }

    private static void updateRunning(Tensor running, double[] stat, double momentum) {
        float[] cur = running.toFloatArray();
        float[] nv = new float[cur.length];
        for (int c = 0; c < cur.length; c++) nv[c] = (float) ((1.0 - momentum) * cur[c] + momentum * stat[c]);
        running.copyFrom(Tensor.wrap(nv, cur.length));
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
