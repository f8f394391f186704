package dev.cochlea.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cochlea.io.AtomicFiles;
import dev.cochlea.io.Safetensors;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of a training run. Each epoch's checkpoint is all-or-nothing: its files go into a new
 * folder {@code checkpoints/epoch-0007/} with a {@value #MANIFEST} holding every file's SHA-256
 * and size, and only then does the pointer {@value #POINTER} (written to a temp file and renamed)
 * switch to it. A crash or a full disk before that switch leaves the previous checkpoint in force.
 * <ul>
 *   <li>{@code checkpoint.json} — the committed checkpoint: its folder, epoch and the manifest's SHA-256</li>
 *   <li>{@code checkpoints/<name>/} — {@code model.safetensors} (best weights so far),
 *       {@code last.safetensors} and {@code optimizer.safetensors} (the last epoch's weights and
 *       optimiser state, for {@code --resume}), {@code trainer.safetensors} (the random generators'
 *       positions and the weight average, so that a resumed run is the uninterrupted one, bit for bit),
 *       {@code config.json} and {@code manifest.json}</li>
 *   <li>{@code model.safetensors} and {@code config.json} at the root — copies of the committed
 *       checkpoint's, for users and PyTorch ({@code safetensors.torch.load_file})</li>
 *   <li>TensorBoard event files under {@code tensorboard/}; {@value RunLock#FILE} while a training writes</li>
 * </ul>
 * Every file is checked against the manifest when it is loaded. A writer ({@link #create},
 * {@link #resume}) holds the folder's {@link RunLock} until {@link #close()} and removes leftovers
 * (temp files, uncommitted or older checkpoint folders) when it opens the folder. Run folders
 * written before checkpoints existed (the four files at the root, no {@code checkpoint.json})
 * still open, without checksums.
 *
 * <pre>{@code
 * try (RunFolder run = RunFolder.create(Path.of("runs/fsdd"), false)) {
 *     run.commit(1, model, model, optimizer, config.withProgress(1, 1, 0.9));
 * }
 * Module m = Models.create(cfg.model(), cfg.features().inputShape(), cfg.classes().size());
 * RunFolder.open(Path.of("runs/fsdd")).loadWeights(m, RunFolder.BEST);
 * }</pre>
 */
public final class RunFolder implements AutoCloseable {
    /** Best weights. */
    public static final String BEST = "model.safetensors";
    /** Last epoch's weights. */
    public static final String LAST = "last.safetensors";
    /** Last epoch's optimiser state. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The rest of the last epoch's training state: generator positions, weight average, progress counters. */
    public static final String TRAINER = "trainer.safetensors";
    /** The pointer to the committed checkpoint, at the root of the run. */
    public static final String POINTER = "checkpoint.json";
    /** The folder of checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The checksums of a checkpoint's files, inside its folder. */
    public static final String MANIFEST = "manifest.json";

    private static final List<String> FILES = List.of(BEST, LAST, OPTIMIZER, RunConfig.FILE);
    /** Files a checkpoint may lack: those of checkpoints written before they existed. */
    private static final List<String> OPTIONAL_FILES = List.of(TRAINER);
    private static final List<String> ALL_FILES = Stream.concat(FILES.stream(), OPTIONAL_FILES.stream()).toList();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Called before each file of a checkpoint is written (tests simulate crashes and full disks with it). */
    @FunctionalInterface
    interface WriteHook {
        void beforeWrite(Path file) throws IOException;
    }

    /** A committed checkpoint: its folder, epoch and the files' checksums. */
    private record Checkpoint(Path folder, int epoch, Map<String, Entry> files) {
    }

    private record Entry(String sha256, long size) {
    }

    private final Path dir;
    private final RunLock lock;
    private Checkpoint committed;
    private WriteHook hook = f -> { };

    private RunFolder(Path dir, RunLock lock, Checkpoint committed) {
        this.dir = dir;
        this.lock = lock;
        this.committed = committed;
    }

    /**
     * Prepares {@code dir} for a new run and locks it: refuses a folder that already has content
     * unless {@code overwrite}, in which case only Cochlea's own run files are removed.
     *
     * @throws IllegalStateException if another training writes to {@code dir}
     */
    public static RunFolder create(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException("out: " + dir + " exists and is not a folder");
        Files.createDirectories(dir);
        RunLock lock = RunLock.acquire(dir);
        try {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE));
            }
            if (!empty) {
                if (!overwrite) {
                    throw new IllegalArgumentException("out: " + dir + " already holds a run; choose another out(...), continue it with resume(true) "
                            + dir + ", or replace it with overwrite(true)");
                }
                clearRunFiles(dir);
            }
            return new RunFolder(dir, lock, null);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void clearRunFiles(Path dir) throws IOException {
        for (String f : new String[] {BEST, LAST, OPTIMIZER, TRAINER, RunConfig.FILE, POINTER}) Files.deleteIfExists(dir.resolve(f));
        deleteTree(dir.resolve("tensorboard"));
        deleteTree(dir.resolve(CHECKPOINTS));
        deleteTempFiles(dir);
    }

    /**
     * Opens an existing run to continue training: locks it, removes what an interrupted write left
     * (temp files, uncommitted and older checkpoint folders) and restores the root's
     * {@code model.safetensors} and {@code config.json} from the committed checkpoint.
     *
     * @throws IllegalStateException if another training writes to {@code dir}
     */
    public static RunFolder resume(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "no run to resume (not a folder)");
        RunLock lock = RunLock.acquire(dir);
        try {
            RunFolder run = new RunFolder(dir, lock, readPointer(dir));
            if (run.hasConfig()) run.config();
            run.removeLeftovers();
            if (run.committed != null) run.publish();
            return run;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens an existing run to read it (evaluate, predict); takes no lock and changes nothing. */
    public static RunFolder open(Path dir) throws IOException {
        RunFolder run = new RunFolder(dir, null, readPointer(dir));
        run.config();
        return run;
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The TensorBoard log folder of this run. */
    public Path tensorboardDir() {
        return dir.resolve("tensorboard");
    }

    /** Whether a checkpoint has been committed (false for a new run and for runs in the layout before checkpoints). */
    public boolean hasCheckpoint() {
        return committed != null;
    }

    /** Whether the run has saved its configuration (false when it stopped before that, or for a new run). */
    public boolean hasConfig() {
        return committed != null || Files.isRegularFile(dir.resolve(RunConfig.FILE));
    }

    /** The run's configuration: the committed checkpoint's (checked against its manifest), else the root's {@code config.json}. */
    public RunConfig config() throws IOException {
        if (committed == null) return RunConfig.read(dir);
        verify(RunConfig.FILE);
        return RunConfig.read(committed.folder());
    }

    /** Writes the root's {@code config.json} of a run that has no checkpoint yet. */
    public void writeConfig(RunConfig config) throws IOException {
        if (committed != null) throw new IllegalStateException(dir + ": the configuration of a run with checkpoints changes only with commit");
        config.write(dir);
    }

    void onWrite(WriteHook hook) {
        this.hook = hook;
    }

    /**
     * Commits the checkpoint of {@code epoch} as {@code checkpoints/epoch-NNNN/}.
     *
     * @param best      the best weights, or null to keep the committed checkpoint's
     * @param last      the last epoch's weights, or null to keep the committed ones (with their optimiser state)
     * @param optimizer the optimiser state (ignored when {@code last} is null)
     * @param config    the configuration with this epoch's progress
     */
    public void commit(int epoch, Module best, Module last, Optimizer optimizer, RunConfig config) throws IOException {
        commit(epoch, best, last, optimizer, null, config);
    }

    /**
     * As {@link #commit(int, Module, Module, Optimizer, RunConfig)}, with the rest of the training
     * state ({@code trainerState}, saved as {@value #TRAINER}; null for none) that goes with the last weights.
     */
    public void commit(int epoch, Module best, Module last, Optimizer optimizer, Map<String, Tensor> trainerState, RunConfig config)
            throws IOException {
        commit(String.format(Locale.ROOT, "epoch-%04d", epoch), epoch, best, last, optimizer, trainerState, config);
    }

    /** Commits a final model retrained after {@code epoch} (refit) as the best weights, keeping the last ones. */
    public void commitRefit(int epoch, Module best, RunConfig config) throws IOException {
        commit(String.format(Locale.ROOT, "refit-%04d", epoch), epoch, best, null, null, null, config);
    }

    private void commit(String name, int epoch, Module best, Module last, Optimizer optimizer, Map<String, Tensor> trainerState,
            RunConfig config) throws IOException {
        if (lock == null) throw new IllegalStateException(dir + ": opened for reading; checkpoints are written by create or resume");
        Path root = dir.resolve(CHECKPOINTS);
        Path folder = root.resolve(name);
        // A second refit of a finished run: the committed folder must stay until the new one is in force.
        for (int n = 2; committed != null && folder.equals(committed.folder()); n++) folder = root.resolve(name + "-" + n);
        name = folder.getFileName().toString();
        Path writing = folder;
        try {
            deleteTree(folder);
            Files.createDirectories(folder);
            syncFolder(root);
            writing = folder.resolve(BEST);
            hook.beforeWrite(writing);
            if (best != null) Safetensors.save(writing, best.stateDict(), Map.of("format", "pt"));
            else reuse(BEST, writing);
            writing = folder.resolve(LAST);
            hook.beforeWrite(writing);
            if (last != null) Safetensors.save(writing, last.stateDict(), Map.of("format", "pt"));
            else reuse(LAST, writing);
            writing = folder.resolve(OPTIMIZER);
            hook.beforeWrite(writing);
            if (last != null) Safetensors.save(writing, optimizer.stateDict());
            else reuse(OPTIMIZER, writing);
            writing = folder.resolve(TRAINER);
            if (last != null ? trainerState != null : committed != null && committed.files().containsKey(TRAINER)) {
                hook.beforeWrite(writing);
                if (last != null) Safetensors.save(writing, trainerState);
                else reuse(TRAINER, writing);
            }
            writing = folder.resolve(RunConfig.FILE);
            hook.beforeWrite(writing);
            config.write(folder);

            Map<String, Entry> files = new LinkedHashMap<>();
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("epoch", epoch);
            ObjectNode list = manifest.putObject("files");
            for (String f : ALL_FILES) {
                if (OPTIONAL_FILES.contains(f) && !Files.isRegularFile(folder.resolve(f))) continue;
                Entry e = digest(folder.resolve(f));
                files.put(f, e);
                list.putObject(f).put("sha256", e.sha256()).put("size", e.size());
            }
            writing = folder.resolve(MANIFEST);
            hook.beforeWrite(writing);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            writeBytes(writing, manifestBytes);

            ObjectNode pointer = JSON.createObjectNode();
            pointer.put("checkpoint", CHECKPOINTS + "/" + name);
            pointer.put("epoch", epoch);
            pointer.put("manifest_sha256", sha256(manifestBytes));
            writing = dir.resolve(POINTER);
            hook.beforeWrite(writing);
            writeBytes(writing, JSON.writeValueAsBytes(pointer));
            committed = new Checkpoint(folder, epoch, files);
        } catch (IOException e) {
            IOException reported = describe(e, writing, name);
            if (committed == null || !folder.equals(committed.folder())) {
                try {
                    deleteTree(folder);
                } catch (IOException cleanup) {
                    reported.addSuppressed(cleanup);
                }
            }
            throw reported;
        }
        publish();
        removeLeftovers();
    }

    private IOException describe(IOException e, Path writing, String name) {
        String msg = String.valueOf(e.getMessage());
        String kept = committed == null ? "no earlier checkpoint exists" : "the checkpoint of epoch " + committed.epoch() + " stays in force";
        if (msg.toLowerCase(Locale.ROOT).contains("no space left")) {
            return new IOException(writing + ": no space left on device while writing the checkpoint " + name + "; " + kept
                    + "; free some space and continue with resume", e);
        }
        if (e instanceof FileSystemException || msg.contains(writing.toString())) {
            return new IOException("checkpoint " + name + " not written (" + kept + "): " + msg, e);
        }
        return new IOException(writing + ": checkpoint " + name + " not written (" + kept + "): " + msg, e);
    }

    /** Hard-links (or copies) a file of the committed checkpoint, or of a run in the layout before checkpoints. */
    private void reuse(String name, Path target) throws IOException {
        Path source = committed != null ? committed.folder().resolve(name) : dir.resolve(name);
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "needed to carry " + name + " into the next checkpoint, but it does not exist");
        }
        if (committed != null) verify(name);
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(source, target);
        }
    }

    /** Copies the committed best weights and configuration to the root, where users and PyTorch read them. */
    private void publish() throws IOException {
        for (String f : new String[] {BEST, RunConfig.FILE}) {
            Path source = committed.folder().resolve(f);
            Path target = dir.resolve(f);
            hook.beforeWrite(target);
            if (Files.isRegularFile(target) && Files.size(target) == committed.files().get(f).size()
                    && digest(target).equals(committed.files().get(f))) {
                continue;
            }
            AtomicFiles.write(target, true, ch -> {
                try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long pos = 0; pos < size; ) pos += in.transferTo(pos, size - pos, ch);
                }
            });
        }
    }

    /** Removes temp files, checkpoint folders other than the committed one, and files of the layout before checkpoints it replaces. */
    private void removeLeftovers() throws IOException {
        deleteTempFiles(dir);
        Path root = dir.resolve(CHECKPOINTS);
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.toList()) {
                    if (committed != null && p.equals(committed.folder())) deleteTempFiles(p);
                    else if (Files.isDirectory(p)) deleteTree(p);
                    else Files.delete(p);
                }
            }
        }
        if (committed != null) {
            Files.deleteIfExists(dir.resolve(LAST));
            Files.deleteIfExists(dir.resolve(OPTIMIZER));
        }
    }

    private static void deleteTempFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) Files.delete(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** Loads weights ({@link #BEST} or {@link #LAST}) into {@code model}, strictly, after checking the file's checksum. */
    public void loadWeights(Module model, String which) throws IOException {
        Path f = file(which);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "the run has no saved weights yet");
        }
        verify(which);
        Map<String, Tensor> state = Safetensors.load(f);
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(f + ": the weights do not fit the model in config.json: " + e.getMessage(), e);
        }
    }

    /**
     * The rest of the last epoch's training state, checked against its checksum; null when the
     * checkpoint has none (written before it was saved, or a run in the layout before checkpoints).
     */
    public Map<String, Tensor> loadTrainerState() throws IOException {
        if (committed == null || !committed.files().containsKey(TRAINER)) return null;
        verify(TRAINER);
        return Safetensors.load(file(TRAINER));
    }

    /** Restores the optimiser state of the last epoch, after checking the file's checksum. */
    public void loadOptimizer(Optimizer optimizer) throws IOException {
        verify(OPTIMIZER);
        optimizer.loadStateDict(Safetensors.load(file(OPTIMIZER)));
    }

    private Path file(String name) {
        return committed != null ? committed.folder().resolve(name) : dir.resolve(name);
    }

    /** Checks a file of the committed checkpoint against its manifest (nothing to check in the layout before checkpoints). */
    private void verify(String name) throws IOException {
        if (committed == null) return;
        Path f = committed.folder().resolve(name);
        Entry want = committed.files().get(name);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "missing from the committed checkpoint (" + committed.folder().resolve(MANIFEST)
                    + " lists it with " + want.size() + " bytes)");
        }
        Entry found = digest(f);
        if (!found.equals(want)) {
            throw new IOException(f + ": damaged: " + committed.folder().resolve(MANIFEST) + " expects " + want.size() + " bytes with SHA-256 "
                    + want.sha256() + ", found " + found.size() + " bytes with SHA-256 " + found.sha256()
                    + "; the file changed after the checkpoint was written");
        }
    }

    /** Reads {@code checkpoint.json} and the manifest it names; null when the run has no checkpoint. */
    private static Checkpoint readPointer(Path dir) throws IOException {
        Path p = dir.resolve(POINTER);
        if (!Files.isRegularFile(p)) return null;
        JsonNode pointer;
        try {
            pointer = JSON.readTree(p.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(p + ": not a valid checkpoint pointer: " + e.getOriginalMessage(), e);
        }
        String rel = pointer.path("checkpoint").asText("");
        String sha = pointer.path("manifest_sha256").asText("");
        if (!rel.matches(CHECKPOINTS + "/[A-Za-z0-9._-]+") || rel.contains("..") || sha.isEmpty() || !pointer.path("epoch").isInt()) {
            throw new IOException(p + ": not a valid checkpoint pointer: expected \"checkpoint\": \"" + CHECKPOINTS
                    + "/<name>\", \"epoch\" and \"manifest_sha256\", found " + pointer);
        }
        Path folder = dir.resolve(rel);
        Path m = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            throw new NoSuchFileException(m.toString(), null, "the committed checkpoint named by " + p + " has no manifest");
        }
        byte[] bytes = Files.readAllBytes(m);
        if (!sha256(bytes).equals(sha)) {
            throw new IOException(m + ": damaged: " + p + " expects SHA-256 " + sha + ", found " + sha256(bytes));
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(m + ": not a valid checkpoint manifest: " + e.getOriginalMessage(), e);
        }
        Map<String, Entry> files = new LinkedHashMap<>();
        JsonNode list = manifest.path("files");
        for (String f : ALL_FILES) {
            JsonNode e = list.path(f);
            if (OPTIONAL_FILES.contains(f) && e.isMissingNode()) continue;
            if (!e.path("sha256").isTextual() || !e.path("size").canConvertToLong()) {
                throw new IOException(m + ": no sha256 and size for " + f);
            }
            files.put(f, new Entry(e.path("sha256").asText(), e.path("size").asLong()));
        }
        return new Checkpoint(folder, pointer.path("epoch").asInt(), files);
    }

    private static void writeBytes(Path f, byte[] bytes) throws IOException {
        AtomicFiles.write(f, true, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    private static Entry digest(Path f) throws IOException {
        MessageDigest md = sha256();
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                size += n;
            }
        }
        return new Entry(HexFormat.of().formatHex(md.digest()), size);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Best effort: flush a new entry of {@code folder} to disk (works on Linux; ignored where folders cannot be opened). */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on this platform or file system
        }
    }

    /** Releases the writer's lock (nothing for a folder opened for reading). */
    @Override
    public void close() throws IOException {
        if (lock != null) lock.close();
    }
}
