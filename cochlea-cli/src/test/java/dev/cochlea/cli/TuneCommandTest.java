package dev.cochlea.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cochlea tune}: what it says with the cache off (the test JVMs run with
 * {@code -Dcochlea.tune.cache=off}, so nothing is written to the user's folders); the measurement
 * itself and the cache files are tested in cochlea-core ({@code GemmPlanTest}).
 */
class TuneCommandTest {
    private static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            rc = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void showNamesThePlanAndWhereItCameFrom() {
        String[] r = run("tune", "--show");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("machine: ") && r[1].contains("plan:    tile ") && r[1].contains("derived from the machine")
                && r[1].contains("cache:   off"), r[1]);
    }

    @Test
    void resetWithTheCacheOffSaysSo() {
        String[] r = run("tune", "--reset");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("cache is off"), r[1]);
    }

    @Test
    void showAndResetTogetherAreRefused() {
        String[] r = run("tune", "--show", "--reset");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("--show and --reset"), r[2]);
    }
}
