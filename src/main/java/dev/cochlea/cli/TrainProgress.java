package dev.cochlea.cli;

import dev.cochlea.train.EpochResult;
import dev.cochlea.train.ProgressPrinter;
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

    void finish(TrainJob.Outcome o) {
        progress.close();
        out.println();
        if (!results.isEmpty()) out.println(SummaryTable.ofEpochs(results).render());
        if (o.interrupted()) {
            out.println("interrupted: the checkpoint of the last completed epoch is kept in " + o.run()
                    + "; continue with --resume --out " + o.run());
        }
        out.printf(Locale.ROOT, "best validation accuracy %.2f%% at epoch %d; model saved in %s%n",
                100 * o.bestAccuracy(), o.bestEpoch(), o.run());
    }
}
