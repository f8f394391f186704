package dev.cochlea.kernels;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The work queue of {@link Parallel}'s pool: a worker that finds it empty polls it for a short while
 * ({@link #SPIN_NANOS}) before parking. Kernels hand out work every few hundred microseconds during
 * training and inference, and on a virtual machine waking a parked thread costs tens of microseconds;
 * a worker that is still spinning picks the next piece up at once (what OpenMP's spin-wait does for
 * PyTorch). The spin is bounded, so an idle pool costs nothing after it.
 *
 * <pre>{@code
 * new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new SpinningQueue<>(), factory);
 * }</pre>
 *
 * @param <E> the element type
 */
final class SpinningQueue<E> extends LinkedBlockingQueue<E> {
    /** How long a worker polls an empty queue before it parks (system property {@code cochlea.workerSpinNanos}; 0: never). */
    static final long SPIN_NANOS = Tuning.get().workerSpinNanos();

    @Override
    public E take() throws InterruptedException {
        if (SPIN_NANOS > 0) {
            long start = System.nanoTime();
            do {
                E e = poll();
                if (e != null) return e;
                Thread.onSpinWait();
            } while (System.nanoTime() - start < SPIN_NANOS);
        }
        return super.take();
    }
}
