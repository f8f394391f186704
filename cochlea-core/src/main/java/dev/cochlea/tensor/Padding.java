package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.Parallel;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ops that move elements to new positions per dim: {@code pad} (constant, reflect, replicate,
 * circular), {@code flip}, {@code roll}, {@code repeat} and {@code tile}. All are one gather,
 * {@link #remap}: output coordinate {@code o_d} reads input coordinate {@code map[d][o_d]} in every dim
 * (-1 reads the fill value). The backward pass walks the same maps and accumulates, so outputs that
 * read one input element (reflect, replicate, circular, repeat) add their gradients there.
 */
final class Padding {
    /** Output rows per parallel task below which the gather stays on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private Padding() {}

    /** Visits one output row: its start in the output, the input offset of its row, and whether any map said -1. */
    private interface RowBody {
        void row(int outPos, int inBase, boolean fill);
    }

    /**
     * Walks output rows {@code [from, to)} (rows are the last dim) of {@code outShape}, with
     * {@code tab[d][o]} the input offset contributed by output coordinate o of dim d, or
     * {@link Integer#MIN_VALUE} for a fill.
     */
    private static void forRows(int[] outShape, int[][] tab, int inOffset, int from, int to, RowBody body) {
        if (from >= to) return;
        int r = outShape.length;
        int last = r == 0 ? 1 : outShape[r - 1];
        int[] pos = new int[Math.max(r - 1, 0)];
        int rem = from;
        for (int d = r - 2; d >= 0; d--) {
            pos[d] = rem % outShape[d];
            rem /= outShape[d];
        }
        int base = inOffset, fills = 0;
        for (int d = 0; d < r - 1; d++) {
            int v = tab[d][pos[d]];
            if (v == Integer.MIN_VALUE) fills++;
            else base += v;
        }
        for (int row = from; row < to; row++) {
            body.row(row * last, base, fills > 0);
            for (int d = r - 2; d >= 0; d--) {
                int v = tab[d][pos[d]];
                if (v == Integer.MIN_VALUE) fills--;
                else base -= v;
                if (++pos[d] == outShape[d]) pos[d] = 0;
                v = tab[d][pos[d]];
                if (v == Integer.MIN_VALUE) fills++;
                else base += v;
                if (pos[d] != 0) break;
            }
        }
    }

    /** Offsets per output coordinate: {@code map[o] * stride}, or MIN_VALUE where the map says -1. */
    private static int[][] offsets(int[][] maps, int[] strides) {
        int[][] tab = new int[maps.length][];
        for (int d = 0; d < maps.length; d++) {
            tab[d] = new int[maps[d].length];
            for (int o = 0; o < maps[d].length; o++) tab[d][o] = maps[d][o] < 0 ? Integer.MIN_VALUE : maps[d][o] * strides[d];
        }
        return tab;
    }

    private static int[] outShape(int[][] maps) {
        int[] s = new int[maps.length];
        for (int d = 0; d < maps.length; d++) s[d] = maps[d].length;
        return s;
    }

    /** The gather {@code out[o] = in[map_0[o_0], ..., map_{r-1}[o_{r-1}]]} (or {@code fill}), recorded. */
    static Tensor remap(String name, Tensor in, int[][] maps, float fill) {
        int[] os = outShape(maps);
        int numel = Shape.numel(os);
        int r = os.length;
        int last = r == 0 ? 1 : os[r - 1];
        int rows = last == 0 ? 0 : numel / last;
        int[][] tab = offsets(maps, in.strides);
        int[] lastTab = r == 0 ? new int[] {0} : tab[r - 1];
        int grain = Math.max(1, GRAIN / Math.max(last, 1));
        Tensor out;
        if (in.dtype == DType.FLOAT32) {
            float[] o = new float[numel], x = in.data;
            Parallel.forRange(rows, grain, (from, to) -> forRows(os, tab, in.offset, from, to, (p, b, f) -> {
                if (f) {
                    Arrays.fill(o, p, p + last, fill);
                    return;
                }
                for (int j = 0; j < last; j++) {
                    int m = lastTab[j];
                    o[p + j] = m == Integer.MIN_VALUE ? fill : x[b + m];
                }
            }));
            out = Tensor.contiguousOf(o, os);
        } else {
            long[] o = new long[numel], x = in.ldata;
            long lf = (long) fill;
            Parallel.forRange(rows, grain, (from, to) -> forRows(os, tab, in.offset, from, to, (p, b, f) -> {
                for (int j = 0; j < last; j++) {
                    int m = lastTab[j];
                    o[p + j] = f || m == Integer.MIN_VALUE ? lf : x[b + m];
                }
            }));
            return Tensor.contiguousOf(o, os);
        }
        int[] inShape = in.shape;
        return Autograd.record(out, name, new Tensor[] {in}, g -> new Tensor[] {remapBackward(g, maps, inShape)});
    }

    /** Sums each output gradient into the input element it was read from. */
    private static Tensor remapBackward(Tensor g, int[][] maps, int[] inShape) {
        Tensor gc = Copy.contiguous(g);
        float[] gd = gc.data, gi = new float[Shape.numel(inShape)];
        int[] os = outShape(maps);
        int r = os.length;
        int last = r == 0 ? 1 : os[r - 1];
        int rows = last == 0 ? 0 : Shape.numel(os) / last;
        int[][] tab = offsets(maps, Shape.contiguousStrides(inShape));
        int[] lastTab = r == 0 ? new int[] {0} : tab[r - 1];
        forRows(os, tab, 0, 0, rows, (p, b, f) -> {
            if (f) return;
            for (int j = 0; j < last; j++) {
                int m = lastTab[j];
                if (m != Integer.MIN_VALUE) gi[b + m] += gd[p + j];
            }
        });
        return Tensor.contiguousOf(gi, inShape.clone());
    }

    private static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) m[i] = i;
        return m;
    }

    private static int[][] identityMaps(int[] shape) {
        int[][] maps = new int[shape.length][];
        for (int d = 0; d < shape.length; d++) maps[d] = identity(shape[d]);
        return maps;
    }

    // ------------------------------------------------------------------ pad

    static Tensor pad(Tensor x, int[] pad, String mode, float value) {
        String m = mode == null ? "constant" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("constant") && !m.equals("reflect") && !m.equals("replicate") && !m.equals("circular")) {
            throw new IllegalArgumentException("pad: unknown mode '" + mode + "'; expected constant, reflect, replicate or circular");
        }
        int r = x.dim();
        if (pad.length % 2 != 0 || pad.length / 2 > r) {
            throw new IllegalArgumentException("pad: the pad list " + Arrays.toString(pad) + " must have an even length of at most 2 * rank ("
                    + 2 * r + ") for input of shape " + Shape.str(x.shape));
        }
        int[][] maps = identityMaps(x.shape);
        for (int p = 0; p < pad.length / 2; p++) {
            int d = r - 1 - p;
            int n = x.shape[d], left = pad[2 * p], right = pad[2 * p + 1];
            int size = n + left + right;
            String where = " (dimension " + d + " of size " + n + ", shape " + Shape.str(x.shape) + ", pad " + Arrays.toString(pad) + ")";
            if (!m.equals("constant")) {
                if (left < 0 || right < 0) throw new IllegalArgumentException("pad: negative padding is only supported in constant mode, found mode " + m + where);
                if (n == 0 && size > 0) throw new IllegalArgumentException("pad: cannot " + m + "-pad an empty dimension" + where);
                if (m.equals("reflect") && (left >= n || right >= n)) {
                    throw new IllegalArgumentException("pad: reflect padding must be less than the dimension size" + where);
                }
                if (m.equals("circular") && (left > n || right > n)) {
                    throw new IllegalArgumentException("pad: circular padding must be at most the dimension size" + where);
                }
            } else if (size < 0) {
                throw new IllegalArgumentException("pad: the padded size " + size + " is negative" + where);
            }
            int[] map = new int[size];
            for (int o = 0; o < size; o++) {
                int i = o - left;
                map[o] = switch (m) {
                    case "reflect" -> i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
                    case "replicate" -> Math.min(Math.max(i, 0), n - 1);
                    case "circular" -> Math.floorMod(i, n);
                    default -> i >= 0 && i < n ? i : -1;
                };
            }
            maps[d] = map;
        }
        String name = switch (m) {
            case "reflect" -> "ReflectionPadBackward";
            case "replicate" -> "ReplicationPadBackward";
            case "circular" -> "CircularPadBackward";
            default -> "ConstantPadBackward";
        };
        return remap(name, x, maps, value);
    }

    // ------------------------------------------------------------------ flip, roll, repeat, tile

    static Tensor flip(Tensor x, int[] dims) {
        boolean[] mask = new boolean[x.dim()];
        for (int dim : dims) {
            int d = Shape.dim("flip", dim, x.dim());
            if (x.dim() == 0) continue;
            if (mask[d]) throw new IllegalArgumentException("flip: dim " + d + " appears more than once in " + Arrays.toString(dims));
            mask[d] = true;
        }
        int[][] maps = identityMaps(x.shape);
        for (int d = 0; d < mask.length; d++) {
            if (!mask[d]) continue;
            int n = x.shape[d];
            for (int o = 0; o < n; o++) maps[d][o] = n - 1 - o;
        }
        return remap("FlipBackward", x, maps, 0f);
    }

    static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (shifts.length != dims.length || shifts.length == 0) {
            throw new IllegalArgumentException("roll: shifts " + Arrays.toString(shifts) + " and dims " + Arrays.toString(dims)
                    + " must be non-empty and of equal length");
        }
        if (x.dim() == 0) {
            for (int dim : dims) Shape.dim("roll", dim, 0);
            return remap("RollBackward", x, new int[0][], 0f);
        }
        int[][] maps = identityMaps(x.shape);
        for (int k = 0; k < dims.length; k++) {
            int d = Shape.dim("roll", dims[k], x.dim());
            int n = x.shape[d];
            int[] prev = maps[d].clone();
            for (int o = 0; o < n; o++) maps[d][o] = prev[Math.floorMod(o - shifts[k], n)];
        }
        return remap("RollBackward", x, maps, 0f);
    }

    static Tensor repeat(Tensor x, int[] repeats) {
        int r = x.dim();
        if (repeats.length < r) {
            throw new IllegalArgumentException("repeat: the number of repeats (" + repeats.length + ", " + Arrays.toString(repeats)
                    + ") cannot be smaller than the tensor's rank " + r + " (shape " + Shape.str(x.shape) + "); use tile to pad with ones");
        }
        for (int v : repeats) {
            if (v < 0) throw new IllegalArgumentException("repeat: repeats must be non-negative, found " + Arrays.toString(repeats));
        }
        int lead = repeats.length - r;
        int[] padded = new int[repeats.length];
        Arrays.fill(padded, 1);
        System.arraycopy(x.shape, 0, padded, lead, r);
        Tensor in = lead == 0 ? x : x.reshape(padded);
        int[][] maps = new int[padded.length][];
        for (int d = 0; d < padded.length; d++) {
            int n = padded[d];
            maps[d] = new int[n * repeats[d]];
            for (int o = 0; o < maps[d].length; o++) maps[d][o] = o % n;
        }
        return remap("RepeatBackward", in, maps, 0f);
    }

    static Tensor tile(Tensor x, int[] reps) {
        if (reps.length >= x.dim()) return repeat(x, reps);
        int[] full = new int[x.dim()];
        Arrays.fill(full, 1);
        System.arraycopy(reps, 0, full, x.dim() - reps.length, reps.length);
        return repeat(x, full);
    }
}
