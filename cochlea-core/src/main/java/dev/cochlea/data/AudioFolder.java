package dev.cochlea.data;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Recordings are the files whose names end in one of {@link Audio#EXTENSIONS} (wav, aiff, au,
 * flac, mp3, ogg, ...; any case). Each one's first bytes are looked at as {@link Audio#read} will:
 * a file that no decoder recognises (a text file named {@code .wav}, an empty file, a FLAC file
 * without the FLAC module) is left out and listed in {@link #skippedFiles()} with the reason.
 *
 * <pre>{@code
 * AudioFolder f = AudioFolder.scan(Path.of("fsdd/recordings"), Pattern.compile("^(\\d+)_"), null);
 * List<String> classes = f.classes();   // ["0", "1", ..., "9"]
 * f.skippedFiles().forEach(s -> System.err.println(s.path() + ": " + s.reason()));
 * }</pre>
 */
public final class AudioFolder {
    /** The default group pattern: the second {@code _}-separated field of the file name. */
    public static final Pattern DEFAULT_GROUP = Pattern.compile("^[^_]+_([^_]+)_");
    private static final Pattern INDEX = Pattern.compile("_(\\d+)\\.[A-Za-z0-9]+$");

    private final Path root;
    private final List<AudioItem> items;
    private final List<String> classes;
    private final List<Skipped> skipped;
    private Path backgroundNoise;
    private String layout = "";

    /**
     * A file left out of a scan and why: its name does not match the label pattern, or its content
     * is not audio that Cochlea reads.
     *
     * <pre>{@code
     * for (AudioFolder.Skipped s : folder.skippedFiles()) System.err.println(s.path() + ": " + s.reason());
     * // data/3/notes.wav: not an audio file Cochlea reads: it starts with bytes 68 65 6c 6c ...
     * }</pre>
     *
     * @param path   the file
     * @param reason why it is left out, e.g. {@code "does not match the label pattern '^(\d+)_'"}
     */
    public record Skipped(Path path, String reason) {}

    private AudioFolder(Path root, List<AudioItem> items, List<String> classes, List<Skipped> skipped) {
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
     * every audio file under root (recursively) is labelled by the pattern's first group, and files
     * the pattern does not match (a stray or hidden file) are left out and listed in
     * {@link #skippedFiles()}, as are files no decoder recognises; it is an error only when no file
     * is left. {@code groupPattern} null means {@link #DEFAULT_GROUP}.
     */
    public static AudioFolder scan(Path root, Pattern labelPattern, Pattern groupPattern) {
        if (Files.isRegularFile(root) && root.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.(csv|tsv)")) {
            return Manifest.read(root).withLayout("manifest " + root.getFileName());
        }
        if (labelPattern == null && Files.isDirectory(root)) {
            AudioFolder known = DatasetLayouts.detect(root);
            if (known != null) return known;
        }
        boolean speechCommands = labelPattern == null && SpeechCommands.isLayout(root);
        if (speechCommands && groupPattern == null) groupPattern = SpeechCommands.GROUP;
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data: " + root + " is not a folder (expected a folder of audio files "
                    + "or of sub-folders named by label)");
        }
        Pattern group = groupPattern == null ? DEFAULT_GROUP : groupPattern;
        if (labelPattern != null) pattern("labelPattern", labelPattern.pattern());
        List<AudioItem> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int unmatched = 0, candidates;
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> audio = files.filter(p -> Files.isRegularFile(p) && Audio.hasAudioExtension(p)).sorted().toList();
            candidates = audio.size();
            for (Path p : audio) {
                String name = p.getFileName().toString();
                String label;
                if (labelPattern != null) {
                    Matcher m = labelPattern.matcher(name);
                    if (!m.find() || m.group(1) == null || m.group(1).isEmpty()) {
                        skipped.add(new Skipped(p, "does not match the label pattern '" + labelPattern.pattern() + "'"));
                        unmatched++;
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
                    if (label.equals(SpeechCommands.NOISE)) {
                        skipped.add(new Skipped(p, "background noise, not a class (used as augmentation noise)"));
                        continue;
                    }
                }
                String problem = unrecognised(p);
                if (problem != null) {
                    skipped.add(new Skipped(p, problem));
                    continue;
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
        if (items.isEmpty() && unmatched == candidates && unmatched > 0) {
            throw new IllegalArgumentException("labelPattern: '" + labelPattern.pattern() + "' matches none of the " + unmatched
                    + " audio files under " + root + " (e.g. " + skipped.get(0).path().getFileName() + "); its first group must capture the label");
        }
        if (items.isEmpty() && !skipped.isEmpty()) {
            Skipped first = skipped.stream().filter(k -> !k.reason().startsWith("does not match")).findFirst().orElse(skipped.get(0));
            throw new IllegalArgumentException("data: no audio file Cochlea reads under " + root + ": all " + skipped.size()
                    + " file(s) with audio names are left out, e.g. " + first.path() + ": " + first.reason());
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("data: no audio files found under " + root + " (expected names ending in "
                    + String.join(", ", Audio.EXTENSIONS.stream().map(e -> "." + e).toList()) + ")");
        }
        if (speechCommands) return SpeechCommands.withLists(root, items, skipped);
        AudioFolder f = of(root, items, skipped);
        Path noise = root.resolve(SpeechCommands.NOISE);
        if (labelPattern == null && Files.isDirectory(noise)) f.backgroundNoise = noise;
        return f;
    }

    /** This folder, described as the data set layout it was read in (for messages). */
    AudioFolder withLayout(String name) {
        this.layout = name;
        return this;
    }

    /** This folder, with {@code dir} as its background-noise recordings. */
    AudioFolder withBackgroundNoise(Path dir) {
        this.backgroundNoise = dir;
        return this;
    }

    /**
     * The layout the recordings were found in: "" for sub-folders or a label pattern, else e.g.
     * "Speech Commands", "ESC-50", "UrbanSound8K", "manifest train.csv".
     */
    public String layout() {
        return layout;
    }

    /** The data set's folder of background-noise recordings (Speech Commands' {@code _background_noise_}), or null. */
    public Path backgroundNoise() {
        return backgroundNoise;
    }

    /** A folder of already-listed recordings (from a manifest or a data set's metadata); classes follow the items. */
    static AudioFolder of(Path root, List<AudioItem> items, List<Skipped> skipped) {
        TreeSet<String> labels = new TreeSet<>(AudioFolder::compareLabels);
        for (AudioItem it : items) labels.add(it.label());
        return new AudioFolder(root, items, new ArrayList<>(labels), skipped);
    }

    /** The take index in a file name ({@code ..._<n>.wav}), or -1. */
    static int takeIndex(Path file) {
        Matcher ix = INDEX.matcher(file.getFileName().toString());
        return ix.find() ? parseIndex(ix.group(1)) : -1;
    }

    /** Why no decoder takes {@code file}, or null when one does (or the file cannot be opened: reading it will say why). */
    static String unrecognised(Path file) {
        try {
            Audio.decoderFor(file);
            return null;
        } catch (AudioFormatException e) {
            String m = e.getMessage(), prefix = file + ": ";
            return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        } catch (IOException e) {
            return null;
        }
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

    /** The audio-named files left out (label pattern not matched, or not audio Cochlea reads), in path order. */
    public List<Path> skipped() {
        return skipped.stream().map(Skipped::path).toList();
    }

    /** The files left out, each with the reason, in path order. */
    public List<Skipped> skippedFiles() {
        return skipped;
    }

    /**
     * A one-paragraph warning listing {@link #skippedFiles()} with their reasons (at most
     * {@code show} of them), or the empty string when none were.
     */
    public String skippedWarning(int show) {
        if (skipped.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("warning: " + skipped.size() + " file(s) under " + root + " are left out:");
        for (int i = 0; i < Math.min(show, skipped.size()); i++) {
            sb.append("\n  ").append(skipped.get(i).path()).append(": ").append(skipped.get(i).reason());
        }
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
