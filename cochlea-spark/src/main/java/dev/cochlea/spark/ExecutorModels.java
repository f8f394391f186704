package dev.cochlea.spark;

import dev.cochlea.train.Classifier;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trained models of one executor JVM, each loaded once however many partitions and tasks use
 * it. A run folder is found where the driver named it (a shared file system, local mode), or else
 * among the files the driver shipped with {@code SparkContext.addFile(dir, true)}.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, Classifier> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The classifier of the run folder {@code runDir} (as the driver named it), loaded on first use. */
    static Classifier get(String runDir) {
        return LOADED.computeIfAbsent(runDir, dir -> {
            Path local = Path.of(dir);
            if (!Files.isDirectory(local)) local = Path.of(SparkFiles.get(local.getFileName().toString()));
            try {
                return Classifier.load(local);
            } catch (IOException e) {
                throw new UncheckedIOException("run " + dir + ": cannot be loaded on this executor: " + e.getMessage(), e);
            }
        });
    }

    /** How many models this JVM holds (tests check that each is loaded once). */
    static int loaded() {
        return LOADED.size();
    }
}
