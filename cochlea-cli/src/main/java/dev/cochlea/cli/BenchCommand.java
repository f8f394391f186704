package dev.cochlea.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cochlea bench <what>}: benchmarks that print throughput (never run as tests). Each
 * benchmark is a subcommand class of its own.
 *
 * <pre>{@code
 * ./cochlea bench gemm --json
 * }</pre>
 */
@Command(name = "bench",
        description = "Run a benchmark and print its figures.",
        mixinStandardHelpOptions = true,
        subcommands = {
                BenchGemmCommand.class,
                BenchCnnCommand.class,
                BenchAudioCommand.class,
                BenchServeDirectCommand.class,
                BenchOnnxCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The median of {@code v} (the mean of the middle two for an even count); {@code v} is left as it was. */
    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
