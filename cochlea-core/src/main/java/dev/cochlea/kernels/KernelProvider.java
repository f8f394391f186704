package dev.cochlea.kernels;

/**
 * Picks the {@link Kernels} implementation once, the way Apache Lucene's VectorizationProvider does:
 * the Vector API implementation when the {@code jdk.incubator.vector} module is in the boot layer
 * (the JVM was started with {@code --add-modules jdk.incubator.vector}), the scalar one otherwise,
 * with a single warning that names the flag.
 *
 * <p>The system property {@code cochlea.kernels} ({@code vector} or {@code scalar}) overrides the
 * choice, for tests and benchmarks; {@code scalar} makes every path scalar, the audio front end, convolution
 * and pooling included, since they all reach their loops through {@link Kernels}.
 *
 * <p>This class names no Vector API type: {@code VectorKernels} is looked up by name, and only after the
 * module check, so it and every caller load in a JVM without the module.
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

    /**
     * The products of the warm-up, {transA, transB, m, n, k}: small, so that the interpreted and
     * lightly compiled first rounds are cheap, yet each calls the micro-kernels several times so they
     * reach the optimising compiler's thresholds soon. m = 68 takes the many-rows blocking with edge
     * tiles (and, with 6-row tiles, the 4-row tail), m = 4 or 8 the few-rows one (n = 256: four panels
     * packed while computing), k = 128 the A·Bᵀ dot-product kernel, m = 64 A·Bᵀ computed transposed;
     * the last row gives several k blocks.
     */
    private static final int[][] WARM_UP = {
            {0, 0, 68, 72, 32}, {1, 0, 68, 72, 32}, {0, 1, 68, 72, 32}, {1, 1, 68, 72, 32},
            {0, 0, 4, 256, 32}, {1, 0, 8, 256, 32}, {0, 1, 8, 72, 32}, {1, 1, 8, 72, 32},
            {0, 1, 8, 16, 128}, {0, 1, 64, 72, 32}, {0, 0, 68, 64, 300}
    };

    /** Stop warming up once this many rounds have run and the JIT has been idle for a while. */
    private static final int WARM_UP_MIN_ROUNDS = 120;

    /**
     * The warm-up of {@link #warmUp()} for one implementation: rounds of {@link #WARM_UP} products (beta
     * 0 and beta 1 alternately) until the JIT compiler has had nothing new to finish for three windows
     * of 40 ms after at least {@link #WARM_UP_MIN_ROUNDS} rounds, or 3 s have passed.
     */
    static void warmUpGemm(Kernels k) {
        int size = 68 * 300 + 300 * 256;
        float[] a = new float[size];
        float[] b = new float[size];
        float[] c = new float[68 * 256];
        for (int i = 0; i < size; i++) {
            a[i] = (i % 7) * 0.25f - 0.75f;
            b[i] = (i % 5) * 0.25f - 0.5f;
        }
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long deadline = start + 3_000_000_000L;
        long windowEnd = start + 40_000_000L;
        long jitTime = watchJit ? jit.getTotalCompilationTime() : 0;
        int quietWindows = 0;
        for (int round = 0; ; round++) {
            for (int[] w : WARM_UP) {
                if (w[4] == 300 && round % 4 != 0) continue; // the largest one less often
                boolean ta = w[0] != 0, tb = w[1] != 0;
                int m = w[2], n = w[3], kk = w[4];
                k.gemm(ta, tb, m, n, kk, 1f, a, 0, ta ? m : kk, b, 0, tb ? kk : n, round & 1, c, 0, n);
            }
            long now = System.nanoTime();
            if (now > deadline) return;
            if (now < windowEnd) continue;
            windowEnd = now + 40_000_000L;
            long t = watchJit ? jit.getTotalCompilationTime() : 0;
            quietWindows = t == jitTime ? quietWindows + 1 : 0;
            jitTime = t;
            if (round >= WARM_UP_MIN_ROUNDS && (quietWindows >= 3 || !watchJit)) return;
        }
    }

    private static Kernels choose() {
        String forced = Tuning.get().kernels();
        if (forced.equals("scalar")) return scalar();
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
