package dev.cochlea.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cochlea} command line: each command is a class of its own in this package; this one
 * only lists them and runs picocli.
 *
 * <pre>{@code
 * ./cochlea --help
 * ./cochlea bench gemm --json
 * }</pre>
 */
@Command(name = "cochlea",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deep learning for audio in pure Java.",
        subcommands = {
                DemoCommand.class,
                TrainCommand.class,
                CrossvalCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                SummaryCommand.class,
                BenchCommand.class,
                FeaturesCommand.class,
                DatasetsCommand.class,
                TutorialCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            cl.getErr().println(ErrorHandler.outOfMemory(args.length > 0 ? "cochlea " + args[0] : "cochlea"));
            return 3;
        }
    }

    /** Entry point of {@code ./cochlea}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }
}
