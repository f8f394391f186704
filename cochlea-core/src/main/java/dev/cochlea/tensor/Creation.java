package dev.cochlea.tensor;

import java.util.Arrays;

/** Factories behind {@link Tensor}'s static creation methods. */
final class Creation {
    private Creation() {}

    static Tensor of(float[] values, int... shape) {
        int[] s = Shape.check("tensor", shape);
        if (Shape.numel(s) != values.length) {
            throw new IllegalArgumentException("tensor: " + values.length + " values do not fill shape " + Shape.str(s)
                    + " (" + Shape.numel(s) + " elements)");
        }
        return Tensor.contiguousOf(values.clone(), s);
    }

    static Tensor of(float[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("tensor: row " + i + " has " + rows[i].length + " values, expected " + c);
            }
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return Tensor.contiguousOf(d, new int[] {r, c});
    }

    static Tensor wrap(float[] values, int... shape) {
        int[] s = Shape.check("wrap", shape);
        if (Shape.numel(s) != values.length) {
            throw new IllegalArgumentException("wrap: " + values.length + " values do not fill shape " + Shape.str(s)
                    + " (" + Shape.numel(s) + " elements)");
        }
        return Tensor.contiguousOf(values, s);
    }

    static Tensor ofLongs(long[] values, int... shape) {
        int[] s = Shape.check("tensor", shape);
        if (Shape.numel(s) != values.length) {
            throw new IllegalArgumentException("tensor: " + values.length + " values do not fill shape " + Shape.str(s));
        }
        return Tensor.contiguousOf(values.clone(), s);
    }

    static Tensor full(float value, int... shape) {
        int[] s = Shape.check("full", shape);
        float[] d = new float[Shape.numel(s)];
        if (value != 0f) Arrays.fill(d, value);
        return Tensor.contiguousOf(d, s);
    }

    static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, found " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + (double) i * step);
        return Tensor.contiguousOf(d, new int[] {n});
    }

    static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, found " + steps);
        float[] d = new float[steps];
        if (steps == 1) d[0] = start;
        double step = steps > 1 ? ((double) end - start) / (steps - 1) : 0;
        // Like torch: the first half counts up from start, the second half down from end.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            d[i] = i < half ? (float) (start + step * i) : (float) (end - step * (steps - 1 - i));
        }
        return Tensor.contiguousOf(d, new int[] {steps});
    }

    static Tensor eye(int n, int m) {
        float[] d = new float[n * m];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1f;
        return Tensor.contiguousOf(d, new int[] {n, m});
    }

    static Tensor rand(Generator g, int... shape) {
        int[] s = Shape.check("rand", shape);
        float[] d = new float[Shape.numel(s)];
        g.fillUniform(d, 0, d.length, 0f, 1f);
        return Tensor.contiguousOf(d, s);
    }

    static Tensor randn(Generator g, int... shape) {
        int[] s = Shape.check("randn", shape);
        float[] d = new float[Shape.numel(s)];
        g.fillNormal(d, 0, d.length, 0f, 1f);
        return Tensor.contiguousOf(d, s);
    }

    static Tensor randint(Generator g, long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, found low=" + low + ", high=" + high);
        int[] s = Shape.check("randint", shape);
        long[] d = new long[Shape.numel(s)];
        for (int i = 0; i < d.length; i++) d[i] = g.nextLong(low, high);
        return Tensor.contiguousOf(d, s);
    }

    static Tensor randperm(Generator g, int n) {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) d[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            long t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return Tensor.contiguousOf(d, new int[] {n});
    }
}
