package dev.cochlea.tensorboard;

import dev.cochlea.tensorboard.proto.Event;
import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes {@link Event}s to one {@code events.out.tfevents.<time>.<host>.<pid>.<n>} file in a log
 * folder, starting with the {@code brain.Event:2} version record TensorBoard expects. Flushes at
 * most every few seconds on its own, and on {@link #flush()} and {@link #close()}.
 *
 * <pre>{@code
 * try (EventFileWriter w = new EventFileWriter(Path.of("runs/exp1"))) {
 *     w.addSummary(summary, step);
 * }
 * }</pre>
 */
public final class EventFileWriter implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long FLUSH_NANOS = 2_000_000_000L;

    private final RecordWriter records;
    private long lastFlush = System.nanoTime();
    private boolean closed;

    /** Opens a new event file in {@code logDir} (created if missing). */
    public EventFileWriter(Path logDir) {
        try {
            Files.createDirectories(logDir);
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            long secs = System.currentTimeMillis() / 1000;
            String name = String.format("events.out.tfevents.%010d.%s.%d.%d", secs, host, ProcessHandle.current().pid(),
                    COUNTER.getAndIncrement());
            this.records = RecordWriter.create(logDir.resolve(name));
            write(Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build());
            records.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot create an event file in " + logDir + ": " + e.getMessage(), e);
        }
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** The event file. */
    public Path path() {
        return records.path();
    }

    /** Writes one summary at a step, with the given wall time (seconds since the epoch). */
    public void addSummary(Summary summary, long step, double wallTime) {
        write(Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(summary).build());
    }

    /** Writes a model's graph (an {@code Event} with {@code graph_def}), as PyTorch's {@code add_graph} does. */
    public void addGraph(GraphDef graph, double wallTime) {
        write(Event.newBuilder().setWallTime(wallTime).setGraphDef(graph.toByteString()).build());
    }

    /** Writes one event. */
    public synchronized void write(Event event) {
        if (closed) throw new IllegalStateException("tensorboard: the writer for " + records.path() + " is closed");
        try {
            records.write(event.toByteArray());
            if (System.nanoTime() - lastFlush > FLUSH_NANOS) flush();
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot write to " + records.path() + ": " + e.getMessage(), e);
        }
    }

    /** Pushes pending events to disk. */
    public synchronized void flush() {
        try {
            records.flush();
            lastFlush = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot flush " + records.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            records.close();
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot close " + records.path() + ": " + e.getMessage(), e);
        }
    }
}
