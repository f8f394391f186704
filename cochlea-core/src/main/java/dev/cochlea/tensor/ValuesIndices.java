package dev.cochlea.tensor;

/**
 * The result of {@code max/min/median} along a dim: the values (float) and their indices (int64),
 * like PyTorch's {@code torch.return_types.max}.
 *
 * <pre>{@code
 * ValuesIndices m = logits.max(1, false);
 * Tensor predicted = m.indices();
 * }</pre>
 *
 * @param values  the selected values
 * @param indices their positions along the reduced dim
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}
