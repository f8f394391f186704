package dev.cochlea.cli.progress;

import dev.cochlea.train.EpochResult;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Training progress as a bar redrawn in place on a terminal, one per epoch (drawn by the
 * {@code me.tongfei:progressbar} library): step/total, elapsed time and ETA, loss, accuracy and
 * samples per second; when the epoch ends the bar stays and a summary line follows. Use
 * {@link ProgressPrinter#forConsole} to get this only where a terminal is attached.
 *
 * <pre>{@code
 * try (ProgressBar bar = new ProgressBar(System.out)) {
 *     bar.epochStart(1, 10, 79);
 *     bar.step(1, 40, 79, 0.41, 0.875, 312);
 *     // epoch 1/10  51% │█████▏    │ 40/79 (0:00:05 / 0:00:04) loss 0.4100 acc 87.5% 312 samples/s
 * }
 * }</pre>
 */
public final class ProgressBar implements ProgressPrinter {
    private static final int REDRAW_MILLIS = 200;
    private static final int NARROW_COLUMNS = 110;

    private final PrintStream out;
    private final int width;
    private int epochs;
    private me.tongfei.progressbar.ProgressBar bar;
    private Line line;

    /** Draws on {@code out}, normally {@code System.out} or {@code System.err} of a terminal, as wide as the terminal. */
    public ProgressBar(PrintStream out) {
        this(out, -1);
    }

    /** Draws lines of {@code width} characters; {@code -1} asks the terminal. */
    ProgressBar(PrintStream out, int width) {
        this.out = out;
        this.width = width;
    }

    @Override
    public synchronized void message(String text) {
        if (bar != null) out.println();
        out.println(text);
        out.flush();
    }

    @Override
    public synchronized void epochStart(int epoch, int epochs, int steps) {
        endBar();
        this.epochs = epochs;
        boolean utf8 = out.charset().equals(StandardCharsets.UTF_8);
        bar = new ProgressBarBuilder()
                .setTaskName(ProgressLines.epochLabel(epoch, epochs))
                .setInitialMax(steps)
                .setStyle(utf8 ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(line = new Line(out, width))
                .build();
    }

    @Override
    public synchronized void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
        if (bar == null) epochStart(epoch, epochs, steps);
        bar.maxHint(steps);
        bar.stepTo(step);
        // On narrow terminals (80 columns) the library would squeeze the bar to nothing: say less.
        boolean narrow = line.getMaxRenderedLength() < NARROW_COLUMNS;
        bar.setExtraMessage(String.format(Locale.ROOT, narrow ? "loss %.4f acc %.1f%% %.0f/s" : "loss %.4f acc %.1f%% %.0f samples/s",
                loss, 100 * accuracy, samplesPerSecond));
    }

    @Override
    public synchronized void epochEnd(EpochResult r, boolean best) {
        endBar();
        out.println(ProgressLines.epochLine(r, epochs, best));
        out.flush();
    }

    @Override
    public synchronized void close() {
        endBar();
    }

    private void endBar() {
        if (bar == null) return;
        bar.close();   // draws the final state and normally moves to the next line
        if (!line.closed) line.close();   // the library skips that when closed before its first redraw
        bar = null;
        out.flush();
    }

    /** The library's single-line console output, noting whether the line was ended. */
    private static final class Line extends ConsoleProgressBarConsumer {
        volatile boolean closed;

        Line(PrintStream out, int width) {
            super(out, width);
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }
}
