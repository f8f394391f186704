package dev.cochlea.nn.init;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * In-place weight initialisers, like {@code torch.nn.init}: each fills a tensor (a parameter,
 * typically) without recording a graph and returns it. Fans are computed as PyTorch does:
 * for a weight {@code [out, in, *kernel]}, {@code fan_in = in · prod(kernel)} and
 * {@code fan_out = out · prod(kernel)}. Every method takes an optional {@link Generator} for
 * reproducible results; without one the default generator ({@code Tensor.manualSeed}) is used.
 *
 * <pre>{@code
 * Tensor w = Tensor.zeros(64, 1280).requiresGrad(true);
 * Init.kaimingUniform(w, Math.sqrt(5), Init.Mode.FAN_IN, "leaky_relu", new Generator(0)); // U(-1/sqrt(1280), 1/sqrt(1280))
 * Init.xavierNormal(w);
 * Init.zeros(bias);
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan scales the variance in the Kaiming initialisers. */
    public enum Mode {
        /** Preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserves the variance of gradients in the backward pass. */
        FAN_OUT
    }

    // ---------------------------------------------------------------- fans and gains

    /**
     * {@code {fan_in, fan_out}} of a weight with at least 2 dims
     * ({@code torch.nn.init._calculate_fan_in_and_fan_out}).
     *
     * @throws IllegalArgumentException for tensors with fewer than 2 dims
     */
    public static int[] fanInAndFanOut(Tensor tensor) {
        int[] s = tensor.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, found shape "
                    + Arrays.toString(s));
        }
        int receptive = 1;
        for (int i = 2; i < s.length; i++) receptive *= s[i];
        return new int[] {s[1] * receptive, s[0] * receptive};
    }

    /** The fan selected by {@code mode}. */
    public static int fan(Tensor tensor, Mode mode) {
        int[] f = fanInAndFanOut(tensor);
        return mode == Mode.FAN_IN ? f[0] : f[1];
    }

    /** {@link #calculateGain(String, double)} with the default parameter (0.01 for leaky_relu). */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    /**
     * The recommended gain for a nonlinearity ({@code torch.nn.init.calculate_gain}): 1 for linear,
     * conv and sigmoid; 5/3 for tanh; √2 for relu; √(2/(1+a²)) for leaky_relu with slope a
     * (NaN means PyTorch's default 0.01); 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, double param) {
        String n = nonlinearity.toLowerCase(Locale.ROOT);
        switch (n) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
                return 1.0;
            case "tanh":
                return 5.0 / 3.0;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu": {
                double slope = Double.isNaN(param) ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu":
                return 3.0 / 4.0;
            default:
                throw new IllegalArgumentException("calculateGain: unsupported nonlinearity '" + nonlinearity
                        + "' (linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu, selu)");
        }
    }

    // ---------------------------------------------------------------- basic fills

    /** Fills with U(a, b) from the default generator. */
    public static Tensor uniform(Tensor t, double a, double b) {
        return uniform(t, a, b, Generator.defaultGenerator());
    }

    /** Fills with U(a, b) from {@code g}. */
    public static Tensor uniform(Tensor t, double a, double b, Generator g) {
        Tensor r = Tensor.rand(g, t.shape());
        return set(t, r.mul((float) (b - a)).add((float) a));
    }

    /** Fills with N(mean, std²) from the default generator. */
    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, Generator.defaultGenerator());
    }

    /** Fills with N(mean, std²) from {@code g}. */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        Tensor r = Tensor.randn(g, t.shape());
        return set(t, r.mul((float) std).add((float) mean));
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        try (NoGrad ignored = NoGrad.enter()) {
            t.fill((float) value);
        }
        return t;
    }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Fills with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    // ---------------------------------------------------------------- Xavier / Glorot

    /** Xavier-uniform with gain 1: U(-a, a), a = √(6/(fan_in+fan_out)). */
    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1.0, Generator.defaultGenerator());
    }

    /** Xavier-uniform: U(-a, a), a = gain·√(6/(fan_in+fan_out)). */
    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        int[] f = fanInAndFanOut(t);
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform(t, -a, a, g);
    }

    /** Xavier-normal with gain 1: N(0, 2/(fan_in+fan_out)). */
    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1.0, Generator.defaultGenerator());
    }

    /** Xavier-normal: N(0, std²), std = gain·√(2/(fan_in+fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        int[] f = fanInAndFanOut(t);
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        return normal(t, 0, std, g);
    }

    // ---------------------------------------------------------------- Kaiming / He

    /** Kaiming-uniform with PyTorch's defaults (a=0, fan_in, leaky_relu), i.e. bound √(6/fan_in). */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, Mode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
    }

    /** Kaiming-uniform with slope {@code a} (fan_in, leaky_relu). */
    public static Tensor kaimingUniform(Tensor t, double a) {
        return kaimingUniform(t, a, Mode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
    }

    /**
     * Kaiming-uniform: U(-bound, bound), bound = √3 · gain(nonlinearity, a) / √fan
     * ({@code torch.nn.init.kaiming_uniform_}).
     */
    public static Tensor kaimingUniform(Tensor t, double a, Mode mode, String nonlinearity, Generator g) {
        int fan = fan(t, mode);
        if (fan == 0) return t;
        double bound = Math.sqrt(3.0) * calculateGain(nonlinearity, a) / Math.sqrt(fan);
        return uniform(t, -bound, bound, g);
    }

    /** Kaiming-normal with PyTorch's defaults (a=0, fan_in, leaky_relu): N(0, 2/fan_in). */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, Mode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
    }

    /** Kaiming-normal: N(0, std²), std = gain(nonlinearity, a) / √fan. */
    public static Tensor kaimingNormal(Tensor t, double a, Mode mode, String nonlinearity, Generator g) {
        int fan = fan(t, mode);
        if (fan == 0) return t;
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan);
        return normal(t, 0, std, g);
    }

    private static Tensor set(Tensor t, Tensor values) {
        try (NoGrad ignored = NoGrad.enter()) {
            t.copyFrom(values);
        }
        return t;
    }
}
