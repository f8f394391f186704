package dev.cochlea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.data.SyntheticSounds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** train, evaluate, predict and summary from the command line, on a tiny synthetic set. */
class TrainCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;

    record Result(int code, String out, String err) {
    }

    static synchronized Result cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        data = dir.resolve("sounds");
        SyntheticSounds.write(data, 10, 8000, 11);
        run = dir.resolve("runs").resolve("tiny");
        Result r = cli("train", "--data", data.toString(), "--out", run.toString(), "--epochs", "3", "--batch-size", "16",
                "--clip-seconds", "0.5", "--n-mels", "20", "--split", "random:0.25");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("train: 40 clips in 6 classes"), r.out());
        assertTrue(r.out().contains("validation: 5 clips of the training part (auto)"), r.out());
        assertTrue(r.out().contains("by validation accuracy") && r.out().contains("test accuracy"), r.out());
    }

    @Test
    void evaluatePrintsAReportAndJson() throws IOException {
        Result text = cli("evaluate", run.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("precision") && text.out().contains("confusion matrix"), text.out());
        Result json = cli("evaluate", run.toString(), "--split", "all", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode o = new ObjectMapper().readTree(json.out());
        assertEquals(60, o.get("clips").asInt());
        assertTrue(o.has("accuracy") && o.has("per_class") && o.has("confusion"), json.out());
    }

    @Test
    void anExportedRunPredictsLikeTheRunItself() throws IOException {
        Path onnx = dir.resolve("tiny.onnx");
        Result r = cli("export", run.toString(), "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 labels"), r.out());
        Result again = cli("export", run.toString(), "--out", onnx.toString());
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("--force"), again.err());
        Path good = data.resolve("chirp_up").resolve("chirp_up_1.wav");
        Result fromRun = cli("predict", run.toString(), good.toString(), "--json");
        Result fromOnnx = cli("predict", onnx.toString(), good.toString(), "--json");   // the metadata holds the features and labels
        assertEquals(0, fromOnnx.code(), fromOnnx.err());
        JsonNode a = new ObjectMapper().readTree(fromRun.out()), b = new ObjectMapper().readTree(fromOnnx.out());
        assertEquals(a.get("label").asText(), b.get("label").asText());
        assertEquals(a.get("probability").asDouble(), b.get("probability").asDouble(), 1e-5);
    }

    @Test
    void predictLabelsGoodFilesAndReportsBadOnes() throws IOException {
        Path bad = dir.resolve("broken.wav");
        Files.writeString(bad, "RIFF????WAVEjunk");
        Path good = data.resolve("chirp_up").resolve("chirp_up_1.wav");
        Result r = cli("predict", run.toString(), good.toString(), bad.toString(), "--top", "2");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("chirp_up_1.wav: "), r.out());
        assertTrue(r.err().contains("broken.wav"), r.err());
        Result json = cli("predict", run.toString(), good.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode o = new ObjectMapper().readTree(json.out());
        assertEquals(3, o.get("top").size());
        assertTrue(o.get("probability").asDouble() > 0);
    }

    @Test
    void listenReportsTheSoundsOfAFileAndOfRawPcmOnStdin() throws Exception {
        List<float[]> parts = new java.util.ArrayList<>();
        for (String kind : List.of("chirp_up", "am_tone", "tone")) {
            parts.add(new float[8000]);
            parts.add(dev.cochlea.audio.Audio.read(data.resolve(kind).resolve(kind + "_2.wav")).waveform().reshape(-1).toFloatArray());
        }
        parts.add(new float[8000]);
        int n = parts.stream().mapToInt(p -> p.length).sum(), o = 0;
        float[] x = new float[n];
        for (float[] p : parts) {
            System.arraycopy(p, 0, x, o, p.length);
            o += p.length;
        }
        Path wav = dir.resolve("three.wav");
        dev.cochlea.audio.Wav.write16(wav, dev.cochlea.tensor.Tensor.wrap(x, 1, n), 8000);
        Result file = cli("listen", run.toString(), "--input", wav.toString(), "--json", "--threshold", "0");
        assertEquals(0, file.code(), file.err());
        List<String> lines = file.out().lines().toList();
        assertTrue(!lines.isEmpty() && lines.size() <= 6, "at most two stretches per sound: " + file.out());
        for (String l : lines) assertTrue(SyntheticSounds.CLASSES.contains(new ObjectMapper().readTree(l).get("label").asText()), l);
        double firstStart = new ObjectMapper().readTree(lines.get(0)).get("start").asDouble();
        assertTrue(firstStart >= 0.8, "the first sound starts 1 s in, and times are the recording's (its silence is not cut): " + firstStart);
        assertTrue(file.err().contains("real-time factor"), file.err());
        byte[] pcm = new byte[2 * n];
        short[] samples = shorts(wav);
        assertEquals(n, samples.length);
        java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
        java.io.InputStream oldIn = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(pcm));
            Result stdin = cli("listen", run.toString(), "--input", "-", "--json", "--threshold", "0");
            assertEquals(0, stdin.code(), stdin.err());
            assertEquals(lines, stdin.out().lines().toList(), "raw PCM on stdin hears what the file gave");
        } finally {
            System.setIn(oldIn);
        }
        Result none = cli("listen", run.toString(), "--input", dir.resolve("missing.wav").toString());
        assertTrue(none.code() != 0 && none.err().contains("missing.wav"), none.err());
    }

    /** The 16-bit samples of a canonical 16-bit WAV (44-byte header), as written. */
    static short[] shorts(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        short[] s = new short[(b.length - 44) / 2];
        java.nio.ByteBuffer.wrap(b, 44, b.length - 44).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** A copy of {@code wav} whose header declares {@code rate} Hz. */
    static Path withRate(Path wav, Path to, int rate) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(wav, to);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(to, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.write(b.putInt(rate).flip(), 24);
        }
        return to;
    }

    @Test
    void aFileWithAnAbsurdRateIsListedAndSkipped() throws IOException {
        Path hostile = dir.resolve("hostile");
        SyntheticSounds.write(hostile, 10, 8000, 11);
        Path src = hostile.resolve("chirp_up").resolve("chirp_up_1.wav");
        Path oneHertz = withRate(src, hostile.resolve("chirp_up").resolve("chirp_up_98.wav"), 1);
        withRate(src, hostile.resolve("chirp_up").resolve("chirp_up_99.wav"), 44_101);
        Result t = cli("train", "--data", hostile.toString(), "--out", dir.resolve("runs").resolve("hostile").toString(), "--epochs", "1",
                "--batch-size", "16", "--clip-seconds", "0.5", "--n-mels", "20", "--split", "random:0.25");
        assertEquals(0, t.code(), t.err() + t.out());
        assertTrue(t.out().contains("chirp_up_98.wav: sample rate 1 Hz is outside the accepted range 1000 to 768000 Hz")
                || t.err().contains("chirp_up_98.wav: sample rate 1 Hz"), t.out() + t.err());
        Result e = cli("evaluate", run.toString(), "--data", hostile.toString(), "--split", "all");
        assertEquals(0, e.code(), e.err());
        assertTrue((e.out() + e.err()).contains("1 file(s) could not be read and are left out:\n  " + oneHertz
                + ": sample rate 1 Hz"), e.out() + e.err());
        Result p = cli("predict", run.toString(), src.toString(), oneHertz.toString());
        assertEquals(1, p.code());
        assertTrue(p.out().contains("chirp_up_1.wav: "), p.out());
        assertTrue(p.err().contains("cochlea predict: " + oneHertz + ": sample rate 1 Hz is outside"), p.err());
    }

    @Test
    void existingRunsAreNotOverwritten() {
        Result r = cli("train", "--data", data.toString(), "--out", run.toString(), "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
    }

    @Test
    void summaryPrintsShapesAndCounts() {
        Result r = cli("summary", "--model", "tdnn", "--n-mels", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Tdnn") || r.out().contains("Conv1d"), r.out());
        Result bad = cli("summary", "--model", "transformer");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("cnn, cifar, mlp, tdnn, lstm"), bad.err());
    }

    @Test
    void badOptionsNameTheOption() {
        Result r = cli("train", "--data", dir.resolve("missing").toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing"), r.err());
        Result lr = cli("train", "--data", data.toString(), "--out", dir.resolve("y").toString(), "--lr", "-1");
        assertTrue(lr.err().contains("--lr"), lr.err());
    }

    @Test
    void resumeNeedsNoDataAndRefusesChangedOptions() {
        Path r = dir.resolve("runs").resolve("resumable");
        Result first = cli("train", "--data", data.toString(), "--out", r.toString(), "--epochs", "1", "--batch-size", "16",
                "--clip-seconds", "0.5", "--n-mels", "20", "--split", "random:0.25", "--model", "cnn");
        assertEquals(0, first.code(), first.err() + first.out());
        Result changed = cli("train", "--out", r.toString(), "--resume", "--epochs", "2", "--lr", "0.5", "--n-mels", "32");
        assertEquals(2, changed.code(), changed.out());
        assertTrue(changed.err().contains("--resume: ") && changed.err().contains("--lr (stored 0.002, asked 0.5)")
                && changed.err().contains("--features (stored"), changed.err());
        Result resumed = cli("train", "--out", r.toString(), "--resume", "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming") && resumed.out().contains("after epoch 1 of 2"), resumed.out());
        Result noData = cli("train", "--out", dir.resolve("runs").resolve("fresh").toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--data: missing"), noData.err());
    }
}
