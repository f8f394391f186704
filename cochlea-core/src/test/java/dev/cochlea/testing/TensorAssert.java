package dev.cochlea.testing;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions on tensors for parity tests: element-wise closeness in the sense of
 * {@code torch.allclose} ({@code |actual - expected| <= atol + rtol * |expected|}), with failure
 * messages that give the shapes, the number of offending elements, and the worst element's index,
 * expected and actual values, and absolute and relative error.
 *
 * <pre>{@code
 * TensorAssert.assertClose(c.output(), y, 1e-4, 1e-5, "conv2d_basic output");
 * // conv2d_basic output: 3 of 990 elements differ beyond rtol=1e-4, atol=1e-5; worst at [1, 4, 2, 7] (flat 745):
 * //   expected 0.51234, actual 0.51301, abs error 6.7e-4, rel error 1.3e-3 ...
 * }</pre>
 */
public final class TensorAssert {
    /** Relative tolerance for single float32 ops against PyTorch (golden README). */
    public static final double RTOL = 1e-4;
    /** Absolute tolerance near zero for single float32 ops. */
    public static final double ATOL = 1e-5;
    /** Relative (and absolute) tolerance for whole-model gradients and training trajectories. */
    public static final double RTOL_MODEL = 1e-3;

    private TensorAssert() {}

    /** {@link #assertClose(Tensor, Tensor, double, double, String)} with the single-op tolerances {@link #RTOL}, {@link #ATOL}. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, RTOL, ATOL, what);
    }

    /**
     * Asserts that {@code actual} has {@code expected}'s shape and dtype and that every element
     * satisfies {@code |a - e| <= atol + rtol * |e|}. NaN matches NaN; infinities must match
     * exactly.
     *
     * @param what names the compared quantity in the failure message
     */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        String label = what == null || what.isEmpty() ? "tensor" : what;
        if (expected == null || actual == null) {
            fail(label + ": expected " + describe(expected) + " but got " + describe(actual));
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(label + ": shape mismatch: expected " + Arrays.toString(expected.shape()) + " but got "
                    + Arrays.toString(actual.shape()));
        }
        if (expected.dtype() != actual.dtype()) {
            fail(label + ": dtype mismatch: expected " + expected.dtype().torchName() + " but got " + actual.dtype().torchName());
        }
        if (expected.dtype() == DType.INT64) {
            assertEqualLongs(expected.toLongArray(), actual.toLongArray(), expected.shape(), label);
            return;
        }
        compare(expected.toFloatArray(), actual.toFloatArray(), expected.shape(), rtol, atol, label);
    }

    /** Closeness of two float arrays of equal length (compared as one-dimensional). */
    public static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        String label = what == null || what.isEmpty() ? "array" : what;
        if (expected.length != actual.length) {
            fail(label + ": length mismatch: expected " + expected.length + " but got " + actual.length);
        }
        compare(expected, actual, new int[] {expected.length}, rtol, atol, label);
    }

    /** Asserts exact equality of shape, dtype and every element (for int64 tensors, shapes, labels). */
    public static void assertEqual(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 0, 0, what);
    }

    /** Asserts that {@code actual} has the given shape. */
    public static void assertShape(int[] expected, Tensor actual, String what) {
        if (!Arrays.equals(expected, actual.shape())) {
            fail((what == null ? "tensor" : what) + ": shape mismatch: expected " + Arrays.toString(expected) + " but got "
                    + Arrays.toString(actual.shape()));
        }
    }

    private static void assertEqualLongs(long[] e, long[] a, int[] shape, String label) {
        int bad = 0, first = -1;
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            fail(label + ": " + bad + " of " + e.length + " elements differ; first at " + index(first, shape) + " (flat " + first
                    + "): expected " + e[first] + ", actual " + a[first]);
        }
    }

    private static void compare(float[] e, float[] a, int[] shape, double rtol, double atol, String label) {
        int bad = 0;
        int worst = -1;
        double worstExcess = Double.NEGATIVE_INFINITY;
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < e.length; i++) {
            double ev = e[i], av = a[i];
            double excess;
            if (Double.isNaN(ev) || Double.isNaN(av)) {
                excess = Double.isNaN(ev) && Double.isNaN(av) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(ev) || Double.isInfinite(av)) {
                excess = ev == av ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else {
                double abs = Math.abs(av - ev);
                maxAbs = Math.max(maxAbs, abs);
                if (ev != 0) maxRel = Math.max(maxRel, abs / Math.abs(ev));
                excess = abs - (atol + rtol * Math.abs(ev));
            }
            if (excess > 0) {
                bad++;
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = i;
                }
            }
        }
        if (bad == 0) return;
        double ev = e[worst], av = a[worst];
        double abs = Math.abs(av - ev);
        double rel = ev == 0 ? (abs == 0 ? 0 : Double.POSITIVE_INFINITY) : abs / Math.abs(ev);
        fail(String.format(
                "%s: %d of %d elements differ beyond rtol=%.3g, atol=%.3g; worst at %s (flat %d): expected %s, actual %s,"
                        + " abs error %.4g, rel error %.4g (allowed %.4g); over all finite elements max abs error %.4g,"
                        + " max rel error %.4g; shape %s",
                label, bad, e.length, rtol, atol, index(worst, shape), worst, e[worst], a[worst], abs, rel,
                atol + rtol * Math.abs(ev), maxAbs, maxRel, Arrays.toString(shape)));
    }

    /** The multi-dimensional index of row-major position {@code flat}. */
    static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) continue;
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : "a tensor of shape " + Arrays.toString(t.shape());
    }
}
