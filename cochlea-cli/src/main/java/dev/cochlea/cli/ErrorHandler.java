package dev.cochlea.cli;

import picocli.CommandLine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a user-facing error ({@code cochlea <command>: message}) instead of a stack trace for the
 * expected failures (bad input files, bad arguments); other exceptions keep their stack trace.
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
                || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalStateException) {
            cl.getErr().println(name + ": " + inOptionTerms(String.valueOf(ex.getMessage()), cl.getCommandSpec()));
            if (Boolean.getBoolean("cochlea.debug")) ex.printStackTrace(cl.getErr());
            return 2;
        }
        cl.getErr().println(name + ": unexpected error: " + ex);
        ex.printStackTrace(cl.getErr());
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
}
