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
}
