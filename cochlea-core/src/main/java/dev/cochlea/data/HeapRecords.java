package dev.cochlea.data;

import java.util.Arrays;

/**
 * {@link FloatRecords} kept in one heap array, one after another.
 *
 * <pre>{@code
 * HeapRecords r = HeapRecords.of(new float[][] {{1, 2}, {3}});
 * r.length(1);   // 1
 * }</pre>
 */
public final class HeapRecords implements FloatRecords {
    private final float[] data;
    private final long[] starts;

    private HeapRecords(float[] data, long[] starts) {
        this.data = data;
        this.starts = starts;
    }

    /**
     * The arrays of {@code records} copied into one array. Fails with a message naming the size
     * when they hold more than one Java array can (2^31 floats).
     */
    public static HeapRecords of(float[][] records) {
        long total = 0;
        for (float[] r : records) total += r.length;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the clips hold " + total + " floats, more than one heap array can keep (2^31); "
                    + "keep them in a clip store on disk instead (train's --clip-store)");
        }
        float[] data = new float[(int) total];
        long[] starts = new long[records.length + 1];
        for (int i = 0; i < records.length; i++) {
            System.arraycopy(records[i], 0, data, (int) starts[i], records[i].length);
            starts[i + 1] = starts[i] + records[i].length;
        }
        return new HeapRecords(data, starts);
    }

    /** The records of {@code a} followed by those of {@code b}. */
    public static HeapRecords concat(FloatRecords a, FloatRecords b) {
        float[][] all = new float[a.size() + b.size()][];
        for (int i = 0; i < a.size(); i++) all[i] = a.get(i);
        for (int i = 0; i < b.size(); i++) all[a.size() + i] = b.get(i);
        return of(all);
    }

    @Override
    public int size() {
        return starts.length - 1;
    }

    @Override
    public int length(int i) {
        return (int) (starts[i + 1] - starts[i]);
    }

    @Override
    public void read(int i, float[] dst, int offset) {
        System.arraycopy(data, (int) starts[i], dst, offset, length(i));
    }

    @Override
    public float[] get(int i) {
        return Arrays.copyOfRange(data, (int) starts[i], (int) starts[i + 1]);
    }
}
