package dev.cochlea.nn;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Package-private helpers that format values the way PyTorch's {@code extra_repr} prints them
 * (tuples {@code (5, 5)}, {@code (5,)}, booleans {@code True}, floats {@code 1e-05}) and that
 * prefix a functional op's error with the layer that called it.
 *
 * <pre>{@code
 * Repr.tuple(new int[] {5, 5});  // "(5, 5)"
 * Repr.pyFloat(1e-5);            // "1e-05"
 * }</pre>
 */
final class Repr {
    private Repr() {}

    /** A Python tuple of ints: {@code (5, 5)} or {@code (5,)}. */
    static String tuple(int[] v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(v[i]);
        }
        return sb.append(')').toString();
    }

    /** An int, or a tuple when {@code asTuple}. */
    static String intOrTuple(int[] v, boolean asTuple) {
        return asTuple ? tuple(v) : Integer.toString(v[0]);
    }

    /** {@code True} / {@code False}. */
    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** A double as Python's {@code repr(float)} prints it ({@code 0.1}, {@code 1.0}, {@code 1e-05}). */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return (long) v + ".0";
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 16) {
            String digits = bd.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return bd.toPlainString();
    }

    /** {@code v} repeated to {@code rank} entries when it has one, else checked to have {@code rank}. */
    static int[] expand(String layer, String what, int[] v, int rank) {
        if (v.length == rank) return v.clone();
        if (v.length == 1) {
            int[] out = new int[rank];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(layer + ": " + what + " must have 1 or " + rank + " entries, found "
                + Arrays.toString(v));
    }

    /** {@code value} repeated {@code rank} times. */
    static int[] fill(int value, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, value);
        return out;
    }

    /** The module's one-line description, e.g. {@code Conv2d(3, 32, kernel_size=(5, 5), stride=(1, 1))}. */
    static String describe(Module m) {
        return m.name() + "(" + m.extraRepr() + ")";
    }
}
