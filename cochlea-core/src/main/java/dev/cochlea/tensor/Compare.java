package dev.cochlea.tensor;

/** Element-wise comparisons producing masks (float tensors of 0 and 1), and closeness checks. */
final class Compare {
    enum Op { EQ, NE, LT, LE, GT, GE }

    private Compare() {}

    static Tensor compare(Tensor a, Tensor b, Op op) {
        String name = op.name().toLowerCase();
        int[] os = Shape.broadcast(name, a.shape, b.shape);
        int n = Shape.numel(os);
        float[] out = new float[n];
        if (a.dtype == DType.FLOAT32 && b.dtype == DType.FLOAT32) {
            float[] ad = Copy.contiguous(a.detach().expand(os)).data;
            float[] bd = b.numel() == 1 ? null : Copy.contiguous(b.detach().expand(os)).data;
            float bs = b.numel() == 1 ? b.data[b.offset] : 0f;
            for (int i = 0; i < n; i++) {
                float x = ad[i], y = bd == null ? bs : bd[i];
                out[i] = test(op, x, y) ? 1f : 0f;
            }
        } else {
            double[] ad = values(a, os), bd = values(b, os);
            for (int i = 0; i < n; i++) {
                double x = ad[i], y = bd[i];
                boolean r = switch (op) {
                    case EQ -> x == y;
                    case NE -> x != y;
                    case LT -> x < y;
                    case LE -> x <= y;
                    case GT -> x > y;
                    case GE -> x >= y;
                };
                out[i] = r ? 1f : 0f;
            }
        }
        return Tensor.contiguousOf(out, os);
    }

    private static boolean test(Op op, float x, float y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
        };
    }

    private static double[] values(Tensor t, int[] os) {
        Tensor e = t.detach().expand(os);
        double[] v = new double[Shape.numel(os)];
        if (t.dtype == DType.INT64) {
            long[] l = Copy.contiguous(e).ldata;
            for (int i = 0; i < v.length; i++) v[i] = l[i];
        } else {
            float[] f = Copy.contiguous(e).data;
            for (int i = 0; i < v.length; i++) v[i] = f[i];
        }
        return v;
    }

    static boolean allClose(Tensor a, Tensor b, float rtol, float atol) {
        if (!java.util.Arrays.equals(a.shape, b.shape)) return false;
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i]) || Float.isNaN(y[i])) return false;
            if (x[i] == y[i]) continue;
            if (Math.abs(x[i] - y[i]) > atol + rtol * Math.abs(y[i])) return false;
        }
        return true;
    }
}
