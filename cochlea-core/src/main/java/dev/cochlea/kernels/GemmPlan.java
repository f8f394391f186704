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
 * System.out.println(p.describe());   // "tile 4x4, nc 1024, mc 256, A in place (derived from the machine: 16 lanes, L2 1024 KB)"
 * }</pre>
 *
 * @param tile   the micro-kernel's register tile
 * @param nc     columns of B per block kept in L2 (a multiple of the tile's width once used)
 * @param mc     rows of A per packed block of B
 * @param packA  whether an untransposed A is packed into panels too, rather than read in place (rows
 *               of A a power of two apart can meet in one cache set; packing costs a copy)
 * @param source where the plan came from: properties, a tuning cache file, or the machine's description
 */
public record GemmPlan(MicroTile tile, int nc, int mc, boolean packA, String source) {
    public GemmPlan {
        if (tile == null) throw new IllegalArgumentException("tile must not be null");
        if (nc < 16) throw new IllegalArgumentException("nc must be at least 16, got " + nc);
        if (mc < 4) throw new IllegalArgumentException("mc must be at least 4, got " + mc);
        source = source == null ? "" : source;
    }

    /** The same plan with another tile. */
    public GemmPlan withTile(MicroTile t) {
        return new GemmPlan(t, nc, mc, packA, source);
    }

    /** The same plan with another column block. */
    public GemmPlan withNc(int n) {
        return new GemmPlan(tile, n, mc, packA, source);
    }

    /** The same plan with another row block. */
    public GemmPlan withMc(int m) {
        return new GemmPlan(tile, nc, m, packA, source);
    }

    /** The same plan packing A or reading it in place. */
    public GemmPlan withPackA(boolean pack) {
        return new GemmPlan(tile, nc, mc, pack, source);
    }

    /** The same plan saying where it came from. */
    public GemmPlan from(String why) {
        return new GemmPlan(tile, nc, mc, packA, why);
    }

    /** {@code "tile 6x4, nc 2048, mc 256, A in place"}. */
    public String settings() {
        return "tile " + tile.label() + ", nc " + nc + ", mc " + mc + (packA ? ", A packed" : ", A in place");
    }

    /** The settings and, in parentheses, where they came from. */
    public String describe() {
        return settings() + (source.isEmpty() ? "" : " (" + source + ")");
    }
}
