package dev.cochlea.nn.functional;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.tensor.Tensor;

/**
 * Activation functions as stateless, autograd-aware operations — the activation part of
 * {@code torch.nn.functional}, behind {@link F} (internal: call them through F). Each fuses its forward and backward into one pass over the data
 * (no intermediate tensors), with PyTorch's conventions at the kinks (e.g. the gradient of
 * {@code relu} at 0 is 0, of {@code elu} at 0 is {@code alpha}).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(8, 16).requiresGrad(true);
 * Tensor y = F.gelu(F.leakyRelu(x, 0.01f));
 * y.sum().backward();              // x.grad() now holds d(sum y)/dx
 * }</pre>
 */
final class Activations {
    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_TANH_C = 0.044715;

    private Activations() {}

    /**
     * {@code max(x, 0)} ({@code F.relu}); NaN stays NaN, the gradient at 0 is 0.
     *
     * <pre>{@code
     * F.relu(Tensor.tensor(-1f, 2f)); // [0, 2]
     * }</pre>
     */
    static Tensor relu(Tensor x) {
        Kernels k = KernelProvider.get();
        return Support.pointwise("ReluBackward", x,
                (a, ao, y, yo, n) -> k.unary(Kernels.Unary.RELU, a, ao, y, yo, n),
                (a, ao, y, yo, g, go, gx, gxo, n) -> k.reluBackward(y, yo, g, go, gx, gxo, n));
    }

