package dev.cochlea.tensor;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: nested brackets, aligned columns, 4 decimals (or
 * scientific notation for wide ranges, or {@code 1.} for whole numbers), long dims summarised
 * with {@code ...}, followed by the shape and the autograd state.
 */
final class TensorFormatter {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormatter() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > THRESHOLD;
        String[] cells;
        if (t.dtype == DType.INT64) {
            long[] v = t.toLongArray();
            cells = new String[v.length];
            for (int i = 0; i < v.length; i++) cells[i] = Long.toString(v[i]);
        } else {
            cells = floatCells(t.toFloatArray());
        }
        int width = 0;
        for (String c : cells) width = Math.max(width, c.length());
        if (t.dim() == 0) {
            sb.append(cells[0]);
        } else if (t.numel() == 0) {
            sb.append("[]");
        } else {
            appendDim(sb, t.shape, 0, 0, cells, width, summarize, "tensor(".length());
        }
        if (t.dim() > 0) sb.append(", size=").append(Shape.str(t.shape));
        if (t.dtype == DType.INT64 && t.numel() > 0) sb.append(", dtype=torch.int64");
        if (t.gradFn() != null) sb.append(", grad_fn=").append(t.gradFn());
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static String[] floatCells(float[] v) {
        boolean allInt = true;
        double maxAbs = 0, minAbs = Double.MAX_VALUE;
        for (float x : v) {
            if (!Float.isFinite(x)) continue;
            if (x != Math.rint(x)) allInt = false;
            double a = Math.abs(x);
            maxAbs = Math.max(maxAbs, a);
            if (a != 0) minAbs = Math.min(minAbs, a);
        }
        boolean sci = maxAbs >= 1e8 || (maxAbs > 0 && minAbs < 1e-4) || (minAbs != Double.MAX_VALUE && maxAbs / minAbs > 1000 && !allInt);
        String[] cells = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (Float.isNaN(x)) cells[i] = "nan";
            else if (Float.isInfinite(x)) cells[i] = x > 0 ? "inf" : "-inf";
            else if (allInt && !sci) cells[i] = String.format(Locale.ROOT, "%.0f.", (double) x);
            else if (sci) cells[i] = String.format(Locale.ROOT, "%.4e", (double) x).replaceFirst("e([+-])(\\d)$", "e$10$2");
            else cells[i] = String.format(Locale.ROOT, "%.4f", (double) x);
        }
        return cells;
    }

    private static void appendDim(StringBuilder sb, int[] shape, int dim, int base, String[] cells, int width,
                                  boolean summarize, int indent) {
        int n = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) stride *= shape[i];
        sb.append('[');
        boolean skip = summarize && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (skip && i == EDGE) {
                if (dim == shape.length - 1) {
                    sb.append("...");
                } else {
                    sb.append("...");
                }
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (dim == shape.length - 1) {
                String c = cells[base + i];
                sb.append(" ".repeat(width - c.length())).append(c);
                if (i < n - 1) sb.append(", ");
            } else {
                appendDim(sb, shape, dim + 1, base + i * stride, cells, width, summarize, indent);
                if (i < n - 1) {
                    sb.append(',').append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
                }
            }
        }
        sb.append(']');
    }
}
