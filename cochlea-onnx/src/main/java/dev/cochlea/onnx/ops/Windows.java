package dev.cochlea.onnx.ops;

/**
 * The sliding-window attributes shared by Conv, ConvTranspose and the pools: kernel, strides,
 * dilations and the padding at each end, with {@code auto_pad} resolved against the input's size.
 */
record Windows(int[] kernel, int[] strides, int[] dilations, int[] begin, int[] end) {
    /** Resolves the attributes of {@code n} for spatial sizes {@code in} and kernel {@code kernel}. */
    static Windows of(NodeCall n, int[] in, int[] kernel) {
        int r = kernel.length;
        Attributes a = n.attributes();
        int[] strides = ints(n, a.ints("strides"), r, 1);
        int[] dilations = ints(n, a.ints("dilations"), r, 1);
        int[] begin = new int[r], end = new int[r];
        String auto = a.s("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                long[] pads = a.ints("pads");
                if (pads != null) {
                    if (pads.length != 2 * r) throw n.error("expected " + 2 * r + " pads, found " + pads.length);
                    for (int i = 0; i < r; i++) {
                        begin[i] = nonNegative(n, pads[i]);
                        end[i] = nonNegative(n, pads[i + r]);
                    }
                }
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < r; i++) {
                    int out = (in[i] + strides[i] - 1) / strides[i];
                    int total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
                    begin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                }
            }
            default -> throw n.error("auto_pad '" + auto + "' (expected NOTSET, SAME_UPPER, SAME_LOWER or VALID)");
        }
        return new Windows(kernel, strides, dilations, begin, end);
    }

    /** Whether both ends get the same padding in every dim. */
    boolean symmetric() {
        return java.util.Arrays.equals(begin, end);
    }

    /** Whether any padding is asked for. */
    boolean padded() {
        for (int i = 0; i < begin.length; i++) if (begin[i] != 0 || end[i] != 0) return true;
        return false;
    }

    /** The padding in F.pad's order: (begin, end) pairs from the last spatial dim, none for batch and channels. */
    int[] torchPads() {
        int r = begin.length;
        int[] p = new int[2 * r];
        for (int i = 0; i < r; i++) {
            p[2 * (r - 1 - i)] = begin[i];
            p[2 * (r - 1 - i) + 1] = end[i];
        }
        return p;
    }

    static int[] ints(NodeCall n, long[] v, int r, int def) {
        int[] out = new int[r];
        if (v == null) {
            java.util.Arrays.fill(out, def);
            return out;
        }
        if (v.length != r) throw n.error("expected " + r + " values, found " + v.length);
        for (int i = 0; i < r; i++) {
            if (v[i] < 1 || v[i] > Integer.MAX_VALUE) throw n.error("value " + v[i] + " must be a positive int");
            out[i] = (int) v[i];
        }
        return out;
    }

    private static int nonNegative(NodeCall n, long v) {
        if (v < 0 || v > Integer.MAX_VALUE) throw n.error("padding " + v + " must be a non-negative int");
        return (int) v;
    }
}
