package dev.cochlea.cli;

import picocli.CommandLine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a user-facing error ({@code cochlea <command>: message}) instead of a stack trace: for the
 * expected failures (bad input files, bad arguments) the message alone; for running out of memory,
 * what ran out and which settings to change; for anything else (a bug), one line and the stack trace
 * in a temp file ({@code -Dcochlea.debug=true} prints it instead).
 * The library names its settings as its Java API does ({@code batchSize: expected >= 1},
 * {@code resume(true)}); where the command has the matching option, the message names the option
 * instead ({@code --batch-size: expected >= 1}, {@code --resume}).
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
                || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalStateException
                || ex instanceof UnsupportedOperationException) {
            cl.getErr().println(name + ": " + inOptionTerms(String.valueOf(ex.getMessage()), cl.getCommandSpec()));
            if (Boolean.getBoolean("cochlea.debug")) ex.printStackTrace(cl.getErr());
            return 2;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                cl.getErr().println(outOfMemory(name));
                return 3;
            }
        }
        if (Boolean.getBoolean("cochlea.debug")) {
            cl.getErr().println(name + ": unexpected error: " + ex);
            ex.printStackTrace(cl.getErr());
            return 1;
        }
        cl.getErr().println(name + ": unexpected error: " + ex + "\n" + name + ": this is a bug in Cochlea; "
                + traceFile(ex) + "please report it with that file (COCHLEA_JAVA_OPTS=-Dcochlea.debug=true prints it here)");
        return 1;
    }

    private static final Pattern LEADING = Pattern.compile("^([a-z][A-Za-z0-9]*)(?=[: ])");
    private static final Pattern CALL = Pattern.compile("\\b([a-z][A-Za-z0-9]*)\\((?:true|\\.\\.\\.)\\)");

    /** {@code message} with the library's setting names replaced by {@code spec}'s option names where it has them. */
    static String inOptionTerms(String message, CommandLine.Model.CommandSpec spec) {
        Matcher lead = LEADING.matcher(message);
        String out = lead.find() ? option(lead.group(1), spec, lead.group(1)) + message.substring(lead.end()) : message;
        Matcher call = CALL.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (call.find()) call.appendReplacement(sb, Matcher.quoteReplacement(option(call.group(1), spec, call.group())));
        call.appendTail(sb);
        return sb.toString();
    }

    private static String option(String setting, CommandLine.Model.CommandSpec spec, String otherwise) {
        String flag = "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        return spec.findOption(flag) != null ? flag : otherwise;
    }

    /** What to say when the heap ran out: what ran out and which settings to change. */
    static String outOfMemory(String command) {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return command + ": ran out of memory (the Java heap is limited to " + max + " MiB); give it more with "
                + "COCHLEA_JAVA_OPTS=\"-Xmx4g\" (./cochlea) or -Xmx4g (java), or use less: keep clips on disk (--clip-store DIR, the "
                + "default, rather than none), a smaller --batch-size, shorter --clip-seconds, or fewer or shorter recordings";
    }

    /** Writes {@code ex}'s stack trace to a temp file and says where, or says nothing when that fails. */
    private static String traceFile(Throwable ex) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("cochlea-error-", ".txt");
            java.io.StringWriter w = new java.io.StringWriter();
            ex.printStackTrace(new java.io.PrintWriter(w));
            java.nio.file.Files.writeString(f, w.toString());
            return "the stack trace is in " + f + "; ";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
