package dev.cochlea.tensor;

/**
 * Walks N-d strided layouts row by row: dimensions that are contiguous for every operand are merged
 * first, then the callback sees one innermost row at a time with each operand's start offset and
 * innermost stride. Used to copy non-contiguous tensors and to apply broadcast element-wise ops.
 *
 * <pre>{@code
 * Strided.rows(shape, new int[][] {outStrides, aStrides}, new int[] {0, a.offset()},
 *     (offs, n, inner) -> { ... offs[0], offs[1], inner[0], inner[1] ... });
 * }</pre>
 */
public final class Strided {
    /** Receives one innermost row: per-operand offsets, the row length and per-operand strides. */
    @FunctionalInterface
    public interface Row {
        void run(int[] offsets, int n, int[] innerStrides);
    }

    private Strided() {}

    /**
     * Calls {@code row} for every innermost row of {@code shape}, with {@code strides[k]} the
     * strides of operand {@code k} (same rank as shape) and {@code base[k]} its starting offset.
     */
    public static void rows(int[] shape, int[][] strides, int[] base, Row row) {
        int ops = strides.length;
        // Coalesce: drop size-1 dims, merge d into d+1 when contiguous for every operand.
        int rank = shape.length;
        int[] sh = new int[Math.max(rank, 1)];
        int[][] st = new int[ops][Math.max(rank, 1)];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) return;
            if (shape[d] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int k = 0; k < ops; k++) {
                    if (st[k][r - 1] != strides[k][d] * shape[d]) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    sh[r - 1] *= shape[d];
                    for (int k = 0; k < ops; k++) st[k][r - 1] = strides[k][d];
                    continue;
                }
            }
            sh[r] = shape[d];
            for (int k = 0; k < ops; k++) st[k][r] = strides[k][d];
            r++;
        }
        int[] offs = base.clone();
        int[] inner = new int[ops];
        if (r == 0) {
            row.run(offs, 1, inner);
            return;
        }
        int n = sh[r - 1];
        for (int k = 0; k < ops; k++) inner[k] = st[k][r - 1];
        int outerRank = r - 1;
        int[] idx = new int[Math.max(outerRank, 1)];
        int[] cur = offs.clone();
        while (true) {
            row.run(cur, n, inner);
            int d = outerRank - 1;
            while (d >= 0) {
                idx[d]++;
                for (int k = 0; k < ops; k++) cur[k] += st[k][d];
                if (idx[d] < sh[d]) break;
                for (int k = 0; k < ops; k++) cur[k] -= st[k][d] * sh[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }

    /** Strides of {@code t} viewed as {@code outShape} under broadcasting (0 where broadcast). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] outShape) {
        int n = outShape.length;
        int[] out = new int[n];
        int lead = n - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 ? 0 : strides[i];
        }
        return out;
    }
}
