package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * Splits dim {@code dim} into {@code sizes} ({@code torch.nn.Unflatten}), the inverse of
 * {@link Flatten}; one size may be -1.
 *
 * <pre>{@code
 * Tensor y = new Unflatten(1, 64, 4, 4).forward(Tensor.zeros(8, 1024));   // [8, 64, 4, 4]
 * }</pre>
 */
public class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /** Splits {@code dim} into {@code sizes}. */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) throw new IllegalArgumentException("Unflatten: unflattened_size must not be empty");
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return x.unflatten(dim, sizes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(Repr.describe(this) + ": cannot unflatten input of shape "
                    + shapeStr(x.shape()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Repr.tuple(sizes);
    }
}
