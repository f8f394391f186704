package dev.cochlea.serve;

import dev.cochlea.train.StreamingOptions;

/**
 * How a {@link ModelServer} listens and what it accepts. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * ServeOptions o = ServeOptions.defaults().port(8080).maxBatch(64).maxWaitMs(2);
 * }</pre>
 *
 * @param host             the address to bind ({@code 127.0.0.1}: this machine only)
 * @param port             the port (0: any free one)
 * @param maxBatch         the most requests one forward pass takes
 * @param maxWaitMs        how long the first request of a batch waits for others
 * @param workers          forward passes run at once per model: 1 spreads each over all cores; more run
 *                         that many batches side by side, each on one core
 * @param queueCapacity    requests waiting per model beyond which new ones get 503
 * @param maxBodyBytes     the largest request body
 * @param maxAudioSeconds  the longest recording a request may hold
 * @param timeoutMs        a request not answered within this of its arrival gets 504 (its work is dropped)
 * @param idleTimeoutMs    a connection that sends nothing for this long is closed (slow senders)
 * @param drainMs          how long shutdown waits for requests in flight
 * @param maxStreams       WebSocket streams open at once (more are closed with 1013)
 * @param streamAheadSeconds how far a stream's audio may run ahead of the wall clock (a client sending
 *                         faster than it records is closed with 1008: each stream's model runs alone)
 * @param streaming        how WebSocket streams listen
 */
public record ServeOptions(String host, int port, int maxBatch, double maxWaitMs, int workers, int queueCapacity, long maxBodyBytes,
                           double maxAudioSeconds, long timeoutMs, long idleTimeoutMs, long drainMs, int maxStreams,
                           double streamAheadSeconds, StreamingOptions streaming) {
    /** Checks every field, naming the first out of range. */
    public ServeOptions {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host: expected an address, found '" + host + "'");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: expected 0 to 65535, found " + port);
        if (maxBatch < 1 || maxBatch > 1024) throw new IllegalArgumentException("maxBatch: expected 1 to 1024, found " + maxBatch);
        if (!(maxWaitMs >= 0 && maxWaitMs <= 1000)) throw new IllegalArgumentException("maxWaitMs: expected 0 to 1000, found " + maxWaitMs);
        if (workers < 1 || workers > 256) throw new IllegalArgumentException("workers: expected 1 to 256, found " + workers);
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity: expected >= 1, found " + queueCapacity);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes: expected >= 1024, found " + maxBodyBytes);
        if (!(maxAudioSeconds > 0 && maxAudioSeconds <= 3600)) {
            throw new IllegalArgumentException("maxAudioSeconds: expected 0 to 3600 s, found " + maxAudioSeconds);
        }
        if (timeoutMs < 1) throw new IllegalArgumentException("timeoutMs: expected >= 1, found " + timeoutMs);
        if (idleTimeoutMs < 100) throw new IllegalArgumentException("idleTimeoutMs: expected >= 100, found " + idleTimeoutMs);
        if (drainMs < 0) throw new IllegalArgumentException("drainMs: expected >= 0, found " + drainMs);
        if (maxStreams < 1) throw new IllegalArgumentException("maxStreams: expected >= 1, found " + maxStreams);
        if (!(streamAheadSeconds >= 1)) throw new IllegalArgumentException("streamAheadSeconds: expected >= 1, found " + streamAheadSeconds);
        if (streaming == null) throw new IllegalArgumentException("streaming: expected options, found null");
    }

    /**
     * 127.0.0.1:8080, batches of up to 32 waiting at most 2 ms, 256 queued requests per model, bodies up
     * to 16 MiB and recordings up to 30 s, 10 s per request, 30 s idle connections, 10 s to drain, 64
     * streams each at most 60 s ahead of real time.
     */
    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, 32, 2, 1, 256, 16L << 20, 30, 10_000, 30_000, 10_000, 64, 60, StreamingOptions.defaults());
    }

    /** With host {@code v}. */
    public ServeOptions host(String v) {
        return new ServeOptions(v, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With port {@code v}. */
    public ServeOptions port(int v) {
        return new ServeOptions(host, v, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With maxBatch {@code v}. */
    public ServeOptions maxBatch(int v) {
        return new ServeOptions(host, port, v, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With maxWaitMs {@code v}. */
    public ServeOptions maxWaitMs(double v) {
        return new ServeOptions(host, port, maxBatch, v, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With workers {@code v}. */
    public ServeOptions workers(int v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, v, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With queueCapacity {@code v}. */
    public ServeOptions queueCapacity(int v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, v, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With maxBodyBytes {@code v}. */
    public ServeOptions maxBodyBytes(long v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, v, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With maxAudioSeconds {@code v}. */
    public ServeOptions maxAudioSeconds(double v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, v, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With timeoutMs {@code v}. */
    public ServeOptions timeoutMs(long v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, v, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With idleTimeoutMs {@code v}. */
    public ServeOptions idleTimeoutMs(long v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, v, drainMs, maxStreams, streamAheadSeconds, streaming);
    }

    /** With drainMs {@code v}. */
    public ServeOptions drainMs(long v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, v, maxStreams, streamAheadSeconds, streaming);
    }

    /** With maxStreams {@code v}. */
    public ServeOptions maxStreams(int v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, v, streamAheadSeconds, streaming);
    }

    /** With streamAheadSeconds {@code v}. */
    public ServeOptions streamAheadSeconds(double v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, v, streaming);
    }

    /** With streaming {@code v}. */
    public ServeOptions streaming(StreamingOptions v) {
        return new ServeOptions(host, port, maxBatch, maxWaitMs, workers, queueCapacity, maxBodyBytes, maxAudioSeconds, timeoutMs, idleTimeoutMs, drainMs, maxStreams, streamAheadSeconds, v);
    }
}
