package dev.cochlea.kernels;

/**
 * Picks the {@link Kernels} implementation once, the way Apache Lucene's VectorizationProvider does:
 * the Vector API implementation when the {@code jdk.incubator.vector} module is in the boot layer
 * (the JVM was started with {@code --add-modules jdk.incubator.vector}), the scalar one otherwise,
 * with a single warning that names the flag.
 *
 * <p>The system property {@code cochlea.kernels} ({@code vector} or {@code scalar}) overrides the
 * choice, for tests and benchmarks.
 *
 * <pre>{@code
 * Kernels k = KernelProvider.get();
 * System.out.println(k.name()); // "vector"
 * }</pre>
 */
public final class KernelProvider {
    private static final String MODULE = "jdk.incubator.vector";
    private static final Kernels INSTANCE = choose();

    private KernelProvider() {}

    /** The implementation in use for this JVM. */
    public static Kernels get() {
        return INSTANCE;
    }

    /** The scalar implementation (always available). */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Whether the Vector API module is present in this JVM. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * The Vector API implementation.
     *
     * @throws UnsupportedOperationException when the JVM was started without the module
     */
    public static Kernels vector() {
        if (!vectorModulePresent()) {
            throw new UnsupportedOperationException(
                    "the Vector API kernels need the JVM flag --add-modules " + MODULE);
        }
        try {
            return (Kernels) Class.forName("dev.cochlea.kernels.VectorKernels")
                    .getDeclaredField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("could not load the Vector API kernels: " + e, e);
        }
    }

    /**
     * Runs small matrix products through {@link #get()} until the JIT has compiled them (all transposes,
     * both {@code beta} branches, edge tiles, several inner-dimension blocks), so the first training
     * step does not run interpreted kernels. Takes a fraction of a second.
     *
     * <pre>{@code
     * KernelProvider.warmUp(); // once at start-up, before timing anything
     * }</pre>
     */
    public static void warmUp() {
        warmUpGemm(get());
    }

    /** The warm-up of {@link #warmUp()} for one implementation. */
    static void warmUpGemm(Kernels k) {
        int m = 37, n = 71, kk = 300;
        float[] a = new float[m * kk];
        float[] b = new float[kk * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (i % 7) * 0.25f - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = (i % 5) * 0.25f - 0.5f;
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (int it = 0; it < 300 && System.nanoTime() < deadline; it++) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int small = 24; // below the dot-product threshold: packed path for every transpose
                k.gemm(ta, tb, m, n, small, 1f, a, 0, ta ? m : small, b, 0, tb ? small : n, 0f, c, 0, n);
                k.gemm(ta, tb, m, n, small, 0.5f, a, 0, ta ? m : small, b, 0, tb ? small : n, 1f, c, 0, n);
            }
            // A longer inner dimension: several k blocks (accumulate branch) and the A·Bᵀ dot kernel.
            k.gemm(false, false, m, n, kk, 1f, a, 0, kk, b, 0, n, 0f, c, 0, n);
            k.gemm(false, true, m, n, kk, 1f, a, 0, kk, b, 0, kk, 0.5f, c, 0, n);
        }
    }

    private static Kernels choose() {
        String forced = System.getProperty("cochlea.kernels", "").trim();
        if (forced.equals("scalar")) return scalar();
        if (!forced.isEmpty() && !forced.equals("vector")) {
            System.err.println("cochlea: ignoring -Dcochlea.kernels=" + forced + " (expected vector or scalar)");
        }
        if (!vectorModulePresent()) {
            System.err.println("cochlea: WARNING: the Java Vector API is not enabled; using slower scalar kernels. "
                    + "Start the JVM with --add-modules " + MODULE + " for full speed.");
            return scalar();
        }
        try {
            return vector();
        } catch (UnsupportedOperationException e) {
            System.err.println("cochlea: WARNING: " + e.getMessage() + "; using scalar kernels.");
            return scalar();
        }
    }
}
