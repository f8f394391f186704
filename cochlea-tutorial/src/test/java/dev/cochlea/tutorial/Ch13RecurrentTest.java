package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch13RecurrentTest {
    @TempDir
    Path dir;

    @Test
    void fourFamiliesLearn() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch13Recurrent().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        @SuppressWarnings("unchecked")
        List<Ch13Recurrent.Result> table = (List<Ch13Recurrent.Result>) r.get("table");
        assertEquals(List.of("CNN", "RNN", "TDNN", "LSTM"), table.stream().map(Ch13Recurrent.Result::family).toList());
        double chance = (double) r.get("chance");
        double best = 0;
        for (Ch13Recurrent.Result row : table) {
            assertTrue(row.parameters() > 0);
            assertTrue(row.accuracy() >= 0 && row.accuracy() <= 1);
            assertTrue(row.lastLoss() < row.firstLoss(), row.family() + ": the training loss goes down, " + row);
            best = Math.max(best, row.accuracy());
        }
        assertTrue(best > 2 * chance, "the best model beats chance clearly: " + table);
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("RnnClassifier") && printed.contains("LstmClassifier"), printed);
    }
}
