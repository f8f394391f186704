package dev.cochlea.kernels;

/**
 * Scalar definitions of the element-wise functions, shared by both kernel implementations for
 * their tails and by code that needs one value at a time.
 *
 * <pre>{@code
 * float y = ScalarMath.apply(Kernels.Unary.SIGMOID, 0f); // 0.5
 * }</pre>
 */
public final class ScalarMath {
    private ScalarMath() {}

    /** {@code op(x)}. */
    public static float apply(Kernels.Unary op, float x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : (x == x ? 0f : x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case SIN -> (float) Math.sin(x);
            case COS -> (float) Math.cos(x);
            case FLOOR -> (float) Math.floor(x);
            case CEIL -> (float) Math.ceil(x);
            case ROUND -> (float) Math.rint(x);
            case SIGN -> Math.signum(x);
        };
    }

    /** The logistic function, stable for large |x|. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** {@code x^y} with PyTorch's float semantics (via double). */
    public static float pow(float x, float y) {
        if (y == 2f) return x * x;
        if (y == 1f) return x;
        if (y == 0.5f) return (float) Math.sqrt(x);
        return (float) Math.pow(x, y);
    }
}
