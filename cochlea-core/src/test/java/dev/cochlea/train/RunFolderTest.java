package dev.cochlea.train;

import dev.cochlea.data.SyntheticSounds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Checkpoints are all-or-nothing and checked on load; one training at a time writes a run folder. */
class RunFolderTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void sounds() throws IOException {
        data = shared.resolve("sounds");
        SyntheticSounds.write(data, 6, 8000, 3);
    }

    static TrainSettings settings(Path out, int epochs) {
        return TrainSettings.builder(data, out).model("cnn").split("random:0.25").validation("random:0.2").epochs(epochs).batchSize(16).lr(3e-3)
                .seed(7).features(TrainJobTest.small()).build();
    }

    /** A kill: the exception escapes the checkpoint code without its clean-up, as a dead process would. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aKillBetweenCheckpointFilesResumesFromTheLastCompleteCheckpoint(@TempDir Path dir) throws Exception {
        // The reference: stopped gracefully after epoch 2, then resumed. (Whether a resumed run equals an
        // uninterrupted one is issue #13 A1; here the crash must not change what resume does.)
        Path stopped = dir.resolve("stopped");
        TrainJob[] self = new TrainJob[1];
        self[0] = new TrainJob(settings(stopped, 3), new TrainListener() {
            @Override
            public void epochEnd(EpochResult result, boolean best) {
                if (result.epoch() == 2) self[0].requestStop();
            }
        });
        self[0].run();
        TrainJob.Outcome whole = new TrainJob(settings(stopped, 3).toBuilder().resume(true).build(), new TrainListener() {}).run();
        Path out = dir.resolve("crashed");
        TrainJob job = new TrainJob(settings(out, 3), new TrainListener() {});
        job.onCheckpointWrite(f -> {
            if (f.endsWith(Path.of("epoch-0003", RunFolder.OPTIMIZER))) throw new Killed();
        });
        assertThrows(Killed.class, job::run);
        // Epoch 3's folder holds new weights, but the pointer, config.json and the root model are epoch 2's.
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0003").resolve(RunFolder.LAST)));
        Files.writeString(out.resolve(".model.safetensors.5eed.tmp"), "half a file");
        assertEquals(2, RunConfig.read(out).epochsDone());
        assertEquals(2, RunFolder.open(out).config().epochsDone());
        Classifier.load(out);

        TrainJob.Outcome resumed = new TrainJob(settings(out, 3).toBuilder().resume(true).build(), new TrainListener() {}).run();
        assertEquals(1, resumed.history().size());
        assertEquals(whole.history().get(0).trainLoss(), resumed.history().get(0).trainLoss(), 0.0);
        assertEquals(whole.history().get(0).valAcc(), resumed.history().get(0).valAcc(), 0.0);
        assertArrayEquals(Files.readAllBytes(whole.run().resolve(RunFolder.BEST)), Files.readAllBytes(out.resolve(RunFolder.BEST)));
        assertEquals(List.of("epoch-0003"), names(out.resolve(RunFolder.CHECKPOINTS)));
        assertEquals(List.of(RunFolder.POINTER, RunFolder.CHECKPOINTS, RunConfig.FILE, RunFolder.BEST, "tensorboard"), names(out));
    }

    @Test
    void aFullDiskNamesTheFileAndKeepsThePreviousCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("full");
        TrainJob job = new TrainJob(settings(out, 3), new TrainListener() {});
        job.onCheckpointWrite(f -> {
            if (f.endsWith(Path.of("epoch-0002", RunFolder.LAST))) throw new IOException("No space left on device");
        });
        IOException e = assertThrows(IOException.class, job::run);
        assertTrue(e.getMessage().contains(out.resolve("checkpoints/epoch-0002").resolve(RunFolder.LAST).toString())
                && e.getMessage().contains("no space left") && e.getMessage().contains("epoch 1 stays in force"), e.getMessage());
        assertEquals(List.of("epoch-0001"), names(out.resolve(RunFolder.CHECKPOINTS)));
        assertEquals(1, RunConfig.read(out).epochsDone());
        assertFalse(Files.exists(out.resolve(RunLock.FILE)), "the lock is released after a failure");
    }

    @Test
    void aDamagedCheckpointFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        new TrainJob(settings(out, 1), new TrainListener() {}).run();
        Path last = out.resolve("checkpoints/epoch-0001").resolve(RunFolder.LAST);
        byte[] b = Files.readAllBytes(last);
        b[b.length - 1] ^= 1;
        Files.write(last, b);
        IOException e = assertThrows(IOException.class,
                () -> new TrainJob(settings(out, 2).toBuilder().resume(true).build(), new TrainListener() {}).run());
        assertTrue(e.getMessage().startsWith(last.toString()) && e.getMessage().contains("SHA-256")
                && e.getMessage().contains(RunFolder.MANIFEST), e.getMessage());

        Path best = out.resolve("checkpoints/epoch-0001").resolve(RunFolder.BEST);
        Files.write(best, new byte[] {1, 2, 3});
        IOException p = assertThrows(IOException.class, () -> Classifier.load(out));
        assertTrue(p.getMessage().startsWith(best.toString()) && p.getMessage().contains("expects") && p.getMessage().contains("found 3 bytes"),
                p.getMessage());
        assertThrows(IOException.class, () -> EvaluationJob.run(out, null, null, null, "all", null));
    }

    @Test
    void aRunInTheLayoutBeforeCheckpointsStillLoadsAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("old");
        new TrainJob(settings(out, 1), new TrainListener() {}).run();
        Path ckpt = out.resolve("checkpoints/epoch-0001");
        for (String f : new String[] {RunFolder.LAST, RunFolder.OPTIMIZER}) Files.copy(ckpt.resolve(f), out.resolve(f));
        try (Stream<Path> s = Files.walk(out.resolve(RunFolder.CHECKPOINTS))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        Files.delete(out.resolve(RunFolder.POINTER));

        Classifier.load(out).predict(data.resolve("tone").resolve("tone_0.wav"));
        assertTrue(EvaluationJob.run(out, null, null, null, "all", null).evaluation().confusion().total() > 0);
        TrainJob.Outcome o = new TrainJob(settings(out, 2).toBuilder().resume(true).build(), new TrainListener() {}).run();
        assertEquals(2, o.history().get(0).epoch());
        assertEquals(List.of("epoch-0002"), names(out.resolve(RunFolder.CHECKPOINTS)));
        assertFalse(Files.exists(out.resolve(RunFolder.LAST)), "the old layout's resume files give way to the checkpoint");
    }

    @Test
    void aSecondTrainingOnTheSameOutIsRefusedWhileTheFirstRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("busy");
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                new TrainJob(settings(out, 2), new TrainListener() {
                    @Override
                    public void epochEnd(EpochResult result, boolean best) {
                        inside.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        first.start();
        try {
            assertTrue(inside.await(60, TimeUnit.SECONDS));
            String pid = "pid " + ProcessHandle.current().pid();
            for (TrainSettings second : new TrainSettings[] {settings(out, 2).toBuilder().overwrite(true).build(),
                    settings(out, 2).toBuilder().resume(true).build()}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainJob(second, new TrainListener() {}).run());
                assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains(pid), e.getMessage());
            }
        } finally {
            release.countDown();
            first.join();
        }
        assertNull(failure.get());
        assertEquals(2, RunConfig.read(out).epochsDone(), "the first training was not disturbed");
        assertFalse(Files.exists(out.resolve(RunLock.FILE)));
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOver(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path out = dir.resolve("stale");
        Files.createDirectories(out);
        Files.writeString(out.resolve(RunLock.FILE), "pid=" + p.pid() + "\nstarted=2001-01-01T00:00:00Z\n");
        TrainJob.Outcome o = new TrainJob(settings(out, 1), new TrainListener() {}).run();
        assertEquals(1, o.history().size());
        assertFalse(Files.exists(out.resolve(RunLock.FILE)));
    }

    @Test
    void theLockNamesItsOwnerAndIsFreeAfterClose(@TempDir Path dir) throws Exception {
        try (RunLock lock = RunLock.acquire(dir)) {
            assertTrue(Files.readString(lock.file()).contains("pid=" + ProcessHandle.current().pid()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(dir));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        RunLock.acquire(dir).close();
    }

    @Test
    void aConfigOrManifestThatIsNotAnObjectIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        // Found by dev.cochlea.fuzz.RunConfigFuzzTest: both used to escape as Jackson's or a null pointer's error.
        Files.writeString(dir.resolve(RunConfig.FILE), "null");
        IOException e = assertThrows(IOException.class, () -> RunConfig.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(RunConfig.FILE) + ": not a valid run configuration"), e.getMessage());

        Path folder = Files.createDirectories(dir.resolve("checkpoints/epoch-0001"));
        byte[] manifest = "{\"epoch\":1,,}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(folder.resolve(RunFolder.MANIFEST), manifest);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(manifest));
        Files.writeString(dir.resolve(RunFolder.POINTER),
                "{\"checkpoint\":\"checkpoints/epoch-0001\",\"epoch\":1,\"manifest_sha256\":\"" + sha + "\"}");
        e = assertThrows(IOException.class, () -> RunFolder.open(dir));
        assertTrue(e.getMessage().startsWith(folder.resolve(RunFolder.MANIFEST) + ": not a valid checkpoint manifest"), e.getMessage());
    }
}
