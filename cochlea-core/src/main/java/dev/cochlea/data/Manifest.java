package dev.cochlea.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recordings listed in a CSV or TSV file whose header names the columns: {@code path} (also
 * {@code file}, {@code filename}), {@code label} (also {@code class}, {@code category}), and
 * optionally {@code group} ({@code speaker}), {@code fold} (a number) and {@code split}
 * ({@code train}, {@code validation}/{@code val}/{@code dev}, {@code test}). Relative paths are
 * relative to the manifest's folder. Listed files that are missing or are not audio are left out
 * and listed with the line that named them; rows without a label are left out too.
 *
 * <pre>{@code
 * // path,label,group,fold
 * // clips/a.wav,yes,spk1,1
 * AudioFolder f = Manifest.read(Path.of("data/train.csv"));
 * }</pre>
 */
public final class Manifest {
    /**
     * The header names to look for, each list in order of preference (matched without case).
     *
     * @param path  the audio file column
     * @param label the class column
     * @param group the group (speaker, source recording) column, optional
     * @param fold  the fold column, optional
     * @param split the split column, optional
     */
    public record Columns(List<String> path, List<String> label, List<String> group, List<String> fold, List<String> split) {
        /** The names {@link Manifest#read(Path)} accepts. */
        public static final Columns DEFAULT = new Columns(List.of("path", "file", "filename", "file_name"),
                List.of("label", "class", "category"), List.of("group", "speaker"), List.of("fold"), List.of("split", "subset"));
    }

    /** Where the file a row names lies: {@code base} joined with the path column, by default. */
    @FunctionalInterface
    public interface Locator {
        /** The file of a row whose path column holds {@code path} and fold column {@code fold} (-1 if none). */
        Path locate(Path base, String path, int fold);
    }

    private Manifest() {}

    /** The recordings listed in {@code file}, with the default column names. */
    public static AudioFolder read(Path file) {
        return read(file, file.toAbsolutePath().getParent(), Columns.DEFAULT, (base, p, fold) -> base.resolve(p), "manifest " + file);
    }

    /**
     * The recordings listed in {@code file} with the given columns; {@code what} names the file in
     * messages ("ESC-50 metadata meta/esc50.csv").
     */
    public static AudioFolder read(Path file, Path base, Columns columns, Locator locator, String what) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("data: " + what + ": not a file");
        char separator = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<AudioItem> items = new ArrayList<>();
        List<AudioFolder.Skipped> skipped = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = new CsvMapper()
                     // A short row still names every column (else a short first row would hide the columns it lacks).
                     .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.INSERT_NULLS_FOR_MISSING_COLUMNS)
                     .readerForMapOf(String.class).with(schema).readValues(in)) {
            String pathCol = null, labelCol = null, groupCol = null, foldCol = null, splitCol = null;
            boolean first = true;
            long line = 1;
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                line++;
                if (first) {
                    first = false;
                    List<String> header = new ArrayList<>(row.keySet());
                    pathCol = column(header, columns.path(), what, "path", true);
                    labelCol = column(header, columns.label(), what, "label", true);
                    groupCol = column(header, columns.group(), what, "group", false);
                    foldCol = column(header, columns.fold(), what, "fold", false);
                    splitCol = column(header, columns.split(), what, "split", false);
                }
                String rel = value(row, pathCol), label = value(row, labelCol);
                if (rel.isEmpty()) {
                    skipped.add(new AudioFolder.Skipped(file, "line " + line + ": no path"));
                    continue;
                }
                int fold = -1;
                String f = value(row, foldCol);
                if (!f.isEmpty()) {
                    try {
                        fold = Integer.parseInt(f);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("data: " + what + " line " + line + ": fold '" + f + "' is not a whole number");
                    }
                    if (fold < 0) throw new IllegalArgumentException("data: " + what + " line " + line + ": fold " + fold + " is negative");
                }
                String subset = subset(value(row, splitCol), what, line);
                Path p;
                try {
                    p = locator.locate(base, rel, fold);
                } catch (InvalidPathException e) {
                    skipped.add(new AudioFolder.Skipped(file, "line " + line + ": '" + rel + "' is not a path (" + e.getReason() + ")"));
                    continue;
                }
                if (label.isEmpty()) {
                    skipped.add(new AudioFolder.Skipped(p, "listed on line " + line + " of " + what + " without a label"));
                    continue;
                }
                if (!Files.isRegularFile(p)) {
                    skipped.add(new AudioFolder.Skipped(p, "listed on line " + line + " of " + what + " but not found"));
                    continue;
                }
                String problem = AudioFolder.unrecognised(p);
                if (problem != null) {
                    skipped.add(new AudioFolder.Skipped(p, problem));
                    continue;
                }
                items.add(new AudioItem(p, label, value(row, groupCol), AudioFolder.takeIndex(p), fold, subset));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("data: " + what + ": cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) throw e;
            throw new IllegalArgumentException("data: " + what + ": not a readable CSV/TSV manifest: " + e.getMessage(), e);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("data: " + what + " lists no usable recording" + (skipped.isEmpty() ? ""
                    : " (" + skipped.size() + " left out, e.g. " + skipped.get(0).path() + ": " + skipped.get(0).reason() + ")"));
        }
        return AudioFolder.of(base, items, skipped);
    }

    private static String column(List<String> header, List<String> names, String what, String role, boolean required) {
        for (String n : names) {
            for (String h : header) {
                if (h.replace("\uFEFF", "").trim().equalsIgnoreCase(n)) return h;
            }
        }
        if (!required) return null;
        throw new IllegalArgumentException("data: " + what + ": no " + role + " column (expected a header naming one of " + names
                + "; found " + header + ")");
    }

    private static String value(Map<String, String> row, String column) {
        if (column == null) return "";
        String v = row.get(column);
        return v == null ? "" : v.trim();
    }

    private static String subset(String v, String what, long line) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "" -> "";
            case "train", "training" -> "train";
            case "validation", "valid", "val", "dev" -> "validation";
            case "test", "testing", "eval" -> "test";
            default -> throw new IllegalArgumentException("data: " + what + " line " + line + ": split '" + v
                    + "' is not one of train, validation (val, dev) or test");
        };
    }
}
