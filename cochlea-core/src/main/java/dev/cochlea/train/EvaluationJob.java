package dev.cochlea.train;

import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.Split;
import dev.cochlea.nn.Module;
import dev.cochlea.train.models.Models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./cochlea evaluate} does: load a run, find the recordings (by default the ones it was
 * trained on, labelled and split the same way), compute their features and score the best model
 * on the test part (or on everything with split {@code all}).
 *
 * <pre>{@code
 * EvaluationJob.Result r = EvaluationJob.run(Path.of("runs/fsdd"), null, null, null, "official", System.out);
 * System.out.println(r.evaluation().accuracy());
 * }</pre>
 */
public final class EvaluationJob {
    private EvaluationJob() {}

    /**
     * The scores and the names of the classes they refer to.
     *
     * @param evaluation loss, accuracy and confusion matrix
     * @param classes    class names in confusion-matrix order
     * @param clips      how many clips were scored
     * @param groups     accuracy per group (speaker), when the files carry groups; empty otherwise
     */
    public record Result(TrainJob.Evaluation evaluation, List<String> classes, int clips, Map<String, GroupAccuracy> groups) {
    }

    /**
     * One group's score.
     *
     * @param correct clips labelled right
     * @param clips   clips scored
     */
    public record GroupAccuracy(int correct, int clips) {
        /** The fraction right. */
        public double accuracy() {
            return clips == 0 ? 0 : (double) correct / clips;
        }
    }

    /** Loss, accuracy and confusion of {@code classifier} with its crops, clip by clip. */
    private static TrainJob.Evaluation withCrops(Classifier classifier, WaveformSet waves) {
        ConfusionMatrix confusion = new ConfusionMatrix(classifier.labels());
        int[] predicted = new int[waves.size()];
        double lossSum = 0;
        int correct = 0, known = 0;
        for (int i = 0; i < waves.size(); i++) {
            float[] p = classifier.probabilities(waves.waveform(i)).toFloatArray();
            int best = 0;
            for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
            predicted[i] = best;
            long t = waves.label(i);
            if (t < 0) continue;
            known++;
            confusion.add((int) t, best);
            lossSum -= Math.log(Math.max(1e-12, p[(int) t]));
            if (best == t) correct++;
        }
        return new TrainJob.Evaluation(known == 0 ? 0 : lossSum / known, waves.size() == 0 ? 0 : (double) correct / waves.size(),
                confusion, predicted);
    }

    /** Accuracy per group of the clips of {@code set}, given each clip's predicted class. */
    public static Map<String, GroupAccuracy> byGroup(ClipSet set, int[] predicted) {
        Map<String, int[]> counts = new java.util.TreeMap<>();
        for (int i = 0; i < set.size(); i++) {
            String g = set.item(i).group();
            if (g.isEmpty()) continue;
            int[] c = counts.computeIfAbsent(g, k -> new int[2]);
            c[1]++;
            if (set.label(i) >= 0 && predicted[i] == set.label(i)) c[0]++;
        }
        Map<String, GroupAccuracy> out = new java.util.LinkedHashMap<>();
        counts.forEach((g, c) -> out.put(g, new GroupAccuracy(c[0], c[1])));
        return out;
    }

    /**
     * Scores the run in {@code runDir}. Null arguments take the run's own settings. Progress and
     * warnings go to {@code log} when it is not null.
     */
    public static Result run(Path runDir, Path data, String labelPattern, String groupPattern, String split, PrintStream log)
            throws IOException {
        return run(runDir, data, labelPattern, groupPattern, split, 1, log);
    }

    /**
     * Scores the run in {@code runDir}, averaging each clip's probabilities over {@code crops}
     * time-shifted copies ({@link Classifier#withCrops}) when {@code crops} > 1.
     */
    public static Result run(Path runDir, Path data, String labelPattern, String groupPattern, String split, int crops, PrintStream log)
            throws IOException {
        return run(runDir, data, labelPattern, groupPattern, split, crops, null, log);
    }

