package dev.cochlea.data;

/**
 * A map-style dataset (like {@code torch.utils.data.Dataset}): a size and random access by index.
 * Implementations must be safe to call from several loader threads at once.
 *
 * <pre>{@code
 * Dataset<Sample> ds = new TensorDataset(inputs, labels);
 * Sample s = ds.get(0);
 * }</pre>
 *
 * @param <T> the item type, usually {@link Sample}
 */
public interface Dataset<T> {
    /** The number of items. */
    int size();

    /** The item at {@code index}, {@code 0 <= index < size()}. */
    T get(int index);
}
