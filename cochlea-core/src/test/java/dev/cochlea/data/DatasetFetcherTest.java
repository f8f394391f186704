package dev.cochlea.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Serves archives from a local HTTP server on 127.0.0.1 (an ephemeral port); no other traffic. */
class DatasetFetcherTest {
    static final String TOP = "free-spoken-digit-dataset-master/";

    @TempDir
    Path tmp;

    HttpServer server;
    ExecutorService executor;
    final Map<String, byte[]> routes = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                if (path.equals("/moved")) {
                    ex.getResponseHeaders().add("Location", "/fsdd.zip");
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                byte[] body = routes.get(path);
                if (body == null) {
                    byte[] msg = "Not Found".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(404, msg.length);
                    ex.getResponseBody().write(msg);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** A 16-bit mono PCM WAV file of {@code n} samples at 8 kHz. */
    static byte[] wav(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++) b.putShort((short) ((i * 37 + seed * 1000) % 2000 - 1000));
        return b.array();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> fsddEntries() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(TOP, null);
        m.put(TOP + "README.md", "# FSDD\n".getBytes(StandardCharsets.UTF_8));
        m.put(TOP + "recordings/", null);
        m.put(TOP + "recordings/0_a_0.wav", wav(100, 0));
        m.put(TOP + "recordings/1_a_0.wav", wav(120, 1));
        m.put(TOP + "recordings/2_b_3.wav", wav(80, 2));
        m.put(TOP + "utils/example.wav", wav(10, 3));
        return m;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    List<String> listTmp() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void extractsOnlyRecordings() throws Exception {
        byte[] archive = zip(fsddEntries());
        routes.put("/fsdd.zip", archive);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path dir = tmp.resolve("data/fsdd");
        DatasetFetcher.Result r = new DatasetFetcher().url(url("/fsdd.zip")).sha256(sha256(archive).toUpperCase())
                .progress(new PrintStream(progress, true, StandardCharsets.UTF_8)).fetch(dir);

        assertEquals(3, r.recordings());
        assertEquals(archive.length, r.bytes());
        assertEquals(sha256(archive), r.sha256());
        assertEquals(dir.toAbsolutePath().resolve("recordings"), r.folder());
        assertEquals(List.of("data", "data/fsdd", "data/fsdd/recordings", "data/fsdd/recordings/0_a_0.wav",
                "data/fsdd/recordings/1_a_0.wav", "data/fsdd/recordings/2_b_3.wav"), listTmp());
        assertArrayEquals(wav(120, 1), Files.readAllBytes(dir.resolve("recordings/1_a_0.wav")));
        String p = progress.toString(StandardCharsets.UTF_8);
        assertTrue(p.contains("downloading " + url("/fsdd.zip")), p);
        assertTrue(p.contains(DownloadProgress.size(archive.length) + " downloaded"), p);
    }

    @Test
    void followsRedirects() throws Exception {
        routes.put("/fsdd.zip", zip(fsddEntries()));
        DatasetFetcher.Result r = new DatasetFetcher().url(url("/moved")).fetch(tmp.resolve("fsdd"));
        assertEquals(3, r.recordings());
    }

    @Test
    void sha256MismatchLeavesNothing() throws Exception {
        byte[] archive = zip(fsddEntries());
        routes.put("/fsdd.zip", archive);
        String wrong = "0".repeat(64);
        IOException e = assertThrows(IOException.class,
                () -> new DatasetFetcher().url(url("/fsdd.zip")).sha256(wrong).fetch(tmp.resolve("a/fsdd")));
        assertTrue(e.getMessage().contains(sha256(archive)) && e.getMessage().contains(wrong), e.getMessage());
        assertEquals(List.of(), listTmp());
    }

    @Test
    void badSha256Argument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetFetcher().sha256("abc"));
        assertTrue(e.getMessage().contains("sha256:") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void notFoundNamesUrlAndStatus() throws IOException {
        URI missing = url("/nope.zip");
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(missing).fetch(tmp.resolve("fsdd")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), listTmp());
    }

    @Test
    void refusesZipWithoutRecordings() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(TOP + "README.md", "hello".getBytes(StandardCharsets.UTF_8));
        m.put(TOP + "audio/0_a_0.wav", wav(10, 0));
        m.put("recordings/0_a_0.wav", wav(10, 0));   // not under a top folder
        routes.put("/empty.zip", zip(m));
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/empty.zip")).fetch(tmp.resolve("fsdd")));
        assertTrue(e.getMessage().contains("no recordings") && e.getMessage().contains("recordings/"), e.getMessage());
        assertEquals(List.of(), listTmp());
    }

