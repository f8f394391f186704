package dev.cochlea.data;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How recordings are divided into a training and a test part, parsed from the {@code --split}
 * option: {@code official} (the data set's own test list when it has one, as Speech Commands'
 * {@code testing_list.txt} or a manifest's split column; otherwise the spoken-digit rule: take index
 * 0–4 is test), {@code random:<fraction>} (that fraction is test, seeded), {@code group:<name>[,<name>...]}
 * (those groups, e.g. speakers, are test), {@code fold:<n>[,<n>...]} (those folds of ESC-50,
 * UrbanSound8K or a manifest's fold column are test), or {@code all} (no test part: everything is both).
 *
 * <pre>{@code
 * Split.Parts p = Split.parse("group:theo").apply(folder.items(), 0);
 * }</pre>
 */
public sealed interface Split {
    /** The two parts; with {@code all}, both are everything. */
    record Parts(List<AudioItem> train, List<AudioItem> test) {
    }

    /** Divides {@code items}; {@code seed} drives {@code random:} splits. */
    Parts apply(List<AudioItem> items, long seed);

    /** The option text that gives this split. */
    String spec();

    /** Parses a {@code --split} value. */
    static Split parse(String spec) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("official")) return new Official();
        if (lower.equals("all")) return new All();
        if (lower.startsWith("random:")) {
            double f;
            try {
                f = Double.parseDouble(s.substring(7));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("split: '" + spec + "': expected random:<fraction> with a number, e.g. random:0.2");
            }
            if (!(f > 0 && f < 1)) throw new IllegalArgumentException("split: '" + spec + "': the test fraction must lie strictly between 0 and 1");
            return new Random(f);
        }
        if (lower.startsWith("fold:")) {
            List<Integer> folds = new ArrayList<>();
            for (String f : s.substring(5).split(",")) {
                try {
                    folds.add(Integer.parseInt(f.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("split: '" + spec + "': expected fold:<number>[,<number>...], e.g. fold:1");
                }
            }
            return new Fold(List.copyOf(folds));
        }
        if (lower.startsWith("group:")) {
            String g = s.substring(6);
            if (g.isEmpty()) throw new IllegalArgumentException("split: '" + spec + "': expected group:<name>, e.g. group:theo");
            return new Group(g);
        }
        throw new IllegalArgumentException("split: '" + spec + "' is not a split; expected official, random:<fraction>, group:<name>, fold:<n> or all");
    }

    /** The data set's own test list, or take index 0–4 is test (the Free Spoken Digit Dataset's rule). */
    record Official() implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            List<AudioItem> train = new ArrayList<>(), test = new ArrayList<>();
            if (items.stream().anyMatch(it -> !it.subset().isEmpty())) {
                for (AudioItem it : items) (it.subset().equals("test") ? test : train).add(it);
                return new Parts(train, test);
            }
            for (AudioItem it : items) {
                if (it.index() < 0) {
                    throw new IllegalArgumentException("split official: file " + it.path()
                            + " has no take index (expected names like {digit}_{speaker}_{index}.wav)");
                }
                (it.index() <= 4 ? test : train).add(it);
            }
            return new Parts(train, test);
        }

        @Override
        public String spec() {
            return "official";
        }
    }

    /** A seeded random fraction is test. */
    record Random(double testFraction) implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            long[] perm = Tensor.randperm(new Generator(seed), items.size()).toLongArray();
            int nTest = (int) Math.round(items.size() * testFraction);
            boolean[] isTest = new boolean[items.size()];
            for (int i = 0; i < nTest; i++) isTest[(int) perm[i]] = true;
            List<AudioItem> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) (isTest[i] ? test : train).add(items.get(i));
            return new Parts(train, test);
        }

        @Override
        public String spec() {
            return "random:" + testFraction;
        }
    }

    /** One group, or several separated by commas, is held out. */
    record Group(String name) implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            java.util.Set<String> held = new java.util.LinkedHashSet<>();
            for (String n : name.split(",")) if (!n.isBlank()) held.add(n.trim());
            List<AudioItem> train = new ArrayList<>(), test = new ArrayList<>();
            java.util.TreeSet<String> groups = new java.util.TreeSet<>();
            for (AudioItem it : items) {
                groups.add(it.group());
                (held.contains(it.group()) ? test : train).add(it);
            }
            for (String h : held) {
                if (!groups.contains(h)) {
                    throw new IllegalArgumentException("split group:" + name + ": no recording is in group '" + h
                            + "' (groups found: " + groups + "; set groupPattern(...) to change how groups are read)");
                }
            }
            return new Parts(train, test);
        }

        @Override
        public String spec() {
            return "group:" + name;
        }
    }

    /** The recordings of the given folds are test. */
    record Fold(List<Integer> folds) implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            List<AudioItem> train = new ArrayList<>(), test = new ArrayList<>();
            java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
            for (AudioItem it : items) {
                if (it.fold() < 0) {
                    throw new IllegalArgumentException("split " + spec() + ": " + it.path() + " has no fold (folds come from ESC-50's and "
                            + "UrbanSound8K's metadata, or a manifest's fold column)");
                }
                found.add(it.fold());
                (folds.contains(it.fold()) ? test : train).add(it);
            }
            for (int f : folds) {
                if (!found.contains(f)) throw new IllegalArgumentException("split " + spec() + ": no recording is in fold " + f + " (folds found: " + found + ")");
            }
            return new Parts(train, test);
        }

        @Override
        public String spec() {
            StringBuilder sb = new StringBuilder("fold:");
            for (int i = 0; i < folds.size(); i++) sb.append(i > 0 ? "," : "").append(folds.get(i));
            return sb.toString();
        }
    }

    /** No split. */
    record All() implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            return new Parts(items, items);
        }

        @Override
        public String spec() {
            return "all";
        }
    }
}
