package dev.cochlea.cli;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Machine;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cochlea bench gemm}: GFLOP/s of the matrix product {@code C[M×N] = A[M×K] · B[K×N]} for
 * square sizes and the im2col shapes of a small CNN, on 1 and 2 threads, for the Vector API and the
 * scalar kernels. Each point is warmed up (at least {@code --warmup} seconds: with 0.15 s a small product
 * measured alone was sometimes timed before the JIT had compiled its path, 25 instead of 65 GFLOP/s),
 * then timed in several repetitions of about 0.1 s; the median is printed ({@code 2·M·N·K}
 * floating-point operations per product).
 *
 * <pre>{@code
 * ./cochlea bench gemm
 * ./cochlea bench gemm --json --threads 1 --kernels vector --shapes 512,32x75x65536
 * }</pre>
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "Matrix-product throughput (GFLOP/s, medians) of the vector and scalar kernels.")
final class BenchGemmCommand implements Runnable {
    /** The default shapes, M×K×N. */
    static final String DEFAULT_SHAPES = "256,512,1024,32x75x65536,32x800x16384,64x800x4096";

    @Option(names = "--json", description = "Print one JSON object per result and line.")
    boolean json;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts to measure (default: ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--kernels", split = ",", defaultValue = "vector,scalar",
            description = "Kernels to measure: vector, scalar (default: ${DEFAULT-VALUE}).")
    String[] kernels;

    @Option(names = "--shapes", split = ",", defaultValue = DEFAULT_SHAPES,
            description = "Shapes MxKxN, or N for a square (default: ${DEFAULT-VALUE}).")
    String[] shapes;

    @Option(names = "--trans", defaultValue = "nn",
            description = "Transposes of A and B as stored: nn (default), nt (A·Bᵀ), tn (Aᵀ·B) or tt.")
    String trans;

    @Option(names = "--seconds", defaultValue = "0.6",
            description = "Approximate timed seconds per point (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--reps", defaultValue = "7", description = "Timed repetitions per point; the median is printed.")
    int reps;

    @Option(names = "--warmup", defaultValue = "1",
            description = "Seconds of untimed products before each point (default: ${DEFAULT-VALUE}).")
    double warmup;

    /** One shape of the product. */
    record Shape(int m, int k, int n) {
        static Shape parse(String s) {
            String[] p = s.trim().toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (p.length == 1) {
                    int d = Integer.parseInt(p[0]);
                    return check(new Shape(d, d, d), s);
                }
                if (p.length == 3) {
                    return check(new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])), s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("bad shape '" + s + "': expected MxKxN or a single size");
        }

        private static Shape check(Shape sh, String s) {
            if (sh.m < 1 || sh.k < 1 || sh.n < 1) throw new IllegalArgumentException("bad shape '" + s + "': sizes must be >= 1");
            return sh;
        }

        double flops() {
            return 2.0 * m * k * n;
        }

        String label() {
            return m + "x" + k + "x" + n;
        }
    }

    @Override
    public void run() {
        if (!List.of("nn", "nt", "tn", "tt").contains(trans)) {
            throw new IllegalArgumentException("--trans: expected nn, nt, tn or tt, found '" + trans + "'");
        }
        if (reps < 1 || !(seconds > 0) || !(warmup >= 0)) {
            throw new IllegalArgumentException("--reps and --seconds must be positive, --warmup >= 0");
        }
        boolean ta = trans.charAt(0) == 't', tb = trans.charAt(1) == 't';
        List<Shape> list = new ArrayList<>();
        for (String s : shapes) list.add(Shape.parse(s));
        List<Kernels> impls = new ArrayList<>();
        for (String k : kernels) {
            switch (k.trim()) {
                case "vector" -> {
                    if (!KernelProvider.vectorModulePresent()) {
                        throw new IllegalStateException("the vector kernels need the JVM flag --add-modules "
                                + "jdk.incubator.vector (./cochlea adds it); or pass --kernels scalar");
                    }
                    impls.add(KernelProvider.vector());
                }
                case "scalar" -> impls.add(KernelProvider.scalar());
                default -> throw new IllegalArgumentException("--kernels: unknown kernel '" + k + "' (vector or scalar)");
            }
        }
        for (int t : threads) if (t < 1) throw new IllegalArgumentException("--threads: expected >= 1, found " + t);

        int savedThreads = Parallel.threads();
        try {
            TuneCommand.atFirstUse(json ? System.err : System.out);
            KernelProvider.warmUp();
            if (!json) {
                System.out.println("machine: " + Machine.get().describe());
                System.out.printf("GEMM C[MxN] = A[MxK]·B[KxN]%s, median GFLOP/s of %d repetitions; %d cores%n",
                        trans.equals("nn") ? "" : " (" + trans + ")", reps, Runtime.getRuntime().availableProcessors());
                System.out.printf("%-16s %7s  %-7s %9s %10s%n", "shape MxKxN", "threads", "kernel", "GFLOP/s", "ms/product");
            }
            for (Shape sh : list) {
                float[] a = random(sh.m * sh.k, 1);
                float[] b = random(sh.k * sh.n, 2);
                float[] c = new float[sh.m * sh.n];
                for (int t : threads) {
                    Parallel.setThreads(t);
                    for (Kernels kern : impls) {
                        double gflops = measure(kern, sh, ta, tb, a, b, c);
                        print(sh, t, kern.name(), gflops);
                    }
                }
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }

    private void print(Shape sh, int t, String kernel, double gflops) {
        if (json) {
            String extra = trans.equals("nn") ? "" : ",\"trans\":\"" + trans + "\"";
            System.out.printf(Locale.ROOT,
                    "{\"bench\":\"gemm\",\"m\":%d,\"k\":%d,\"n\":%d,\"threads\":%d,\"kernel\":\"%s\",\"gflops\":%.2f%s}%n",
                    sh.m, sh.k, sh.n, t, kernel, gflops, extra);
        } else {
            System.out.printf(Locale.ROOT, "%-16s %7d  %-7s %9.1f %10.4f%n",
                    sh.label(), t, kernel, gflops, sh.flops() / gflops * 1e-6);
        }
        System.out.flush();
    }

    /** The median GFLOP/s of {@link #reps} timed repetitions after a warm-up. */
    private double measure(Kernels kern, Shape sh, boolean ta, boolean tb, float[] a, float[] b, float[] c) {
        int lda = ta ? sh.m : sh.k, ldb = tb ? sh.k : sh.n;
        // Warm up and calibrate: products per repetition so that one repetition takes seconds / reps.
        long t0 = System.nanoTime();
        int calls = 0;
        do {
            kern.gemm(ta, tb, sh.m, sh.n, sh.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, sh.n);
            calls++;
        } while (System.nanoTime() - t0 < Math.max(150_000_000L, (long) (warmup * 1e9)) || calls < 2);
        double perCall = (System.nanoTime() - t0) / 1e9 / calls;
        int perRep = (int) Math.max(1, Math.round(seconds / reps / perCall));
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < perRep; i++) {
                kern.gemm(ta, tb, sh.m, sh.n, sh.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, sh.n);
            }
            double sec = (System.nanoTime() - s) / 1e9;
            rates[r] = sh.flops() * perRep / sec / 1e9;
        }
        Arrays.sort(rates);
        return reps % 2 == 1 ? rates[reps / 2] : (rates[reps / 2 - 1] + rates[reps / 2]) / 2;
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
