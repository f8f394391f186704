package dev.cochlea.train;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.SpectrogramImage;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a training run writes to TensorBoard: the model's graph, example spectrograms and clips at
 * the start, loss, accuracy, learning rate and weight histograms every epoch, and the confusion
 * matrix, the hyper-parameters and a text summary at the end.
 *
 * <pre>{@code
 * TrainLogging.logEpoch(tb, result, model, step);
 * }</pre>
 */
final class TrainLogging {
    private static final int EXAMPLES = 8;

    private TrainLogging() {}

    static void logExamples(SummaryWriter tb, FeatureDataset data, FeatureExtractor fx, List<String> classes) {
        FeatureSet set = data.features();
        int n = Math.min(EXAMPLES, set.size());
        if (n == 0) return;
        FeatureConfig f = fx.config();
        double secondsPerFrame = (double) f.hopLength() / f.sampleRate();
        for (int i = 0; i < n; i++) {
            String label = classes.get((int) set.label(i));
            SpectrogramImage img = SpectrogramImage.of(set.features(i).select(0, 0)).colorMap(ColorMap.VIRIDIS).scale(4, 4)
                    .title(label + " (" + set.item(i).path().getFileName() + ")");
            img = !f.kind().equals("mfcc") ? img.melAxes(secondsPerFrame, f.fMin(), f.effectiveFMax()) : img.axes(secondsPerFrame, 0, f.nMfcc() - 1).labels("Time (s)", "MFCC");
            tb.addImage("examples/spectrogram_" + i + "_" + label, img.render(), 0);
        }
        for (int i = 0; i < Math.min(3, n); i++) {
            try {
                Tensor w = fx.waveform(fx.read(set.item(i).path()));
                tb.addAudio("examples/clip_" + i + "_" + classes.get((int) set.label(i)), w, fx.config().sampleRate(), 0);
            } catch (IOException e) {
                // The clip was readable when features were computed; a file removed since is simply not logged.
            }
        }
    }

    /**
     * The model's graph (Graphs tab), traced over zeros of one example, [1, C, H, W]. The trace runs in
     * evaluation mode and restores the model's modes and the default generator, so the run is the same
     * with or without it; a model the tracer cannot follow costs the picture, not the run: {@code warn}
     * gets the reason.
     */
    static void logGraph(SummaryWriter tb, Module model, int[] inputShape, Consumer<String> warn) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        try {
            tb.addGraph(model, Tensor.zeros(shape));
        } catch (IllegalArgumentException e) {
            warn.accept("TensorBoard: the model's graph was not written (" + e.getMessage() + ")");
        }
    }

    static void logEpoch(SummaryWriter tb, EpochResult r, Module model, long step) {
        tb.addScalar("loss/train", r.trainLoss(), r.epoch());
        tb.addScalar("loss/val", r.valLoss(), r.epoch());
        tb.addScalar("accuracy/train", r.trainAcc(), r.epoch());
        tb.addScalar("accuracy/val", r.valAcc(), r.epoch());
        tb.addScalar("lr", r.lr(), r.epoch());
        tb.addScalar("epoch_seconds", r.seconds(), r.epoch());
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            tb.addHistogram("weights/" + e.getKey(), e.getValue(), r.epoch());
        }
        tb.flush();
    }

    static void logFinal(SummaryWriter tb, TrainJob.Evaluation eval, List<String> classes, RunConfig config, double bestAcc) {
        tb.addImage("confusion_matrix", eval.confusion().toImage(), config.epochsDone());
        tb.addText("summary", String.format(Locale.ROOT,
                "Best validation accuracy **%.2f%%** at epoch %d of %d (model `%s`, %d classes).",
                100 * bestAcc, config.bestEpoch(), config.epochsDone(), config.model(), classes.size()), config.epochsDone());
        tb.addHparams(TrainJob.hparams(config), Map.of("hparam/accuracy", bestAcc, "hparam/loss", eval.loss()), "hparams");
    }
}
