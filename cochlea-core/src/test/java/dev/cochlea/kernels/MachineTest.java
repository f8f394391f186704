package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The machine description read from cpuinfo and sysfs, and what it says when they are missing. */
class MachineTest {
    @Test
    void readsModelFlagsAndCaches(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n"
                + "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw amx_tile\n\nprocessor\t: 1\nmodel name\t: other\n");
        Path caches = dir.resolve("cache");
        String[][] idx = {{"1", "Data", "48K"}, {"1", "Instruction", "32K"}, {"2", "Unified", "2048K"}, {"3", "Unified", "105M"}};
        for (int i = 0; i < idx.length; i++) {
            Path d = Files.createDirectories(caches.resolve("index" + i));
            Files.writeString(d.resolve("level"), idx[i][0] + "\n");
            Files.writeString(d.resolve("type"), idx[i][1] + "\n");
            Files.writeString(d.resolve("size"), idx[i][2] + "\n");
        }
        Machine m = Machine.read(cpuinfo, caches);
        assertEquals("Intel(R) Xeon(R) Processor", m.model());
        assertEquals("GenuineIntel", m.vendor());
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "amx_tile"), m.simd());
        assertEquals(48 << 10, m.l1d());
        assertEquals(2048L << 10, m.l2());
        assertEquals(105L << 20, m.l3());
        assertEquals(0, m.family(), "no cpu family line");
        assertTrue(m.describe().startsWith("Intel(R) Xeon(R) Processor; "), m.describe());
        assertTrue(m.describe().contains("L1d 48 KB, L2 2 MB, L3 105 MB"), m.describe());
    }

    /** A virtual machine with no cache folder: AMD's cpuinfo {@code cache size} is the L2 of one core. */
    @Test
    void cpuinfoCacheSizeStandsInForAMissingCacheFolder(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n"
                + "model name\t: AMD EPYC\ncache size\t: 1024 KB\nflags\t\t: fpu avx2 fma avx512f\n");
        Machine m = Machine.read(cpuinfo, dir.resolve("no-cache-folder"));
        assertEquals(26, m.family());
        assertTrue(m.amdZen5OrLater());
        assertEquals(1L << 20, m.l2());
        assertEquals(0, m.l3());
        assertTrue(m.describe().startsWith("AMD EPYC (family 26); "), m.describe());
        Files.writeString(cpuinfo, "vendor_id\t: GenuineIntel\ncpu family\t: 6\ncache size\t: 107520 KB\n");
        Machine intel = Machine.read(cpuinfo, dir.resolve("no-cache-folder"));
        assertEquals(0, intel.l2(), "Intel's cache size is the L3");
        assertEquals(107520L << 10, intel.l3());
        assertFalse(intel.amdZen5OrLater());
    }

    @Test
    void unreadableFilesLeaveFieldsUnknown(@TempDir Path dir) {
        Machine m = Machine.read(dir.resolve("none"), dir.resolve("none"));
        assertEquals("unknown", m.model());
        assertEquals(0, m.l2());
        assertTrue(m.describe().contains("no SIMD flags read"), m.describe());
        assertTrue(Machine.get().processors() >= 1);
    }
}
