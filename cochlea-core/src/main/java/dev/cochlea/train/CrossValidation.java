package dev.cochlea.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.AudioItem;
import dev.cochlea.io.AtomicFiles;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cross-validation by group, behind {@code ./cochlea crossval}: one model per fold of held-out
 * groups (leave-one-group-out, or k folds of whole groups), or, when the data set assigns folds
 * (ESC-50, UrbanSound8K, a manifest's fold column), one model per fold of its own, each trained with the same recipe into
 * {@code <out>/<fold>/} (checkpoints and TensorBoard logs), each fold's held-out groups scored once
 * by the model its own validation chose. The result — accuracy per held-out group, the mean and
 * the worst — is printed and written to {@code <out>/crossval.json}.
 *
 * <pre>{@code
 * TrainSettings recipe = TrainSettings.builder(Path.of("fsdd/recordings"), Path.of("runs/cv"))
 *         .labelPattern("^(\\d+)_").build();
 * CrossValidation.Result r = new CrossValidation(recipe, 0, listener).run();
 * System.out.println(r.mean() + " " + r.worst());
 * }</pre>
 */
public final class CrossValidation {
    /**
     * One fold.
     *
     * @param name               the fold's folder name
     * @param heldOut            the groups it tests on
     * @param testAccuracy       the chosen model's accuracy on them
     * @param validationAccuracy the validation accuracy that chose it (NaN without validation)
     * @param validationGroups   the groups that validated
     * @param bestEpoch          the chosen epoch
     * @param seconds            wall time of the fold
     * @param groups             accuracy per held-out group
     */
    public record Fold(String name, List<String> heldOut, double testAccuracy, double validationAccuracy,
                       List<String> validationGroups, int bestEpoch, double seconds, Map<String, Double> groups) {
    }

    /**
     * Every fold and the summary over groups.
     *
     * @param folds   the folds in order
     * @param groups  accuracy per held-out group
     * @param mean    mean of the per-group accuracies
     * @param worst   the lowest per-group accuracy
     * @param seconds total wall time
     */
    public record Result(List<Fold> folds, Map<String, Double> groups, double mean, double worst, double seconds) {
    }

    private final TrainSettings recipe;
    private final int k;
    private List<String> only = List.of();
    private final TrainListener listener;
    private volatile TrainJob current;
    private volatile boolean stopRequested;

    /**
     * Cross-validation of {@code recipe} (its {@code out} is the parent folder of the folds, its split
     * is ignored); {@code k} = 0 leaves one group out per fold, otherwise groups are dealt into k folds by the seed.
     */
    public CrossValidation(TrainSettings recipe, int k, TrainListener listener) {
        if (k < 0 || k == 1) throw new IllegalArgumentException("folds: expected 0 (leave one group out) or at least 2, found " + k);
        this.recipe = recipe;
        this.k = k;
        this.listener = listener;
    }

    /** Runs only the folds that hold out one of {@code groups} (e.g. to rerun one speaker); empty runs them all. */
    public CrossValidation only(List<String> groups) {
        this.only = List.copyOf(groups);
        return this;
    }

    /** Asks the fold in progress to stop after its current step; no further folds start. */
    public void requestStop() {
        stopRequested = true;
        TrainJob j = current;
        if (j != null) j.requestStop();
    }

    /** The folds: lists of held-out groups. */
    public static List<List<String>> folds(List<AudioItem> items, int k, long seed) {
        TreeSet<String> set = new TreeSet<>();
        for (AudioItem it : items) if (!it.group().isEmpty()) set.add(it.group());
        List<String> groups = new ArrayList<>(set);
        if (groups.size() < 2) {
            throw new IllegalArgumentException("groupPattern: cross-validation needs at least 2 groups, found " + groups
                    + " (the group is the first group of groupPattern(...) in each file name; default: the second _ field)");
        }
        List<List<String>> folds = new ArrayList<>();
        if (k == 0) {
            for (String g : groups) folds.add(List.of(g));
            return folds;
        }
        if (k > groups.size()) {
            throw new IllegalArgumentException("folds: " + k + " folds need at least " + k + " groups, found " + groups.size());
        }
        long[] perm = Tensor.randperm(new Generator(seed * 131 + 7), groups.size()).toLongArray();
        for (int f = 0; f < k; f++) folds.add(new ArrayList<>());
        for (int i = 0; i < perm.length; i++) folds.get(i % k).add(groups.get((int) perm[i]));
        for (List<String> f : folds) f.sort(null);
        return folds;
    }

    /** The data set's own folds, in order, each as a one-element list of its number. */
    static List<List<String>> dataFolds(List<AudioItem> items) {
        TreeSet<Integer> set = new TreeSet<>();
        for (AudioItem it : items) set.add(it.fold());
        if (set.size() < 2) throw new IllegalArgumentException("data: cross-validation over folds needs at least 2 folds, found " + set);
        List<List<String>> out = new ArrayList<>();
        for (int f : set) out.add(List.of(Integer.toString(f)));
        return out;
    }

    /** Trains and scores every fold. */
    public Result run() throws IOException {
        long t0 = System.nanoTime();
        AudioFolder folder = AudioFolder.scan(recipe.data(),
                recipe.labelPattern() == null ? null : AudioFolder.pattern("labelPattern", recipe.labelPattern()),
                recipe.groupPattern() == null ? null : AudioFolder.pattern("groupPattern", recipe.groupPattern()));
        // A data set that assigns folds (ESC-50, UrbanSound8K, a manifest's fold column) is cross-validated over its own folds.
        boolean byFold = !folder.items().isEmpty() && folder.items().stream().allMatch(it -> it.fold() >= 0);
        List<List<String>> folds = byFold ? dataFolds(folder.items()) : folds(folder.items(), k, recipe.seed());
        if (!only.isEmpty()) {
            List<List<String>> kept = new ArrayList<>();
            for (List<String> f : folds) if (f.stream().anyMatch(only::contains)) kept.add(f);
            if (kept.size() < only.size() && k == 0) {
                throw new IllegalArgumentException("only: " + only + " names a group that is not in the data (groups: " + folds + ")");
            }
            folds = kept;
        }
        if (Files.exists(recipe.out()) && !recipe.overwrite()) {
            try (var s = Files.list(recipe.out())) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("out: " + recipe.out() + " already exists and is not empty; choose another "
                            + "folder or pass overwrite(true) to replace its folds");
                }
            }
        }
        Files.createDirectories(recipe.out());
        List<Fold> done = new ArrayList<>();
        Map<String, Double> perGroup = new LinkedHashMap<>();
        for (int i = 0; i < folds.size() && !stopRequested; i++) {
            List<String> held = folds.get(i);
            String name = byFold ? "fold-" + held.get(0) : held.size() == 1 ? safe(held.get(0)) : "fold-" + (i + 1);
            listener.message(String.format(Locale.ROOT, "fold %d/%d: testing on %s", i + 1, folds.size(),
                    byFold ? "fold " + held.get(0) : String.join(", ", held)));
            TrainSettings s = recipe.toBuilder().out(recipe.out().resolve(name))
                    .split(byFold ? "fold:" + held.get(0) : "group:" + String.join(",", held))
                    .overwrite(recipe.overwrite()).resume(false).build();
            long f0 = System.nanoTime();
            TrainJob job = new TrainJob(s, listener);
            current = job;
            TrainJob.Outcome o = job.run();
            current = null;
            if (o.interrupted() || o.test() == null) break;
            Map<String, Double> groups = new LinkedHashMap<>();
            if (byFold) groups.put("fold " + held.get(0), o.testAccuracy());
            else o.testGroups().forEach((g, a) -> groups.put(g, a.accuracy()));
            perGroup.putAll(groups);
            Fold fold = new Fold(name, held, o.testAccuracy(), o.validationAccuracy(), o.validationGroups(), o.bestEpoch(),
                    (System.nanoTime() - f0) / 1e9, groups);
            done.add(fold);
            listener.message(String.format(Locale.ROOT, "fold %d/%d (%s): test accuracy %.2f%%", i + 1, folds.size(),
                    String.join(", ", held), 100 * fold.testAccuracy()));
        }
        double mean = 0, worst = Double.POSITIVE_INFINITY;
        for (double a : perGroup.values()) {
            mean += a;
            worst = Math.min(worst, a);
        }
        mean = perGroup.isEmpty() ? Double.NaN : mean / perGroup.size();
        Result r = new Result(done, perGroup, mean, perGroup.isEmpty() ? Double.NaN : worst, (System.nanoTime() - t0) / 1e9);
        write(r);
        return r;
    }

    private void write(Result r) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", recipe.data().toString());
        o.put("folds_planned", k == 0 ? "leave-one-group-out" : k + " folds");
        o.put("settings", RunConfig.TrainingSettings.of(recipe));
        o.put("model", recipe.model());
        o.put("features", recipe.features());
        o.put("groups", r.groups());
        o.put("mean", r.mean());
        o.put("worst", r.worst());
        o.put("seconds", r.seconds());
        o.put("folds", r.folds());
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(o);
        AtomicFiles.write(recipe.out().resolve("crossval.json"), true, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /** A group name usable as a folder name. */
    static String safe(String group) {
        String s = group.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "group_" + s : s;
    }

    /** The result as a table: one row per group, then the mean and the worst. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %9s%n", "held-out group", "accuracy"));
        r.groups().forEach((g, a) -> sb.append(String.format(Locale.ROOT, "%-16s %8.2f%%%n", g, 100 * a)));
        sb.append(String.format(Locale.ROOT, "%-16s %8.2f%%%n%-16s %8.2f%%%n", "mean", 100 * r.mean(), "worst", 100 * r.worst()));
        return sb.toString();
    }
}
