// Time (median of 11) of each convolution of the CIFAR-10 model at batch 64, forward, input gradient
// and weight gradient, straight on the kernels, with GFLOP/s. A single-file program:
//
//   mvn -q -DskipTests package
//   java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp 'target/cochlea.jar:target/lib/*' bench/ConvLayers.java [threads]
import dev.cochlea.kernels.ConvKernels;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.kernels.Parallel;

import java.util.Arrays;
import java.util.Random;

public class ConvLayers {
    interface Body { void run(); }

    static double millis(Body body) {
        for (int i = 0; i < 20; i++) body.run();
        double[] ms = new double[11];
        for (int rep = 0; rep < ms.length; rep++) {
            int n = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) body.run();
            ms[rep] = (System.nanoTime() - t0) / 1e6 / n;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args.length > 0 ? args[0] : "1"));
        int batch = 64;
        int[][] layers = {{3, 32, 32}, {32, 32, 16}, {32, 64, 8}}; // channels in, channels out, image size
        Random r = new Random(1);
        double total = 0;
        System.out.printf("CIFAR-10 model convolutions, batch %d, %d thread(s): ms (GFLOP/s)%n", batch, Parallel.threads());
        for (int[] l : layers) {
            int c = l[0], m = l[1], s = l[2];
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {s, s}, new int[] {s, s}, new int[] {5, 5},
                    new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1});
            float[] x = new float[batch * c * s * s], w = new float[m * c * 25], bias = new float[m];
            float[] y = new float[batch * m * s * s], dx = new float[x.length], dw = new float[w.length];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
            double gflop = 2.0 * batch * m * c * 25 * s * s / 1e9;
            double f = millis(() -> ConvKernels.forward(batch, 1, c, m, g, x, 0, w, 0, bias, 0, y, 0));
            double bd = millis(() -> ConvKernels.backwardData(batch, 1, c, m, g, y, 0, w, 0, null, 0, dx, 0));
            double bw = millis(() -> ConvKernels.backwardWeight(batch, 1, c, m, g, y, 0, x, 0, dw, 0));
            System.out.printf("conv %2d->%2d %2dx%-2d  forward %6.2f (%5.1f)  input grad %6.2f (%5.1f)  weight grad %6.2f (%5.1f)%n",
                    c, m, s, s, f, gflop / f * 1e3, bd, gflop / bd * 1e3, bw, gflop / bw * 1e3);
            total += f + bw + (c > 3 ? bd : 0);
        }
        System.out.printf("a training step's convolutions (no input gradient for the first layer): %.2f ms%n", total);
    }
}
