package dev.cochlea.cli;

import dev.cochlea.train.EpochResult;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.TrainListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a training run on the command line: messages as they come, a progress line per epoch,
 * and a summary table at the end.
 *
 * <pre>{@code
 * TrainProgress p = new TrainProgress(System.out);
 * new TrainJob(settings, p).run();
 * }</pre>
 */
final class TrainProgress implements TrainListener {
    private final PrintStream out;
    private final List<EpochResult> results = new ArrayList<>();
    private int lastDecile = -1;

    TrainProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void message(String text) {
        out.println(text);
    }

    @Override
    public void epochStart(int epoch, int epochs, int steps) {
        lastDecile = -1;
    }

    @Override
    public void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
        int decile = step * 4 / steps;
        if (decile == lastDecile && step != steps) return;
        lastDecile = decile;
        out.printf(Locale.ROOT, "epoch %d  step %d/%d  loss %.4f  acc %.1f%%  %.0f samples/s%n",
                epoch, step, steps, loss, 100 * accuracy, samplesPerSecond);
    }

    @Override
    public void epochEnd(EpochResult r, boolean best) {
        results.add(r);
        out.printf(Locale.ROOT, "epoch %d done: train loss %.4f acc %.1f%%, val loss %.4f acc %.1f%%, %.1f s%s%n",
                r.epoch(), r.trainLoss(), 100 * r.trainAcc(), r.valLoss(), 100 * r.valAcc(), r.seconds(), best ? "  (best)" : "");
    }

    void finish(TrainJob.Outcome o) {
        out.println();
        out.printf("%5s  %10s  %9s  %8s  %7s  %9s  %6s%n", "epoch", "train loss", "train acc", "val loss", "val acc", "lr", "time");
        for (EpochResult r : results) {
            out.printf(Locale.ROOT, "%5d  %10.4f  %8.1f%%  %8.4f  %6.1f%%  %9.2e  %5.1fs%n",
                    r.epoch(), r.trainLoss(), 100 * r.trainAcc(), r.valLoss(), 100 * r.valAcc(), r.lr(), r.seconds());
        }
        if (o.interrupted()) {
            out.println("interrupted: the checkpoint of the last completed epoch is kept in " + o.run()
                    + "; continue with --resume --out " + o.run());
        }
        out.printf(Locale.ROOT, "best validation accuracy %.2f%% at epoch %d; model saved in %s%n",
                100 * o.bestAccuracy(), o.bestEpoch(), o.run());
    }
}
