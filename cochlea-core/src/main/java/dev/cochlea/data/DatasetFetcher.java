package dev.cochlea.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Downloads a public data set's archive and extracts what Cochlea reads of it
 * ({@link PublicDataset}: the Free Spoken Digit Dataset by default, Speech Commands, ESC-50,
 * UrbanSound8K). The archive (zip or tar.gz) is downloaded to a temporary file next to the target
 * folder and checked (the data set's published SHA-256 or MD5, or the SHA-256 asked for; a readable
 * archive with the files the layout needs), and only the kept entries are extracted, safely (see
 * {@link ArchiveExtractor}), into the layout {@link AudioFolder} recognises. An existing non-empty
 * folder is refused unless overwriting is asked for. On failure, the temporary file and everything
 * created are removed.
 *
 * <pre>{@code
 * DatasetFetcher.Result r = new DatasetFetcher()
 *         .progress(System.err)
 *         .fetch(Path.of("data/fsdd"));
 * System.out.println(r.recordings() + " recordings in " + r.folder());   // 3000 recordings in data/fsdd/recordings
 * }</pre>
 */
public final class DatasetFetcher {
    /** The datasets known by name. */
    public static final List<String> DATASETS = PublicDataset.names();
    /** Where FSDD's archive is downloaded from by default: the repository's {@code master} branch as a zip. */
    public static final URI FSDD_URL = PublicDataset.FSDD.url();

    static final long MAX_DOWNLOAD_BYTES = 1L << 30;
    static final long MAX_ENTRY_BYTES = PublicDataset.MAX_ENTRY_BYTES;
    static final long MAX_TOTAL_BYTES = 2L << 30;
    static final int MAX_ENTRIES = PublicDataset.MAX_ENTRIES;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * What was fetched.
     *
     * @param folder     the folder to train on ({@code <dir>/recordings} for FSDD, {@code <dir>} for the others)
     * @param recordings how many audio files were extracted
     * @param bytes      the size of the downloaded archive
     * @param sha256     the archive's SHA-256 (lower-case hex), to pin with {@link #sha256(String)}
     */
    public record Result(Path folder, int recordings, long bytes, String sha256) {
    }

    private final PublicDataset dataset;
    private URI url;
    private String sha256;
    private boolean overwrite;
    private DownloadProgress progress = DownloadProgress.lines(null);
    private long maxDownloadBytes;
    private ArchiveExtractor.Limits limits;

    /** A fetcher of FSDD from {@link #FSDD_URL}, without a checksum, refusing to overwrite, silent. */
    public DatasetFetcher() {
        this(PublicDataset.FSDD);
    }

    /** A fetcher of {@code dataset} from its default URL, checked against its published checksum, refusing to overwrite, silent. */
    public DatasetFetcher(PublicDataset dataset) {
        this.dataset = dataset;
        this.url = dataset.url();
        this.maxDownloadBytes = dataset.maxDownloadBytes();
        this.limits = new ArchiveExtractor.Limits(MAX_ENTRY_BYTES, dataset.maxTotalBytes());
    }

