package dev.cochlea.cli;

import dev.cochlea.kernels.GemmPlans;
import dev.cochlea.kernels.GemmTuner;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Machine;
import dev.cochlea.kernels.TuneCache;
import dev.cochlea.kernels.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea tune}: measures the fastest matrix-product plan for this machine and keeps it in the
 * user's cache folder; {@code --show} says which plan is in use and why, {@code --reset} forgets the
 * measurement. The first {@code train}, {@code crossval}, {@code demo} or {@code bench} on a machine
 * does the same once by itself ({@link #atFirstUse}).
 *
 * <pre>{@code
 * ./cochlea tune            # 5–8 s
 * ./cochlea tune --show
 * ./cochlea tune --reset
 * }</pre>
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the fastest matrix-product plan for this machine and cache it.",
                "No plan changes a result; only speed. Cached in $XDG_CACHE_HOME/cochlea or ~/.cache/cochlea "
                        + "(-Dcochlea.tune.cache=DIR|off in COCHLEA_JAVA_OPTS)."})
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--show", description = "Print the plan in use, where it came from and the cache file; measure nothing.")
    boolean show;

    @Option(names = "--reset", description = "Delete this machine's cached plan (the next run derives one from the machine).")
    boolean reset;

    @Override
    public Integer call() throws IOException {
        if (show && reset) throw new IllegalArgumentException("--show and --reset: give one of them, not both");
        Path file = TuneCache.fileForThisMachine();
        if (show) {
            System.out.println("machine: " + Machine.get().describe());
            System.out.println("plan:    " + GemmPlans.current().describe());
            System.out.println("cache:   " + (file == null ? "off" : file + (Files.exists(file) ? "" : " (not measured yet)")));
            return 0;
        }
        if (reset) {
            if (file == null) {
                System.out.println("the tuning cache is off (-Dcochlea.tune.cache=off): nothing to reset");
            } else {
                System.out.println(TuneCache.reset(file) ? "deleted " + file : "no cached plan for this machine (" + file + ")");
            }
            return 0;
        }
        System.out.println("machine: " + Machine.get().describe());
        Path saved = GemmTuner.tuneAndSave(line -> System.out.println(line + " ..."), r -> System.out.println(r.report()));
        System.out.println(saved == null ? "not saved: the tuning cache is off" : "saved to " + saved);
        return 0;
    }

    /**
     * Tunes once per machine before a long job: when the vector kernels are in use, no tile was set by
     * hand, the cache is on and holds nothing for this machine. Prints two lines; a cache that cannot
     * be written is reported and the measured plan used for this run anyway.
     */
    static void atFirstUse(PrintStream out) {
        if (!KernelProvider.get().name().equals("vector") || Tuning.get().gemmTile() != null) return;
        Path file = TuneCache.fileForThisMachine();
        if (file == null || Files.exists(file)) return;
        out.println("tuning the matrix kernels for this machine, once (5–8 s; ./cochlea tune --show, --reset) ...");
        try {
            GemmTuner.tuneAndSave(line -> { }, r -> out.printf("tuned in %.1f s: %s%n", r.seconds(), r.chosen().settings()));
        } catch (IOException e) {
            out.println("could not save the tuned plan to " + file + " (" + e.getMessage() + "); using it for this run only");
        }
    }
}
