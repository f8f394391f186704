package dev.cochlea.train;

import java.io.IOException;

/**
 * The group of processes (or tasks) that train one model together, data-parallel: each knows its
 * rank among {@link #size()} and can sum a vector across all of them, every member ending with the
 * same sum. {@link TrainJob#collective} uses it to start every member from the same weights and to
 * average gradients every step, so that N members on slices of each batch take the step one
 * process would take on the whole batch. Implementations live with the cluster that runs them
 * (cochlea-spark's ring all-reduce).
 *
 * <pre>{@code
 * TrainJob job = new TrainJob(settings, listener).collective(ring);   // ring: this member's Collective
 * }</pre>
 */
public interface Collective {
    /** This member's place, 0 to size - 1; member 0 writes the run folder. */
    int rank();

    /** The number of members. */
    int size();

    /** Replaces {@code values} with their sum over all members (every member passes the same length). */
    void sum(float[] values) throws IOException;
}
