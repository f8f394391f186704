package dev.cochlea;

/**
 * Library-wide facts and settings: the version and the number of threads kernels use.
 *
 * <pre>{@code
 * Cochlea.setNumThreads(1);
 * Cochlea.onThisThread(() -> model.call(x));   // this call's kernels stay on this thread
 * System.out.println(Cochlea.VERSION);
 * }</pre>
 */
public final class Cochlea {
    /** The library version. */
    public static final String VERSION = "0.1.0";

    private Cochlea() {}

    /** Sets how many threads the kernels use (like {@code torch.set_num_threads}). */
    public static void setNumThreads(int n) {
        dev.cochlea.kernels.Parallel.setThreads(n);
    }

    /**
     * Runs {@code body} with every kernel it calls kept on the calling thread (no hand-off to the pool),
     * for callers that run several independent computations side by side, one per core.
     */
    public static void onThisThread(Runnable body) {
        dev.cochlea.kernels.Parallel.serially(body);
    }

    /** How many threads the kernels use. */
    public static int numThreads() {
        return dev.cochlea.kernels.Parallel.threads();
    }
}
