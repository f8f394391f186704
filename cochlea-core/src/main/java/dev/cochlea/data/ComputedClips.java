package dev.cochlea.data;

import java.util.List;

/**
 * The result of computing (or finding in a {@link ClipStore}) one value array per source file:
 * the records of the files that could be used, in the order asked, and the reasons for the others.
 *
 * <pre>{@code
 * ComputedClips c = ClipStore.computeInMemory(files.size(), i -> StoredClip.of(decode(files.get(i)), 1f, 0, 0));
 * float[] first = c.records().get(0);
 * int source = c.source(0);          // index into files of the first kept record
 * }</pre>
 *
 * @param records   the values of every file kept
 * @param sources   for each record, its file's index in the list asked for
 * @param durations each record's duration in seconds
 * @param from      each record's first frame (or sample) holding the recording
 * @param to        one past each record's last frame holding the recording
 * @param failures  the files left out, each with the reason, sorted
 * @param computed  how many files were computed now
 * @param reused    how many were found already computed in the store
 */
public record ComputedClips(FloatRecords records, int[] sources, float[] durations, int[] from, int[] to, List<String> failures,
                            int computed, int reused) {
    /** The number of records kept. */
    public int size() {
        return sources.length;
    }

    /** The index, in the list asked for, of record {@code i}'s file. */
    public int source(int i) {
        return sources[i];
    }
}
