package dev.cochlea.data;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Stacks samples into a {@link Batch} (PyTorch's default collate): every input must have the same
 * shape, and so must every target.
 *
 * <pre>{@code
 * Batch b = Collate.stack(List.of(ds.get(0), ds.get(1)), new int[] {0, 1});
 * }</pre>
 */
public final class Collate {
    private Collate() {}

    /** Stacks inputs and targets along a new first dim. */
    public static Batch stack(List<Sample> samples, int[] indices) {
        if (samples.isEmpty()) throw new IllegalArgumentException("collate: empty batch");
        int[] inShape = samples.get(0).input().shape();
        int[] tShape = samples.get(0).target().shape();
        int n = samples.size();
        int inN = samples.get(0).input().numel();
        float[] in = new float[n * inN];
        boolean longTargets = samples.get(0).target().dtype() == DType.INT64;
        int tN = samples.get(0).target().numel();
        long[] tl = longTargets ? new long[n * tN] : null;
        float[] tf = longTargets ? null : new float[n * tN];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (!Arrays.equals(s.input().shape(), inShape) || !Arrays.equals(s.target().shape(), tShape)) {
                throw new IllegalArgumentException("collate: sample " + indices[i] + " has input " + Arrays.toString(s.input().shape())
                        + " and target " + Arrays.toString(s.target().shape()) + ", but the batch's first sample has "
                        + Arrays.toString(inShape) + " and " + Arrays.toString(tShape) + " (pad or trim to one length)");
            }
            System.arraycopy(s.input().toFloatArray(), 0, in, i * inN, inN);
            if (longTargets) System.arraycopy(s.target().toLongArray(), 0, tl, i * tN, tN);
            else System.arraycopy(s.target().toFloatArray(), 0, tf, i * tN, tN);
        }
        int[] bs = prepend(n, inShape);
        int[] ts = prepend(n, tShape);
        if (tN == 1) ts = new int[] {n};
        Tensor inputs = Tensor.wrap(in, bs);
        Tensor targets = longTargets ? Tensor.ofLongs(tl, ts) : Tensor.wrap(tf, ts);
        return new Batch(inputs, targets, indices.clone());
    }

    private static int[] prepend(int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
