// One matrix product at a time, long warm-up, for A/B comparisons of kernel settings in a fresh JVM per
// run: each argument is TRANS:MxKxN (TRANS = nn, nt, tn or tt, as stored); each product is run for 2 s
// untimed, then timed in 9 windows of 0.15 s; the median GFLOP/s is printed. On the calling thread
// unless -Dcochlea.threads says otherwise. Compare settings by alternating runs, e.g. the inner block
// before and after session 13 (docs/benchmarks.md, "Session 13"):
//
//   mvn -q -DskipTests package
//   for o in "-Dcochlea.gemm.kc=256 -Dcochlea.gemm.nc=1024" ""; do
//     java --add-modules jdk.incubator.vector -Dcochlea.threads=1 -Dcochlea.tune.cache=off $o \
//       -cp 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*' bench/GemmPoint.java nn:512x512x512 tn:256x64x1280
//   done
//
// (add -XX:UseAVX=2 for 8-lane vectors)
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;

import java.util.Arrays;
import java.util.Locale;

public class GemmPoint {
    public static void main(String[] args) {
        Kernels kern = KernelProvider.get();
        StringBuilder line = new StringBuilder();
        for (String spec : args) {
            String[] f = spec.split(":");
            boolean ta = f[0].charAt(0) == 't', tb = f[0].charAt(1) == 't';
            String[] d = f[1].split("x");
            int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (i % 7) * 0.1f;
            for (int i = 0; i < b.length; i++) b[i] = (i % 5) * 0.1f;
            int lda = ta ? m : k, ldb = tb ? k : n;
            Runnable product = () -> kern.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            long w0 = System.nanoTime();
            while (System.nanoTime() - w0 < 2_000_000_000L) product.run();
            double[] rates = new double[9];
            for (int r = 0; r < rates.length; r++) {
                int calls = 0;
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 150_000_000L) {
                    product.run();
                    calls++;
                }
                rates[r] = 2.0 * m * n * k * calls / (System.nanoTime() - t0);
            }
            Arrays.sort(rates);
            line.append(String.format(Locale.ROOT, "%s %.1f  ", spec, rates[rates.length / 2]));
        }
        System.out.println(line.append("GFLOP/s (").append(kern.name()).append(')'));
    }
}
