package dev.cochlea.cli;

import dev.cochlea.train.EpochResult;
import dev.cochlea.cli.progress.ProgressPrinter;
import dev.cochlea.train.SummaryTable;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a training run on the command line: messages as they come, a progress bar (plain lines
 * when output is not a terminal), and a summary table at the end.
 *
 * <pre>{@code
 * TrainProgress p = new TrainProgress(System.out);
 * p.finish(new TrainJob(settings, p).run());
 * }</pre>
 */
final class TrainProgress implements TrainListener {
    private final PrintStream out;
    private final ProgressPrinter progress;
    private final List<EpochResult> results = new ArrayList<>();

    TrainProgress(PrintStream out) {
        this.out = out;
        this.progress = ProgressPrinter.forConsole(out);
    }

    @Override
    public void message(String text) {
        progress.message(text);
    }

    @Override
    public void epochStart(int epoch, int epochs, int steps) {
        progress.epochStart(epoch, epochs, steps);
    }

    @Override
    public void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
        progress.step(epoch, step, steps, loss, accuracy, samplesPerSecond);
    }

    @Override
    public void epochEnd(EpochResult r, boolean best) {
        results.add(r);
        progress.epochEnd(r, best);
    }

    /** Ends the progress display without a summary. */
    void close() {
        progress.close();
    }

    void finish(TrainJob.Outcome o) {
        progress.close();
        out.println();
        if (!results.isEmpty()) out.println(SummaryTable.ofEpochs(results).render());
        if (o.interrupted()) {
            out.println("interrupted: the checkpoint of the last completed epoch is kept in " + o.run()
                    + "; continue with --resume --out " + o.run());
        }
        if (o.bestEpoch() == 0) return;
        String chosen = Double.isNaN(o.validationAccuracy())
                ? String.format(Locale.ROOT, "kept the weights of epoch %d (no validation set)", o.bestEpoch())
                : String.format(Locale.ROOT, "chose epoch %d by validation accuracy %.2f%%%s", o.bestEpoch(), 100 * o.validationAccuracy(),
                        o.validationGroups().isEmpty() ? "" : " (held-out group(s) " + String.join(", ", o.validationGroups()) + ")");
        out.println(chosen + (o.stoppedEarly() ? "; stopped early" : ""));
        if (o.test() != null) {
            out.printf(Locale.ROOT, "test accuracy %.2f%% (%d clips, scored once by the chosen model); model saved in %s%n",
                    100 * o.testAccuracy(), o.test().predicted().length, o.run());
        }
    }
}
