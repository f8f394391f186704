package dev.cochlea.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs fuzz cases and judges them: the seeded mutation campaign that {@code ./cochlea test} runs
 * with a fixed budget, the replay of the committed inputs, and the check Jazzer's coverage-guided
 * fuzzing calls for each input it makes (docs/testing.md#fuzzing).
 *
 * <p>Each case runs on a worker thread with a time limit ({@code -Dcochlea.fuzz.caseMillis},
 * 2000 by default; a case past it is run once more before it counts as a hang, so a pause of a
 * loaded machine is not reported) and with the bytes that thread allocates measured against
 * {@link FuzzTarget#allocationLimit} (a case that loaded classes is measured a second time: class
 * loading, and Jazzer's instrumentation of what it loads, allocate on the case's thread).
 *
 * <p>Properties: {@code cochlea.fuzz.cases} (cases per target, instead of each target's CI
 * default), {@code cochlea.fuzz.seconds} (run each target this long instead), {@code
 * cochlea.fuzz.seed} (the campaign's seed; a failure prints it, and the same seed and case count
 * make the same inputs again).
 */
final class Fuzzer {
    static final long SEED = Long.getLong("cochlea.fuzz.seed", 20_261_205L);
    static final long CASE_MILLIS = Long.getLong("cochlea.fuzz.caseMillis", 2000);
    /** A campaign stops after this many findings. */
    private static final int MAX_FINDINGS = 5;
    /** The most inputs a campaign keeps to mutate: the seeds and inputs that parsed. */
    private static final int MAX_CORPUS = 256;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final java.lang.management.ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
    private static final Path ROOT = scratchRoot();
    private static ExecutorService worker;
    private static int generation;
    private static final java.util.Set<String> WARM = new java.util.HashSet<>();

    private Fuzzer() {}

    /** How one case ended: whether the parser accepted the input, and the problem when it is a finding. */
    record Outcome(boolean accepted, String problem, Throwable cause, long allocated) {
        boolean failed() {
            return problem != null;
        }
    }

    private record Result(Throwable thrown, long allocated, Path dir, boolean timedOut, boolean loadedClasses) {}

    /** Runs {@code input} and throws an {@link AssertionError} describing it when it is a finding (for Jazzer and replays). */
    static void check(FuzzTarget target, byte[] input) {
        Outcome o = run(target, input);
        if (o.failed()) throw new AssertionError("fuzz " + target.name() + ": " + o.problem(), o.cause());
    }

    /** Runs one case and judges it. */
    static synchronized Outcome run(FuzzTarget target, byte[] input) {
        warmUp(target);
        Result r = runOnce(target, input);
        if (r.timedOut()) r = runOnce(target, input);   // a second chance: a busy machine is not a hang
        // Loading a class (and, under Jazzer, instrumenting it) allocates on the thread that asks for it:
        // a case that loaded classes is measured again before its allocation counts.
        if (r.loadedClasses() && r.allocated() > target.allocationLimit(input.length)) r = runOnce(target, input);
        return judge(target, input.length, r);
    }

    /**
     * Runs a target's seeds once, unjudged, the first time it is used in this JVM: the classes it
     * loads and the tables it builds once (Jackson's, the resampler's) are not the case's doing.
     */
    private static void warmUp(FuzzTarget target) {
        if (!WARM.add(target.name())) return;
        for (byte[] s : target.seeds()) runOnce(target, s);
    }

    private static Outcome judge(FuzzTarget target, int length, Result r) {
        if (r.timedOut()) {
            return new Outcome(false, "hang: no result after " + CASE_MILLIS + " ms, twice (-Dcochlea.fuzz.caseMillis)", null, r.allocated());
        }
        long limit = target.allocationLimit(length);
        String memory = r.allocated() > limit ? "allocated " + r.allocated() + " bytes for a " + length + "-byte input (limit "
                + limit + "; a size from the file used before it is checked?)" : null;
        Throwable e = r.thrown();
        if (e == null) return new Outcome(true, memory, null, r.allocated());
        if (e instanceof AssertionError) return new Outcome(false, "property broken: " + e.getMessage(), e, r.allocated());
        if (!(e instanceof IOException) && !(e instanceof IllegalArgumentException)) {
            return new Outcome(false, "unexpected " + e, e, r.allocated());
        }
        String m = e.getMessage();
        if (m == null || !m.contains(r.dir().toString())) {
            return new Outcome(false, e.getClass().getName() + " whose message does not name the file: " + m, e, r.allocated());
        }
        return new Outcome(false, memory, memory == null ? null : e, r.allocated());
    }

    private static Result runOnce(FuzzTarget target, byte[] input) {
        if (worker == null) worker = newWorker();
        Path dir = ROOT.resolve("w" + generation);
        Future<Result> f = worker.submit(() -> {
            clear(dir);
            Files.createDirectories(dir);
            long classes = CLASSES.getTotalLoadedClassCount();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            Throwable thrown = null;
            try {
                target.run(input, dir);
            } catch (Throwable e) {
                thrown = e;
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            return new Result(thrown, allocated, dir, false, CLASSES.getTotalLoadedClassCount() != classes);
        });
        try {
            return f.get(CASE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The worker cannot be stopped; it is left behind (a daemon) and a new one takes over in a new folder.
            f.cancel(true);
            worker.shutdownNow();
            worker = null;
            generation++;
            return new Result(null, 0, dir, true, false);
        } catch (ExecutionException e) {
            return new Result(e.getCause(), 0, dir, false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(job -> {
            Thread t = new Thread(job, "fuzz-case-" + generation);
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------ campaigns

    /** What a campaign did. */
    record Summary(String target, long cases, long accepted, int failures, double seconds, long maxAllocated, int seeds,
                   int seedsAccepted) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "fuzz %s: %,d cases (%,d accepted), %d failures, %.1f s, seed %d, largest allocation %,d bytes"
                    + " (after %d seed files, %d accepted)", target, cases, accepted, failures, seconds, SEED, maxAllocated, seeds, seedsAccepted);
        }
    }

    /**
     * The seeds, then {@code defaultCases} mutated inputs (or {@code -Dcochlea.fuzz.cases}, or as many
     * as fit in {@code -Dcochlea.fuzz.seconds}); fails listing the findings, each saved under
     * {@code target/fuzz-findings/}.
     */
    static Summary campaign(FuzzTarget target, Class<?> testClass, long defaultCases) {
        long cases = Long.getLong("cochlea.fuzz.cases", defaultCases);
        double seconds = Double.parseDouble(System.getProperty("cochlea.fuzz.seconds", "0"));
        Random r = new Random(SEED ^ target.name().hashCode());
        List<byte[]> seeds = target.seeds();
        List<byte[]> corpus = new ArrayList<>(seeds);
        List<String> findings = new ArrayList<>();
        Throwable firstCause = null;
        long t0 = System.nanoTime(), done = 0, accepted = 0, maxAllocated = 0;
        int seedsAccepted = 0;
        for (byte[] s : seeds) {
            Outcome o = run(target, s);
            maxAllocated = Math.max(maxAllocated, o.allocated());
            if (o.accepted()) seedsAccepted++;
            if (o.failed()) findings.add("seed: " + o.problem() + "\n    " + save(target, testClass, s));
        }
        while (findings.size() < MAX_FINDINGS && (seconds > 0 ? (System.nanoTime() - t0) / 1e9 < seconds : done < cases)) {
            byte[] input = Mutator.mutate(target, corpus.get(r.nextInt(corpus.size())), r, corpus);
            Outcome o = run(target, input);
            done++;
            maxAllocated = Math.max(maxAllocated, o.allocated());
            if (o.failed()) {
                if (firstCause == null) firstCause = o.cause();
                findings.add("case " + done + ": " + o.problem() + "\n    " + save(target, testClass, input));
            } else if (o.accepted()) {
                accepted++;
                // Inputs that parse are the ones whose mutations reach deepest: keep some.
                if (corpus.size() < MAX_CORPUS) corpus.add(input);
                else if (r.nextInt(4) == 0) corpus.set(seeds.size() + r.nextInt(MAX_CORPUS - seeds.size()), input);
            }
        }
        Summary s = new Summary(target.name(), done, accepted, findings.size(), (System.nanoTime() - t0) / 1e9, maxAllocated,
                seeds.size(), seedsAccepted);
        System.out.println(s);
        if (!findings.isEmpty()) {
            throw new AssertionError(s + "\n  " + String.join("\n  ", findings)
                    + "\n  Reproduce with -Dcochlea.fuzz.seed=" + SEED + " -Dcochlea.fuzz.cases=" + done
                    + "; fix the parser, then keep each input as a regression test (docs/testing.md#fuzzing)", firstCause);
        }
        return s;
    }

    /**
     * Runs every committed input of {@code testClass} (its resource folder {@code <Class>Inputs/fuzz},
     * where Jazzer also keeps its findings) and fails naming those that are findings.
     */
    static int replay(FuzzTarget target, Class<?> testClass) throws IOException {
        List<Path> files = committedInputs(testClass);
        List<String> findings = new ArrayList<>();
        Throwable firstCause = null;
        for (Path f : files) {
            Outcome o = run(target, Files.readAllBytes(f));
            if (o.failed()) {
                if (firstCause == null) firstCause = o.cause();
                findings.add(f.getFileName() + ": " + o.problem());
            }
        }
        System.out.printf(Locale.ROOT, "fuzz %s: replayed %d committed inputs, %d failures%n", target.name(), files.size(), findings.size());
        if (!findings.isEmpty()) throw new AssertionError("fuzz " + target.name() + ":\n  " + String.join("\n  ", findings), firstCause);
        return files.size();
    }

    /** The files of {@code testClass}'s {@code <Class>Inputs/fuzz} resource folder, by name. */
    static List<Path> committedInputs(Class<?> testClass) throws IOException {
        URL u = testClass.getResource(inputsFolder(testClass));
        if (u == null) return List.of();
        try (Stream<Path> s = Files.list(Path.of(u.toURI()))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Where Jazzer keeps a fuzz test's inputs, relative to its class: {@code <Class>Inputs/fuzz}. */
    static String inputsFolder(Class<?> testClass) {
        return testClass.getSimpleName() + "Inputs/fuzz";
    }

    /** Writes a finding to {@code target/fuzz-findings/<target>/crash-<sha1>} and says how to keep it. */
    private static String save(FuzzTarget target, Class<?> testClass, byte[] input) {
        String sha = sha1(input);
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "fuzz-findings", target.name());
        Path file = dir.resolve("crash-" + sha);
        try {
            Files.createDirectories(dir);
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String keep = "src/test/resources/" + testClass.getPackageName().replace('.', '/') + "/" + inputsFolder(testClass) + "/";
        return "input saved to " + file.toAbsolutePath() + " (" + input.length + " bytes" + (input.length <= 1024
                ? ", base64 " + Base64.getEncoder().encodeToString(input) : "") + "); keep it in cochlea-core/" + keep;
    }

    private static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ scratch files

    /** A folder for the cases' files: in memory (/dev/shm) where there is one, removed when the JVM exits. */
    private static Path scratchRoot() {
        try {
            Path shm = Path.of("/dev/shm");
            Path root = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "cochlea-fuzz-") : Files.createTempDirectory("cochlea-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    clear(root);
                } catch (IOException ignored) {
                    // best effort
                }
            }));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
