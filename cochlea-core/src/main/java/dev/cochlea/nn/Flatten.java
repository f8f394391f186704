package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * Flattens dims {@code startDim..endDim} into one ({@code torch.nn.Flatten}); by default everything
 * but the batch dim: {@code [N, C, H, W] -> [N, C·H·W]}.
 *
 * <pre>{@code
 * Tensor y = new Flatten().forward(Tensor.zeros(64, 64, 4, 4));   // [64, 1024]
 * }</pre>
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** {@code Flatten(start_dim=1, end_dim=-1)}. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dims {@code startDim..endDim} (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return x.flatten(startDim, endDim);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(Repr.describe(this) + ": cannot flatten input of shape "
                    + shapeStr(x.shape()) + ": " + e.getMessage(), e);
        }
    }

    /** The first dimension flattened. */
    public int startDim() {
        return startDim;
    }

    /** The last dimension flattened (negative counts from the end). */
    public int endDim() {
        return endDim;
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
