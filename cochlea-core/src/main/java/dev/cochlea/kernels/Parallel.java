package dev.cochlea.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared worker pool every multithreaded kernel runs on, sized to the cores by default.
 *
 * <p>Work is split into contiguous chunks; the calling thread runs the first chunk itself and the
 * pool the rest, so {@code setThreads(1)} means "no hand-off at all". Set the size with
 * {@link #setThreads(int)} or the system property {@code cochlea.threads}.
 *
 * <pre>{@code
 * Parallel.setThreads(2);
 * Parallel.forRange(n, 1 << 16, (from, to) -> { for (int i = from; i < to; i++) out[i] = a[i] + b[i]; });
 * }</pre>
 */
public final class Parallel {
    /** A body over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final String POOL_THREAD_PREFIX = "cochlea-kernel-";
    private static final ThreadLocal<boolean[]> SERIAL = ThreadLocal.withInitial(() -> new boolean[1]);

    private static volatile int threads = initialThreads();
    private static volatile ExecutorService pool;

    private Parallel() {}

    private static int initialThreads() {
        int t = Tuning.get().threads();
        return t >= 1 ? t : Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads kernels may use (the caller included). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels may use (the caller included); 1 disables the pool. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads: expected >= 1, found " + n);
        if (n != threads) {
            threads = n;
            ExecutorService old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger id = new AtomicInteger();
                    ThreadFactory f = r -> {
                        Thread t = new Thread(r, POOL_THREAD_PREFIX + id.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    int n = Math.max(1, threads - 1);
                    p = new ThreadPoolExecutor(n, n, 0L, TimeUnit.MILLISECONDS, new SpinningQueue<>(), f);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Whether the current thread is already doing kernel work (a pool thread, or a caller inside
     * {@link #serially}): nested parallel calls then stay on this thread.
     */
    public static boolean insideKernel() {
        return SERIAL.get()[0] || Thread.currentThread().getName().startsWith(POOL_THREAD_PREFIX);
    }

    /** Runs {@code body} on this thread with nested parallel calls kept on it too. */
    public static void serially(Runnable body) {
        boolean[] flag = SERIAL.get();
        if (flag[0]) {
            body.run();
            return;
        }
        flag[0] = true;
        try {
            body.run();
        } finally {
            flag[0] = false;
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split over up to {@link #threads()} threads when
     * {@code n} is at least {@code 2 * grain}; otherwise on the calling thread alone.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = Math.min(threads, n / Math.max(1, grain));
        if (t <= 1 || insideKernel()) {
            if (n > 0) body.run(0, n);
            return;
        }
        forChunks(n, t, body);
    }

    /** Runs {@code body} over {@code [0, n)} in exactly {@code chunks} pieces (fewer if {@code n} is smaller). */
    public static void forChunks(int n, int chunks, RangeBody body) {
        chunks = Math.min(chunks, n);
        if (chunks <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        ExecutorService p = pool();
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            futures[c - 1] = p.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / chunks));
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new RuntimeException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new RuntimeException("interrupted while waiting for kernel threads", e);
            }
        }
        if (failure != null) throw failure;
    }
}
