package dev.cochlea.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Finds labelled recordings in a folder: labels are sub-folder names ({@code root/<label>/*.wav}),
 * or, with a label pattern, the first capture group of a regular expression applied to each file
 * name (for the spoken-digit naming {@code {digit}_{speaker}_{index}.wav}: {@code ^(\d+)_}). Groups
 * (speakers) come from a second pattern, by default the second {@code _}-separated field; take
 * indices from the last numeric field.
 *
 * <pre>{@code
 * AudioFolder f = AudioFolder.scan(Path.of("fsdd/recordings"), Pattern.compile("^(\\d+)_"), null);
 * List<String> classes = f.classes();   // ["0", "1", ..., "9"]
 * }</pre>
 */
public final class AudioFolder {
    /** The default group pattern: the second {@code _}-separated field of the file name. */
    public static final Pattern DEFAULT_GROUP = Pattern.compile("^[^_]+_([^_]+)_");
    private static final Pattern INDEX = Pattern.compile("_(\\d+)\\.[A-Za-z0-9]+$");

    private final Path root;
    private final List<AudioItem> items;
    private final List<String> classes;
    private final List<Path> skipped;

    private AudioFolder(Path root, List<AudioItem> items, List<String> classes, List<Path> skipped) {
        this.root = root;
        this.items = List.copyOf(items);
        this.classes = List.copyOf(classes);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * {@code regex} compiled as the pattern of {@code setting} (e.g. {@code "labelPattern"}): an
     * error names the setting when it is not a regular expression or has no capture group.
     *
     * <pre>{@code
     * Pattern p = AudioFolder.pattern("labelPattern", "^(\\d+)_");
     * }</pre>
     */
    public static Pattern pattern(String setting, String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(setting + ": '" + regex + "' is not a regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + " (expected e.g. '^(\\d+)_')", e);
        }
        if (p.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException(setting + ": '" + regex + "' has no capture group; put parentheses around the part "
                    + "of the file name to use, e.g. '^(\\d+)_'");
        }
        return p;
    }

    /**
     * Scans {@code root}. With {@code labelPattern} null, labels are sub-folder names; otherwise
     * every WAV file under root (recursively) is labelled by the pattern's first group, and files
     * the pattern does not match (a stray or hidden file) are left out and listed in
     * {@link #skipped()}; it is an error only when no file matches. {@code groupPattern} null means
     * {@link #DEFAULT_GROUP}.
     */
    public static AudioFolder scan(Path root, Pattern labelPattern, Pattern groupPattern) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data: " + root + " is not a folder (expected a folder of WAV files "
                    + "or of sub-folders named by label)");
        }
        Pattern group = groupPattern == null ? DEFAULT_GROUP : groupPattern;
        if (labelPattern != null) pattern("labelPattern", labelPattern.pattern());
        List<AudioItem> items = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> wavs = files.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList();
            for (Path p : wavs) {
                String name = p.getFileName().toString();
                String label;
                if (labelPattern != null) {
                    Matcher m = labelPattern.matcher(name);
                    if (!m.find() || m.group(1) == null || m.group(1).isEmpty()) {
                        skipped.add(p);
                        continue;
                    }
                    label = m.group(1);
                } else {
                    Path rel = root.relativize(p);
                    if (rel.getNameCount() < 2) {
                        throw new IllegalArgumentException("data: " + p + " lies directly in " + root
                                + "; put recordings in sub-folders named by label (root/<label>/*.wav) or give labelPattern(...)");
                    }
                    label = rel.getName(0).toString();
                }
                Matcher g = group.matcher(name);
                String grp = g.find() && g.groupCount() >= 1 ? g.group(1) : "";
                Matcher ix = INDEX.matcher(name);
                int index = ix.find() ? parseIndex(ix.group(1)) : -1;
                items.add(new AudioItem(p, label, grp, index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("data: cannot list " + root + ": " + e.getMessage(), e);
        }
        if (items.isEmpty() && !skipped.isEmpty()) {
            throw new IllegalArgumentException("labelPattern: '" + labelPattern.pattern() + "' matches none of the " + skipped.size()
                    + " .wav files under " + root + " (e.g. " + skipped.get(0).getFileName() + "); its first group must capture the label");
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("data: no .wav files found under " + root);
        }
        TreeSet<String> labels = new TreeSet<>(AudioFolder::compareLabels);
        for (AudioItem it : items) labels.add(it.label());
        return new AudioFolder(root, items, new ArrayList<>(labels), skipped);
    }

    private static int parseIndex(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Numeric labels sort as numbers ("2" before "10"), others alphabetically. */
    static int compareLabels(String a, String b) {
        boolean na = a.matches("-?\\d{1,9}"), nb = b.matches("-?\\d{1,9}");
        if (na && nb) return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    }

    /** The folder scanned. */
    public Path root() {
        return root;
    }

    /** All recordings, sorted by path. */
    public List<AudioItem> items() {
        return items;
    }

    /** The .wav files the label pattern did not match, left out, in path order. */
    public List<Path> skipped() {
        return skipped;
    }

    /**
     * A one-paragraph warning listing {@link #skipped()} (at most {@code show} of them), or the
     * empty string when none were.
     */
    public String skippedWarning(int show) {
        if (skipped.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("warning: " + skipped.size() + " .wav file(s) under " + root
                + " do not match the label pattern and are left out:");
        for (int i = 0; i < Math.min(show, skipped.size()); i++) sb.append("\n  ").append(skipped.get(i));
        if (skipped.size() > show) sb.append("\n  ...");
        return sb.toString();
    }

    /** The class names in index order. */
    public List<String> classes() {
        return classes;
    }

    /** The class index of a label. */
    public int classIndex(String label) {
        int i = classes.indexOf(label);
        if (i < 0) throw new IllegalArgumentException("unknown label '" + label + "' (known: " + classes + ")");
        return i;
    }
}
