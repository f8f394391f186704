package dev.cochlea.data;

/**
 * Numbered float arrays of varying length, wherever they are kept: on the heap
 * ({@link HeapRecords}) or on disk ({@link StoredClips}, read on demand so that the heap does not
 * grow with the data). Reads are thread-safe, so data-loader workers may read in parallel.
 *
 * <pre>{@code
 * FloatRecords r = HeapRecords.of(new float[][] {{1, 2}, {3}});
 * float[] x = new float[r.length(0)];
 * r.read(0, x, 0);        // x = {1, 2}
 * }</pre>
 */
public interface FloatRecords extends AutoCloseable {
    /** The number of records. */
    int size();

    /** The number of floats in record {@code i}. */
    int length(int i);

    /** Copies record {@code i} into {@code dst} from {@code offset}. */
    void read(int i, float[] dst, int offset);

    /** Record {@code i} as a new array. */
    default float[] get(int i) {
        float[] out = new float[length(i)];
        read(i, out, 0);
        return out;
    }

    /** Releases what the records hold open (files); heap records hold nothing. */
    @Override
    default void close() {
    }
}
