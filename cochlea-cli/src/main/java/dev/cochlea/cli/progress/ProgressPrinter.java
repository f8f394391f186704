package dev.cochlea.cli.progress;

import dev.cochlea.train.TrainListener;

import java.io.Console;
import java.io.PrintStream;

/**
 * Shows a training run's progress to a person: a {@link TrainListener} that prints, closed when
 * the run ends. {@link #forConsole} picks an updating {@link ProgressBar} on a terminal and plain,
 * throttled {@link ProgressLines} elsewhere (CI, pipes, log files).
 *
 * <pre>{@code
 * try (ProgressPrinter progress = ProgressPrinter.forConsole(System.out)) {
 *     new TrainJob(settings, progress).run();
 * }
 * }</pre>
 */
public interface ProgressPrinter extends TrainListener, AutoCloseable {

    /** Ends any bar still drawn; printing after this is not expected. */
    @Override
    default void close() {
    }

    /** An updating bar if {@link #isInteractive()}, else plain lines, both printing to {@code out}. */
    static ProgressPrinter forConsole(PrintStream out) {
        return isInteractive() ? new ProgressBar(out) : new ProgressLines(out);
    }

    /**
     * Whether this process talks to a person at a terminal: standard input and output are a
     * terminal, {@code TERM} is not {@code dumb} and the {@code CI} environment variable is not set.
     */
    static boolean isInteractive() {
        Console c = System.console();
        if (c == null || !c.isTerminal()) return false;
        if ("dumb".equals(System.getenv("TERM"))) return false;
        String ci = System.getenv("CI");
        return ci == null || ci.isBlank() || ci.equalsIgnoreCase("false") || ci.equals("0");
    }
}
