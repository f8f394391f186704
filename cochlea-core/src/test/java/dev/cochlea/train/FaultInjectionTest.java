package dev.cochlea.train;

import dev.cochlea.data.SyntheticSounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kills a training process {@value #DEFAULT_KILLS} times ({@code -Dcochlea.faults=N} for more) at
 * random points: half with {@code SIGKILL} after a random delay, half by halting the process just
 * before a random checkpoint file is written. After each kill the run folder must hold a complete
 * checkpoint identical to the uninterrupted run's at the same epoch (or none), {@code evaluate} must
 * score it as it scores that one, and {@code resume} must finish the run identical, file for file,
 * to the uninterrupted run.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar", disabledReason = "not about kernels; runs with the default ones")
class FaultInjectionTest {
    static final int EPOCHS = 3;
    static final int DEFAULT_KILLS = 50;
    /** Files a checkpoint writes each epoch: five files, the manifest, the pointer and the two root copies. */
    private static final int WRITES_PER_EPOCH = 9;
    private static final String[] CHECKPOINT_FILES = {RunFolder.BEST, RunFolder.LAST, RunFolder.OPTIMIZER, RunFolder.TRAINER, RunConfig.FILE};

    @TempDir
    Path dir;

    @Test
    void killedRunsResumeToTheUninterruptedRun() throws Exception {
        Path data = dir.resolve("sounds");
        SyntheticSounds.write(data, 6, 8000, 5);
        Path ref = dir.resolve("ref");
        long t0 = System.nanoTime();
        assertEquals(0, child(data, ref, "fresh", -1, true).waitFor(), "the uninterrupted run");
        long refNanos = System.nanoTime() - t0;
        double[] refAccuracy = new double[EPOCHS + 1];
        for (int e = 1; e <= EPOCHS; e++) refAccuracy[e] = evaluate(ref.resolveSibling("ref-epoch-" + e));

        int kills = Integer.getInteger("cochlea.faults", DEFAULT_KILLS);
        Random random = new Random(2026);
        int committedAfterKill = 0;
        for (int k = 0; k < kills; k++) {
            Path run = dir.resolve("run-" + k);
            String how;
            if (k % 2 == 0) {
                int at = random.nextInt(EPOCHS * WRITES_PER_EPOCH);
                how = "halted before checkpoint write " + at;
                int rc = child(data, run, "fresh", at, false).waitFor();
                assertEquals(137, rc, how);
            } else {
                long delay = (long) (random.nextDouble() * refNanos);
                how = "killed after " + delay / 1_000_000 + " ms";
                Process p = child(data, run, "fresh", -1, false);
                if (!p.waitFor(delay, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
            int epoch = committedEpoch(run);
            if (epoch > 0) {
                committedAfterKill++;
                assertSameCheckpoint(ref.resolveSibling("ref-epoch-" + epoch), run, how);
                assertEquals(refAccuracy[epoch], evaluate(run), 0.0, how + ": evaluate after the kill");
            }
            boolean started = Files.isDirectory(run);
            Process resumed = child(data, run, "resume", -1, false);
            String output = new String(resumed.getInputStream().readAllBytes());
            if (!started) {
                // Killed before the run folder existed: there is nothing to resume, and resume says so; start it again.
                assertNotEquals(0, resumed.waitFor(), how);
                assertTrue(output.contains("no run to resume"), how + ": " + output);
                resumed = child(data, run, "fresh", -1, false);
                output = "";
            }
            assertEquals(0, resumed.waitFor(), how + ": resume failed:\n" + output);
            assertSameCheckpoint(ref, run, how + ", then resumed");
            for (String f : new String[] {RunFolder.BEST, RunConfig.FILE}) {
                assertArrayEquals(Files.readAllBytes(ref.resolve(f)), Files.readAllBytes(run.resolve(f)), how + ": " + f + " at the root");
            }
            assertEquals(EPOCHS, RunConfig.read(run).epochsDone(), how);
            assertEquals(refAccuracy[EPOCHS], evaluate(run), 0.0, how + ": evaluate after resume");
            deleteTree(run);
        }
        System.out.printf("fault injection: %d kills (%d left a committed checkpoint), each resumed to the uninterrupted run%n",
                kills, committedAfterKill);
    }

    private static int committedEpoch(Path run) throws IOException {
        if (!Files.isRegularFile(run.resolve(RunFolder.POINTER))) return 0;
        RunFolder f = RunFolder.open(run);
        return f.config().epochsDone();
    }

    private static void assertSameCheckpoint(Path expected, Path run, String how) throws IOException {
        int epoch = RunConfig.read(expected).epochsDone();
        Path a = expected.resolve(RunFolder.CHECKPOINTS).resolve(String.format("epoch-%04d", epoch));
        Path b = run.resolve(RunFolder.CHECKPOINTS).resolve(String.format("epoch-%04d", epoch));
        for (String f : CHECKPOINT_FILES) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), how + ": " + f + " of epoch " + epoch);
        }
    }

    private static double evaluate(Path run) throws IOException {
        return EvaluationJob.run(run, null, null, null, null, new PrintStream(OutputStream.nullOutputStream())).evaluation().accuracy();
    }

    private Process child(Path data, Path out, String mode, int haltAt, boolean copyEpochs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Xmx256m");
        if (!Boolean.getBoolean("cochlea.faults.fullJit")) {
            // A few seconds of training per process: the quick compiler and the scalar kernels start fastest (same for the reference).
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Dcochlea.kernels=scalar");
        }
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith("cochlea.") && !p.equals("cochlea.kernels")) cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KilledTraining.class.getName());
        cmd.add(data.toString());
        cmd.add(out.toString());
        cmd.add(mode);
        cmd.add(Integer.toString(haltAt));
        if (copyEpochs) cmd.add("copyEpochs");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(copyEpochs || haltAt >= 0 || mode.equals("fresh")
                ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.PIPE).start();
    }

    /** Copies a run folder without its lock (the reference keeps one copy per epoch). */
    static void copyRun(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (p.getFileName().toString().equals(RunLock.FILE)) continue;
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
