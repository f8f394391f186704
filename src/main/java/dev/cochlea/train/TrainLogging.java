package dev.cochlea.train;

import dev.cochlea.audio.Wav;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run writes to TensorBoard: example spectrograms and clips at the start, loss,
 * accuracy, learning rate and weight histograms every epoch, and the confusion matrix, the
 * hyper-parameters and a text summary at the end.
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
        int[] shape = set.shape();
        Tensor batch = Tensor.zeros(n, 1, shape[1], shape[2]);
        StringBuilder labels = new StringBuilder("Example spectrograms (low frequencies at the bottom), left to right: ");
        for (int i = 0; i < n; i++) {
            Tensor f = set.features(i).select(0, 0);
            Tensor flipped = Tensor.zeros(shape[1], shape[2]);
            for (int r = 0; r < shape[1]; r++) flipped.select(0, r).copyFrom(f.select(0, shape[1] - 1 - r));
            float lo = flipped.min().item(), hi = flipped.max().item();
            batch.select(0, i).select(0, 0).copyFrom(flipped.sub(lo).div(Math.max(1e-6f, hi - lo)));
            labels.append(i == 0 ? "" : ", ").append(classes.get((int) set.label(i)));
        }
        tb.addImages("examples/spectrograms", batch, 0);
        tb.addText("examples/spectrograms", labels.toString(), 0);
        for (int i = 0; i < Math.min(3, n); i++) {
            try {
                Tensor w = fx.waveform(Wav.read(set.item(i).path()));
                tb.addAudio("examples/clip_" + i + "_" + classes.get((int) set.label(i)), w, fx.config().sampleRate(), 0);
            } catch (IOException e) {
                // The clip was readable when features were computed; a file removed since is simply not logged.
            }
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
