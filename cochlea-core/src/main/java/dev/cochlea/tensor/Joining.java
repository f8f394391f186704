package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;

import java.util.ArrayList;
import java.util.List;

/** Joining and splitting: cat, stack, split, chunk. */
final class Joining {
    private Joining() {}

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        Tensor first = tensors.get(0);
        int r = first.dim();
        if (r == 0) throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated (use stack)");
        int d = Shape.dim("cat", dim, r);
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != r || t.dtype != first.dtype) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Shape.str(t.shape) + " (" + t.dtype.torchName()
                        + "), expected rank " + r + " and " + first.dtype.torchName() + " like tensor 0 " + Shape.str(first.shape));
            }
            for (int k = 0; k < r; k++) {
                if (k != d && t.shape[k] != first.shape[k]) {
                    throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d + ": tensor 0 has shape "
                            + Shape.str(first.shape) + ", tensor " + i + " has shape " + Shape.str(t.shape));
                }
            }
            total += t.shape[d];
        }
        int[] os = first.shape.clone();
        os[d] = total;
        Tensor out = first.dtype == DType.FLOAT32 ? Tensor.zeros(os) : Tensor.zerosLong(os);
        int[] starts = new int[tensors.size()];
        int pos = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = pos;
            Copy.copyInto(out.detach().narrow(d, pos, t.shape[d]), t.detach());
            pos += t.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Autograd.record(out, "CatBackward", inputs, g -> {
            Tensor[] gs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) gs[i] = g.narrow(d, starts[i], inputs[i].shape[d]);
            }
            return gs;
        });
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        int r = tensors.get(0).dim();
        int d = Shape.dim("stack", dim, r + 1);
        List<Tensor> us = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shape, tensors.get(0).shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but tensor 0 has shape "
                        + Shape.str(tensors.get(0).shape) + " and tensor " + i + " has shape " + Shape.str(t.shape));
            }
            us.add(t.unsqueeze(d));
        }
        return cat(us, d);
    }

    static List<Tensor> split(Tensor t, int size, int dim) {
        if (size <= 0) throw new IllegalArgumentException("split: split_size must be positive, found " + size);
        int d = Shape.dim("split", dim, t.dim());
        List<Tensor> parts = new ArrayList<>();
        for (int s = 0; s < t.shape[d]; s += size) parts.add(t.narrow(d, s, Math.min(size, t.shape[d] - s)));
        return parts;
    }

    static List<Tensor> split(Tensor t, int[] sizes, int dim) {
        int d = Shape.dim("split", dim, t.dim());
        int sum = 0;
        for (int s : sizes) sum += s;
        if (sum != t.shape[d]) {
            throw new IllegalArgumentException("split: sizes " + java.util.Arrays.toString(sizes) + " sum to " + sum
                    + " but dimension " + d + " has size " + t.shape[d]);
        }
        List<Tensor> parts = new ArrayList<>();
        int pos = 0;
        for (int s : sizes) {
            parts.add(t.narrow(d, pos, s));
            pos += s;
        }
        return parts;
    }

    static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: chunks must be positive, found " + chunks);
        int d = Shape.dim("chunk", dim, t.dim());
        int size = (t.shape[d] + chunks - 1) / chunks;
        return split(t, Math.max(size, 1), d);
    }
}
