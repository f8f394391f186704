package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Einsum. Two operands with no index repeated within one run as a batched matrix product (the
 * indices sorted into batch, kept-left, kept-right and summed, then permute, reshape, matmul), so
 * attention-style contractions use the GEMM kernels and keep gradients; any other equation (one or
 * three operands, diagonals such as {@code ii->i}) is summed element by element. {@code ...} stands for
 * the leading dimensions an operand has beyond its letters.
 */
final class Einsum {
    private Einsum() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Einsum", Einsum::einsum);
    }

    private static Tensor[] einsum(NodeCall n) {
        Tensor[] xs = n.inputsFrom(0);
        String eq = n.attributes().s("equation", "").replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (terms.length != xs.length) throw n.error(terms.length + " terms for " + xs.length + " inputs in '" + eq + "'");
        // Expand "..." into capital letters, one per dimension it covers (the broadcast dims must agree).
        int ellipsis = 0;
        for (int k = 0; k < xs.length; k++) {
            if (terms[k].contains("...")) ellipsis = Math.max(ellipsis, xs[k].dim() - (terms[k].length() - 3));
        }
        String fill = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, Math.max(0, ellipsis));
        for (int k = 0; k < xs.length; k++) {
            if (terms[k].contains("...")) {
                int covered = xs[k].dim() - (terms[k].length() - 3);
                terms[k] = terms[k].replace("...", fill.substring(fill.length() - covered));
            }
            if (terms[k].length() != xs[k].dim()) throw n.error("term '" + terms[k] + "' for an input of rank " + xs[k].dim());
        }
        String out;
        if (sides.length > 1) {
            out = sides[1].replace("...", fill);
        } else {
            StringBuilder implicit = new StringBuilder(fill);
            Map<Character, Integer> count = new java.util.TreeMap<>();
            for (String t : terms) for (char c : t.toCharArray()) if (Character.isLowerCase(c)) count.merge(c, 1, Integer::sum);
            count.forEach((c, k) -> { if (k == 1) implicit.append(c); });
            out = implicit.toString();
        }
        Map<Character, Integer> size = new LinkedHashMap<>();
        for (int k = 0; k < xs.length; k++) {
            for (int d = 0; d < terms[k].length(); d++) {
                char c = terms[k].charAt(d);
                int s = xs[k].size(d);
                Integer seen = size.putIfAbsent(c, s);
                if (seen != null && seen != s && seen != 1 && s != 1) throw n.error("index '" + c + "' is " + seen + " and " + s);
                if (seen != null && seen == 1) size.put(c, s);
            }
        }
        for (char c : out.toCharArray()) if (!size.containsKey(c)) throw n.error("output index '" + c + "' appears in no input");
        boolean ints = Ints.isInt(xs[0]);
        Tensor[] fs = new Tensor[xs.length];
        for (int k = 0; k < xs.length; k++) fs[k] = Ints.toFloat(xs[k]);
        Tensor y = xs.length == 2 && distinct(terms[0]) && distinct(terms[1]) && distinct(out) && sameSizes(terms, fs, size)
                ? pairwise(terms[0], terms[1], out, fs[0], fs[1], size) : loops(terms, out, fs, size);
        return new Tensor[] {ints ? y.toLong() : y};
    }

    private static boolean distinct(String s) {
        return s.chars().distinct().count() == s.length();
    }

    private static boolean sameSizes(String[] terms, Tensor[] xs, Map<Character, Integer> size) {
        for (int k = 0; k < terms.length; k++) for (int d = 0; d < terms[k].length(); d++) if (xs[k].size(d) != size.get(terms[k].charAt(d))) return false;
        return true;
    }

    /** a (term ta) times b (term tb) as one batched product: [batch, left, sum] · [batch, sum, right]. */
    private static Tensor pairwise(String ta, String tb, String out, Tensor a, Tensor b, Map<Character, Integer> size) {
        StringBuilder batch = new StringBuilder(), left = new StringBuilder(), right = new StringBuilder(), summed = new StringBuilder();
        for (char c : ta.toCharArray()) {
            boolean inB = tb.indexOf(c) >= 0, inOut = out.indexOf(c) >= 0;
            if (inB && inOut) batch.append(c);
            else if (inB) summed.append(c);
            else if (inOut) left.append(c);
        }
        for (char c : tb.toCharArray()) if (ta.indexOf(c) < 0 && out.indexOf(c) >= 0) right.append(c);
        // Indices in one operand only and not in the output are summed out first.
        a = sumOut(a, ta, tb + out);
        ta = kept(ta, tb + out);
        b = sumOut(b, tb, ta + out);
        tb = kept(tb, ta + out);
        Tensor pa = a.permute(order(ta, batch + "" + left + summed)).contiguous()
                .reshape(prod(batch, size), prod(left, size), prod(summed, size));
        Tensor pb = b.permute(order(tb, batch + "" + summed + right)).contiguous()
                .reshape(prod(batch, size), prod(summed, size), prod(right, size));
        String produced = batch + "" + left + right;
        int[] shape = new int[produced.length()];
        for (int i = 0; i < shape.length; i++) shape[i] = size.get(produced.charAt(i));
        Tensor y = pa.matmul(pb).reshape(shape);
        return y.permute(order(produced, out)).contiguous();
    }

    private static Tensor sumOut(Tensor x, String term, String elsewhere) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < term.length(); d++) if (elsewhere.indexOf(term.charAt(d)) < 0) dims.add(d);
        return dims.isEmpty() ? x : x.sum(dims.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    private static String kept(String term, String elsewhere) {
        StringBuilder k = new StringBuilder();
        for (char c : term.toCharArray()) if (elsewhere.indexOf(c) >= 0) k.append(c);
        return k.toString();
    }

    private static int[] order(String from, String to) {
        int[] p = new int[to.length()];
        for (int i = 0; i < p.length; i++) p[i] = from.indexOf(to.charAt(i));
        return p;
    }

    private static int prod(CharSequence idx, Map<Character, Integer> size) {
        int p = 1;
        for (int i = 0; i < idx.length(); i++) p *= size.get(idx.charAt(i));
        return p;
    }

    /** Every equation, element by element over all index values (no gradient). */
    private static Tensor loops(String[] terms, String out, Tensor[] xs, Map<Character, Integer> size) {
        List<Character> all = new ArrayList<>(size.keySet());
        int[] extent = new int[all.size()];
        long total = 1;
        for (int i = 0; i < extent.length; i++) {
            extent[i] = size.get(all.get(i));
            total *= extent[i];
        }
        if (total > 1L << 28) throw new IllegalArgumentException("Einsum: " + total + " index combinations are too many to sum one by one");
        float[][] data = new float[xs.length][];
        int[][] strideOf = new int[xs.length][all.size()];
        for (int k = 0; k < xs.length; k++) {
            data[k] = xs[k].contiguous().toFloatArray();
            int s = 1;
            for (int d = terms[k].length() - 1; d >= 0; d--) {
                if (xs[k].size(d) != 1) strideOf[k][all.indexOf(terms[k].charAt(d))] += s;
                s *= xs[k].size(d);
            }
        }
        int[] outShape = new int[out.length()];
        int[] outStride = new int[all.size()];
        int s = 1;
        for (int d = out.length() - 1; d >= 0; d--) {
            outShape[d] = size.get(out.charAt(d));
            outStride[all.indexOf(out.charAt(d))] = s;
            s *= outShape[d];
        }
        float[] y = new float[s];
        int[] pos = new int[all.size()];
        for (long it = 0; it < total; it++) {
            double prod = 1;
            for (int k = 0; k < xs.length; k++) {
                int at = 0;
                for (int i = 0; i < pos.length; i++) at += pos[i] * strideOf[k][i];
                prod *= data[k][at];
            }
            int o = 0;
            for (int i = 0; i < pos.length; i++) o += pos[i] * outStride[i];
            y[o] += (float) prod;
            for (int i = pos.length - 1; i >= 0; i--) {
                if (++pos[i] < extent[i]) break;
                pos[i] = 0;
            }
        }
        return Tensor.wrap(y, outShape);
    }
}