    /**
     * As {@link #run(Path, Path, String, String, String, int, PrintStream)}, keeping the decoded
     * clips in the clip store under {@code clipStore} (null: on the heap), so that scoring a large
     * set needs no more heap than a small one and reuses what training computed.
     */
    public static Result run(Path runDir, Path data, String labelPattern, String groupPattern, String split, int crops, Path clipStore,
                             PrintStream log) throws IOException {
        RunFolder run = RunFolder.open(runDir);
        RunConfig cfg = run.config();
        RunConfig.TrainingSettings t = cfg.training();
        Path dataDir = data != null ? data : Path.of(t.data());
        String lp = labelPattern != null ? labelPattern : t.labelPattern();
        String gp = groupPattern != null ? groupPattern : t.groupPattern();
        String sp = split != null ? split : t.split();
        AudioFolder folder = AudioFolder.scan(dataDir, lp == null ? null : AudioFolder.pattern("labelPattern", lp),
                gp == null ? null : AudioFolder.pattern("groupPattern", gp));
        if (log != null && !folder.skipped().isEmpty()) log.println(folder.skippedWarning(5));
        Split.Parts parts = Split.parse(sp).apply(folder.items(), t.seed());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cfg.classes().size(); i++) index.put(cfg.classes().get(i), i);
        FeatureExtractor fx = new FeatureExtractor(cfg.features());
        try (WaveformSet waves = crops > 1 ? WaveformSet.decode(parts.test(), index, fx, cfg.features().clipSamples() * 3 / 2, clipStore) : null;
             FeatureSet set = waves != null ? FeatureSet.of(waves, fx, clipStore) : FeatureSet.compute(parts.test(), index, fx, clipStore)) {
            return score(run, runDir, cfg, dataDir, sp, crops, waves, set, log);
        }
    }

    private static Result score(RunFolder run, Path runDir, RunConfig cfg, Path dataDir, String sp, int crops, WaveformSet waves,
                                FeatureSet set, PrintStream log) throws IOException {
        int unknown = 0;
        for (int i = 0; i < set.size(); i++) if (set.label(i) < 0) unknown++;
        if (log != null) {
            log.println("evaluating " + runDir + " on " + set.size() + " clips of " + dataDir + " (split " + sp
                    + (sp.equals("all") ? ", every clip" : ", test part") + ")");
            if (!set.failures().isEmpty()) {
                StringBuilder sb = new StringBuilder("warning: " + set.failures().size() + " file(s) could not be read and are left out:");
                for (int i = 0; i < Math.min(5, set.failures().size()); i++) sb.append("\n  ").append(set.failures().get(i));
                if (set.failures().size() > 5) sb.append("\n  ...");
                log.println(sb);
            }
            if (unknown > 0) log.println("warning: " + unknown + " clip(s) have labels the model does not know; they count as errors");
        }
        if (set.size() == 0) throw new IllegalArgumentException("data: no readable clips to evaluate in " + dataDir + " (split " + sp + ")");
        Module model = Models.create(cfg.model(), cfg.features().inputShape(), cfg.classes().size());
        run.loadWeights(model, RunFolder.BEST);
        if (crops > 1) {
            TrainJob.Evaluation e = withCrops(Classifier.load(runDir).withCrops(crops), waves);
            return new Result(e, cfg.classes(), set.size(), byGroup(set, e.predicted()));
        }
        FeatureDataset ds = new FeatureDataset(set, cfg.normalization(), cfg.normalizer(), FeatureDataset.SpecAugment.NONE, 0);
        try (DataLoader loader = DataLoader.builder(ds).batchSize(128).build()) {
            TrainJob.Evaluation e = TrainJob.evaluate(model, loader, cfg.classes());
            return new Result(e, cfg.classes(), set.size(), byGroup(set, e.predicted()));
        }
    }
}
