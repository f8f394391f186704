package dev.cochlea.audio;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where decoders (the built-in ones and those of other modules) report a file they read although it is damaged (a {@code data}
 * chunk declared longer than the file, as a cut-short download leaves it): each warning goes to
 * {@link AudioData#warnings()} and {@link AudioInfo#warnings()}, and is logged once per process at
 * {@link System.Logger.Level#WARNING} on the {@link System.Logger} named {@value #LOGGER}, so a
 * training run that reads the file every epoch says it once. The messages start with the file's path.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("cut.wav"));
 * a.warnings().forEach(System.err::println);
 * // cut.wav: the 'data' chunk declares 1000000 bytes but the file holds 4096 bytes of it; ...
 * }</pre>
 *
 * To silence or redirect them, configure that logger ({@code java.util.logging} by default:
 * {@code -Djava.util.logging.config.file=...} with {@code dev.cochlea.audio.level = SEVERE}).
 */
public final class AudioWarnings {
    /** The name of the logger the warnings go to. */
    public static final String LOGGER = "dev.cochlea.audio";
    /** How many distinct warnings are remembered as already logged before the memory is cleared. */
    private static final int REMEMBERED = 4096;

    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private AudioWarnings() {}

    /** Logs each of {@code warnings} that has not been logged before. */
    public static void log(List<String> warnings) {
        for (String w : warnings) {
            if (LOGGED.size() >= REMEMBERED) LOGGED.clear();
            if (LOGGED.add(w)) LOG.log(System.Logger.Level.WARNING, w);
        }
    }
}
