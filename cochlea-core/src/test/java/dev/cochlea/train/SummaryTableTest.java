package dev.cochlea.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTableTest {

    @Test
    void alignsColumns() {
        SummaryTable t = new SummaryTable("model", "params", "acc").row("mlp", "12,810", "91.2%").row("cnn-large", 98442, null);
        assertEquals(""
                + "model      params    acc\n"
                + "---------  ------  -----\n"
                + "mlp        12,810  91.2%\n"
                + "cnn-large   98442\n", t.render());
        assertEquals(2, t.size());
    }

    @Test
    void epochSummary() {
        String s = SummaryTable.ofEpochs(List.of(
                new EpochResult(1, 2.0123, 0.305, 1.5, 0.45, 1e-3, 12.34),
                new EpochResult(10, 0.25, 0.9125, 0.3333, 0.9, 5e-4, 75))).render();
        assertEquals(""
                + "epoch  train loss  train acc  val loss  val acc        lr   time\n"
                + "-----  ----------  ---------  --------  -------  --------  -----\n"
                + "1          2.0123      30.5%    1.5000    45.0%  1.00e-03  12.3s\n"
                + "10         0.2500      91.3%    0.3333    90.0%  5.00e-04   1:15\n", s);
    }

    @Test
    void rejectsWrongRowLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SummaryTable("a", "b").row("x"));
        assertTrue(e.getMessage().contains("expected 2 cells") && e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void durations() {
        assertEquals("0:07", Durations.clock(7.4));
        assertEquals("1:02:03", Durations.clock(3723));
        assertEquals("?", Durations.clock(Double.NaN));
        assertEquals("4.2s", Durations.format(4.2));
        assertEquals("1:00", Durations.format(59.96));
    }
}
