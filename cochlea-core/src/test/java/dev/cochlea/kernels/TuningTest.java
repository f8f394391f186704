package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Tuning}: defaults, parsing, and values it refuses (with a warning naming the property). */
class TuningTest {
    @Test
    void defaultsAreTheMeasuredSettings() {
        Tuning t = Tuning.defaults();
        assertEquals("", t.kernels());
        assertEquals(0, t.threads());
        assertEquals(512, t.gemmKc());
        assertEquals(0, t.gemmNc(), "0: the machine's plan chooses");
        assertEquals(null, t.gemmTile());
        assertEquals("", t.tuneCache());
        assertEquals(0L, t.gemmMinParallelFlops(), "0: the machine's plan chooses");
        assertEquals(1 << 19, t.convMaxTile());
        assertFalse(t.gemmPackA() || t.gemmNoFuse() || t.convNoFlip() || t.convNoRows() || t.convNoDepthwise() || t.convNoDirect());
    }

    @Test
    void readsEveryKindOfValue() {
        Properties p = new Properties();
        p.setProperty("cochlea.kernels", "scalar");
        p.setProperty("cochlea.threads", "3");
        p.setProperty("cochlea.gemm.kc", " 384 ");
        p.setProperty("cochlea.gemm.tile", "6X4");
        p.setProperty("cochlea.tune.cache", "off");
        p.setProperty("cochlea.conv.minParallelFlops", "0");
        p.setProperty("cochlea.conv.noDirect", "");
        p.setProperty("cochlea.gemm.packA", "TRUE");
        List<String> warnings = new ArrayList<>();
        Tuning t = Tuning.from(p, warnings::add);
        assertEquals(List.of(), warnings);
        assertEquals("scalar", t.kernels());
        assertEquals(3, t.threads());
        assertEquals(384, t.gemmKc());
        assertEquals(MicroTile.R6V4, t.gemmTile());
        assertEquals("off", t.tuneCache());
        assertEquals(0L, t.convMinParallelFlops());
        assertTrue(t.convNoDirect() && t.gemmPackA());
    }

    @Test
    void badValuesKeepTheirDefaultAndAreNamed() {
        Properties p = new Properties();
        p.setProperty("cochlea.kernels", "gpu");
        p.setProperty("cochlea.threads", "0");
        p.setProperty("cochlea.gemm.kc", "big");
        p.setProperty("cochlea.gemm.tile", "5x5");
        p.setProperty("cochlea.conv.noFlip", "yes");
        List<String> warnings = new ArrayList<>();
        Tuning t = Tuning.from(p, warnings::add);
        assertEquals(Tuning.defaults(), t);
        assertEquals(5, warnings.size(), warnings.toString());
        for (String key : new String[] {"cochlea.kernels=gpu", "cochlea.threads=0", "cochlea.gemm.kc=big", "cochlea.gemm.tile=5x5",
                "cochlea.conv.noFlip=yes"}) {
            assertTrue(warnings.stream().anyMatch(w -> w.contains("-D" + key)), key + " in " + warnings);
        }
    }
}
