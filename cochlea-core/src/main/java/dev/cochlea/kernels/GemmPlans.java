package dev.cochlea.kernels;

import java.util.Optional;

/**
 * Chooses the {@link GemmPlan} of this process, once, in this order:
 * <ol>
 *   <li>settings given as system properties ({@code -Dcochlea.gemm.tile=6x4}, {@code .nc}, {@code .mc}),
 *       each one overriding only itself;</li>
 *   <li>a plan measured on this very machine by {@link GemmTuner} ({@code ./cochlea tune}, or the first
 *       training run), read from {@link TuneCache};</li>
 *   <li>a plan derived from what the JVM can read about the machine ({@link #forMachine}).</li>
 * </ol>
 * No plan changes a result (see {@link GemmPlan}), so the choice is about speed alone.
 *
 * <pre>{@code
 * System.out.println(GemmPlans.current().describe());
 * // tile 4x4, nc 256, mc 256, A in place (derived from the machine: 16 lanes, L2 1024 KB)
 * }</pre>
 */
public final class GemmPlans {
    private static volatile GemmPlan current;

    private GemmPlans() {}

    /** The plan in use (chosen on first use). */
    public static GemmPlan current() {
        GemmPlan p = current;
        if (p != null) return p;
        synchronized (GemmPlans.class) {
            if (current == null) {
                current = resolve(Tuning.get(), Machine.get(), vectorLanes(),
                        TuneCache.load(TuneCache.fileForThisMachine(), System.err::println));
            }
            return current;
        }
    }

    /** Makes {@code plan} the one every following product uses (the tuner's candidates, then its choice). */
    static synchronized void install(GemmPlan plan) {
        current = plan;
    }

    /** Lanes of the vector kernels in this JVM (1 without the Vector API module). */
    public static int vectorLanes() {
        return KernelProvider.vectorModulePresent() ? KernelProvider.vector().lanes() : 1;
    }

    /** The plan of the precedence above, from the given settings, machine and cached measurement. */
    static GemmPlan resolve(Tuning t, Machine m, int lanes, Optional<GemmPlan> cached) {
        GemmPlan base = cached.orElseGet(() -> forMachine(m, lanes, t.gemmKc()));
        boolean set = t.gemmTile() != null || t.gemmNc() > 0 || t.gemmMc() > 0 || t.gemmPackA() || t.gemmMinParallelFlops() > 0;
        if (!set) return base;
        return new GemmPlan(t.gemmTile() != null ? t.gemmTile() : base.tile(), t.gemmNc() > 0 ? t.gemmNc() : base.nc(),
                t.gemmMc() > 0 ? t.gemmMc() : base.mc(), t.gemmPackA() || base.packA(),
                t.gemmMinParallelFlops() > 0 ? t.gemmMinParallelFlops() : base.minParallelFlops(),
                "system properties, the rest " + base.source());
    }

    /**
     * The plan derived from the machine without measuring:
     * <ul>
     *   <li>tile: with 16-lane (512-bit) vectors and 32 registers, 4 × 4 where a core retires one
     *       512-bit FMA per cycle (AMD's Zen 4: the measured best there); 8 × 3 on AMD's Zen 5 (cpu family
     *       26 and later), whose cores have two 512-bit FMA pipes and need more FMAs per load of B (measured
     *       there: 8 × 3 197 GFLOP/s, 6 × 4 189, 4 × 4 177); 6 × 4 on Intel processors with AVX-512, whose
     *       server cores also have two 512-bit FMA ports (an unmeasured first guess: the tuner decides); with
     *       narrower vectors (AVX2: 16 registers) 6 × 2;</li>
     *   <li>nc: the columns of a {@code kc}-row block of B that fill half the L2 cache of one core (256
     *       with 1 MB and kc 512: the other half holds the A panels and C's rows, and a block filling all
     *       of L2 ran 5–10 % slower), between 256 and 4,096; 512 when the size cannot be read;</li>
     *   <li>mc: 256 rows; rows of an untransposed A read in place;</li>
     *   <li>products of at least 12 MFLOP shared among threads (handing work to another thread costs
     *       some 40 µs on the machines measured).</li>
     * </ul>
     */
    public static GemmPlan forMachine(Machine m, int lanes, int kc) {
        MicroTile tile;
        String why;
        if (lanes >= 16 && m.amdZen5OrLater()) {
            tile = MicroTile.R8V3;
            why = "AMD family " + m.family() + " (two 512-bit FMA pipes)";
        } else if (lanes >= 16 && m.vendor().equals("GenuineIntel") && m.simd().contains("avx512f")) {
            tile = MicroTile.R6V4;
            why = "Intel with AVX-512";
        } else if (lanes >= 16) {
            tile = MicroTile.R4V4;
            why = "16 lanes";
        } else {
            tile = MicroTile.R6V2;
            why = lanes + " lanes";
        }
        int nc = 512;
        if (m.l2() > 0) {
            long cols = m.l2() / 2 / (4L * kc) / 64 * 64;
            nc = (int) Math.max(256, Math.min(4096, cols));
            why += ", L2 " + (m.l2() >> 10) + " KB";
        }
        return new GemmPlan(tile, nc, 256, false, GemmPlan.DEFAULT_MIN_PARALLEL_FLOPS, "derived from the machine: " + why);
    }
}
