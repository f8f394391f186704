package dev.cochlea.train;

/**
 * Receives what a {@link TrainJob} is doing, to show progress (the command line draws a progress
 * bar; a service might log). Every method has an empty default.
 *
 * <pre>{@code
 * TrainListener quiet = new TrainListener() {};
 * }</pre>
 */
public interface TrainListener {
    /** A line of information (dataset statistics, where files go). */
    default void message(String text) {
    }

    /** An epoch of {@code steps} steps starts. */
    default void epochStart(int epoch, int epochs, int steps) {
    }

    /** A training step finished, with running averages over the epoch so far. */
    default void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
    }

    /** An epoch finished. */
    default void epochEnd(EpochResult result, boolean best) {
    }
}
