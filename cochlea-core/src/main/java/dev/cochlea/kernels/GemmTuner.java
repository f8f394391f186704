package dev.cochlea.kernels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Measures which {@link GemmPlan} is fastest on this machine, on one thread, in a few seconds: first
 * every {@link MicroTile} the vector width allows, with A read in place and packed, on three products
 * (a power-of-two square, the few-rows product of a convolution, an odd shape with ragged edges);
 * then the column block on a wide product; then, with several threads, the smallest product from
 * which sharing it among them pays. Candidates are timed in alternating rounds and compared by
 * the geometric mean of their median GFLOP/s; a candidate replaces the plan it competes with only when
 * it is at least {@link #MARGIN} faster, so noise does not flip a choice. The winner is installed for
 * this process and, by {@link #tuneAndSave}, kept in {@link TuneCache} for the next ones.
 *
 * <p>Since no plan changes a result, tuning (and re-tuning) never changes what a model computes.
 *
 * <pre>{@code
 * GemmTuner.Result r = GemmTuner.tune(System.out::println);
 * System.out.println(r.chosen().describe());
 * }</pre>
 */
public final class GemmTuner {
    /** Fraction by which a challenger must beat the plan it competes with. */
    public static final double MARGIN = 0.03;

    /** Products measured for the tile: {m, k, n}. */
    static final int[][] TILE_SHAPES = {{512, 512, 512}, {64, 576, 2048}, {200, 300, 1000}};
    /** Product measured for the column block: many columns, one inner block ({@code cochlea.gemm.kc}). */
    static final int[] NC_SHAPE = {384, Tuning.get().gemmKc(), 6144};
    /** Square products measured on one thread and on all, for where threads start to pay. */
    static final int[] THREAD_SIZES = {64, 96, 128, 192, 256};

    private GemmTuner() {}

    /**
     * One measured candidate.
     *
     * @param plan      the plan
     * @param gflops    median GFLOP/s on each measured product
     * @param score     geometric mean of {@code gflops}
     */
    public record Trial(GemmPlan plan, double[] gflops, double score) {
        /** {@code "tile 6x4, nc 1024, mc 256, A in place: 101.2 GFLOP/s (98.1 / 110.0 / 96.0)"}. */
        public String describe() {
            StringBuilder s = new StringBuilder(plan.settings()).append(": ")
                    .append(String.format(Locale.ROOT, "%.1f GFLOP/s", score));
            if (gflops.length > 1) {
                s.append(" (");
                for (int i = 0; i < gflops.length; i++) s.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", gflops[i]));
                s.append(')');
            }
            return s.toString();
        }
    }

    /**
     * What a tuning run found.
     *
     * @param start   the plan before tuning
     * @param chosen  the plan now installed
     * @param trials  every candidate measured, in order
     * @param threads the one-thread and all-thread timings of the squares, or "" on one thread
     * @param seconds how long it took
     */
    public record Result(GemmPlan start, GemmPlan chosen, List<Trial> trials, String threads, double seconds) {
        /** The trials and the choice, one line each. */
        public String report() {
            StringBuilder s = new StringBuilder();
            for (Trial t : trials) s.append(t.describe()).append('\n');
            if (!threads.isEmpty()) s.append(threads).append('\n');
            s.append(String.format(Locale.ROOT, "chosen: %s (%.1f s)", chosen.settings(), seconds));
            return s.toString();
        }
    }

    /**
     * Measures the candidates on the calling thread and installs the winner for this process.
     *
     * @param progress told what is measured, a line at a time
     * @throws IllegalStateException when the vector kernels are not in use (nothing to tune)
     */
    public static Result tune(Consumer<String> progress) {
        if (!KernelProvider.get().name().equals("vector")) {
            throw new IllegalStateException("only the vector kernels have a plan to tune; this JVM uses the "
                    + KernelProvider.get().name() + " kernels (the vector kernels need the JVM flag --add-modules "
                    + "jdk.incubator.vector, which ./cochlea adds, and no -Dcochlea.kernels=scalar)");
        }
        long t0 = System.nanoTime();
        GemmPlan start = GemmPlans.current();
        int lanes = GemmPlans.vectorLanes();
        List<Trial> trials = new ArrayList<>();
        try {
            List<GemmPlan> tiles = new ArrayList<>();
            for (MicroTile t : MicroTile.candidates(lanes)) {
                tiles.add(start.withTile(t).withPackA(false));
                tiles.add(start.withTile(t).withPackA(true));
            }
            if (!tiles.contains(start)) tiles.addFirst(start);
            progress.accept("measuring " + tiles.size() + " register tiles on " + TILE_SHAPES.length + " products");
            GemmPlan best = pick(start, measure(tiles, TILE_SHAPES), trials);
            int nc = best.nc();
            List<GemmPlan> blocks = List.of(best, best.withNc(Math.max(256, nc / 2)), best.withNc(Math.min(8192, nc * 2)));
            progress.accept("measuring " + blocks.size() + " column blocks");
            best = pick(best, measure(blocks.stream().distinct().toList(), new int[][] {NC_SHAPE}), trials);
            String threads = "";
            int n = Parallel.threads();
            if (n > 1) {
                progress.accept("measuring where " + n + " threads start to pay");
                StringBuilder log = new StringBuilder("GFLOP/s on 1 / " + n + " threads:");
                best = best.withMinParallelFlops(threadThreshold(best, log));
                threads = log.toString();
            }
            GemmPlan chosen = best.from("measured on this machine");
            GemmPlans.install(chosen);
            return new Result(start, chosen, List.copyOf(trials), threads, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException | Error e) {
            GemmPlans.install(start);
            throw e;
        }
    }

    /**
     * {@link #tune} and then saves the winner to this machine's {@link TuneCache} file (when the cache
     * is not off), returning that file or {@code null}.
     */
    public static Path tuneAndSave(Consumer<String> progress, Consumer<Result> done) throws IOException {
        Result r = tune(progress);
        done.accept(r);
        Path file = TuneCache.fileForThisMachine();
        if (file != null) TuneCache.save(file, r.chosen(), Machine.get(), r.report());
        return file;
    }

    /** The incumbent unless a trial beats it by {@link #MARGIN}; records the trials. */
    private static GemmPlan pick(GemmPlan incumbent, List<Trial> measured, List<Trial> into) {
        into.addAll(measured);
        double base = measured.stream().filter(t -> t.plan().equals(incumbent)).mapToDouble(Trial::score).findFirst()
                .orElse(0);
        Trial best = null;
        for (Trial t : measured) if (best == null || t.score() > best.score()) best = t;
        return best != null && best.score() > base * (1 + MARGIN) ? best.plan() : incumbent;
    }

    /**
     * The operations of the smallest square in {@link #THREAD_SIZES} from which every larger one is at
     * least {@link #MARGIN} faster on all threads than on one (twice the largest when none is), but
     * never below {@link GemmPlan#DEFAULT_MIN_PARALLEL_FLOPS}: back-to-back squares hand work to threads
     * that are still spinning, which a training step, with other work between its products, does not
     * (on AMD EPYC the squares crossed over at 1.8 MFLOP, and that threshold made the main job's
     * training step 25 % slower). So the measurement only raises the threshold, on machines where
     * handing work over is dear.
     */
    static long threadThreshold(GemmPlan plan, StringBuilder log) {
        int[][] shapes = new int[THREAD_SIZES.length][];
        for (int i = 0; i < shapes.length; i++) shapes[i] = new int[] {THREAD_SIZES[i], THREAD_SIZES[i], THREAD_SIZES[i]};
        GemmPlan always = plan.withMinParallelFlops(0);
        double[] serial = measure(List.of(always), shapes, true).getFirst().gflops();
        double[] parallel = measure(List.of(always), shapes, false).getFirst().gflops();
        long threshold = 4L * THREAD_SIZES[shapes.length - 1] * THREAD_SIZES[shapes.length - 1] * THREAD_SIZES[shapes.length - 1];
        for (int i = shapes.length - 1; i >= 0 && parallel[i] > serial[i] * (1 + MARGIN); i--) {
            threshold = 2L * THREAD_SIZES[i] * THREAD_SIZES[i] * THREAD_SIZES[i];
        }
        for (int i = 0; i < shapes.length; i++) {
            log.append(String.format(Locale.ROOT, " %d³ %.0f / %.0f;", THREAD_SIZES[i], serial[i], parallel[i]));
        }
        log.append(String.format(Locale.ROOT, " shared from %.1f MFLOP", threshold / 1e6));
        threshold = Math.max(threshold, GemmPlan.DEFAULT_MIN_PARALLEL_FLOPS);
        GemmPlans.install(plan);
        return threshold;
    }

    /** Median GFLOP/s of each plan on each shape, over alternating rounds (the first one warms up). */
    static List<Trial> measure(List<GemmPlan> plans, int[][] shapes) {
        return measure(plans, shapes, true);
    }

    /** {@link #measure(List, int[][])} on the calling thread alone or on every kernel thread. */
    static List<Trial> measure(List<GemmPlan> plans, int[][] shapes, boolean oneThread) {
        int rounds = 5;
        double[][][] g = new double[plans.size()][shapes.length][rounds];
        int size = 0;
        for (int[] s : shapes) size = Math.max(size, Math.max(s[0] * s[1], Math.max(s[1] * s[2], s[0] * s[2])));
        float[] a = new float[size], b = new float[size], c = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (i % 13) * 0.125f - 0.75f;
            b[i] = (i % 7) * 0.25f - 0.5f;
        }
        Kernels k = KernelProvider.get();
        Runnable body = () -> {
            for (int r = -1; r < rounds; r++) {
                for (int p = 0; p < plans.size(); p++) {
                    GemmPlans.install(plans.get(p));
                    for (int s = 0; s < shapes.length; s++) {
                        double v = time(k, shapes[s], a, b, c, r < 0 ? 60_000_000L : 30_000_000L);
                        if (r >= 0) g[p][s][r] = v;
                    }
                }
            }
        };
        if (oneThread) Parallel.serially(body);
        else body.run();
        List<Trial> out = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            double[] med = new double[shapes.length];
            double logSum = 0;
            for (int s = 0; s < shapes.length; s++) {
                double[] v = g[p][s].clone();
                Arrays.sort(v);
                med[s] = v[rounds / 2];
                logSum += Math.log(med[s]);
            }
            out.add(new Trial(plans.get(p), med, Math.exp(logSum / shapes.length)));
        }
        return out;
    }

    /** GFLOP/s of repeated products of one shape for about {@code nanos}. */
    private static double time(Kernels k, int[] shape, float[] a, float[] b, float[] c, long nanos) {
        int m = shape[0], kk = shape[1], n = shape[2];
        long start = System.nanoTime(), now;
        int reps = 0;
        do {
            k.gemm(false, false, m, n, kk, 1f, a, 0, kk, b, 0, n, 0f, c, 0, n);
            reps++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return 2.0 * m * n * kk * reps / (now - start);
    }
}
