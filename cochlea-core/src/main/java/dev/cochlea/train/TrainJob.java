package dev.cochlea.train;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.audio.augment.WaveAugmentations;
import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.Split;
import dev.cochlea.data.ValidationSplit;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.train.models.Models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The whole training pipeline behind {@code ./cochlea train}: find the recordings, split off the
 * test part, carve a validation set out of the training part (speaker-disjoint when files carry
 * groups), decode the audio once, print the dataset statistics, then train with progress: every
 * epoch draws freshly augmented examples, validation chooses the checkpoint (of the averaged
 * weights when EMA is on) and stops training early, and the test part is scored once, at the end,
 * by the chosen model. Checkpoints and TensorBoard logs go to the run folder. Same settings and
 * seed, same result. {@link #requestStop()} (Ctrl-C) ends training
 * after the current step; the last completed epoch's checkpoint stays, and {@code resume} continues.
 *
 * <pre>{@code
 * TrainSettings s = TrainSettings.builder(Path.of("data/recordings"), Path.of("runs/fsdd"))
 *         .labelPattern("^(\\d+)_").split("official").build();
 * TrainJob.Outcome o = new TrainJob(s, new TrainListener() {}).run();
 * System.out.println(o.validationAccuracy() + " " + o.testAccuracy());
 * }</pre>
 */
public final class TrainJob {
    private static final String BEST_LOSS = "progress.best_val_loss_bits";
    private static final String SINCE_BEST = "progress.epochs_since_best";

    /**
     * How a run ended.
     *
     * @param history            one result per epoch trained in this call
     * @param bestEpoch          the chosen epoch (1-based): best validation accuracy, or the last without validation
     * @param validationAccuracy the chosen epoch's validation accuracy (NaN without a validation set)
     * @param test               the chosen model on the test part (null when interrupted before any epoch)
     * @param testGroups         the chosen model's accuracy per group of the test part (empty when files carry no groups)
     * @param validationGroups   the groups held out for validation (empty when not split by group)
     * @param stoppedEarly       whether early stopping ended training
     * @param interrupted        whether training stopped early on request
     * @param run                the run folder
     */
    public record Outcome(List<EpochResult> history, int bestEpoch, double validationAccuracy, Evaluation test,
                          Map<String, EvaluationJob.GroupAccuracy> testGroups, List<String> validationGroups, boolean stoppedEarly, boolean interrupted, Path run) {
        /** The test accuracy of the chosen model (NaN when there is none). */
        public double testAccuracy() {
            return test == null ? Double.NaN : test.accuracy();
        }
    }

    private final TrainSettings settings;
    private final TrainListener listener;
    private volatile boolean stopRequested;
    private final List<ClipSet> opened = new ArrayList<>();
    private Collective collective;
    private int syncEvery = 1;
    private RunFolder.WriteHook writeHook = f -> { };

    /** A job with these settings reporting to {@code listener}. */
    public TrainJob(TrainSettings settings, TrainListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Tests: called before each checkpoint file is written. */
    void onCheckpointWrite(RunFolder.WriteHook hook) {
        this.writeHook = hook;
    }

    private <T extends ClipSet> T keep(T clips) {
        opened.add(clips);
        return clips;
    }

    /** Asks training to stop after the current step (safe from another thread, e.g. a Ctrl-C hook). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs the job. The run folder stays locked against other trainings until it returns.
     *
     * @throws IllegalStateException if another training writes to the same out folder
     */
    public Outcome run() throws IOException {
        TrainSettings s0 = settings;
        Path scratch = null;
        if (collective != null) {
            if (settings.resume()) throw new IllegalArgumentException("resume: data-parallel training starts from the beginning; resume runs alone");
            if (settings.refit()) throw new IllegalArgumentException("refit: not available in data-parallel training; train alone to refit");
            if (collective.rank() != 0) {
                // Only member 0 writes the run; the others keep theirs in a scratch folder removed at the end.
                scratch = Files.createTempDirectory("cochlea-member-" + collective.rank() + "-");
                s0 = settings.toBuilder().out(scratch.resolve("run")).overwrite(false).build();
            }
        }
        try (RunFolder run = s0.resume() ? RunFolder.resume(s0.out()) : RunFolder.create(s0.out(), s0.overwrite())) {
            run.onWrite(writeHook);
            return run(run, s0);
        } finally {
            for (ClipSet c : opened) c.close();
            opened.clear();
            if (scratch != null) deleteTree(scratch);
        }
    }

    /**
     * Makes this job one member of a data-parallel group: every member runs the same settings on
     * its slice of every batch, starting from member 0's weights, and the gradients are averaged
     * over the group every step, so the group takes the steps one process would take on the whole
     * batch (models with batch normalisation see their slice's statistics, and mixup pairs clips
     * within a slice). Member 0 writes the run folder; the others' folders are scratch. Not with
     * resume or refit.
     */
    public TrainJob collective(Collective c) {
        this.collective = c;
        return this;
    }

    /**
     * In a collective, average the members' weights every {@code k} steps instead of their gradients
     * every step: members step on their own slices in between (local SGD), exchanging the model once
     * per k steps and at the end of every epoch. 1, the default, keeps one process's semantics.
     */
    public TrainJob syncEvery(int k) {
        if (k < 1) throw new IllegalArgumentException("syncEvery: expected >= 1 steps, found " + k);
        this.syncEvery = k;
        return this;
    }

    /** The sum over the group of {@code value} (exact for small whole numbers). */
    private double agree(double value) {
        float[] v = {(float) value};
        try {
            collective.sum(v);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("data-parallel training: member " + collective.rank() + " could not reach the others: "
                    + e.getMessage(), e);
        }
        return v[0];
    }

    /**
     * Fails unless every member kept the same training clips (a file one member could not read would
     * otherwise shift its batches against the others' without an error).
     */
    private void requireSameData(FeatureSet train) {
        int h = 17;
        for (int i = 0; i < train.size(); i++) h = 31 * h + train.item(i).path().toString().hashCode();
        float[] mine = {train.size(), h & 0xFFFF, (h >>> 16) & 0xFFFF};
        float[] all = mine.clone();
        try {
            collective.sum(all);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("data-parallel training: member " + collective.rank() + " could not reach the others: "
                    + e.getMessage(), e);
        }
        for (int k = 0; k < mine.length; k++) {
            if (all[k] != mine[k] * collective.size()) {
                throw new IllegalStateException("data-parallel training: the members did not read the same training clips (member "
                        + collective.rank() + " kept " + train.size() + "); every member must see the same recordings");
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A scratch folder left behind holds nothing the user needs.
        }
    }

    private Outcome run(RunFolder run, TrainSettings s) throws IOException {
        RunConfig previous = null;
        if (s.resume() && !run.hasConfig()) {
            if (s.data() == null) {
                throw new IllegalArgumentException("resume: " + s.out() + " stopped before it saved anything (no config.json); "
                        + "give data(...) to start it from the beginning");
            }
            listener.message("resume: " + s.out() + " stopped before it saved anything; training starts from the beginning");
        } else if (s.resume()) {
            previous = run.config();
            TrainSettings stored = resumed(previous, s);
            List<String> conflicts = resumeConflicts(stored, s);
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException("resume: " + s.out() + " continues with the settings it was started with, and these "
                        + "differ: " + String.join("; ", conflicts) + ". Leave them out to continue it, or start a new run "
                        + "(another out(...), or overwrite(true))");
            }
            s = stored;
            listener.message("resuming " + s.out() + " after epoch " + previous.epochsDone() + " of " + s.epochs());
        }

        AudioFolder folder = AudioFolder.scan(s.data(), s.labelPattern() == null ? null : AudioFolder.pattern("labelPattern", s.labelPattern()),
                s.groupPattern() == null ? null : AudioFolder.pattern("groupPattern", s.groupPattern()));
        if (!folder.layout().isEmpty()) {
            listener.message("data: " + folder.layout() + " layout, " + folder.items().size() + " recordings"
                    + (folder.backgroundNoise() != null ? "; background noise in " + folder.backgroundNoise() : ""));
        }
        if (!folder.skipped().isEmpty()) listener.message(folder.skippedWarning(5));
        List<String> classes = previous != null ? previous.classes() : folder.classes();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("data: the recordings under " + s.data() + " hold only one class " + classes
                    + "; a classifier needs at least two (check labelPattern(...), or the sub-folders)");
        }
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) classIndex.put(classes.get(i), i);
        Split.Parts parts = Split.parse(s.split()).apply(folder.items(), s.seed());
        if (parts.train().isEmpty()) throw new IllegalArgumentException("split " + s.split() + ": the training part is empty");
        ValidationSplit.Parts vparts = ValidationSplit.parse(s.validation()).apply(parts.train(), s.seed());
        boolean validates = !vparts.validation().isEmpty();
        listener.message(vparts.groups().isEmpty()
                ? (validates ? "validation: " + vparts.validation().size() + " clips of the training part (" + s.validation() + ")"
                        : "validation: none (the last" + (s.ema() > 0 ? " averaged" : "") + " weights are kept)")
                : "validation: group(s) " + vparts.groups() + " held out of training (" + vparts.validation().size() + " clips)");

        long t0 = System.nanoTime();
        FeatureExtractor fx = new FeatureExtractor(s.features());
        FeatureNormalization normalization = FeatureNormalization.parse(s.normalize());
        // A data set's own background-noise recordings are the noise augmentation's, unless a folder is given.
        Path noiseDir = s.noiseDir() != null ? s.noiseDir() : folder.backgroundNoise();
        WaveAugmentations augmentation = WaveAugmentations.parse(s.augment(), s.features().sampleRate(), noiseDir, s.rirDir());
        // Waveforms are kept only when training changes them each epoch; otherwise training reads the stored features.
        boolean refits = s.refit() && validates;
        boolean needWaves = !augmentation.isIdentity() || s.timeShift() > 0 || refits;
        int keptSamples = s.features().clipSamples() * 3 / 2;
        Path store = s.clipStore();
        WaveformSet trainWaves = needWaves ? keep(WaveformSet.decode(vparts.train(), classIndex, fx, keptSamples, store)) : null;
        FeatureSet trainSet = keep(needWaves ? FeatureSet.of(trainWaves, fx, store) : FeatureSet.compute(vparts.train(), classIndex, fx, store));
        WaveformSet valWaves = refits ? keep(WaveformSet.decode(vparts.validation(), classIndex, fx, keptSamples, store)) : null;
        FeatureSet valSet = !validates ? null
                : keep(valWaves != null ? FeatureSet.of(valWaves, fx, store) : FeatureSet.compute(vparts.validation(), classIndex, fx, store));
        boolean testIsTrain = parts.test() == parts.train();
        FeatureSet testSet = testIsTrain ? null : keep(FeatureSet.compute(parts.test(), classIndex, fx, store));
        reportFailures(trainSet);
        if (valSet != null) reportFailures(valSet);
        if (testSet != null) reportFailures(testSet);
        int clips = trainSet.size() + (valSet == null ? 0 : valSet.size()) + (testSet == null ? 0 : testSet.size());
        int reused = trainSet.reused() + (valSet == null ? 0 : valSet.reused()) + (testSet == null ? 0 : testSet.reused());
        listener.message(String.format(Locale.ROOT, "audio decoded once for %d clips in %.1f s", clips, (System.nanoTime() - t0) / 1e9)
                + (store == null ? "" : String.format(Locale.ROOT, " (%d computed, %d read back from the clip store %s)",
                        Math.max(0, clips - reused), reused, store)));
        if (collective != null && collective.size() > 1) requireSameData(trainSet);
        Normalizer norm = previous != null ? previous.normalizer() : Normalizer.fit(trainSet);
        listener.message(DatasetStats.describe("train", trainSet, classes, norm, normalization).stripTrailing());
        if (valSet != null) listener.message(DatasetStats.describe("validation", valSet, classes, null).stripTrailing());
        if (testSet != null) listener.message(DatasetStats.describe("test", testSet, classes, null).stripTrailing());

        RunConfig config = previous != null ? previous : RunConfig.create(s.model(), classes, s.features(), norm,
                RunConfig.TrainingSettings.of(s));
        config = new RunConfig(config.cochleaVersion(), config.model(), config.classes(), config.features(), config.normMean(),
                config.normStd(), RunConfig.TrainingSettings.of(s), config.epochsDone(), config.bestEpoch(), config.bestAccuracy());

        listener.message("augmentation: " + augmentation.description() + (s.timeShift() > 0 ? "; time shift ±" + s.timeShift() : "")
                + "; normalisation: " + normalization.spec()
                + (s.specAugment() ? "; SpecAugment" : "") + (s.labelSmoothing() > 0 ? "; label smoothing " + s.labelSmoothing() : "")
                + (s.mixup() > 0 ? "; mixup " + s.mixup() : "") + (s.ema() > 0 ? "; weight EMA " + s.ema() : ""));

        int[] inputShape = s.features().inputShape();
        Learner learner = new Learner(s, inputShape, classes.size(), collective);
        learner.syncEvery(syncEvery);
        Module model = learner.model();
        int startEpoch = 0;
        int bestEpoch = config.bestEpoch();
        double bestAcc = config.bestAccuracy();
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        if (previous != null && previous.epochsDone() > 0) {
            run.loadWeights(model, RunFolder.LAST);
            run.loadOptimizer(learner.optimizer());
            startEpoch = previous.epochsDone();
            learner.skipEpochs(startEpoch);
            Map<String, Tensor> state = run.loadTrainerState();
            if (state == null) {
                listener.message("resume: this checkpoint predates saved training state (generators, weight average); "
                        + "the continued run can differ from an uninterrupted one");
            } else {
                learner.restore(state);
                if (state.containsKey(BEST_LOSS)) bestLoss = Double.longBitsToDouble(state.get(BEST_LOSS).toLongArray()[0]);
                if (state.containsKey(SINCE_BEST)) sinceBest = (int) state.get(SINCE_BEST).toLongArray()[0];
            }
        }
        if (!run.hasCheckpoint()) run.writeConfig(config);
        listener.message("model " + s.model() + ": " + model.parameterCount() + " parameters; input " + Arrays.toString(inputShape));

        FeatureDataset.SpecAugment masks = s.specAugment()
                ? new FeatureDataset.SpecAugment(Math.max(1, s.features().bands() / 8), Math.max(1, s.features().frames() / 8))
                : FeatureDataset.SpecAugment.NONE;
        AugmentedDataset trainData = needWaves
                ? new AugmentedDataset(trainWaves, fx, augmentation, s.timeShift(), normalization, norm, masks, s.seed())
                : new AugmentedDataset(trainSet, normalization, norm, masks, s.seed());
        FeatureDataset examples = new FeatureDataset(trainSet, normalization, norm, FeatureDataset.SpecAugment.NONE, s.seed());
        List<EpochResult> history = new ArrayList<>();
        boolean interrupted = false, stoppedEarly = false;
        Evaluation test = null;
        Map<String, EvaluationJob.GroupAccuracy> testGroups = Map.of();
        try (SummaryWriter tb = new SummaryWriter(run.tensorboardDir());
             DataLoader loader = collective == null ? trainLoader(trainData, s) : null;
             DataLoader valLoader = valSet == null ? null : evalLoader(valSet, normalization, norm, s.batchSize());
             DataLoader testLoader = evalLoader(testSet != null ? testSet : trainSet, normalization, norm, s.batchSize())) {
            ShardedBatches shards = collective == null ? null
                    : new ShardedBatches(trainData, s.batchSize(), s.seed(), collective.rank(), collective.size());
            int numBatches = loader != null ? loader.numBatches() : shards.numBatches();
            if (startEpoch == 0) {
                TrainLogging.logGraph(tb, model, inputShape, listener::message);
                TrainLogging.logExamples(tb, examples, fx, classes);
            }
            long[] globalStep = {(long) startEpoch * numBatches};
            for (int epoch = startEpoch; epoch < s.epochs() && !stopRequested; epoch++) {
                long e0 = System.nanoTime();
                double lr = learner.lr();
                trainData.setEpoch(epoch);
                if (loader != null) loader.setEpoch(epoch);
                else shards.setEpoch(epoch);
                int shown = epoch + 1;
                listener.epochStart(shown, s.epochs(), numBatches);
                Learner.EpochStats st = learner.trainEpoch(loader != null ? loader : shards, () -> stopRequested, (step, l, meanLoss, acc, seen) -> {
                    tb.addScalar("loss/train_step", l, ++globalStep[0]);
                    listener.step(shown, step, numBatches, meanLoss, acc, seen / ((System.nanoTime() - e0) / 1e9));
                });
                if (st.stopped()) {
                    interrupted = true;
                    break;
                }
                Module scored = learner.evalModel();
                Evaluation val = valLoader == null ? null : evaluate(scored, valLoader, classes);
                double secs = (System.nanoTime() - e0) / 1e9;
                EpochResult r = new EpochResult(shown, st.loss(), st.accuracy(),
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), lr, secs);
                history.add(r);
                boolean best = val == null || bestEpoch == 0 || val.accuracy() > bestAcc
                        || (val.accuracy() == bestAcc && val.loss() < bestLoss);
                if (best) {
                    bestEpoch = shown;
                    bestAcc = val == null ? Double.NaN : val.accuracy();
                    bestLoss = val == null ? Double.NaN : val.loss();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                config = config.withProgress(shown, bestEpoch, Double.isNaN(bestAcc) ? 0 : bestAcc);
                Map<String, Tensor> state = learner.state();
                state.put(BEST_LOSS, Tensor.ofLongs(new long[] {Double.doubleToRawLongBits(bestLoss)}, 1));
                state.put(SINCE_BEST, Tensor.ofLongs(new long[] {sinceBest}, 1));
                run.commit(shown, best ? scored : null, model, learner.optimizer(), state, config);
                TrainLogging.logEpoch(tb, r, scored, globalStep[0]);
                listener.epochEnd(r, best);
                boolean stopEarly = s.patience() > 0 && sinceBest >= s.patience() && shown < s.epochs();
                // In a group, member 0's validation decides for all (members' batch-norm statistics differ).
                if (collective != null && collective.size() > 1) stopEarly = agree(collective.rank() == 0 && stopEarly ? 1 : 0) > 0;
                if (stopEarly) {
                    listener.message("early stopping: no better validation accuracy for " + s.patience() + " epochs");
                    stoppedEarly = true;
                    break;
                }
            }
            if (stopRequested && config.epochsDone() < s.epochs()) interrupted = true;
            if (s.refit() && valSet != null && !interrupted && bestEpoch > 0) {
                interrupted = !refit(s, bestEpoch, inputShape, classes.size(), WaveformSet.concat(trainWaves, valWaves), fx, augmentation, normalization, norm,
                        masks, run, tb, config);
            }
            if (config.bestEpoch() > 0) {
                Module bestModel = Models.create(s.model(), inputShape, classes.size());
                run.loadWeights(bestModel, RunFolder.BEST);
                test = evaluate(bestModel, testLoader, classes);
                testGroups = EvaluationJob.byGroup(testSet != null ? testSet : trainSet, test.predicted());
                TrainLogging.logFinal(tb, test, classes, config, Double.isNaN(bestAcc) ? test.accuracy() : bestAcc);
            }
            tb.flush();
        }
        return new Outcome(history, bestEpoch, bestAcc, test, testGroups, vparts.groups(), stoppedEarly, interrupted, run.dir());
    }

    private static DataLoader trainLoader(AugmentedDataset data, TrainSettings s) {
        return DataLoader.builder(data).batchSize(s.batchSize()).shuffle(true).seed(s.seed()).workers(1).prefetch(4).build();
    }

    /**
     * Trains the final model on the training and validation clips together for the epochs
     * validation chose (on the same schedule), and saves it as the run's model. Returns false when
     * stopped on request, leaving the validated model in place.
     */
    private boolean refit(TrainSettings s, int epochs, int[] inputShape, int classes, WaveformSet waves,
                          FeatureExtractor fx, WaveAugmentations augmentation, FeatureNormalization normalization, Normalizer norm,
                          FeatureDataset.SpecAugment masks, RunFolder run, SummaryWriter tb,
                          RunConfig config) throws IOException {
        listener.message("refit: training the final model on all " + waves.size() + " training clips (validation included) for "
                + epochs + " epochs");
        Learner learner = new Learner(s, inputShape, classes);
        AugmentedDataset data = new AugmentedDataset(waves, fx, augmentation, s.timeShift(), normalization, norm, masks, s.seed());
        try (DataLoader loader = trainLoader(data, s)) {
            long[] step = {0};
            for (int epoch = 0; epoch < epochs; epoch++) {
                long e0 = System.nanoTime();
                data.setEpoch(epoch);
                loader.setEpoch(epoch);
                int shown = epoch + 1;
                listener.epochStart(shown, epochs, loader.numBatches());
                Learner.EpochStats st = learner.trainEpoch(loader, () -> stopRequested, (k, l, meanLoss, acc, seen) -> {
                    tb.addScalar("loss/refit_step", l, ++step[0]);
                    listener.step(shown, k, loader.numBatches(), meanLoss, acc, seen / ((System.nanoTime() - e0) / 1e9));
                });
                if (st.stopped()) return false;
                listener.message(String.format(Locale.ROOT, "refit epoch %d/%d  train loss %.4f  acc %.1f%%", shown, epochs, st.loss(),
                        100 * st.accuracy()));
            }
        }
        run.commitRefit(config.epochsDone(), learner.evalModel(), config);
        return true;
    }

    private static DataLoader evalLoader(FeatureSet set, FeatureNormalization normalization, Normalizer norm, int batchSize) {
        return DataLoader.builder(new FeatureDataset(set, normalization, norm, FeatureDataset.SpecAugment.NONE, 0))
                .batchSize(Math.max(batchSize, 128)).build();
    }

    /**
     * What {@code asked} sets differently from the run's {@code stored} settings: every value that
     * differs from the stored one and is not simply the default (an option left out), described as
     * {@code "lr(...) (stored 0.002, asked 0.003)"}. Epochs may change: they say how far to continue.
     */
    static List<String> resumeConflicts(TrainSettings stored, TrainSettings asked) {
        TrainSettings d = TrainSettings.builder(asked.data(), asked.out()).build();
        List<String> out = new ArrayList<>();
        if (asked.data() != null && !asked.data().toAbsolutePath().normalize().equals(stored.data().toAbsolutePath().normalize())) {
            out.add("data(...) (stored " + stored.data() + ", asked " + asked.data() + ")");
        }
        differs(out, "labelPattern", stored.labelPattern(), asked.labelPattern(), d.labelPattern());
        differs(out, "groupPattern", stored.groupPattern(), asked.groupPattern(), d.groupPattern());
        differs(out, "split", stored.split(), asked.split(), d.split());
        differs(out, "validation", stored.validation(), asked.validation(), d.validation());
        differs(out, "model", stored.model(), asked.model(), d.model());
        differs(out, "batchSize", stored.batchSize(), asked.batchSize(), d.batchSize());
        differs(out, "lr", stored.lr(), asked.lr(), d.lr());
        differs(out, "optimizer", stored.optimizer(), asked.optimizer(), d.optimizer());
        differs(out, "weightDecay", stored.weightDecay(), asked.weightDecay(), d.weightDecay());
        differs(out, "seed", stored.seed(), asked.seed(), d.seed());
        differs(out, "features", stored.features(), asked.features(), d.features());
        differs(out, "normalize", stored.normalize(), asked.normalize(), d.normalize());
        differs(out, "augment", stored.augment(), asked.augment(), d.augment());
        differs(out, "noiseDir", stored.noiseDir(), asked.noiseDir(), d.noiseDir());
        differs(out, "rirDir", stored.rirDir(), asked.rirDir(), d.rirDir());
        differs(out, "timeShift", stored.timeShift(), asked.timeShift(), d.timeShift());
        differs(out, "specAugment", stored.specAugment(), asked.specAugment(), d.specAugment());
        differs(out, "labelSmoothing", stored.labelSmoothing(), asked.labelSmoothing(), d.labelSmoothing());
        differs(out, "mixup", stored.mixup(), asked.mixup(), d.mixup());
        differs(out, "ema", stored.ema(), asked.ema(), d.ema());
        differs(out, "patience", stored.patience(), asked.patience(), d.patience());
        differs(out, "refit", stored.refit(), asked.refit(), d.refit());
        return out;
    }

    private static void differs(List<String> out, String name, Object stored, Object asked, Object dflt) {
        if (!Objects.equals(asked, stored) && !Objects.equals(asked, dflt)) {
            out.add(name + "(...) (stored " + stored + ", asked " + asked + ")");
        }
    }

    /** The stored settings of {@code previous}, trained up to the epochs {@code asked} gives. */
    private static TrainSettings resumed(RunConfig previous, TrainSettings asked) {
        return previous.settings(asked.out()).epochs(Math.max(asked.epochs(), previous.epochsDone())).resume(true).clipStore(asked.clipStore())
                .build();
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
     * @param predicted the predicted class of every clip, in the loader's order
     */
    public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion, int[] predicted) {
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
        int[] predicted = new int[loader.dataset().size()];
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : loader) {
                Tensor logits = model.call(b.inputs());
                // Clips with labels the model does not know (-1) add no loss and count as errors.
                lossSum += F.crossEntropy(logits, b.targets(), null, -1, 0f, Reduction.SUM).item();
                long[] pred = logits.argmax(1, false).toLongArray();
                long[] t = b.targets().toLongArray();
                for (int i = 0; i < t.length; i++) {
                    predicted[b.indices()[i]] = (int) pred[i];
                    if (t[i] < 0) continue;
                    confusion.add((int) t[i], (int) pred[i]);
                    known++;
                    if (pred[i] == t[i]) correct++;
                }
                seen += b.size();
            }
        }
        return new Evaluation(known == 0 ? 0 : lossSum / known, seen == 0 ? 0 : (double) correct / seen, confusion, predicted);
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
