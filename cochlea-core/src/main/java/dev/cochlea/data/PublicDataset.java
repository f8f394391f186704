package dev.cochlea.data;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public data sets {@code ./cochlea datasets fetch} knows: where each archive is, its published
 * checksum where one is pinned, which of its entries are kept and where they go (the layout
 * {@link AudioFolder} recognises), the files that must be there, and the limits that bound the
 * download and what it expands to.
 *
 * <pre>{@code
 * PublicDataset d = PublicDataset.byName("speechcommands");
 * new DatasetFetcher(d).progress(System.err).fetch(Path.of("data/speech_commands"));
 * }</pre>
 */
public enum PublicDataset {
    /** The Free Spoken Digit Dataset (CC BY-SA 4.0): {@code recordings/*.wav}, 8 kHz. */
    FSDD("fsdd", "https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/heads/master.zip", null, null, false,
            "Free Spoken Digit Dataset, CC BY-SA 4.0: https://github.com/Jakobovski/free-spoken-digit-dataset",
            List.of(rule("[^/]+/recordings/([^/]+\\.wav)", "recordings/$1")), List.of(), 1L << 30, 2L << 30, "recordings"),
    /** Google Speech Commands v0.02 (CC BY 4.0): 105,829 one-second 16 kHz words, lists, background noise. */
    SPEECH_COMMANDS("speechcommands", "https://storage.googleapis.com/download.tensorflow.org/data/speech_commands_v0.02.tar.gz",
            "af14739ee7dc311471de98f5f9d2c9191b18aedfe957f4a6ff791c709868ff58", null, true,
            "Speech Commands v0.02 (Warden 2018), CC BY 4.0: https://arxiv.org/abs/1804.03209",
            List.of(rule("([^/]+)/([^/]+\\.wav)", "$1/$2"), rule("(testing_list\\.txt|validation_list\\.txt|LICENSE|README\\.md)", "$1")),
            List.of("testing_list.txt", "validation_list.txt"), 3L << 30, 4L << 30, ""),
    /** ESC-50 (CC BY-NC 3.0): 2,000 five-second environmental sounds, 50 classes, 5 folds. */
    ESC50("esc50", "https://github.com/karolpiczak/ESC-50/archive/refs/heads/master.zip", null, null, false,
            "ESC-50 (Piczak 2015), CC BY-NC 3.0: https://github.com/karolpiczak/ESC-50",
            List.of(rule("[^/]+/audio/([^/]+\\.wav)", "audio/$1"), rule("[^/]+/meta/(esc50\\.csv)", "meta/$1")),
            List.of("meta/esc50.csv"), 2L << 30, 2L << 30, ""),
    /** UrbanSound8K (CC BY-NC 3.0): 8,732 urban sounds up to 4 s, 10 classes, 10 folds. */
    URBANSOUND8K("urbansound8k", "https://zenodo.org/records/1203745/files/UrbanSound8K.tar.gz", null,
            "9aa69802bbf37fb986f71ec1483a196e", true,
            "UrbanSound8K (Salamon, Jacoby and Bello 2014), CC BY-NC 3.0: https://urbansounddataset.weebly.com/urbansound8k.html",
            List.of(rule("[^/]+/audio/(fold[0-9]+)/([^/]+\\.wav)", "audio/$1/$2"), rule("[^/]+/metadata/(UrbanSound8K\\.csv)", "metadata/$1")),
            List.of("metadata/UrbanSound8K.csv"), 7L << 30, 8L << 30, "");

    /** The most bytes one extracted file may hold. */
    static final long MAX_ENTRY_BYTES = 64L << 20;
    /** The most entries an archive may have. */
    static final int MAX_ENTRIES = 200_000;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");

    /** Which entries to keep: a whole entry name matched, and where it goes under the target folder. */
    record Rule(Pattern entry, String target) {
    }

    private final String name;
    private final URI url;
    private final String sha256;
    private final String md5;
    private final boolean tarGz;
    private final String credit;
    private final List<Rule> rules;
    private final List<String> required;
    private final long maxDownloadBytes;
    private final long maxTotalBytes;
    private final String dataFolder;

    PublicDataset(String name, String url, String sha256, String md5, boolean tarGz, String credit, List<Rule> rules, List<String> required,
                  long maxDownloadBytes, long maxTotalBytes, String dataFolder) {
        this.name = name;
        this.url = URI.create(url);
        this.sha256 = sha256;
        this.md5 = md5;
        this.tarGz = tarGz;
        this.credit = credit;
        this.rules = rules;
        this.required = required;
        this.maxDownloadBytes = maxDownloadBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.dataFolder = dataFolder;
    }

    private static Rule rule(String entry, String target) {
        return new Rule(Pattern.compile(entry, Pattern.CASE_INSENSITIVE), target);
    }

    /** The names {@link #byName} takes. */
    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(d -> d.name).toList();
    }

    /** The data set called {@code name} (fsdd, speechcommands, esc50, urbansound8k; any case). */
    public static PublicDataset byName(String name) {
        for (PublicDataset d : values()) if (d.name.equals(name.toLowerCase(Locale.ROOT))) return d;
        throw new IllegalArgumentException("NAME: unknown dataset '" + name + "' (expected one of " + names() + ")");
    }

    /** The name on the command line. */
    public String id() {
        return name;
    }

    /** Where the archive is downloaded from by default. */
    public URI url() {
        return url;
    }

    /** The archive's published SHA-256, or null when none is pinned (a branch archive changes). */
    public String sha256() {
        return sha256;
    }

    /** The archive's published MD5, or null. */
    public String md5() {
        return md5;
    }

    /** Whether the archive is a gzip-compressed tar (else a zip). */
    public boolean tarGz() {
        return tarGz;
    }

    /** Authors, licence and home page, to print after fetching. */
    public String credit() {
        return credit;
    }

    /** The files that must be among those extracted (paths under the target folder). */
    public List<String> required() {
        return required;
    }

    /** The sub-folder of the target that holds the data to train on ("" for the target itself). */
    public String dataFolder() {
        return dataFolder;
    }

    long maxDownloadBytes() {
        return maxDownloadBytes;
    }

    long maxTotalBytes() {
        return maxTotalBytes;
    }

    /**
     * Where archive entry {@code entry} goes under the target folder ({@code /}-separated), or null
     * when it is not kept; an entry that would be kept under a name outside plain letters, digits,
     * {@code . _ -} is an error (so nothing odd lands on disk).
     */
    String target(String archive, String entry) throws java.io.IOException {
        String e = entry.startsWith("./") ? entry.substring(2) : entry;
        for (Rule r : rules) {
            Matcher m = r.entry().matcher(e);
            if (!m.matches()) continue;
            String out = m.replaceFirst(r.target());
            for (String seg : out.split("/")) {
                if (!SEGMENT.matcher(seg).matches() || seg.equals("..")) {
                    throw new java.io.IOException("archive " + archive + " has an entry with an unexpected file name '" + entry
                            + "' (expected letters, digits, '.', '_' or '-'); refusing to extract it");
                }
            }
            return out;
        }
        return null;
    }
}
