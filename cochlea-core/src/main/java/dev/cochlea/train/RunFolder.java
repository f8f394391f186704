package dev.cochlea.train;

import dev.cochlea.io.Safetensors;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of a training run, each written to a temp file and renamed into place:
 * <ul>
 *   <li>{@code model.safetensors} — the best weights so far (PyTorch state-dict names; load them in
 *       PyTorch with {@code safetensors.torch.load_file})</li>
 *   <li>{@code last.safetensors} and {@code optimizer.safetensors} — the last epoch's weights and
 *       optimiser state, for {@code --resume}</li>
 *   <li>{@code config.json} — {@link RunConfig}</li>
 *   <li>TensorBoard event files under {@code tensorboard/}</li>
 * </ul>
 *
 * <pre>{@code
 * RunFolder run = RunFolder.create(Path.of("runs/fsdd"), false);
 * run.saveBest(model);
 * }</pre>
 */
public final class RunFolder {
    /** Best weights. */
    public static final String BEST = "model.safetensors";
    /** Last epoch's weights. */
    public static final String LAST = "last.safetensors";
    /** Last epoch's optimiser state. */
    public static final String OPTIMIZER = "optimizer.safetensors";

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Prepares {@code dir} for a new run: refuses a folder that already has content unless
     * {@code overwrite}, in which case only Cochlea's own run files are removed.
     */
    public static RunFolder create(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException("out: " + dir + " exists and is not a folder");
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty) {
                if (!overwrite) {
                    throw new IllegalArgumentException("out: " + dir + " already holds a run; choose another out(...), continue it with resume(true) "
                            + dir + ", or replace it with overwrite(true)");
                }
                clearRunFiles(dir);
            }
        }
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    private static void clearRunFiles(Path dir) throws IOException {
        for (String f : new String[] {BEST, LAST, OPTIMIZER, RunConfig.FILE}) Files.deleteIfExists(dir.resolve(f));
        Path tb = dir.resolve("tensorboard");
        if (Files.isDirectory(tb)) {
            try (Stream<Path> s = Files.walk(tb)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** Opens an existing run (for evaluate, predict or resume). */
    public static RunFolder open(Path dir) throws IOException {
        RunConfig.read(dir);
        return new RunFolder(dir);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The TensorBoard log folder of this run. */
    public Path tensorboardDir() {
        return dir.resolve("tensorboard");
    }

    /** Saves the best weights. */
    public void saveBest(Module model) throws IOException {
        Safetensors.save(dir.resolve(BEST), model.stateDict(), Map.of("format", "pt"));
    }

    /** Saves the last weights and the optimiser state. */
    public void saveLast(Module model, Optimizer optimizer) throws IOException {
        Safetensors.save(dir.resolve(LAST), model.stateDict(), Map.of("format", "pt"));
        Safetensors.save(dir.resolve(OPTIMIZER), optimizer.stateDict());
    }

    /** Loads weights ({@link #BEST} or {@link #LAST}) into {@code model}, strictly. */
    public void loadWeights(Module model, String which) throws IOException {
        Path f = dir.resolve(which);
        if (!Files.isRegularFile(f)) {
            throw new java.nio.file.NoSuchFileException(f.toString(), null, "the run has no saved weights yet");
        }
        Map<String, Tensor> state = Safetensors.load(f);
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(f + ": the weights do not fit the model in config.json: " + e.getMessage(), e);
        }
    }

    /** Restores the optimiser state saved by {@link #saveLast}. */
    public void loadOptimizer(Optimizer optimizer) throws IOException {
        optimizer.loadStateDict(Safetensors.load(dir.resolve(OPTIMIZER)));
    }
}
