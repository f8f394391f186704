package dev.cochlea.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a long command: asks the work to stop after its current step and
 * holds the JVM's exit (up to a minute) until the work has finished what it prints and saves.
 *
 * <pre>{@code
 * StopOnInterrupt.run(job::requestStop, () -> { progress.finish(job.run()); return 0; });
 * }</pre>
 */
final class StopOnInterrupt {
    private StopOnInterrupt() {}

    /** Runs {@code body}; on Ctrl-C calls {@code requestStop} and waits for {@code body} to return. */
    static <T> T run(Runnable requestStop, Callable<T> body) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop.run();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "cochlea-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        T result;
        try {
            // Whatever body prints happens before the hook is released: after Ctrl-C the JVM exits as soon as it is.
            result = body.call();
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is exiting and the hook is running; nothing to remove.
        }
        return result;
    }
}
