package dev.cochlea.kernels;

/**
 * The per-thread scratch arrays of the matrix products (packed panels of A and B and a small tile),
 * kept in a {@link ThreadLocal} and grown only when a larger block is asked for, so a training loop
 * in its steady state allocates nothing inside {@code gemm}.
 *
 * <pre>{@code
 * GemmWorkspace ws = GemmWorkspace.get();
 * float[] ap = ws.a(mc * kc);   // at least mc*kc floats, contents undefined
 * float[] bp = ws.b(kc * nc);
 * }</pre>
 */
public final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] tile = new float[0];
    private float[] c = new float[0];

    private GemmWorkspace() {}

    /** The workspace of the calling thread. */
    public static GemmWorkspace get() {
        return LOCAL.get();
    }

    /** A scratch array for packed A of at least {@code size} floats (contents undefined). */
    public float[] a(int size) {
        if (a.length < size) a = new float[size];
        return a;
    }

    /** A scratch array for packed B of at least {@code size} floats (contents undefined). */
    public float[] b(int size) {
        if (b.length < size) b = new float[size];
        return b;
    }

    /** A scratch array for a whole (transposed) result of at least {@code size} floats (contents undefined). */
    public float[] c(int size) {
        if (c.length < size) c = new float[size];
        return c;
    }

    /** A scratch array for one micro-tile of at least {@code size} floats (contents undefined). */
    public float[] tile(int size) {
        if (tile.length < size) tile = new float[size];
        return tile;
    }
}
