package dev.cochlea.cli.progress;

import dev.cochlea.train.Durations;
import dev.cochlea.train.EpochResult;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress as plain lines, for CI, pipes and log files where a redrawn bar would be
 * noise. Within an epoch a line is printed when another tenth of the steps is done and at least
 * {@link #MIN_INTERVAL_SECONDS} have passed since the last line, when {@link #HEARTBEAT_SECONDS}
 * pass without one, and always at the last step; each epoch ends with a summary line.
 *
 * <pre>{@code
 * ProgressLines p = new ProgressLines(System.out);
 * p.epochStart(3, 10, 79);
 * p.step(3, 40, 79, 0.4123, 0.875, 312);
 * // epoch 3/10  step 40/79  loss 0.4123  acc 87.5%  312 samples/s  eta 0:07
 * }</pre>
 */
public final class ProgressLines implements ProgressPrinter {
    /** The least time between two lines of one epoch, except the epoch's last step. */
    public static final double MIN_INTERVAL_SECONDS = 3;
    /** The most time without a line while an epoch runs. */
    public static final double HEARTBEAT_SECONDS = 60;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private int epochs;
    private long epochStartNanos;
    private long lastLineNanos;
    private int lastDecile;

    /** Prints to {@code out}. */
    public ProgressLines(PrintStream out) {
        this(new PrintWriter(out, true), System::nanoTime);
    }

    /** Prints to {@code out}, reading the time from {@code nanoClock} (as {@link System#nanoTime}). */
    public ProgressLines(Writer out, LongSupplier nanoClock) {
        this.out = out instanceof PrintWriter pw ? pw : new PrintWriter(out, true);
        this.nanoClock = nanoClock;
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public void epochStart(int epoch, int epochs, int steps) {
        this.epochs = epochs;
        epochStartNanos = nanoClock.getAsLong();
        lastLineNanos = epochStartNanos;
        lastDecile = 0;
    }

    @Override
    public void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
        long now = nanoClock.getAsLong();
        double sinceLast = (now - lastLineNanos) * 1e-9;
        int decile = steps <= 0 ? 10 : (int) Math.min(10, (long) step * 10 / steps);
        boolean last = step >= steps;
        boolean due = decile > lastDecile && sinceLast >= MIN_INTERVAL_SECONDS;
        if (!last && !due && sinceLast < HEARTBEAT_SECONDS) return;
        lastDecile = decile;
        lastLineNanos = now;
        double elapsed = (now - epochStartNanos) * 1e-9;
        double eta = step <= 0 ? Double.NaN : elapsed / step * Math.max(0, steps - step);
        out.println(stepLine(epoch, epochs, step, steps, loss, accuracy, samplesPerSecond, eta));
        out.flush();
    }

    @Override
    public void epochEnd(EpochResult r, boolean best) {
        out.println(epochLine(r, epochs, best));
        out.flush();
    }

    /** {@code epoch 3/10  step 40/79  loss 0.4123  acc 87.5%  312 samples/s  eta 0:07}; {@code epochs <= 0} leaves out {@code /10}. */
    static String stepLine(int epoch, int epochs, int step, int steps, double loss, double accuracy,
                           double samplesPerSecond, double etaSeconds) {
        return String.format(Locale.ROOT, "%s  step %d/%d  loss %.4f  acc %.1f%%  %.0f samples/s  eta %s",
                epochLabel(epoch, epochs), step, steps, loss, 100 * accuracy, samplesPerSecond, Durations.clock(etaSeconds));
    }

    /** {@code epoch 3/10 done  train loss 0.4123  acc 87.5%  val loss 0.5011  acc 85.0%  lr 1.00e-03  12.3s  (best)}. */
    static String epochLine(EpochResult r, int epochs, boolean best) {
        String val = Double.isNaN(r.valAcc()) ? "no validation"
                : String.format(Locale.ROOT, "val loss %.4f  acc %.1f%%", r.valLoss(), 100 * r.valAcc());
        return String.format(Locale.ROOT, "%s done  train loss %.4f  acc %.1f%%  %s  lr %.2e  %s%s",
                epochLabel(r.epoch(), epochs), r.trainLoss(), 100 * r.trainAcc(), val,
                r.lr(), Durations.format(r.seconds()), best ? "  (best)" : "");
    }

    static String epochLabel(int epoch, int epochs) {
        return epochs > 0 ? "epoch " + epoch + "/" + epochs : "epoch " + epoch;
    }
}
