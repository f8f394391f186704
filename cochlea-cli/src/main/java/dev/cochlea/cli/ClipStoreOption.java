package dev.cochlea.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the command line keeps its clip store ({@code --clip-store}): the folder given, none (on
 * the heap), or by default {@code $XDG_CACHE_HOME/cochlea/clips} ({@code ~/.cache/cochlea/clips});
 * the system property {@code cochlea.clipStore} moves the default (tests use it). A default folder
 * that cannot be created is passed over with a warning; a folder given that cannot be is an error
 * (raised where it is opened).
 *
 * <pre>{@code
 * Path store = ClipStoreOption.resolve(options.clipStore, System.err);   // null: keep clips on the heap
 * }</pre>
 */
final class ClipStoreOption {
    static final String DESCRIPTION = "Folder where decoded audio and features are kept on disk and reused by later runs with "
            + "the same settings, so memory stays flat whatever the data's size; none keeps them in memory. "
            + "Default: $XDG_CACHE_HOME/cochlea/clips (~/.cache/cochlea/clips).";

    private ClipStoreOption() {}

    /** The store folder for the option's value ({@code null} or blank: the default), or null for none. */
    static Path resolve(String value, PrintStream warnings) {
        if (value != null && value.equalsIgnoreCase("none")) return null;
        if (value != null && !value.isBlank()) return Path.of(value);
        Path dflt = defaultRoot();
        try {
            Files.createDirectories(dflt);
            if (Files.isWritable(dflt)) return dflt;
        } catch (java.io.IOException | SecurityException ignored) {
            // Warned below.
        }
        warnings.println("warning: the clip store's default folder " + dflt + " cannot be written; decoded audio and features are "
                + "kept in memory (choose a folder with --clip-store DIR)");
        return null;
    }

    static Path defaultRoot() {
        String property = System.getProperty("cochlea.clipStore");
        if (property != null && !property.isBlank()) return Path.of(property);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cochlea").resolve("clips");
    }
}
