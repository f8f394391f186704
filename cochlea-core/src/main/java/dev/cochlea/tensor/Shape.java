package dev.cochlea.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by tensor operations: element counts, contiguous strides, broadcasting
 * and dimension checks with errors that name the op.
 *
 * <pre>{@code
 * int[] s = Shape.broadcast("add", new int[] {4, 1}, new int[] {3}); // [4, 3]
 * }</pre>
 */
public final class Shape {
    private Shape() {}

    /** The number of elements of a shape. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** Checks a shape for negative sizes; returns a copy. */
    public static int[] check(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    /** The broadcast shape of two shapes (NumPy rules), or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalises a possibly negative dim for a tensor of rank {@code rank}, naming the op on error. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank
                    + " (expected a dim in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Normalises and de-duplicates a list of dims; an empty list means all dims. */
    public static boolean[] dimMask(String op, int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims == null || dims.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int nd = dim(op, d, rank);
            if (rank == 0) continue;
            if (mask[nd]) throw new IllegalArgumentException(op + ": dim " + nd + " appears more than once in " + Arrays.toString(dims));
            mask[nd] = true;
        }
        return mask;
    }

    /** {@code [a, b, c]} as PyTorch prints sizes. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