    @Test
    void refusesSomethingThatIsNotAZip() {
        routes.put("/page.zip", "<html>hello</html>".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/page.zip")).fetch(tmp.resolve("fsdd")));
        assertTrue(e.getMessage().contains("not a readable zip") && e.getMessage().contains("/page.zip"), e.getMessage());
    }

    @Test
    void rejectsZipSlip() throws IOException {
        Map<String, byte[]> m = fsddEntries();
        m.put(TOP + "recordings/../../../evil.wav", wav(10, 0));
        routes.put("/slip.zip", zip(m));
        Path dir = tmp.resolve("deep/er/fsdd");
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/slip.zip")).fetch(dir));
        assertTrue(e.getMessage().contains("unsafe entry path") && e.getMessage().contains("evil.wav"), e.getMessage());
        assertEquals(List.of(), listTmp());
        assertFalse(Files.exists(tmp.resolve("evil.wav")));
    }

    @Test
    void rejectsAbsoluteEntry() throws IOException {
        Map<String, byte[]> m = fsddEntries();
        m.put("/etc/evil.wav", wav(10, 0));
        routes.put("/abs.zip", zip(m));
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/abs.zip")).fetch(tmp.resolve("fsdd")));
        assertTrue(e.getMessage().contains("unsafe entry path"), e.getMessage());
    }

    @Test
    void refusesRecordingThatIsNotWavAndCleansUp() throws IOException {
        Map<String, byte[]> m = fsddEntries();
        m.put(TOP + "recordings/9_z_9.wav", "not a wav at all".getBytes(StandardCharsets.UTF_8));
        routes.put("/bad.zip", zip(m));
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/bad.zip")).fetch(tmp.resolve("fsdd")));
        assertTrue(e.getMessage().contains("9_z_9.wav") && e.getMessage().contains("not a WAV"), e.getMessage());
        assertEquals(List.of(), listTmp(), "recordings extracted before the failure are removed");
    }

    @Test
    void limitsEntryAndDownloadSize() throws IOException {
        byte[] archive = zip(fsddEntries());
        routes.put("/fsdd.zip", archive);
        IOException entry = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/fsdd.zip"))
                .limits(1 << 20, 200, 1 << 20).fetch(tmp.resolve("fsdd")));
        assertTrue(entry.getMessage().contains("more than 200 bytes"), entry.getMessage());
        IOException total = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/fsdd.zip"))
                .limits(1 << 20, 1 << 20, 300).fetch(tmp.resolve("fsdd")));
        assertTrue(total.getMessage().contains("all files together"), total.getMessage());
        IOException download = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/fsdd.zip"))
                .limits(100, 1 << 20, 1 << 20).fetch(tmp.resolve("fsdd")));
        assertTrue(download.getMessage().contains("limit"), download.getMessage());
        assertEquals(List.of(), listTmp());
    }

    @Test
    void refusesNonEmptyFolderUnlessOverwrite() throws Exception {
        routes.put("/fsdd.zip", zip(fsddEntries()));
        Path dir = tmp.resolve("fsdd");
        Files.createDirectories(dir.resolve("recordings"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.write(dir.resolve("recordings/0_a_0.wav"), new byte[] {1, 2, 3});

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> new DatasetFetcher().url(url("/fsdd.zip")).fetch(dir));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("overwrite(true)"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("recordings/0_a_0.wav")));
        assertEquals(List.of("fsdd", "fsdd/notes.txt", "fsdd/recordings", "fsdd/recordings/0_a_0.wav"), listTmp());

        DatasetFetcher.Result r = new DatasetFetcher().url(url("/fsdd.zip")).overwrite(true).fetch(dir);
        assertEquals(3, r.recordings());
        assertArrayEquals(wav(100, 0), Files.readAllBytes(dir.resolve("recordings/0_a_0.wav")));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void emptyExistingFolderIsFine() throws Exception {
        routes.put("/fsdd.zip", zip(fsddEntries()));
        Path dir = Files.createDirectories(tmp.resolve("fsdd"));
        assertEquals(3, new DatasetFetcher().url(url("/fsdd.zip")).fetch(dir).recordings());
    }

    /** A gzip-compressed tar of {@code entries}; a null value is a folder, a value starting "->" a symbolic link to the rest. */
    static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(bytes))) {
            tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                byte[] v = e.getValue();
                org.apache.commons.compress.archivers.tar.TarArchiveEntry t;
                if (v != null && new String(v, StandardCharsets.ISO_8859_1).startsWith("->")) {
                    t = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey(),
                            org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
                    t.setLinkName(new String(v, 2, v.length - 2, StandardCharsets.ISO_8859_1));
                    tar.putArchiveEntry(t);
                } else {
                    t = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
                    if (v != null) t.setSize(v.length);
                    tar.putArchiveEntry(t);
                    if (v != null) tar.write(v);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> speechCommandsEntries() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("./", null);
        m.put("./yes/", null);
        m.put("./yes/0a7c2a8d_nohash_0.wav", wav(160, 1));
        m.put("./yes/0b09edd3_nohash_0.wav", wav(160, 2));
        m.put("./no/0a7c2a8d_nohash_0.wav", wav(160, 3));
        m.put("./no/0c40e715_nohash_1.wav", wav(160, 4));
        m.put("./_background_noise_/white_noise.wav", wav(800, 5));
        m.put("./_background_noise_/README.md", "noise\n".getBytes(StandardCharsets.UTF_8));
        m.put("./testing_list.txt", "yes/0a7c2a8d_nohash_0.wav\n".getBytes(StandardCharsets.UTF_8));
        m.put("./validation_list.txt", "no/0c40e715_nohash_1.wav\n".getBytes(StandardCharsets.UTF_8));
        m.put("./LICENSE", "CC BY 4.0\n".getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void speechCommandsIsExtractedFromItsTarIntoTheLayoutTrainingReads() throws Exception {
        routes.put("/sc.tar.gz", tarGz(speechCommandsEntries()));
        Path dir = tmp.resolve("sc");
        DatasetFetcher.Result r = new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/sc.tar.gz")).fetch(dir);
        assertEquals(5, r.recordings());
        assertEquals(dir.toAbsolutePath(), r.folder());
        assertEquals(List.of("sc", "sc/LICENSE", "sc/_background_noise_", "sc/_background_noise_/white_noise.wav", "sc/no",
                "sc/no/0a7c2a8d_nohash_0.wav", "sc/no/0c40e715_nohash_1.wav", "sc/testing_list.txt", "sc/validation_list.txt", "sc/yes",
                "sc/yes/0a7c2a8d_nohash_0.wav", "sc/yes/0b09edd3_nohash_0.wav"), listTmp());
        AudioFolder f = AudioFolder.scan(dir, null, null);
        assertEquals("Speech Commands", f.layout());
        assertEquals(List.of("no", "yes"), f.classes());
    }

    @Test
    void urbanSound8kAndEsc50AreExtractedWithTheirMetadata() throws Exception {
        Map<String, byte[]> us = new LinkedHashMap<>();
        us.put("UrbanSound8K/audio/fold1/101-0-0-0.wav", wav(100, 1));
        us.put("UrbanSound8K/audio/fold2/102-1-0-0.wav", wav(100, 2));
        us.put("UrbanSound8K/audio/fold1/.DS_Store", new byte[] {0});
        us.put("UrbanSound8K/metadata/UrbanSound8K.csv", ("slice_file_name,fsID,start,end,salience,fold,classID,class\n"
                + "101-0-0-0.wav,101,0,1,1,1,0,air_conditioner\n102-1-0-0.wav,102,0,1,1,2,1,car_horn\n").getBytes(StandardCharsets.UTF_8));
        us.put("UrbanSound8K/UrbanSound8K_README.txt", "readme".getBytes(StandardCharsets.UTF_8));
        routes.put("/us.tar.gz", tarGz(us));
        DatasetFetcher.Result r = new DatasetFetcher(PublicDataset.URBANSOUND8K).url(url("/us.tar.gz")).fetch(tmp.resolve("us"));
        assertEquals(2, r.recordings());
        AudioFolder u = AudioFolder.scan(tmp.resolve("us"), null, null);
        assertEquals("UrbanSound8K", u.layout());
        assertEquals(List.of(1, 2), u.items().stream().map(AudioItem::fold).toList());

        Map<String, byte[]> esc = new LinkedHashMap<>();
        esc.put("ESC-50-master/audio/1-100038-A-14.wav", wav(100, 3));
        esc.put("ESC-50-master/audio/2-100648-A-43.wav", wav(100, 4));
        esc.put("ESC-50-master/meta/esc50.csv", ("filename,fold,target,category,esc10,src_file,take\n"
                + "1-100038-A-14.wav,1,14,chirping_birds,False,100038,A\n2-100648-A-43.wav,2,43,chirping_birds,False,100648,A\n")
                .getBytes(StandardCharsets.UTF_8));
        esc.put("ESC-50-master/README.md", "readme".getBytes(StandardCharsets.UTF_8));
        routes.put("/esc.zip", zip(esc));
        new DatasetFetcher(PublicDataset.ESC50).url(url("/esc.zip")).fetch(tmp.resolve("esc"));
        AudioFolder e = AudioFolder.scan(tmp.resolve("esc"), null, null);
        assertEquals("ESC-50", e.layout());
        assertEquals(2, e.items().size());
    }

    @Test
    void hostileTarsAreRefusedAndLeaveNothing() throws Exception {
        Map<String, byte[]> slip = speechCommandsEntries();
        slip.put("./yes/../../evil.wav", wav(10, 9));
        routes.put("/slip.tar.gz", tarGz(slip));
        IOException e = assertThrows(IOException.class,
                () -> new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/slip.tar.gz")).fetch(tmp.resolve("a")));
        assertTrue(e.getMessage().contains("unsafe entry path"), e.getMessage());
        assertEquals(List.of(), listTmp());

        Map<String, byte[]> link = speechCommandsEntries();
        link.put("./yes/link.wav", "->/etc/passwd".getBytes(StandardCharsets.ISO_8859_1));
        routes.put("/link.tar.gz", tarGz(link));
        new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/link.tar.gz")).fetch(tmp.resolve("b"));
        assertFalse(Files.exists(tmp.resolve("b/yes/link.wav"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "a link is never created");

        Map<String, byte[]> noLists = speechCommandsEntries();
        noLists.remove("./testing_list.txt");
        routes.put("/nolists.tar.gz", tarGz(noLists));
        e = assertThrows(IOException.class,
                () -> new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/nolists.tar.gz")).fetch(tmp.resolve("c")));
        assertTrue(e.getMessage().contains("lacks testing_list.txt"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("c")), "everything created is removed");

        Map<String, byte[]> big = speechCommandsEntries();
        big.put("./yes/big_nohash_0.wav", wav(200_000, 1));
        routes.put("/big.tar.gz", tarGz(big));
        e = assertThrows(IOException.class, () -> new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/big.tar.gz"))
                .limits(1 << 30, 100_000, 1 << 30).fetch(tmp.resolve("d")));
        assertTrue(e.getMessage().contains("limit for one file"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("d")));

        routes.put("/notgz.tar.gz", "plain text".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(IOException.class,
                () -> new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/notgz.tar.gz")).fetch(tmp.resolve("e")));
        assertTrue(e.getMessage().contains("not a gzip-compressed tar"), e.getMessage());
        byte[] cut = tarGz(speechCommandsEntries());
        routes.put("/cut.tar.gz", java.util.Arrays.copyOf(cut, cut.length / 2));
        assertThrows(IOException.class, () -> new DatasetFetcher(PublicDataset.SPEECH_COMMANDS).url(url("/cut.tar.gz")).fetch(tmp.resolve("f")));
        assertFalse(Files.exists(tmp.resolve("f")));
    }

    @Test
    void overwritingNeverFollowsALinkOutOfTheFolder() throws Exception {
        routes.put("/fsdd.zip", zip(fsddEntries()));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path dir = Files.createDirectories(tmp.resolve("fsdd"));
        Files.createSymbolicLink(dir.resolve("recordings"), elsewhere);
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher().url(url("/fsdd.zip")).overwrite(true).fetch(dir));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "nothing was written through the link");
        }
    }
}
