package dev.cochlea.autograd;

import dev.cochlea.tensor.Tensor;

/**
 * Reports, on one thread, every operation autograd records while the trace is open: the new
 * {@link Node} (its name and inputs) and the tensor it produced. Graph tools build on it (the
 * module graph behind {@code SummaryWriter.addGraph} is one); it sees exactly the ops that
 * {@link Autograd#record} links into the graph, so run the traced code with grad mode on and with
 * inputs that require grad. Ops inside a {@link NoGrad} block, and ops on other threads, are not
 * reported.
 *
 * <pre>{@code
 * List<String> ops = new ArrayList<>();
 * try (OpTrace ignored = OpTrace.open((node, out) -> ops.add(node.name()))) {
 *     x.mul(2f).sum();                   // x requires grad
 * }
 * // ops: [MulBackward, SumBackward]
 * }</pre>
 */
public final class OpTrace implements AutoCloseable {
    /** Receives each recorded op. */
    @FunctionalInterface
    public interface Listener {
        /** Called right after {@code node} was attached to {@code output} as its {@code gradFn}. */
        void recorded(Node node, Tensor output);
    }

    private static final ThreadLocal<Listener> CURRENT = new ThreadLocal<>();
    /** Traces open in this JVM, so that recording pays one read, not a thread-local look-up, when none is. */
    private static volatile int open;

    private final Thread thread;
    private final Listener previous;
    private boolean closed;

    private OpTrace(Listener listener) {
        this.thread = Thread.currentThread();
        this.previous = CURRENT.get();
        CURRENT.set(listener);
        synchronized (OpTrace.class) {
            open++;
        }
    }

    /**
     * Starts reporting this thread's recorded ops to {@code listener} until {@link #close()}. A trace
     * opened inside another one takes over until it closes; then the outer one resumes.
     */
    public static OpTrace open(Listener listener) {
        if (listener == null) throw new IllegalArgumentException("OpTrace.open: the listener is null");
        return new OpTrace(listener);
    }

    /** Whether a trace is open on this thread. */
    public static boolean isActive() {
        return open > 0 && CURRENT.get() != null;
    }

    /** Called by {@link Autograd#record} for every op it links into the graph. */
    static void recorded(Node node, Tensor output) {
        if (open == 0) return;
        Listener l = CURRENT.get();
        if (l != null) l.recorded(node, output);
    }

    /** Stops reporting (the trace opened before this one, if any, resumes). Must run on the opening thread. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("OpTrace.close: a trace must be closed on the thread that opened it ("
                    + thread.getName() + ")");
        }
        closed = true;
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
        synchronized (OpTrace.class) {
            open--;
        }
    }
}
