package dev.cochlea.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code units} independent pieces of work on up to {@code threads} threads of {@link Parallel},
 * handing the units out dynamically (a thread that starts late or is slowed down by something else on
 * its core simply takes fewer), with the calling thread working too.
 *
 * <p>When it has no unit left, the calling thread spins briefly until the last unit is finished
 * instead of parking in {@code Future.get}: on this kind of virtual machine waking a parked thread
 * costs tens of microseconds, a lot next to a product that takes a fraction of a millisecond. The spin
 * is bounded ({@link #SPIN_NANOS}); after it the ordinary blocking join of {@link Parallel} takes over.
 *
 * <pre>{@code
 * ParallelUnits.run(Parallel.threads(), 16, u -> work(u * chunk, Math.min(n, (u + 1) * chunk)));
 * }</pre>
 */
public final class ParallelUnits {
    /** One unit of work, {@code 0 <= unit < units}. */
    @FunctionalInterface
    public interface Body {
        void run(int unit);
    }

    /**
     * The longest the calling thread spins waiting for the other threads' last units (system property
     * {@code cochlea.spinNanos}; 0 turns spinning off).
     */
    static final long SPIN_NANOS = Tuning.get().unitSpinNanos();

    private ParallelUnits() {}

    /** Runs {@code body} for every unit in {@code [0, units)}; returns when all have finished. */
    public static void run(int threads, int units, Body body) {
        int t = Math.min(threads, units);
        if (t <= 1) {
            for (int u = 0; u < units; u++) body.run(u);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Parallel.forChunks(t, t, (from, to) -> {
            for (int u; (u = next.getAndIncrement()) < units; ) {
                body.run(u);
                done.incrementAndGet();
            }
            if (from == 0) { // the calling thread (Parallel runs the first chunk on it)
                long start = System.nanoTime();
                while (done.get() < units && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            }
        });
    }
}
