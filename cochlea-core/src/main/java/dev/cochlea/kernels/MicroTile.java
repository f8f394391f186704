package dev.cochlea.kernels;

import java.util.List;
import java.util.Locale;

/**
 * The register tile of the matrix product's micro-kernel: {@code rows} rows of A, each broadcast
 * against {@code vectors} vectors of B, so {@code rows × vectors} vector accumulators. Which one is
 * fastest depends on the core: how many vector registers it has (16 with AVX2, 32 with AVX-512), and
 * how many fused multiply-adds it retires per load. A tile with more rows than vectors reuses every
 * load of B across more FMAs, which a core with two 512-bit FMA ports needs; a core with one is
 * already FMA-bound with the 4 × 4 tile. {@link GemmPlans} chooses one per machine.
 *
 * <pre>{@code
 * MicroTile t = MicroTile.parse("6x4");   // R6V4: 24 accumulators, 29 registers in use
 * }</pre>
 */
public enum MicroTile {
    /** 4 rows × 4 vectors: 16 accumulators; 5 loads per 16 FMAs at a time (4 of B, 1 broadcast). */
    R4V4(4, 4),
    /** 6 rows × 4 vectors: 24 accumulators. */
    R6V4(6, 4),
    /** 8 rows × 3 vectors: 24 accumulators, the most reuse of each B load that fits 32 registers. */
    R8V3(8, 3),
    /** 4 rows × 2 vectors: 8 accumulators, for 16 registers. */
    R4V2(4, 2),
    /** 6 rows × 2 vectors: 12 accumulators, the classic AVX2 shape (6 × 16 floats). */
    R6V2(6, 2);

    private final int rows;
    private final int vectors;

    MicroTile(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    /** Rows of A per tile. */
    public int rows() {
        return rows;
    }

    /** Vectors of B per row of the tile. */
    public int vectors() {
        return vectors;
    }

    /**
     * The 4-row tile with as many vectors (for 6-row tiles), or null: rows left over by this tile are
     * computed with it where they are a multiple of 4 (32 rows as 6 + 6 + 6 + 6 + 4 + 4 rather than six
     * 6-row tiles, the last with 4 rows of zeros). Each element of C sums the same products in the same
     * order in either tile.
     */
    public MicroTile tail() {
        return switch (this) {
            case R6V2 -> R4V2;
            case R6V4 -> R4V4;
            default -> null;
        };
    }

    /** Vector registers the inner loop keeps live: accumulators, B vectors and one broadcast. */
    public int registers() {
        return rows * vectors + vectors + 1;
    }

    /**
     * Vector registers the JIT uses for {@code lanes}-float vectors: 32 with 512-bit vectors
     * (AVX-512), 16 otherwise (AVX2, and AVX-512 hardware run with {@code -XX:UseAVX=2}).
     */
    public static int registersFor(int lanes) {
        return lanes >= 16 ? 32 : 16;
    }

    private static final List<MicroTile> WIDE = List.of(R4V4, R6V4, R8V3);
    private static final List<MicroTile> NARROW = List.of(R4V2, R6V2);

    /** The tiles worth trying with {@code lanes}-float vectors: those that fit {@link #registersFor} registers. */
    public static List<MicroTile> candidates(int lanes) {
        return lanes >= 16 ? WIDE : NARROW;
    }

    /** Columns of C this tile computes for {@code n} columns: {@code n} rounded up to its width. */
    public int paddedColumns(int n, int lanes) {
        int width = vectors * lanes;
        return (n + width - 1) / width * width;
    }

    /**
     * The tile for a product with {@code n} columns of C: this one, or the {@link #candidates candidate}
     * whose width pads {@code n} least, where that is more than a sixteenth fewer columns than this one
     * computes (ties to the most accumulators). The 8 × 3 tile computes 64 columns as 96 and 256 as 288;
     * 6 × 4 computes both exactly, and one thread ran them 1.5× and 1.8× faster (64 × 1280 × 256 and
     * 64 × 1024 × 64 as {@code A·Bᵀ}, the MLP's and the CIFAR model's linear layers, AMD EPYC family 26).
     * Every tile sums each element of C in the same order, so the choice changes no result.
     */
    public MicroTile forColumns(int n, int lanes) {
        List<MicroTile> all = candidates(lanes);
        if (!all.contains(this)) return this;
        int own = paddedColumns(n, lanes);
        MicroTile best = this;
        int bestColumns = own;
        for (MicroTile t : all) {
            int cols = t.paddedColumns(n, lanes);
            if (t == this || 16L * own <= 17L * cols) continue;
            if (cols < bestColumns || cols == bestColumns && t.rows * t.vectors > best.rows * best.vectors) {
                best = t;
                bestColumns = cols;
            }
        }
        return best;
    }

    /** {@code "6x4"} for {@link #R6V4}. */
    public String label() {
        return rows + "x" + vectors;
    }

    /** The tile of a label such as {@code "6x4"}; throws {@link IllegalArgumentException} naming the choices. */
    public static MicroTile parse(String label) {
        String s = label.trim().toLowerCase(Locale.ROOT);
        for (MicroTile t : values()) if (t.label().equals(s)) return t;
        throw new IllegalArgumentException("unknown micro-tile '" + label + "' (expected one of 4x4, 6x4, 8x3, 4x2, 6x2)");
    }
}
