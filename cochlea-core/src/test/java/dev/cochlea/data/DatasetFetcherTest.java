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
}
