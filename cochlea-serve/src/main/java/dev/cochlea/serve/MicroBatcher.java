package dev.cochlea.serve;

import dev.cochlea.Cochlea;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins the requests that arrive together into one forward pass: one worker thread takes the first
 * waiting request, gathers up to {@code maxBatch - 1} more, stacks their features and runs the model
 * once. It waits (at most {@code maxWaitMs}) for more only while other requests are still being read
 * and turned into features, so a request alone is never delayed and under load batches fill. With
 * several workers ({@code workers > 1}) each runs its batches on its own thread alone, side by side,
 * instead of one batch at a time spread over the cores. A full queue refuses at once (503 with Retry-After) instead of letting
 * latency grow without bound.
 *
 * <pre>{@code
 * MicroBatcher b = new MicroBatcher("fsdd", classifier, options, metrics);
 * b.preparing();                                  // a request is being read: a batch may wait for it
 * float[] probabilities = b.submit(features).get();   // (or b.abandoned() if it fails first)
 * }</pre>
 */
final class MicroBatcher implements AutoCloseable {
    private record Job(Tensor features, CompletableFuture<float[]> result) {
    }

    private static final Job STOP = new Job(null, null);

    private final String name;
    private final Classifier classifier;
    private final int maxBatch, capacity;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue;
    private final ServerMetrics metrics;
    private final Thread[] workers;
    private volatile boolean closed;
    private final AtomicInteger preparing = new AtomicInteger();

    /** A request is being read and turned into features; a batch waits for it (up to the wait) only while some are. */
    void preparing() {
        preparing.incrementAndGet();
    }

    /** A request gave up before {@link #submit} (refused or failed while being read). */
    void abandoned() {
        preparing.decrementAndGet();
    }

    MicroBatcher(String name, Classifier classifier, ServeOptions options, ServerMetrics metrics) {
        this.name = name;
        this.classifier = classifier;
        this.maxBatch = options.maxBatch();
        this.maxWaitNanos = (long) (options.maxWaitMs() * 1e6);
        this.capacity = options.queueCapacity();
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.metrics = metrics;
        this.workers = new Thread[options.workers()];
        for (int w = 0; w < workers.length; w++) {
            Runnable loop = workers.length == 1 ? this::run : () -> Cochlea.onThisThread(this::run);
            workers[w] = Thread.ofPlatform().name("cochlea-batch-" + name + "-" + w).daemon().start(loop);
        }
    }

    /** Queues features [1, bands, frames]; the future completes with the class probabilities. */
    CompletableFuture<float[]> submit(Tensor features) {
        preparing.decrementAndGet();
        if (closed) throw ApiError.shuttingDown();
        CompletableFuture<float[]> f = new CompletableFuture<>();
        if (queue.size() >= capacity || !queue.offer(new Job(features, f))) {
            throw new ApiError(503, "overloaded", "model '" + name + "' has " + queue.size() + " requests waiting (the most is "
                    + capacity + ", --queue); try again shortly", 1);
        }
        return f;
    }

    /** Requests waiting. */
    int depth() {
        return queue.size();
    }

    private void run() {
        List<Job> jobs = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Job first = queue.take();
                if (first == STOP) {
                    queue.offer(STOP);
                    break;
                }
                jobs.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (jobs.size() < maxBatch) {
                    Job next = queue.poll();
                    if (next == null) {
                        if (preparing.get() <= 0) break;
                        long left = deadline - System.nanoTime();
                        if (left <= 0) break;
                        next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) break;
                    }
                    if (next == STOP) {
                        queue.offer(STOP);
                        break;
                    }
                    jobs.add(next);
                }
                forward(jobs);
            } catch (InterruptedException e) {
                break;
            } finally {
                jobs.clear();
            }
        }
        for (Job j; (j = queue.poll()) != null; ) {
            if (j != STOP) j.result().completeExceptionally(ApiError.shuttingDown());
        }
    }

    private void forward(List<Job> jobs) {
        // A job its client gave up on (timed out) is not worth a slot in the batch.
        jobs.removeIf(j -> j.result().isDone());
        if (jobs.isEmpty()) return;
        try {
            List<Tensor> xs = new ArrayList<>(jobs.size());
            for (Job j : jobs) xs.add(j.features());
            float[] p = classifier.probabilities(Tensor.stack(xs, 0)).toFloatArray();
            int classes = p.length / jobs.size();
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).result().complete(java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes));
            }
            metrics.batch(name, jobs.size());
        } catch (Throwable e) {
            // The worker must outlive a failed pass (even an OutOfMemoryError): the next batch may fit.
            for (Job j : jobs) j.result().completeExceptionally(e);
        }
    }

    /** Refuses new requests, answers the queued ones, then stops the worker. */
    @Override
    public void close() {
        closed = true;
        while (!queue.offer(STOP)) {
            Job j = queue.poll();
            if (j != null && j != STOP) j.result().completeExceptionally(ApiError.shuttingDown());
        }
        try {
            for (Thread w : workers) w.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