    /** Downloads from {@code url} (http or https) instead of the data set's own URL; its published checksum is then not required. */
    public DatasetFetcher url(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url: expected an http or https URL, got '" + url + "'");
        }
        this.url = url;
        return this;
    }

    /**
     * Requires the archive's SHA-256 to be {@code hex} (64 hexadecimal digits, any case);
     * {@code null} checks nothing.
     */
    public DatasetFetcher sha256(String hex) {
        if (hex != null && !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("sha256: expected 64 hexadecimal digits, got '" + hex + "' ("
                    + hex.length() + " characters)");
        }
        this.sha256 = hex == null ? null : hex.toLowerCase(Locale.ROOT);
        return this;
    }

    /** Whether recordings may be written into an existing non-empty folder, replacing files of the same name. */
    public DatasetFetcher overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /** Reports the download's progress on {@code out} (normally {@code System.err}); {@code null} is silent. */
    public DatasetFetcher progress(PrintStream out) {
        this.progress = DownloadProgress.on(out);
        return this;
    }

    /** Smaller limits, for tests. */
    DatasetFetcher limits(long maxDownload, long maxEntry, long maxTotal) {
        this.maxDownloadBytes = maxDownload;
        this.limits = new ArchiveExtractor.Limits(maxEntry, maxTotal);
        return this;
    }

    /**
     * Downloads the archive and extracts what is kept of it into {@code dir}.
     *
     * @throws FileAlreadyExistsException if {@code dir} exists, is not empty and overwriting was not asked for
     * @throws IOException                if the download fails or the archive is not as expected
     */
    public Result fetch(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        checkTarget(dir, target);
        Deque<Path> createdDirs = new ArrayDeque<>();
        List<Path> createdFiles = new ArrayList<>();
        Path parent = target.getParent();
        Path tmp = null;
        boolean ok = false;
        try {
            createDirectories(parent, createdDirs);
            tmp = parent.resolve("." + target.getFileName() + ".download-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + (dataset.tarGz() ? ".tar.gz" : ".zip") + ".tmp");
            Files.createFile(tmp);
            HttpDownload.Result download = new HttpDownload(maxDownloadBytes, progress).download(url, tmp);
            verify(download);
            createDirectories(target, createdDirs);
            ArchiveExtractor x = new ArchiveExtractor(limits, DatasetFetcher::checkContent);
            int n;
            try {
                n = dataset.tarGz() ? TarEntries.extract(tmp, url.toString(), dataset, target, x, overwrite, createdDirs)
                        : extractZip(tmp, target, x, createdDirs);
            } finally {
                createdFiles.addAll(x.created());
            }
            for (String r : dataset.required()) {
                if (!Files.isRegularFile(target.resolve(r))) {
                    throw new IOException("archive from " + url + " lacks " + r + ", which a " + dataset.id() + " folder needs; check url(...)");
                }
            }
            ok = true;
            return new Result(dataset.dataFolder().isEmpty() ? target : target.resolve(dataset.dataFolder()), n, download.bytes(),
                    download.sha256());
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
            if (!ok) cleanUp(createdFiles, createdDirs);
        }
    }

    /** Checks the download against the checksum asked for, else the data set's published one when its own URL was used. */
    private void verify(HttpDownload.Result d) throws IOException {
        String expected = sha256 != null ? sha256 : url.equals(dataset.url()) ? dataset.sha256() : null;
        if (expected != null && !expected.equals(d.sha256())) {
            throw new IOException("archive from " + url + " has SHA-256 " + d.sha256() + " but " + (sha256 != null ? "sha256(...)"
                    : "the published checksum of " + dataset.id()) + " is " + expected
                    + "; it was not extracted (the file may have changed upstream or been damaged)");
        }
        String md5 = sha256 == null && url.equals(dataset.url()) ? dataset.md5() : null;
        if (md5 != null && !md5.equals(d.md5())) {
            throw new IOException("archive from " + url + " has MD5 " + d.md5() + " but the published checksum of " + dataset.id() + " is "
                    + md5 + "; it was not extracted (the file may have changed upstream or been damaged)");
        }
    }

    private void checkTarget(Path given, Path target) throws IOException {
        if (target.getParent() == null) throw new IllegalArgumentException("DIR: expected a folder below the root, got " + given);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new FileAlreadyExistsException(given.toString(), null, "exists and is not a folder (expected a new or empty folder)");
        }
        if (Files.isDirectory(target) && !overwrite) {
            try (Stream<Path> s = Files.list(target)) {
                long entries = s.count();
                if (entries > 0) {
                    throw new FileAlreadyExistsException(given.toString(), null, "exists and is not empty (" + entries
                            + (entries == 1 ? " entry" : " entries") + "); choose a new folder or pass overwrite(true) to replace the recordings in it");
                }
            }
        }
    }

    private int extractZip(Path zipFile, Path target, ArchiveExtractor x, Deque<Path> createdDirs) throws IOException {
        String archive = url.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new IOException("download from " + archive + " is not a readable zip archive ("
                    + e.getMessage() + "); check url(...)", e);
        }
        try (zip) {
            TreeMap<String, ZipEntry> kept = selectEntries(zip, archive);
            int audio = 0;
            for (var e : kept.entrySet()) {
                Path file = target.resolve(e.getKey());
                createDirectories(file.getParent(), createdDirs);
                requireInside(file, target, archive);
                x.extract(zip, e.getValue(), file, overwrite);
                if (isAudio(e.getKey())) audio++;
            }
            return audio;
        }
    }

    /** The kept entries by their path under the target folder, after checking every entry's path. */
    private TreeMap<String, ZipEntry> selectEntries(ZipFile zip, String archive) throws IOException {
        if (zip.size() > MAX_ENTRIES) {
            throw new IOException("archive " + archive + " has " + zip.size() + " entries, more than the limit of "
                    + MAX_ENTRIES + "; refusing to extract it");
        }
        TreeMap<String, ZipEntry> found = new TreeMap<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            ArchiveExtractor.checkName(archive, e.getName());
            if (e.isDirectory()) continue;
            String to = dataset.target(archive, e.getName());
            if (to == null) continue;
            if (found.put(to, e) != null) {
                throw new IOException("archive " + archive + " has two entries for " + to + " (under two top folders?); refusing to extract it");
            }
        }
        if (found.keySet().stream().noneMatch(DatasetFetcher::isAudio)) {
            throw new IOException("archive " + archive + " has no recordings of " + dataset.id() + " (like "
                    + (dataset == PublicDataset.FSDD ? "free-spoken-digit-dataset-master/recordings/0_jackson_0.wav" : "the data set's own layout")
                    + "), found " + zip.size() + " entries without any; check url(...)");
        }
        return found;
    }

    /**
     * Fails unless {@code file}'s folder, links resolved, lies inside {@code target}: with overwriting,
     * an existing folder could hold a link that leads elsewhere.
     */
    static void requireInside(Path file, Path target, String archive) throws IOException {
        Path real = file.getParent().toRealPath();
        if (!real.startsWith(target.toRealPath())) {
            throw new IOException("archive " + archive + ": " + file + " would be written to " + real + ", outside " + target
                    + " (a link in the existing folder); refusing to extract it");
        }
    }

    static boolean isAudio(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    /** WAV entries must start as WAV files; the lists and tables are text. */
    static void checkContent(String entry, byte[] head) throws IOException {
        if (isAudio(entry)) checkWav(entry, head);
    }

    private static void checkWav(String entry, byte[] head) throws IOException {
        boolean riff = head.length >= 12 && (startsWith(head, 0, "RIFF") || startsWith(head, 0, "RF64")) && startsWith(head, 8, "WAVE");
        if (!riff) {
            throw new IOException("archive entry '" + entry + "' is not a WAV file (expected a RIFF/WAVE header, found "
                    + head.length + " bytes starting " + printable(head) + ")");
        }
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        return Arrays.equals(b, at, at + 4, ascii.getBytes(StandardCharsets.US_ASCII), 0, 4);
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < Math.min(12, b.length); i++) sb.append(b[i] >= 32 && b[i] < 127 ? (char) b[i] : '.');
        return sb.append('\'').toString();
    }

    /** Creates {@code dir} and missing parents, remembering the ones created (outermost first). */
    static void createDirectories(Path dir, Deque<Path> created) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) missing.push(p);
        for (Path p : missing) {
            Files.createDirectory(p);
            created.push(p);
        }
    }

    /** Deletes the files created, then the folders created if they are empty (innermost first). */
    private static void cleanUp(List<Path> files, Deque<Path> dirs) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // best effort: the original error matters more
            }
        }
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException ignored) {
                // holds something not ours: keep it
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
