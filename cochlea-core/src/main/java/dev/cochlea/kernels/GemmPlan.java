package dev.cochlea.kernels;

/**
 * How the vector matrix product runs on this machine: the register tile and the blocking that only
 * moves work around (which columns of B stay in L2 together, how many rows of A share one packed block
 * of B). None of these change a result: every element of C adds its products in the same order
 * whatever the plan (the inner-dimension blocking, which would, is fixed by {@link Tuning}), so a
 * plan tuned on one machine and another's give bit-identical numbers.
 *
 * <pre>{@code
 * GemmPlan p = GemmPlans.current();
 * System.out.println(p.describe());   // "tile 4x4, nc 256, mc 256, A in place, threads from 12.0 MFLOP (derived from the machine: 16 lanes, L2 1024 KB)"
 * }</pre>
 *
 * @param tile   the micro-kernel's register tile
 * @param nc     columns of B per block kept in L2 (a multiple of the tile's width once used)
 * @param mc     rows of A per packed block of B
 * @param minParallelFlops products with fewer floating-point operations stay on the calling thread
 *               (handing work to other threads costs more than it saves below it)
 * @param packA  whether an untransposed A is packed into panels too, rather than read in place (rows
 *               of A a power of two apart can meet in one cache set; packing costs a copy)
 * @param source where the plan came from: properties, a tuning cache file, or the machine's description
 */
public record GemmPlan(MicroTile tile, int nc, int mc, boolean packA, long minParallelFlops, String source) {
    /** Products below this many floating-point operations stay on one thread unless measured otherwise. */
    public static final long DEFAULT_MIN_PARALLEL_FLOPS = 12_000_000L;

    public GemmPlan {
        if (tile == null) throw new IllegalArgumentException("tile must not be null");
        if (nc < 16) throw new IllegalArgumentException("nc must be at least 16, got " + nc);
        if (mc < 4) throw new IllegalArgumentException("mc must be at least 4, got " + mc);
        if (minParallelFlops < 0) throw new IllegalArgumentException("minParallelFlops must be >= 0, got " + minParallelFlops);
        source = source == null ? "" : source;
    }

    /** The same plan with another tile. */
    public GemmPlan withTile(MicroTile t) {
        return new GemmPlan(t, nc, mc, packA, minParallelFlops, source);
    }

    /** The same plan with another column block. */
    public GemmPlan withNc(int n) {
        return new GemmPlan(tile, n, mc, packA, minParallelFlops, source);
    }

    /** The same plan with another row block. */
    public GemmPlan withMc(int m) {
        return new GemmPlan(tile, nc, m, packA, minParallelFlops, source);
    }

    /** The same plan packing A or reading it in place. */
    public GemmPlan withPackA(boolean pack) {
        return new GemmPlan(tile, nc, mc, pack, minParallelFlops, source);
    }

    /** The same plan with another threshold for using several threads. */
    public GemmPlan withMinParallelFlops(long flops) {
        return new GemmPlan(tile, nc, mc, packA, flops, source);
    }

    /** The same plan saying where it came from. */
    public GemmPlan from(String why) {
        return new GemmPlan(tile, nc, mc, packA, minParallelFlops, why);
    }

    /** {@code "tile 6x4, nc 2048, mc 256, A in place, threads from 12.0 MFLOP"}. */
    public String settings() {
        return "tile " + tile.label() + ", nc " + nc + ", mc " + mc + (packA ? ", A packed" : ", A in place")
                + ", threads from " + String.format(java.util.Locale.ROOT, "%.1f", minParallelFlops / 1e6) + " MFLOP";
    }

    /** The settings and, in parentheses, where they came from. */
    public String describe() {
        return settings() + (source.isEmpty() ? "" : " (" + source + ")");
    }
}
