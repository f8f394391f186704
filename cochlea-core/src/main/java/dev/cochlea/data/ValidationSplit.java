package dev.cochlea.data;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the validation set, which chooses checkpoints and stops training early, is carved out of the
 * <em>training</em> part (the test part never chooses anything), parsed from {@code --validation}:
 * <ul>
 *   <li>{@code auto} (default): the data set's own validation list when it has one (Speech
 *       Commands' {@code validation_list.txt}, a manifest's split column); else, when the files carry groups that look like speakers (two or more
 *       groups, and 90 % of the clips in groups that each span at least half of the labels):
 *       speaker-disjoint, whole groups held out (about a tenth of them, chosen by the seed) when the
 *       training part has at least {@value #MIN_GROUPS_TO_HOLD_OUT} groups, and no validation set
 *       below that — with a handful of speakers each one is worth more to training than to
 *       choosing a checkpoint (measured: docs/benchmarks.md), so the averaged last weights are
 *       kept; without such groups, a seeded random tenth of the clips;</li>
 *   <li>{@code group:<name>[,<name>...]}: these groups;</li>
 *   <li>{@code groups:<k>}: k groups chosen by the seed;</li>
 *   <li>{@code random:<fraction>}: a seeded random fraction of the clips (not speaker-disjoint);</li>
 *   <li>{@code none}: no validation set: the last (or averaged) weights are kept.</li>
 * </ul>
 *
 * <pre>{@code
 * ValidationSplit.Parts p = ValidationSplit.parse("auto").apply(trainPart, 0);
 * p.train();        // what the model learns from
 * p.validation();   // held-out groups, e.g. one speaker
 * }</pre>
 */
public sealed interface ValidationSplit {
    /**
     * The two parts of the training data.
     *
     * @param train      what the model learns from
     * @param validation what chooses checkpoints (empty with {@code none})
     * @param groups     the held-out groups, empty when the split is not by group
     */
    record Parts(List<AudioItem> train, List<AudioItem> validation, List<String> groups) {
    }

    /** The fewest speaker-like groups from which {@code auto} holds some out for validation. */
    int MIN_GROUPS_TO_HOLD_OUT = 8;

    /** Divides the training part {@code items}; {@code seed} chooses groups or clips. */
    Parts apply(List<AudioItem> items, long seed);

    /** The option text. */
    String spec();

    /** Parses a {@code --validation} value. */
    static ValidationSplit parse(String spec) {
        if (spec == null) return new Auto();
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("auto")) return new Auto();
        if (lower.equals("none")) return new None();
        if (lower.startsWith("random:")) {
            double f;
            try {
                f = Double.parseDouble(s.substring(7));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("validation: '" + spec + "': expected random:<fraction>, e.g. random:0.1");
            }
            if (!(f > 0 && f < 1)) throw new IllegalArgumentException("validation: '" + spec + "': the fraction must lie strictly between 0 and 1");
            return new Random(f);
        }
        if (lower.startsWith("groups:")) {
            int k;
            try {
                k = Integer.parseInt(s.substring(7).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("validation: '" + spec + "': expected groups:<count>, e.g. groups:1");
            }
            if (k < 1) throw new IllegalArgumentException("validation: '" + spec + "': expected at least 1 group");
            return new Groups(k);
        }
        if (lower.startsWith("group:")) {
            List<String> names = new ArrayList<>();
            for (String n : s.substring(6).split(",")) if (!n.isBlank()) names.add(n.trim());
            if (names.isEmpty()) throw new IllegalArgumentException("validation: '" + spec + "': expected group:<name>[,<name>...]");
            return new Named(List.copyOf(names));
        }
        throw new IllegalArgumentException("validation: '" + spec
                + "' is not a validation split; expected auto, none, group:<name>, groups:<count> or random:<fraction>");
    }

    /** Speaker-disjoint when there are enough speakers, none with few, else a random tenth. */
    record Auto() implements ValidationSplit {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            if (items.stream().anyMatch(it -> it.subset().equals("validation"))) {
                List<AudioItem> train = new java.util.ArrayList<>(), validation = new java.util.ArrayList<>();
                for (AudioItem it : items) (it.subset().equals("validation") ? validation : train).add(it);
                return new Parts(train, validation, List.of());
            }
            if (!speakerLike(items)) return new Random(0.1).apply(items, seed);
            int groups = groupsOf(items).size();
            if (groups < MIN_GROUPS_TO_HOLD_OUT) return new None().apply(items, seed);
            return new Groups(Math.max(1, Math.round(groups / 10f))).apply(items, seed);
        }

        /**
         * Whether the groups look like speakers rather than an accident of file naming: at least two
         * groups, and nearly every clip (90 %) in a group that spans at least half of the labels.
         */
        static boolean speakerLike(List<AudioItem> items) {
            java.util.Map<String, Set<String>> labels = new java.util.HashMap<>();
            java.util.Map<String, Integer> clips = new java.util.HashMap<>();
            Set<String> allLabels = new HashSet<>();
            for (AudioItem it : items) {
                allLabels.add(it.label());
                if (it.group().isEmpty()) continue;
                labels.computeIfAbsent(it.group(), k -> new HashSet<>()).add(it.label());
                clips.merge(it.group(), 1, Integer::sum);
            }
            int need = Math.max(2, (allLabels.size() + 1) / 2), qualified = 0, covered = 0;
            for (java.util.Map.Entry<String, Set<String>> e : labels.entrySet()) {
                if (e.getValue().size() < need) continue;
                qualified++;
                covered += clips.get(e.getKey());
            }
            return qualified >= 2 && covered >= 0.9 * items.size();
        }

        @Override
        public String spec() {
            return "auto";
        }
    }

    /** No validation set. */
    record None() implements ValidationSplit {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            return new Parts(items, List.of(), List.of());
        }

        @Override
        public String spec() {
            return "none";
        }
    }

    /** A seeded random fraction. */
    record Random(double fraction) implements ValidationSplit {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            Split.Parts p = new Split.Random(fraction).apply(items, seed ^ 0x5DEECE66DL);
            return new Parts(p.train(), p.test(), List.of());
        }

        @Override
        public String spec() {
            return "random:" + fraction;
        }
    }

    /** k groups chosen by the seed. */
    record Groups(int count) implements ValidationSplit {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            List<String> groups = new ArrayList<>(groupsOf(items));
            if (groups.size() <= count) {
                throw new IllegalArgumentException("validation groups:" + count + ": the training part has only " + groups.size()
                        + " group(s) " + groups + "; at least one must stay for training (use random:<fraction> or none)");
            }
            long[] perm = Tensor.randperm(new Generator(seed * 31 + 17), groups.size()).toLongArray();
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < count; i++) chosen.add(groups.get((int) perm[i]));
            return new Named(List.copyOf(new TreeSet<>(chosen))).apply(items, seed);
        }

        @Override
        public String spec() {
            return "groups:" + count;
        }
    }

    /** Named groups. */
    record Named(List<String> names) implements ValidationSplit {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            Set<String> wanted = new HashSet<>(names);
            TreeSet<String> all = groupsOf(items);
            for (String n : names) {
                if (!all.contains(n)) {
                    throw new IllegalArgumentException("validation group:" + n + ": no training recording is in group '" + n
                            + "' (groups in the training part: " + all + ")");
                }
            }
            List<AudioItem> train = new ArrayList<>(), val = new ArrayList<>();
            for (AudioItem it : items) (wanted.contains(it.group()) ? val : train).add(it);
            if (train.isEmpty()) throw new IllegalArgumentException("validation " + spec() + ": nothing would be left to train on");
            return new Parts(train, val, names);
        }

        @Override
        public String spec() {
            return "group:" + String.join(",", names);
        }
    }

    private static TreeSet<String> groupsOf(List<AudioItem> items) {
        TreeSet<String> g = new TreeSet<>();
        for (AudioItem it : items) if (!it.group().isEmpty()) g.add(it.group());
        return g;
    }
}
