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
                ServeCommand.class,
                OnnxCommand.class,
                ExportCommand.class,
                ListenCommand.class,
                SummaryCommand.class,
                BenchCommand.class,
                FeaturesCommand.class,
                DatasetsCommand.class,
                TuneCommand.class,
                TutorialCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Held so that the configuration of the library's logger is not collected with it. */
    private static java.util.logging.Logger libraryLog;

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
        plainLibraryWarnings();
        System.exit(run(args));
    }

    /**
     * The library's warnings (e.g. a cut-short audio file, logged once on {@code dev.cochlea.audio})
     * printed on stderr as {@code warning: <message>} rather than java.util.logging's two-line
     * format; left alone when a logging configuration is given.
     */
    static void plainLibraryWarnings() {
        if (System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.cochlea");
        java.util.logging.Handler h = new java.util.logging.StreamHandler(System.err, new java.util.logging.Formatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                        ? "warning: " + formatMessage(r) + System.lineSeparator() : formatMessage(r) + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        log.addHandler(h);
        log.setUseParentHandlers(false);
        libraryLog = log;
    }
}