    /**
     * {@code x} where positive, {@code negativeSlope * x} elsewhere ({@code F.leaky_relu}).
     *
     * <pre>{@code
     * F.leakyRelu(Tensor.tensor(-2f, 3f), 0.1f); // [-0.2, 3]
     * }</pre>
     */
    static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Support.pointwise("LeakyReluBackward", x,
                (a, ao, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        y[yo + i] = v > 0f ? v : v * negativeSlope;
                    }
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    for (int i = 0; i < n; i++) gx[gxo + i] = a[ao + i] > 0f ? g[go + i] : g[go + i] * negativeSlope;
                });
    }

    /** {@link #leakyRelu(Tensor, float)} with PyTorch's default slope 0.01. */
    static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01f);
    }

    /**
     * {@code x} where positive, {@code alpha * (exp(x) - 1)} elsewhere ({@code F.elu}).
     *
     * <pre>{@code
     * F.elu(Tensor.tensor(-1f, 1f), 1f); // [-0.6321, 1]
     * }</pre>
     */
    static Tensor elu(Tensor x, float alpha) {
        return Support.pointwise("EluBackward", x,
                (a, ao, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        y[yo + i] = v > 0f ? v : (float) (alpha * Math.expm1(v));
                    }
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        gx[gxo + i] = v > 0f ? g[go + i] : (float) (g[go + i] * (double) alpha * Math.exp(v));
                    }
                });
    }

    /** {@link #elu(Tensor, float)} with {@code alpha = 1}. */
    static Tensor elu(Tensor x) {
        return elu(x, 1f);
    }

    /**
     * The Gaussian error linear unit {@code x * Φ(x)} in its exact (erf) form ({@code F.gelu}).
     *
     * <pre>{@code
     * F.gelu(Tensor.tensor(1f)); // [0.8413]
     * }</pre>
     */
    static Tensor gelu(Tensor x) {
        return gelu(x, GeluApproximation.NONE);
    }

    /**
     * GELU with PyTorch's {@code approximate} argument: {@code "none"} (exact, via erf) or
     * {@code "tanh"} ({@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}).
     *
     * <pre>{@code
     * Tensor y = F.gelu(x, "tanh");
     * }</pre>
     */
    static Tensor gelu(Tensor x, GeluApproximation approximate) {
        if (approximate == null) throw new IllegalArgumentException("gelu: approximate must be NONE or TANH, found null");
        if (approximate == GeluApproximation.NONE) {
            return Support.pointwise("GeluBackward", x,
                    (a, ao, y, yo, n) -> {
                        for (int i = 0; i < n; i++) {
                            double v = a[ao + i];
                            y[yo + i] = (float) (v * normalCdf(v));
                        }
                    },
                    (a, ao, y, yo, g, go, gx, gxo, n) -> {
                        for (int i = 0; i < n; i++) {
                            double v = a[ao + i];
                            double d = normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                            gx[gxo + i] = (float) (g[go + i] * d);
                        }
                    });
        }
        return Support.pointwise("GeluBackward", x,
                (a, ao, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        double v = a[ao + i];
                        double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_TANH_C * v * v * v));
                        y[yo + i] = (float) (0.5 * v * (1.0 + t));
                    }
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    for (int i = 0; i < n; i++) {
                        double v = a[ao + i];
                        double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_TANH_C * v * v * v));
                        double d = 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_C * v * v);
                        gx[gxo + i] = (float) (g[go + i] * d);
                    }
                });
    }

    /**
     * The hyperbolic tangent ({@code torch.tanh}).
     *
     * <pre>{@code
     * F.tanh(Tensor.tensor(0f)); // [0]
     * }</pre>
     */
    static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)} ({@code torch.sigmoid}).
     *
     * <pre>{@code
     * F.sigmoid(Tensor.tensor(0f)); // [0.5]
     * }</pre>
     */
    static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /**
     * Softmax over {@code dim} ({@code F.softmax(x, dim)}): non-negative values summing to 1 along it.
     *
     * <pre>{@code
     * Tensor p = F.softmax(logits, 1); // [N, C], rows sum to 1
     * }</pre>
     */
    static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /**
     * Log-softmax over {@code dim} ({@code F.log_softmax(x, dim)}), computed stably.
     *
     * <pre>{@code
     * Tensor logp = F.logSoftmax(logits, 1);
     * }</pre>
     */
    static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /**
     * {@code x} clamped to {@code [minVal, maxVal]} ({@code F.hardtanh}); the gradient is 1 strictly
     * inside the interval and 0 at and beyond its ends, as in PyTorch.
     *
     * <pre>{@code
     * F.hardtanh(Tensor.tensor(-3f, 0.5f, 2f), -1f, 1f); // [-1, 0.5, 1]
     * }</pre>
     */
    static Tensor hardtanh(Tensor x, float minVal, float maxVal) {
        if (minVal > maxVal) {
            throw new IllegalArgumentException("hardtanh: minVal " + minVal + " is greater than maxVal " + maxVal);
        }
        return Support.pointwise("HardtanhBackward", x,
                (a, ao, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        y[yo + i] = v < minVal ? minVal : (v > maxVal ? maxVal : v);
                    }
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        gx[gxo + i] = v <= minVal || v >= maxVal ? 0f : g[go + i];
                    }
                });
    }

    /** {@link #hardtanh(Tensor, float, float)} on {@code [-1, 1]}. */
    static Tensor hardtanh(Tensor x) {
        return hardtanh(x, -1f, 1f);
    }

    /**
     * {@code min(max(x, 0), 6)} ({@code F.relu6}).
     *
     * <pre>{@code
     * F.relu6(Tensor.tensor(-1f, 7f)); // [0, 6]
     * }</pre>
     */
    static Tensor relu6(Tensor x) {
        return hardtanh(x, 0f, 6f);
    }

    /**
     * The sigmoid-weighted linear unit {@code x * sigmoid(x)} ({@code F.silu}, "swish").
     *
     * <pre>{@code
     * F.silu(Tensor.tensor(1f)); // [0.7311]
     * }</pre>
     */
    static Tensor silu(Tensor x) {
        // On the kernels: y = x · σ(x); the derivative σ + x·σ·(1 - σ) = σ·(1 - y) + y.
        Kernels k = KernelProvider.get();
        return Support.pointwise("SiluBackward", x,
                (a, ao, y, yo, n) -> {
                    k.unary(Kernels.Unary.SIGMOID, a, ao, y, yo, n);
                    k.binary(Kernels.Binary.MUL, a, ao, y, yo, y, yo, n);
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    float[] oneMinusY = new float[n];
                    k.scaleShift(y, yo, -1f, 1f, oneMinusY, 0, n);
                    k.unary(Kernels.Unary.SIGMOID, a, ao, gx, gxo, n);
                    k.binary(Kernels.Binary.MUL, gx, gxo, oneMinusY, 0, gx, gxo, n);
                    k.binary(Kernels.Binary.ADD, gx, gxo, y, yo, gx, gxo, n);
                    k.binary(Kernels.Binary.MUL, gx, gxo, g, go, gx, gxo, n);
                });
    }

    /**
     * {@code log(1 + exp(beta x)) / beta}, reverting to {@code x} where {@code beta x > threshold}
     * ({@code F.softplus}).
     *
     * <pre>{@code
     * F.softplus(Tensor.tensor(0f), 1f, 20f); // [0.6931]
     * }</pre>
     */
    static Tensor softplus(Tensor x, float beta, float threshold) {
        return Support.pointwise("SoftplusBackward", x,
                (a, ao, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        float v = a[ao + i];
                        double bx = (double) v * beta;
                        y[yo + i] = bx > threshold ? v : (float) (Math.log1p(Math.exp(bx)) / beta);
                    }
                },
                (a, ao, y, yo, g, go, gx, gxo, n) -> {
                    for (int i = 0; i < n; i++) {
                        double bx = (double) a[ao + i] * beta;
                        gx[gxo + i] = bx > threshold ? g[go + i] : (float) (g[go + i] * sigmoid(bx));
                    }
                });
    }

    /** {@link #softplus(Tensor, float, float)} with PyTorch's defaults {@code beta = 1}, {@code threshold = 20}. */
    static Tensor softplus(Tensor x) {
        return softplus(x, 1f, 20f);
    }

    // ------------------------------------------------------------------ scalar helpers

    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The standard normal CDF {@code Φ(x) = erfc(-x/√2) / 2}. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT1_2);
    }

    /**
     * The complementary error function, with relative error below 1.2e-7 everywhere (Chebyshev
     * fit of Numerical Recipes' {@code erfcc}); ample for float32 results.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /** The error function {@code 1 - erfc(x)}. */
    static double erf(double x) {
        return 1.0 - erfc(x);
    }
}
