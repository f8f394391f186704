package dev.cochlea.data;

import dev.cochlea.tensor.Tensor;

/**
 * A collated batch: inputs stacked along a new first dim, targets likewise, and the dataset
 * indices the batch was drawn from.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *     Tensor logits = model.forward(b.inputs());
 *     Tensor loss = F.crossEntropy(logits, b.targets());
 * }
 * }</pre>
 *
 * @param inputs  [batch, ...] inputs
 * @param targets [batch, ...] targets
 * @param indices the dataset index of each row
 */
public record Batch(Tensor inputs, Tensor targets, int[] indices) {
    /** The number of examples. */
    public int size() {
        return indices.length;
    }
}
