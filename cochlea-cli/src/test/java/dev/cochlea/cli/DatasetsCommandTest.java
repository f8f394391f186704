package dev.cochlea.cli;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cochlea datasets fetch} against a local HTTP server on 127.0.0.1 (an ephemeral port). */
class DatasetsCommandTest {
    @TempDir
    Path tmp;

    HttpServer server;
    byte[] archive;

    @BeforeEach
    void startServer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String name : new String[] {"0_a_0.wav", "7_b_1.wav"}) {
                z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-master/recordings/" + name));
                z.write(wavHeaderOnly());
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-master/README.md"));
            z.write("readme".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        archive = bytes.toByteArray();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", ex -> {
            try (ex) {
                if (!ex.getRequestURI().getPath().equals("/master.zip")) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, archive.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(archive);
                }
            }
        });
        ByteArrayOutputStream esc = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(esc)) {
            z.putNextEntry(new ZipEntry("ESC-50-master/audio/1-100038-A-14.wav"));
            z.write(wavHeaderOnly());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("ESC-50-master/meta/esc50.csv"));
            z.write("filename,fold,target,category,esc10,src_file,take\n1-100038-A-14.wav,1,14,chirping_birds,False,100038,A\n"
                    .getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        byte[] escArchive = esc.toByteArray();
        server.createContext("/esc.zip", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, escArchive.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(escArchive);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** A 16-bit mono WAV file with no samples. */
    static byte[] wavHeaderOnly() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        return b.array();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Run(int rc, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = Main.run(args);
            return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void fetchesAndPrintsNextCommand() {
        Path dir = tmp.resolve("fsdd");
        Run r = run("datasets", "fetch", "fsdd", dir.toString(), "--url", base() + "/master.zip");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("extracted 2 recordings into " + dir.resolve("recordings")), r.out());
        assertTrue(r.out().contains("./cochlea train --data " + dir.resolve("recordings")
                + " --label-pattern '^(\\d+)_' --split official --out runs/fsdd"), r.out());
        assertTrue(r.err().contains("downloading " + base() + "/master.zip"), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("recordings/7_b_1.wav")));
        assertFalse(Files.exists(dir.resolve("README.md")));

        Run again = run("datasets", "fetch", "fsdd", dir.toString(), "--url", base() + "/master.zip");
        assertEquals(2, again.rc());
        assertTrue(again.err().contains("not empty") && again.err().contains("--overwrite"), again.err());
    }

    @Test
    void fetchesEsc50IntoItsOwnLayoutAndSuggestsItsFolds() {
        Path dir = tmp.resolve("esc50");
        Run r = run("datasets", "fetch", "esc50", dir.toString(), "--url", base() + "/esc.zip");
        assertEquals(0, r.rc(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("meta/esc50.csv")) && Files.isRegularFile(dir.resolve("audio/1-100038-A-14.wav")));
        assertTrue(r.out().contains("--split fold:5") && r.out().contains("./cochlea crossval --data " + dir), r.out());
        assertTrue(r.out().contains("CC BY-NC 3.0"), r.out());
    }

    @Test
    void reportsHttpErrorsAndBadArguments() {
        Run notFound = run("datasets", "fetch", "fsdd", tmp.resolve("a").toString(), "--url", base() + "/gone.zip");
        assertEquals(2, notFound.rc());
        assertTrue(notFound.err().contains(base() + "/gone.zip") && notFound.err().contains("HTTP 404"), notFound.err());

        Run unknown = run("datasets", "fetch", "imagenet", tmp.resolve("b").toString());
        assertEquals(2, unknown.rc());
        assertTrue(unknown.err().contains("unknown dataset 'imagenet'") && unknown.err().contains("fsdd"), unknown.err());

        Run badUrl = run("datasets", "fetch", "fsdd", tmp.resolve("c").toString(), "--url", "ftp://127.0.0.1/x.zip");
        assertEquals(2, badUrl.rc());
        assertTrue(badUrl.err().contains("--url"), badUrl.err());
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")) || Files.exists(tmp.resolve("c")));
    }
}
