package dev.cochlea.data;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How recordings are divided into a training and a test part, parsed from the {@code --split}
 * option: {@code official} (the spoken-digit rule: take index 0–4 is test), {@code random:<fraction>}
 * (that fraction is test, seeded), {@code group:<name>[,<name>...]} (those groups, e.g. speakers, are test), or
 * {@code all} (no test part: everything is both).
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
        if (lower.startsWith("group:")) {
            String g = s.substring(6);
            if (g.isEmpty()) throw new IllegalArgumentException("split: '" + spec + "': expected group:<name>, e.g. group:theo");
            return new Group(g);
        }
        throw new IllegalArgumentException("split: '" + spec + "' is not a split; expected official, random:<fraction>, group:<name> or all");
    }

    /** Take index 0–4 is test (the Free Spoken Digit Dataset's rule). */
    record Official() implements Split {
        @Override
        public Parts apply(List<AudioItem> items, long seed) {
            List<AudioItem> train = new ArrayList<>(), test = new ArrayList<>();
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
