package dev.cochlea.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cochlea bench cnn --json}: one object per result with the fields bench/cnn_compare.sh reads. */
class BenchCnnCommandTest {
    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesForEveryPoint() {
        String out = run("bench", "cnn", "--json", "--models", "mlp", "--threads", "1", "--batch", "4",
                "--warmup", "0", "--seconds", "0.02", "--reps", "1");
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        Pattern p = Pattern.compile("\\{\"bench\":\"cnn\",\"model\":\"mlp\",\"step\":\"(train|infer)\",\"batch\":4,"
                + "\"threads\":1,\"samples_per_s\":([0-9.]+)}");
        for (int i = 0; i < 2; i++) {
            Matcher m = p.matcher(lines[i].strip());
            assertTrue(m.matches(), lines[i]);
            assertEquals(i == 0 ? "train" : "infer", m.group(1));
            assertTrue(Double.parseDouble(m.group(2)) > 0, lines[i]);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            rc = Main.run("bench", "cnn", "--models", "resnet", "--warmup", "0");
        } finally {
            System.setErr(saved);
        }
        assertNotEquals(0, rc);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("resnet"), bytes.toString(StandardCharsets.UTF_8));
    }
}
