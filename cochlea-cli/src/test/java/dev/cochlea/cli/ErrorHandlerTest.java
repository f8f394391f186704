package dev.cochlea.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library speaks in its settings' names; the command line in its options'. */
class ErrorHandlerTest {
    private static CommandLine.Model.CommandSpec train() {
        return new CommandLine(new Main()).getSubcommands().get("train").getCommandSpec();
    }

    @Test
    void settingNamesBecomeOptionNamesWhereTheCommandHasThem() {
        CommandLine.Model.CommandSpec spec = train();
        assertEquals("--batch-size: expected >= 1, found 0", ErrorHandler.inOptionTerms("batchSize: expected >= 1, found 0", spec));
        assertEquals("--out: runs/a already holds a run; choose another --out, continue it with --resume runs/a, or replace it with --overwrite",
                ErrorHandler.inOptionTerms("out: runs/a already holds a run; choose another out(...), continue it with resume(true) runs/a, "
                        + "or replace it with overwrite(true)", spec));
        assertEquals("--split group:x: no recording", ErrorHandler.inOptionTerms("split group:x: no recording", spec));
        assertEquals("cannot read x.wav: not a WAV file", ErrorHandler.inOptionTerms("cannot read x.wav: not a WAV file", spec));
        assertEquals("folds: expected 0", ErrorHandler.inOptionTerms("folds: expected 0", spec), "train has no --folds");
    }

    @Test
    void aBadSettingIsReportedAsTheOption(@org.junit.jupiter.api.io.TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("train", "--data", dir.toString(), "--out", dir.resolve("run").toString(), "--batch-size", "0");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--batch-size: expected >= 1, found 0"), err.toString());
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        final RuntimeException failure;
        final boolean outOfMemory;

        Boom(RuntimeException failure, boolean outOfMemory) {
            this.failure = failure;
            this.outOfMemory = outOfMemory;
        }

        @Override
        public Integer call() {
            if (outOfMemory) throw new OutOfMemoryError("Java heap space");
            throw failure;
        }
    }

    private static String[] run(Boom command) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setErr(new PrintWriter(err, true));
        int code;
        try {
            code = cl.execute();
        } catch (OutOfMemoryError e) {
            cl.getErr().println(ErrorHandler.outOfMemory("boom"));
            code = 3;
        }
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void runningOutOfMemorySaysWhatToChangeWithoutAStackTrace() {
        String[] r = run(new Boom(null, true));
        assertEquals("3", r[0]);
        assertTrue(r[1].contains("ran out of memory") && r[1].contains("-Xmx") && r[1].contains("--batch-size"), r[1]);
        assertTrue(!r[1].contains("\tat "), r[1]);
    }

    @Test
    void aBugIsOneLineWithTheStackTraceInAFile() throws Exception {
        String[] r = run(new Boom(new NullPointerException("x is null"), false));
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("unexpected error") && r[1].contains("x is null"), r[1]);
        assertTrue(!r[1].contains("\tat "), r[1]);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stack trace is in (\\S+);").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        Path trace = Path.of(m.group(1));
        assertTrue(java.nio.file.Files.readString(trace).contains("NullPointerException"));
        java.nio.file.Files.delete(trace);
    }

    @Test
    void aClipTooLongForOneArrayIsRefusedNotWrapped(@org.junit.jupiter.api.io.TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("train", "--data", dir.toString(), "--out", dir.resolve("run").toString(), "--clip-seconds", "1e9");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--clip-seconds: expected at most 600 s") && err.toString().contains("found 1.0E9 s"), err.toString());
    }
}
