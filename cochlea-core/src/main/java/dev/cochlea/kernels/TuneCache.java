package dev.cochlea.kernels;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a measured {@link GemmPlan} is kept between processes: one small properties file per machine,
 * named by a fingerprint of what the plan depends on (CPU model and vendor, SIMD extensions, cache
 * sizes, vector lanes, the Java feature version and the kernel set's version), in
 * {@code $XDG_CACHE_HOME/cochlea} or {@code ~/.cache/cochlea}, or the folder
 * {@code -Dcochlea.tune.cache=DIR} names ({@code off}: no cache). A file from another machine, JVM or
 * kernel version is simply not found; a damaged one is reported once and ignored. Files are written
 * to a temporary name and renamed into place, so a reader never sees half of one.
 *
 * <pre>{@code
 * Path file = TuneCache.file(Tuning.get(), Machine.get(), 16);   // ~/.cache/cochlea/kernels-3f9a….properties
 * Optional<GemmPlan> plan = TuneCache.load(file);
 * }</pre>
 */
public final class TuneCache {
    /** Bump when the kernels change enough that an old measurement no longer applies. */
    static final int KERNELS_VERSION = 2;

    private TuneCache() {}

    /** The folder of the tuning files, or {@code null} when the cache is off. */
    public static Path folder(Tuning t) {
        String set = t.tuneCache();
        if (set.equalsIgnoreCase("off")) return null;
        if (!set.isEmpty()) return Path.of(set);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "cochlea");
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "cochlea");
    }

    /** This machine's tuning file, or {@code null} when the cache is off. */
    public static Path file(Tuning t, Machine m, int lanes) {
        Path dir = folder(t);
        return dir == null ? null : dir.resolve("kernels-" + fingerprint(m, lanes) + ".properties");
    }

    /** The tuning file of the machine and vector kernels this process runs on, or {@code null} when the cache is off. */
    public static Path fileForThisMachine() {
        return file(Tuning.get(), Machine.get(), GemmPlans.vectorLanes());
    }

    /**
     * A short hex digest of everything a measured plan depends on. The CPU family is part of it: virtual
     * machines on AMD's Zen 4 and Zen 5 both call themselves "AMD EPYC" with the same flags of interest.
     */
    static String fingerprint(Machine m, int lanes) {
        String key = String.join("|", m.model(), m.vendor(), Integer.toString(m.family()), String.join(" ", m.simd()), Long.toString(m.l1d()),
                Long.toString(m.l2()), Long.toString(m.l3()), Integer.toString(lanes),
                Integer.toString(Runtime.version().feature()), Integer.toString(KERNELS_VERSION));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plan in {@code file}, if there is one; a file that cannot be read or parsed is reported
     * through {@code warn} and treated as absent.
     */
    public static Optional<GemmPlan> load(Path file, java.util.function.Consumer<String> warn) {
        if (file == null || !Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            MicroTile tile = MicroTile.parse(required(p, "tile"));
            int nc = Integer.parseInt(required(p, "nc"));
            int mc = Integer.parseInt(required(p, "mc"));
            boolean packA = Boolean.parseBoolean(required(p, "packA"));
            long minParallelFlops = Long.parseLong(required(p, "minParallelFlops"));
            return Optional.of(new GemmPlan(tile, nc, mc, packA, minParallelFlops, "measured on this machine: " + file));
        } catch (IOException | IllegalArgumentException e) {
            warn.accept("cochlea: ignoring the kernel tuning file " + file + " (" + e.getMessage()
                    + "); ./cochlea tune --reset removes it");
            return Optional.empty();
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("no '" + key + "' entry");
        return v.trim();
    }

    /**
     * Writes {@code plan} to {@code file} (temporary file, then renamed into place), with the machine
     * and the measurements as comments for whoever opens it.
     */
    public static void save(Path file, GemmPlan plan, Machine m, String measurements) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# Cochlea's matrix-product plan for this machine, measured by ./cochlea tune.\n");
                w.write("# Delete this file (or run ./cochlea tune --reset) to go back to the plan derived from the machine.\n");
                w.write("# machine: " + m.model() + "; " + String.join(" ", m.simd()) + "\n");
                for (String line : measurements.split("\n")) if (!line.isBlank()) w.write("# " + line + "\n");
                w.write("tile=" + plan.tile().label() + "\n");
                w.write("nc=" + plan.nc() + "\n");
                w.write("mc=" + plan.mc() + "\n");
                w.write("packA=" + plan.packA() + "\n");
                w.write("minParallelFlops=" + plan.minParallelFlops() + "\n");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes {@code file}; whether there was one. */
    public static boolean reset(Path file) throws IOException {
        return file != null && Files.deleteIfExists(file);
    }
}
