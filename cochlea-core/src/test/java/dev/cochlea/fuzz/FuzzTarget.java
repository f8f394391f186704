package dev.cochlea.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * One parser under fuzzing: how an input of bytes becomes files, what is called on them, which
 * valid inputs mutation starts from, and how much memory one case may take.
 *
 * <p>{@link #run} returns normally or throws; {@link Fuzzer#check} decides whether what it threw
 * is allowed: an {@link java.io.IOException} or {@link IllegalArgumentException} whose message
 * names the case's file or folder. Anything else (a {@code NullPointerException}, an index out
 * of bounds, an {@code OutOfMemoryError}, a hang past the time limit, more memory than
 * {@link #allocationLimit}) is a finding. A target may also throw {@link AssertionError} itself
 * when a result breaks a property it checks (info and read disagreeing, say).
 */
interface FuzzTarget {
    /** A short name for reports and the findings folder: {@code wav}, {@code safetensors}... */
    String name();

    /** Valid inputs that mutation starts from; small, so that mutations reach their every byte. */
    List<byte[]> seeds();

    /**
     * Writes {@code input} as this target's file(s) into the empty folder {@code dir} and calls the
     * parser on them.
     */
    void run(byte[] input, Path dir) throws Exception;

    /**
     * A mutation that knows the format (a chunk size, a header field, a JSON value), or null to
     * leave it to the byte-level mutations of {@link Mutator}.
     */
    default byte[] mutate(byte[] input, Random random, List<byte[]> corpus) {
        return null;
    }

    /** How often {@link #mutate} is asked rather than a byte-level mutation, out of 100. */
    default int structuredPercent() {
        return 50;
    }

    /** The most bytes one case may allocate on the parsing thread for an input of {@code inputBytes}. */
    default long allocationLimit(int inputBytes) {
        return 16L * inputBytes + (8L << 20);
    }

    /** The longest input mutation makes. */
    default int maxInputBytes() {
        return 1 << 16;
    }
}
