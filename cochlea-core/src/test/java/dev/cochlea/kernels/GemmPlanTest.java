package dev.cochlea.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine's matrix-product plan: how it is derived, overridden and cached, that every plan gives
 * bit-identical products (the property that makes tuning safe), and one real tuning run.
 */
class GemmPlanTest {
    private static final Machine AMD = new Machine("AMD EPYC", "AuthenticAMD", 25, 2,
            List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl"), 32 << 10, 1 << 20, 32 << 20);
    private static final Machine INTEL = new Machine("Intel(R) Xeon(R) Processor", "GenuineIntel", 6, 2,
            List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "amx_tile"), 48 << 10, 2 << 20, 105 << 20);
    private static final Machine UNKNOWN = new Machine("unknown", "", 0, 1, List.of(), 0, 0, 0);
    private static final Machine ZEN5 = new Machine("AMD EPYC", "AuthenticAMD", 26, 2,
            List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl"), 48 << 10, 1 << 20, 32 << 20);

    private GemmPlan saved;

    @BeforeEach
    void save() {
        saved = GemmPlans.current();
    }

    @AfterEach
    void restore() {
        GemmPlans.install(saved);
    }

    @Test
    void derivedFromTheMachine() {
        GemmPlan amd = GemmPlans.forMachine(AMD, 16, 512);
        assertEquals(MicroTile.R4V4, amd.tile());
        assertEquals(256, amd.nc(), "a 512-row block of B filling half of 1 MB of L2");
        assertFalse(amd.packA());
        assertEquals(GemmPlan.DEFAULT_MIN_PARALLEL_FLOPS, amd.minParallelFlops());
        assertTrue(amd.source().contains("derived from the machine"), amd.source());
        GemmPlan intel = GemmPlans.forMachine(INTEL, 16, 512);
        assertEquals(MicroTile.R6V4, intel.tile(), "two 512-bit FMA ports: more rows per load of B");
        assertEquals(512, intel.nc());
        assertEquals(MicroTile.R6V2, GemmPlans.forMachine(AMD, 8, 256).tile(), "AVX2: 16 registers");
        assertEquals(MicroTile.R8V3, GemmPlans.forMachine(ZEN5, 16, 512).tile(), "Zen 5: two 512-bit FMA pipes");
        assertEquals(MicroTile.R6V2, GemmPlans.forMachine(ZEN5, 8, 512).tile(), "Zen 5 limited to AVX2");
        assertEquals(512, GemmPlans.forMachine(UNKNOWN, 16, 512).nc(), "caches not readable");
        assertEquals(256, GemmPlans.forMachine(new Machine("x", "", 0, 1, List.of(), 0, 64 << 10, 0), 16, 256).nc(), "clamped");
    }

    @Test
    void propertiesOverrideOnlyWhatTheySet() {
        Properties p = new Properties();
        p.setProperty("cochlea.gemm.tile", "8x3");
        p.setProperty("cochlea.gemm.minParallelFlops", "123");
        Tuning t = Tuning.from(p, w -> { });
        GemmPlan cached = new GemmPlan(MicroTile.R6V4, 2048, 128, true, 5_000_000L, "measured");
        GemmPlan r = GemmPlans.resolve(t, AMD, 16, Optional.of(cached));
        assertEquals(new GemmPlan(MicroTile.R8V3, 2048, 128, true, 123L, r.source()), r);
        assertTrue(r.source().startsWith("system properties"), r.source());
        assertEquals(cached, GemmPlans.resolve(Tuning.defaults(), AMD, 16, Optional.of(cached)), "the measurement wins");
        assertEquals(GemmPlans.forMachine(AMD, 16, 512), GemmPlans.resolve(Tuning.defaults(), AMD, 16, Optional.empty()));
    }

    @Test
    void cacheFilesRoundTripAndAreKeyedByMachine(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("cochlea.tune.cache", dir.toString());
        Tuning t = Tuning.from(p, w -> { });
        Path amd = TuneCache.file(t, AMD, 16);
        assertEquals(dir, amd.getParent());
        assertNotEquals(amd, TuneCache.file(t, INTEL, 16));
        assertNotEquals(amd, TuneCache.file(t, AMD, 8), "another vector width is another plan");
        assertEquals(amd, TuneCache.file(t, AMD, 16), "stable");
        assertEquals(Optional.empty(), TuneCache.load(amd, w -> { throw new AssertionError(w); }));

        GemmPlan plan = new GemmPlan(MicroTile.R6V4, 2048, 128, true, 3_000_000L, "x");
        TuneCache.save(amd, plan, AMD, "tile 4x4: 100 GFLOP/s\nchosen: tile 6x4");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        GemmPlan back = TuneCache.load(amd, w -> { throw new AssertionError(w); }).orElseThrow();
        assertEquals(plan.settings(), back.settings());
        assertTrue(back.source().contains(amd.toString()), back.source());

        assertTrue(TuneCache.reset(amd));
        assertFalse(TuneCache.reset(amd));
        p.setProperty("cochlea.tune.cache", "OFF");
        assertEquals(null, TuneCache.file(Tuning.from(p, w -> { }), AMD, 16));
    }

    @Test
    void aDamagedCacheFileIsNamedAndIgnored(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("kernels-x.properties");
        Files.writeString(f, "tile=9x9\nnc=1024\nmc=256\npackA=false\nminParallelFlops=1000000\n");
        List<String> warnings = new ArrayList<>();
        assertEquals(Optional.empty(), TuneCache.load(f, warnings::add));
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().contains(f.toString()) && warnings.getFirst().contains("9x9")
                && warnings.getFirst().contains("--reset"), warnings.getFirst());
        Files.writeString(f, "tile=4x4\n");
        warnings.clear();
        assertEquals(Optional.empty(), TuneCache.load(f, warnings::add));
        assertTrue(warnings.getFirst().contains("'nc'"), warnings.getFirst());
    }

