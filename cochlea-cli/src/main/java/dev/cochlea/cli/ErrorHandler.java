package dev.cochlea.cli;

import picocli.CommandLine;

/**
 * Prints a user-facing error ({@code cochlea <command>: message}) instead of a stack trace for the
 * expected failures (bad input files, bad arguments); other exceptions keep their stack trace.
 *
 * <pre>{@code
 * new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler());
 * }</pre>
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalStateException) {
            cl.getErr().println(name + ": " + ex.getMessage());
            if (Boolean.getBoolean("cochlea.debug")) ex.printStackTrace(cl.getErr());
            return 2;
        }
        cl.getErr().println(name + ": unexpected error: " + ex);
        ex.printStackTrace(cl.getErr());
        return 1;
    }
}
