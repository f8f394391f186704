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
 * Downloads a dataset archive and extracts its recordings: by default the Free Spoken Digit
 * Dataset (FSDD, CC BY-SA 4.0) from its GitHub repository. The zip is downloaded to a temporary
 * file next to the target folder, checked (a readable zip; the SHA-256 if one is given; WAV files
 * in {@code recordings/} under the archive's top folder), and only {@code recordings/*.wav} is
 * extracted, safely (see {@link ZipExtractor}), into {@code <dir>/recordings/}. An existing
 * non-empty {@code <dir>} is refused unless overwriting is asked for. On failure, the temporary
 * file and everything created are removed.
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
    public static final List<String> DATASETS = List.of("fsdd");
    /** Where FSDD's archive is downloaded from by default: the repository's {@code master} branch as a zip. */
    public static final URI FSDD_URL =
            URI.create("https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/heads/master.zip");

    static final long MAX_DOWNLOAD_BYTES = 1L << 30;
    static final long MAX_ENTRY_BYTES = 64L << 20;
    static final long MAX_TOTAL_BYTES = 2L << 30;
    static final int MAX_ENTRIES = 200_000;
    private static final Pattern RECORDING = Pattern.compile("([^/]+)/recordings/([^/]+\\.[wW][aA][vV])");
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * What was fetched.
     *
     * @param folder     the folder holding the recordings ({@code <dir>/recordings})
     * @param recordings how many WAV files were extracted
     * @param bytes      the size of the downloaded archive
     * @param sha256     the archive's SHA-256 (lower-case hex), to pin with {@link #sha256(String)}
     */
    public record Result(Path folder, int recordings, long bytes, String sha256) {
    }

    private URI url = FSDD_URL;
    private String sha256;
    private boolean overwrite;
    private DownloadProgress progress = DownloadProgress.lines(null);
    private long maxDownloadBytes = MAX_DOWNLOAD_BYTES;
    private ZipExtractor.Limits limits = new ZipExtractor.Limits(MAX_ENTRY_BYTES, MAX_TOTAL_BYTES);

    /** A fetcher of FSDD from {@link #FSDD_URL}, without a checksum, refusing to overwrite, silent. */
    public DatasetFetcher() {
    }

    /** Downloads from {@code url} (http or https) instead of {@link #FSDD_URL}. */
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
        this.limits = new ZipExtractor.Limits(maxEntry, maxTotal);
        return this;
    }

    /**
     * Downloads the archive and extracts its recordings into {@code dir/recordings}.
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
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".zip.tmp");
            Files.createFile(tmp);
            HttpDownload.Result download = new HttpDownload(maxDownloadBytes, progress).download(url, tmp);
            if (sha256 != null && !sha256.equals(download.sha256())) {
                throw new IOException("archive from " + url + " has SHA-256 " + download.sha256()
                        + " but sha256(...) expected " + sha256 + "; it was not extracted (the file may have changed upstream or been damaged)");
            }
            int n = extract(tmp, target, createdDirs, createdFiles);
            ok = true;
            return new Result(target.resolve("recordings"), n, download.bytes(), download.sha256());
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
            if (!ok) cleanUp(createdFiles, createdDirs);
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

    private int extract(Path zipFile, Path target, Deque<Path> createdDirs, List<Path> createdFiles) throws IOException {
        String archive = url.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new IOException("download from " + archive + " is not a readable zip archive ("
                    + e.getMessage() + "); check url(...)", e);
        }
        try (zip) {
            TreeMap<String, ZipEntry> recordings = selectRecordings(zip, archive);
            Path folder = target.resolve("recordings");
            createDirectories(folder, createdDirs);
            ZipExtractor x = new ZipExtractor(limits, DatasetFetcher::checkWav);
            try {
                for (var e : recordings.entrySet()) x.extract(zip, e.getValue(), folder.resolve(e.getKey()), overwrite);
            } finally {
                createdFiles.addAll(x.created());
            }
            return recordings.size();
        }
    }

    /** The {@code <top>/recordings/*.wav} entries by file name, after checking every entry's path. */
    private static TreeMap<String, ZipEntry> selectRecordings(ZipFile zip, String archive) throws IOException {
        if (zip.size() > MAX_ENTRIES) {
            throw new IOException("archive " + archive + " has " + zip.size() + " entries, more than the limit of "
                    + MAX_ENTRIES + "; refusing to extract it");
        }
        TreeMap<String, ZipEntry> found = new TreeMap<>();
        String top = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            ZipExtractor.checkName(archive, e.getName());
            if (e.isDirectory()) continue;
            Matcher m = RECORDING.matcher(e.getName());
            if (!m.matches()) continue;
            if (top != null && !top.equals(m.group(1))) {
                throw new IOException("archive " + archive + " has recordings under two top folders, '" + top + "' and '"
                        + m.group(1) + "' (expected one top folder with recordings/*.wav)");
            }
            top = m.group(1);
            String name = m.group(2);
            if (!SAFE_FILE.matcher(name).matches()) {
                throw new IOException("archive " + archive + " has a recording with an unexpected file name '" + e.getName()
                        + "' (expected letters, digits, '.', '_' or '-'); refusing to extract it");
            }
            found.put(name, e);
        }
        if (found.isEmpty()) {
            throw new IOException("archive " + archive + " has no recordings: expected WAV files in recordings/ under its top folder "
                    + "(like free-spoken-digit-dataset-master/recordings/0_jackson_0.wav), found " + zip.size()
                    + " entries without any; check url(...)");
        }
        return found;
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
    private static void createDirectories(Path dir, Deque<Path> created) throws IOException {
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
