package dev.cochlea.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every knob of the kernel layer in one place, read once per process from system properties
 * ({@code -Dcochlea.…}; the table of them is in docs/tuning.md). The defaults are what the kernels
 * were measured fastest with; most users set only {@code cochlea.threads} and perhaps
 * {@code cochlea.kernels}. A value that does not parse or is out of range is reported on standard
 * error once and its default kept.
 *
 * <p>The {@code no…}/{@code packA} switches turn off one fast path so that it can be compared with
 * the general path it stands in for; the general path is always the one taken where the fast one
 * does not apply, and a test run with every switch set checks that those paths agree with the
 * references too.
 *
 * <pre>{@code
 * // java -Dcochlea.threads=4 -Dcochlea.gemm.kc=384 ...
 * int kc = Tuning.get().gemmKc();   // 384
 * }</pre>
 *
 * @param kernels              {@code cochlea.kernels}: {@code vector}, {@code scalar} or empty for the best available
 * @param threads              {@code cochlea.threads}: kernel threads, 0 for one per core
 * @param workerSpinNanos      {@code cochlea.workerSpinNanos}: how long an idle pool thread polls before parking
 * @param unitSpinNanos        {@code cochlea.spinNanos}: how long the caller spins for the other threads' last work units
 * @param gemmMinParallelFlops {@code cochlea.gemm.minParallelFlops}: smaller products stay on the calling thread (0: the machine's plan)
 * @param gemmTile             {@code cochlea.gemm.tile}: the micro-kernel's register tile ({@link MicroTile#label()}, e.g. {@code 6x4}; empty: the machine's plan, see {@link GemmPlans})
 * @param gemmKc               {@code cochlea.gemm.kc}: inner-dimension block of the many-rows path
 * @param gemmNc               {@code cochlea.gemm.nc}: column block of B kept in L2 (0: the machine's plan)
 * @param gemmMc               {@code cochlea.gemm.mc}: row block of A per packed B block (0: the machine's plan)
 * @param gemmSmallM           {@code cochlea.gemm.smallM}: products with at most this many rows take the few-rows path
 * @param gemmSmallMinK        {@code cochlea.gemm.smallMinK}: ... when the inner dimension is at least this long
 * @param gemmKcSmall          {@code cochlea.gemm.kcSmall}: inner-dimension block of the few-rows path
 * @param gemmPackA            {@code cochlea.gemm.packA}: pack an untransposed A instead of reading it in place
 * @param gemmNoFuse           {@code cochlea.gemm.noFuse}: pack B before computing instead of while computing the first row panel
 * @param gemmUnitsPerThread   {@code cochlea.gemm.unitsPerThread}: most column units per thread in a dynamically shared product
 * @param gemmDotMinK          {@code cochlea.gemm.dotMinK}: {@code A·Bᵀ} with at least this inner dimension may use the dot-product kernel
 * @param gemmDotMaxM          {@code cochlea.gemm.dotMaxM}: ... when A has at most this many rows
 * @param gemmSwapMaxM         {@code cochlea.gemm.swapMaxM}: {@code A·Bᵀ} with at most this many rows may be computed transposed (0: never)
 * @param gemmDotKc            {@code cochlea.gemm.dotKc}: longest inner-dimension block of the dot-product kernel
 * @param gemmDotABlock        {@code cochlea.gemm.dotABlock}: floats of A per block of the dot-product kernel
 * @param gemmDotMc            {@code cochlea.gemm.dotMc}: rows of A per block of the dot-product kernel
 * @param convMinN             {@code cochlea.conv.minN}: least product width before convolution items are no longer grouped
 * @param convMinNWeight       {@code cochlea.conv.minNWeight}: the same for the weight gradient
 * @param convMaxTile          {@code cochlea.conv.maxTile}: most floats of one item's column matrix before it is built in slices
 * @param convMinParallelFlops {@code cochlea.conv.minParallelFlops}: smaller convolutions stay on the calling thread
 * @param convRowsMinK         {@code cochlea.conv.rowsMinK}: least {@code C·kernelSize} for the im2row weight gradient
 * @param convNoFlip           {@code cochlea.conv.noFlip}: stride-1 input gradients by col2im instead of a flipped-kernel convolution
 * @param convNoRows           {@code cochlea.conv.noRows}: weight gradients by im2col instead of im2row
 * @param convNoDepthwise      {@code cochlea.conv.noDepthwise}: depthwise convolutions through the general grouped path
 * @param convNoDirect         {@code cochlea.conv.noDirect}: no direct (implicit-GEMM) convolution; im2col and GEMM instead
 * @param convNoFused          {@code cochlea.conv.noFused}: fused inference blocks ({@code FusedConv2d}) run their layers one by one instead of {@link WinogradConv} / {@link PooledConv}
 * @param tuneCache            {@code cochlea.tune.cache}: folder of the per-machine tuning files, {@code off} for none (empty: the user's cache folder, see {@link TuneCache})
 */
public record Tuning(String kernels, int threads, long workerSpinNanos, long unitSpinNanos,
                     long gemmMinParallelFlops, MicroTile gemmTile, int gemmKc, int gemmNc, int gemmMc, int gemmSmallM,
                     int gemmSmallMinK, int gemmKcSmall, boolean gemmPackA, boolean gemmNoFuse, int gemmUnitsPerThread,
                     int gemmDotMinK, int gemmDotMaxM, int gemmSwapMaxM, int gemmDotKc, int gemmDotABlock, int gemmDotMc,
                     int convMinN, int convMinNWeight, int convMaxTile, long convMinParallelFlops, int convRowsMinK,
                     boolean convNoFlip, boolean convNoRows, boolean convNoDepthwise, boolean convNoDirect,
                     boolean convNoFused,
                     String tuneCache) {

    private static final Tuning CURRENT = from(System.getProperties(), System.err::println);

    /** The process's tuning, read from the system properties when the kernels first load. */
    public static Tuning get() {
        return CURRENT;
    }

    /** The defaults, as if no property were set. */
    public static Tuning defaults() {
        return from(new Properties(), w -> { });
    }

    /** The tuning {@code props} give; each value that is not valid is reported to {@code warn} and its default kept. */
    public static Tuning from(Properties props, java.util.function.Consumer<String> warn) {
        Reader r = new Reader(props);
        String kernels = props.getProperty("cochlea.kernels", "").trim();
        if (!kernels.isEmpty() && !kernels.equals("vector") && !kernels.equals("scalar")) {
            r.bad.add("cochlea: ignoring -Dcochlea.kernels=" + kernels + " (expected vector or scalar)");
            kernels = "";
        }
        Tuning t = new Tuning(kernels,
                r.integer("cochlea.threads", 0, 1, "a whole number >= 1"),
                r.longer("cochlea.workerSpinNanos", 200_000L, 0),
                r.longer("cochlea.spinNanos", 1_000_000L, 0),
                r.longer("cochlea.gemm.minParallelFlops", 0, 1),
                r.tile("cochlea.gemm.tile"),
                r.integer("cochlea.gemm.kc", 512, 16, null),
                r.integer("cochlea.gemm.nc", 0, 16, null),
                r.integer("cochlea.gemm.mc", 0, 4, null),
                r.integer("cochlea.gemm.smallM", 64, 0, null),
                r.integer("cochlea.gemm.smallMinK", 16, 0, null),
                r.integer("cochlea.gemm.kcSmall", 1024, 16, null),
                r.flag("cochlea.gemm.packA"),
                r.flag("cochlea.gemm.noFuse"),
                r.integer("cochlea.gemm.unitsPerThread", 8, 1, null),
                r.integer("cochlea.gemm.dotMinK", 128, 0, null),
                r.integer("cochlea.gemm.dotMaxM", 128, 0, null),
                r.integer("cochlea.gemm.swapMaxM", 256, 0, null),
                r.integer("cochlea.gemm.dotKc", 4096, 16, null),
                r.integer("cochlea.gemm.dotABlock", 128 * 1024, 1024, null),
                r.integer("cochlea.gemm.dotMc", 128, 4, null),
                r.integer("cochlea.conv.minN", 256, 1, null),
                r.integer("cochlea.conv.minNWeight", 1024, 1, null),
                r.integer("cochlea.conv.maxTile", 1 << 19, 1024, null),
                r.longer("cochlea.conv.minParallelFlops", 4_000_000L, 0),
                r.integer("cochlea.conv.rowsMinK", 256, 0, null),
                r.flag("cochlea.conv.noFlip"),
                r.flag("cochlea.conv.noRows"),
                r.flag("cochlea.conv.noDepthwise"),
                r.flag("cochlea.conv.noDirect"),
                r.flag("cochlea.conv.noFused"),
                props.getProperty("cochlea.tune.cache", "").trim());
        r.bad.forEach(warn);
        return t;
    }

    /** Reads typed values from properties, collecting what it had to ignore. */
    private static final class Reader {
        final Properties props;
        final List<String> bad = new ArrayList<>();

        Reader(Properties props) {
            this.props = props;
        }

        int integer(String key, int dflt, int min, String expected) {
            return (int) parse(key, dflt, min, expected == null ? "a whole number >= " + min : expected, Integer::parseInt);
        }

        long longer(String key, long dflt, long min) {
            return parse(key, dflt, min, "a whole number >= " + min, Long::parseLong);
        }

        MicroTile tile(String key) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) return null;
            try {
                return MicroTile.parse(v);
            } catch (IllegalArgumentException e) {
                bad.add("cochlea: ignoring -D" + key + "=" + v + " (expected one of 4x4, 6x4, 8x3, 4x2, 6x2)");
                return null;
            }
        }

        boolean flag(String key) {
            String v = props.getProperty(key);
            if (v == null) return false;
            String s = v.trim();
            if (s.isEmpty() || s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
            bad.add("cochlea: ignoring -D" + key + "=" + v + " (expected true or false)");
            return false;
        }

        private long parse(String key, long dflt, long min, String expected, Function<String, Number> parser) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) return dflt;
            try {
                long x = parser.apply(v.trim()).longValue();
                if (x >= min) return x;
            } catch (NumberFormatException e) {
                // reported below
            }
            bad.add("cochlea: ignoring -D" + key + "=" + v + " (expected " + expected + ")");
            return dflt;
        }
    }
}
