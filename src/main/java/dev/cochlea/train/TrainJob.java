package dev.cochlea.train;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.Split;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.Losses;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.CosineAnnealingLR;
import dev.cochlea.optim.LRScheduler;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.train.models.Models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole training pipeline behind {@code ./cochlea train}: find the recordings, split them,
 * compute features once, print the dataset statistics, normalise with the training statistics,
 * train with progress, validate every epoch, keep the best and last checkpoints, and log to
 * TensorBoard. Same settings and seed, same result. {@link #requestStop()} (Ctrl-C) ends training
 * after the current step; the last completed epoch's checkpoint stays, and {@code resume} continues.
 *
 * <pre>{@code
 * TrainJob.Settings s = TrainJob.Settings.defaults(Path.of("data/recordings"), Path.of("runs/fsdd"))
 *         .withLabelPattern("^(\\d+)_").withSplit("official");
 * TrainJob.Outcome o = new TrainJob(s, new TrainListener() {}).run();
 * System.out.println(o.bestAccuracy());
 * }</pre>
 */
public final class TrainJob {
    /**
     * Everything {@code ./cochlea train} can set.
     *
     * @param data         the folder of recordings
     * @param out          the run folder
     * @param labelPattern regular expression whose first group is the label, or null for sub-folders
     * @param groupPattern regular expression whose first group is the group, or null for the default
     * @param split        the split spec ({@link Split#parse})
     * @param model        the architecture ({@link Models#NAMES})
     * @param epochs       epochs to train (in total, when resuming)
     * @param batchSize    batch size
     * @param lr           initial learning rate (cosine-annealed to 0 over the epochs)
     * @param optimizer    adam or sgd (momentum 0.9)
     * @param seed         random seed
     * @param features     the feature pipeline
     * @param specAugment  whether to apply SpecAugment masks while training
     * @param overwrite    whether an existing run folder may be replaced
     * @param resume       whether to continue the run in {@code out}
     */
    public record Settings(Path data, Path out, String labelPattern, String groupPattern, String split, String model,
                           int epochs, int batchSize, double lr, String optimizer, long seed, FeatureConfig features,
                           boolean specAugment, boolean overwrite, boolean resume) {
        /** Validates the numbers, naming the option at fault. */
        public Settings {
            if (epochs < 1) throw new IllegalArgumentException("--epochs: expected >= 1, found " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("--batch-size: expected >= 1, found " + batchSize);
            if (!(lr > 0)) throw new IllegalArgumentException("--lr: expected a positive learning rate, found " + lr);
            optimizer = optimizer.toLowerCase(Locale.ROOT);
            if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
                throw new IllegalArgumentException("--optimizer: expected adam or sgd, found " + optimizer);
            }
            if (!Models.NAMES.contains(model.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--model: unknown model '" + model + "'; expected one of " + Models.NAMES);
            }
            Split.parse(split);
        }

        /** Defaults: official split, the CNN, 20 epochs of batch 32, Adam at 2e-3, seed 0, default features, SpecAugment. */
        public static Settings defaults(Path data, Path out) {
            return new Settings(data, out, null, null, "official", "cnn", 20, 32, 2e-3, "adam", 0,
                    FeatureConfig.defaults(), true, false, false);
        }

        /** A copy with another label pattern. */
        public Settings withLabelPattern(String p) {
            return new Settings(data, out, p, groupPattern, split, model, epochs, batchSize, lr, optimizer, seed, features,
                    specAugment, overwrite, resume);
        }

        /** A copy with another split. */
        public Settings withSplit(String s) {
            return new Settings(data, out, labelPattern, groupPattern, s, model, epochs, batchSize, lr, optimizer, seed, features,
                    specAugment, overwrite, resume);
        }

        /** A copy with another number of epochs. */
        public Settings withEpochs(int e) {
            return new Settings(data, out, labelPattern, groupPattern, split, model, e, batchSize, lr, optimizer, seed, features,
                    specAugment, overwrite, resume);
        }
    }

    /**
     * How a run ended.
     *
     * @param history      one result per epoch trained in this call
     * @param bestEpoch    the best epoch so far (1-based)
     * @param bestAccuracy its validation accuracy
     * @param interrupted  whether training stopped early on request
     * @param run          the run folder
     */
    public record Outcome(List<EpochResult> history, int bestEpoch, double bestAccuracy, boolean interrupted, Path run) {
    }

    private final Settings settings;
    private final TrainListener listener;
    private volatile boolean stopRequested;

    /** A job with these settings reporting to {@code listener}. */
    public TrainJob(Settings settings, TrainListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Asks training to stop after the current step (safe from another thread, e.g. a Ctrl-C hook). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Runs the job. */
    public Outcome run() throws IOException {
        Settings s = settings;
        RunConfig previous = null;
        RunFolder run;
        if (s.resume()) {
            run = RunFolder.open(s.out());
            previous = RunConfig.read(s.out());
            RunConfig.TrainingSettings t = previous.training();
            s = new Settings(Path.of(t.data()), s.out(), t.labelPattern(), t.groupPattern(), t.split(), previous.model(),
                    Math.max(s.epochs(), previous.epochsDone()), t.batchSize(), t.lr(), t.optimizer(), t.seed(),
                    previous.features(), t.specAugment(), false, true);
            listener.message("resuming " + s.out() + " after epoch " + previous.epochsDone() + " of " + s.epochs());
        } else {
            run = RunFolder.create(s.out(), s.overwrite());
        }

        AudioFolder folder = AudioFolder.scan(s.data(), s.labelPattern() == null ? null : Pattern.compile(s.labelPattern()),
                s.groupPattern() == null ? null : Pattern.compile(s.groupPattern()));
        List<String> classes = previous != null ? previous.classes() : folder.classes();
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) classIndex.put(classes.get(i), i);
        Split.Parts parts = Split.parse(s.split()).apply(folder.items(), s.seed());
        if (parts.train().isEmpty()) throw new IllegalArgumentException("--split " + s.split() + ": the training part is empty");

        long t0 = System.nanoTime();
        FeatureExtractor fx = new FeatureExtractor(s.features());
        FeatureSet trainSet = FeatureSet.compute(parts.train(), classIndex, fx);
        FeatureSet testSet = parts.test() == parts.train() ? trainSet : FeatureSet.compute(parts.test(), classIndex, fx);
        reportFailures(trainSet);
        if (testSet != trainSet) reportFailures(testSet);
        listener.message(String.format(Locale.ROOT, "features computed once for %d clips in %.1f s",
                trainSet.size() + (testSet == trainSet ? 0 : testSet.size()), (System.nanoTime() - t0) / 1e9));
        Normalizer norm = previous != null ? previous.normalizer() : Normalizer.fit(trainSet);
        listener.message(DatasetStats.describe("train", trainSet, classes, norm).stripTrailing());
        listener.message(DatasetStats.describe(s.split().equals("all") ? "evaluate (same clips)" : "test", testSet, classes, null).stripTrailing());

        RunConfig config = previous != null ? previous : RunConfig.create(s.model(), classes, s.features(), norm,
                new RunConfig.TrainingSettings(s.data().toString(), s.labelPattern(), s.groupPattern(), s.split(), s.epochs(),
                        s.batchSize(), s.lr(), s.optimizer(), s.seed(), s.specAugment()));
        config = new RunConfig(config.cochleaVersion(), config.model(), config.classes(), config.features(), config.normMean(),
                config.normStd(), new RunConfig.TrainingSettings(config.training().data(), config.training().labelPattern(),
                config.training().groupPattern(), config.training().split(), s.epochs(), s.batchSize(), s.lr(), s.optimizer(),
                s.seed(), s.specAugment()), config.epochsDone(), config.bestEpoch(), config.bestAccuracy());

        Tensor.manualSeed(s.seed());
        Module model = Models.create(s.model(), s.features().inputShape(), classes.size());
        Optimizer opt = s.optimizer().equals("sgd")
                ? new SGD(model.parameters(), s.lr(), 0.9)
                : new Adam(model.parameters(), s.lr());
        LRScheduler sched = new CosineAnnealingLR(opt, s.epochs());
        int startEpoch = 0;
        int bestEpoch = config.bestEpoch();
        double bestAcc = config.bestAccuracy();
        if (previous != null && previous.epochsDone() > 0) {
            run.loadWeights(model, RunFolder.LAST);
            run.loadOptimizer(opt);
            startEpoch = previous.epochsDone();
            for (int e = 0; e < startEpoch; e++) sched.step();
        }
        config.write(run.dir());
        listener.message("model " + s.model() + ": " + model.parameterCount() + " parameters; input "
                + java.util.Arrays.toString(s.features().inputShape()));

        FeatureDataset trainData = new FeatureDataset(trainSet, norm,
                s.specAugment() ? new FeatureDataset.SpecAugment(Math.max(1, s.features().bands() / 8), Math.max(1, s.features().frames() / 8))
                        : FeatureDataset.SpecAugment.NONE, s.seed());
        FeatureDataset testData = new FeatureDataset(testSet, norm, FeatureDataset.SpecAugment.NONE, s.seed());
        List<EpochResult> history = new ArrayList<>();
        boolean interrupted = false;
        try (SummaryWriter tb = new SummaryWriter(run.tensorboardDir());
             DataLoader loader = DataLoader.builder(trainData).batchSize(s.batchSize()).shuffle(true).seed(s.seed()).workers(1).build();
             DataLoader testLoader = DataLoader.builder(testData).batchSize(Math.max(s.batchSize(), 128)).build()) {
            if (startEpoch == 0) TrainLogging.logExamples(tb, trainData, fx, classes);
            long globalStep = (long) startEpoch * loader.numBatches();
            for (int epoch = startEpoch; epoch < s.epochs() && !stopRequested; epoch++) {
                long e0 = System.nanoTime();
                double lr = opt.lr();
                model.train();
                trainData.setEpoch(epoch);
                loader.setEpoch(epoch);
                listener.epochStart(epoch + 1, s.epochs(), loader.numBatches());
                double lossSum = 0;
                long correct = 0, seen = 0;
                int step = 0;
                for (Batch b : loader) {
                    Tensor logits = model.forward(b.inputs());
                    Tensor loss = Losses.crossEntropy(logits, b.targets());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    float l = loss.item();
                    lossSum += l * b.size();
                    correct += countCorrect(logits, b.targets());
                    seen += b.size();
                    step++;
                    globalStep++;
                    tb.addScalar("loss/train_step", l, globalStep);
                    double secs = (System.nanoTime() - e0) / 1e9;
                    listener.step(epoch + 1, step, loader.numBatches(), lossSum / seen, (double) correct / seen, seen / secs);
                    if (stopRequested) break;
                }
                if (stopRequested) {
                    interrupted = true;
                    break;
                }
                Evaluation val = evaluate(model, testLoader, classes);
                sched.step();
                double secs = (System.nanoTime() - e0) / 1e9;
                EpochResult r = new EpochResult(epoch + 1, lossSum / seen, (double) correct / seen, val.loss(), val.accuracy(), lr, secs);
                history.add(r);
                boolean best = bestEpoch == 0 || val.accuracy() > bestAcc;
                if (best) {
                    bestEpoch = epoch + 1;
                    bestAcc = val.accuracy();
                    run.saveBest(model);
                }
                run.saveLast(model, opt);
                config = config.withProgress(epoch + 1, bestEpoch, bestAcc);
                config.write(run.dir());
                TrainLogging.logEpoch(tb, r, model, globalStep);
                listener.epochEnd(r, best);
            }
            if (stopRequested && config.epochsDone() < s.epochs()) interrupted = true;
            if (!history.isEmpty()) {
                Module bestModel = Models.create(s.model(), s.features().inputShape(), classes.size());
                run.loadWeights(bestModel, RunFolder.BEST);
                Evaluation fin = evaluate(bestModel, testLoader, classes);
                TrainLogging.logFinal(tb, fin, classes, config, bestAcc);
            }
            tb.flush();
        }
        return new Outcome(history, bestEpoch, bestAcc, interrupted, run.dir());
    }

    private void reportFailures(FeatureSet set) {
        if (set.failures().isEmpty()) return;
        StringBuilder sb = new StringBuilder("warning: " + set.failures().size() + " file(s) could not be read and are left out:");
        for (int i = 0; i < Math.min(5, set.failures().size()); i++) sb.append("\n  ").append(set.failures().get(i));
        if (set.failures().size() > 5) sb.append("\n  ...");
        listener.message(sb.toString());
    }

    static long countCorrect(Tensor logits, Tensor targets) {
        long[] pred = logits.detach().argmax(1, false).toLongArray();
        long[] t = targets.toLongArray();
        long c = 0;
        for (int i = 0; i < t.length; i++) if (pred[i] == t[i]) c++;
        return c;
    }

    /**
     * Loss, accuracy and confusion matrix of a model over a loader.
     *
     * @param loss      mean cross-entropy over the clips with known labels
     * @param accuracy  fraction correct (clips with labels the model does not know count as errors)
     * @param confusion counts of (true, predicted) class pairs for the clips with known labels
     */
    public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion) {
    }

    /** Evaluates {@code model} on {@code loader} with classes named "0", "1", ... */
    public static Evaluation evaluate(Module model, DataLoader loader, int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) names.add(String.valueOf(i));
        return evaluate(model, loader, names);
    }

    /** Evaluates {@code model} (switched to eval mode) on every batch of {@code loader}. */
    public static Evaluation evaluate(Module model, DataLoader loader, List<String> classes) {
        model.eval();
        double lossSum = 0;
        long correct = 0, seen = 0, known = 0;
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : loader) {
                Tensor logits = model.forward(b.inputs());
                // Clips with labels the model does not know (-1) add no loss and count as errors.
                lossSum += Losses.crossEntropy(logits, b.targets(), null, -1, 0f, "sum").item();
                long[] pred = logits.argmax(1, false).toLongArray();
                long[] t = b.targets().toLongArray();
                for (int i = 0; i < t.length; i++) {
                    if (t[i] < 0) continue;
                    confusion.add((int) t[i], (int) pred[i]);
                    known++;
                    if (pred[i] == t[i]) correct++;
                }
                seen += b.size();
            }
        }
        return new Evaluation(known == 0 ? 0 : lossSum / known, seen == 0 ? 0 : (double) correct / seen, confusion);
    }

    static Map<String, Object> hparams(RunConfig c) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("model", c.model());
        h.put("epochs", c.training().epochs());
        h.put("batch_size", c.training().batchSize());
        h.put("lr", c.training().lr());
        h.put("optimizer", c.training().optimizer());
        h.put("seed", c.training().seed());
        h.put("features", c.features().kind());
        h.put("n_mels", c.features().nMels());
        h.put("spec_augment", c.training().specAugment());
        return h;
    }
}