    @Test
    void tilesParseByLabelAndFitTheirRegisters() {
        for (MicroTile t : MicroTile.values()) assertEquals(t, MicroTile.parse(t.label()));
        assertThrows(IllegalArgumentException.class, () -> MicroTile.parse("7x4"));
        for (MicroTile t : MicroTile.candidates(16)) assertTrue(t.registers() <= MicroTile.registersFor(16), t.label());
        for (MicroTile t : MicroTile.candidates(8)) assertTrue(t.registers() <= MicroTile.registersFor(8), t.label());
    }

    @Test
    void aProductTakesTheTileThatPadsItsColumnsLeast() {
        assertEquals(MicroTile.R6V4, MicroTile.R8V3.forColumns(64, 16), "64 columns: 96 with 8x3, 64 with 6x4");
        assertEquals(MicroTile.R6V4, MicroTile.R8V3.forColumns(256, 16));
        assertEquals(MicroTile.R6V4, MicroTile.R8V3.forColumns(100, 16), "144 against 128, ties to more accumulators");
        assertEquals(MicroTile.R8V3, MicroTile.R8V3.forColumns(512, 16), "528 against 512: less than a sixteenth");
        assertEquals(MicroTile.R8V3, MicroTile.R8V3.forColumns(10, 16));
        assertEquals(MicroTile.R8V3, MicroTile.R4V4.forColumns(48, 16));
        assertEquals(MicroTile.R4V4, MicroTile.R4V4.forColumns(64, 16));
        assertEquals(MicroTile.R6V4, MicroTile.R6V4.forColumns(1000, 16));
        for (int n = 1; n <= 300; n++) {
            assertEquals(MicroTile.R6V2, MicroTile.R6V2.forColumns(n, 8), "one width at 8 lanes");
            assertEquals(MicroTile.R4V2, MicroTile.R4V2.forColumns(n, 16), "a tile set by hand outside the candidates stays");
        }
    }

    /**
     * Every tile, blocking and packing choice gives the same bits as the default plan, for every
     * transpose, ragged edges, both row paths, several inner-dimension blocks, alpha and beta: so a tuned
     * plan never changes a trained model. (The default plan itself is checked against a double-precision
     * reference by {@link GemmTest}.)
     */
    @Test
    @DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar", disabledReason = "the plan belongs to the vector kernels")
    void everyPlanGivesTheSameBits() {
        Kernels v = KernelProvider.vector();
        GemmPlan base = GemmPlans.forMachine(Machine.get(), GemmPlans.vectorLanes(), Tuning.get().gemmKc());
        List<GemmPlan> plans = new ArrayList<>();
        for (MicroTile t : MicroTile.values()) {
            plans.add(base.withTile(t).withPackA(false));
            plans.add(base.withTile(t).withPackA(true).withNc(256).withMc(20));
        }
        int[][] shapes = {{13, 77, 300}, {64, 200, 130}, {70, 600, 1100}, {5, 1500, 90}, {128, 96, 700}, {1, 64, 64}, {64, 200, 256}};
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = new float[m * k], b = new float[k * n], c0 = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < c0.length; i++) c0[i] = (float) rnd.nextGaussian();
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                for (float[] ab : new float[][] {{1f, 0f}, {0.5f, 1f}, {-1.5f, 0.25f}}) {
                    GemmPlans.install(base);
                    float[] want = c0.clone();
                    v.gemm(ta, tb, m, n, k, ab[0], a, 0, ta ? m : k, b, 0, tb ? k : n, ab[1], want, 0, n);
                    for (GemmPlan p : plans) {
                        GemmPlans.install(p);
                        float[] got = c0.clone();
                        v.gemm(ta, tb, m, n, k, ab[0], a, 0, ta ? m : k, b, 0, tb ? k : n, ab[1], got, 0, n);
                        assertArrayEquals(want, got, p.settings() + " " + (ta ? "T" : "N") + (tb ? "T" : "N") + " "
                                + m + "x" + k + "x" + n + " alpha " + ab[0] + " beta " + ab[1]);
                    }
                }
            }
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar", disabledReason = "the scalar kernels have no plan")
    void tuningMeasuresTheCandidatesAndInstallsTheWinner() {
        List<String> progress = new ArrayList<>();
        GemmTuner.Result r = GemmTuner.tune(progress::add);
        assertEquals(Parallel.threads() > 1 ? 3 : 2, progress.size(), progress.toString());
        List<MicroTile> candidates = MicroTile.candidates(GemmPlans.vectorLanes());
        assertTrue(candidates.contains(r.chosen().tile()), r.report());
        assertTrue(r.trials().size() >= 2 * candidates.size() + 1, r.report());
        for (GemmTuner.Trial t : r.trials()) assertTrue(t.score() > 0.5, t.describe());
        assertEquals(r.chosen(), GemmPlans.current());
        assertTrue(r.report().contains("chosen: " + r.chosen().settings()), r.report());
        if (Parallel.threads() > 1) {
            assertTrue(r.threads().contains("shared from"), r.report());
            assertTrue(r.chosen().minParallelFlops() >= GemmPlan.DEFAULT_MIN_PARALLEL_FLOPS, r.report());
        }
    }
}
