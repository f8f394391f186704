package dev.cochlea.data;

import dev.cochlea.tensor.Tensor;

/**
 * A dataset over two tensors whose first dims index examples (like {@code TensorDataset}).
 *
 * <pre>{@code
 * Dataset<Sample> ds = new TensorDataset(Tensor.randn(100, 1, 40, 32), Tensor.randint(0, 10, 100));
 * }</pre>
 */
public final class TensorDataset implements Dataset<Sample> {
    private final Tensor inputs;
    private final Tensor targets;

    /** Inputs [n, ...] and targets [n, ...]. */
    public TensorDataset(Tensor inputs, Tensor targets) {
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + java.util.Arrays.toString(inputs.shape())
                    + " and targets " + java.util.Arrays.toString(targets.shape()) + " must have the same size in dim 0");
        }
        this.inputs = inputs.detach();
        this.targets = targets.detach();
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Sample get(int index) {
        return new Sample(inputs.select(0, index), targets.select(0, index));
    }
}
