package dev.cochlea.nn.functional;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.Locale;

/**
 * A throw-away timing program (not a JUnit test): the CIFAR-10 "quick" model (Conv2d(3,32,5,p=2)
 * MaxPool2d(2) Conv2d(32,32,5,p=2) MaxPool2d(2) Conv2d(32,64,5,p=2) MaxPool2d(2) Flatten
 * Linear(1024,64) Linear(64,10)) at batch 64: training and inference samples per second, and each
 * convolution's forward and backward alone.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     dev.cochlea.nn.functional.ConvTiming [iterations]
 * </pre>
 */
public final class ConvTiming {
    private static final Generator G = new Generator(1);

    private ConvTiming() {}

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batch = 64;
        System.out.printf(Locale.ROOT, "kernels %s, threads %d%n", KernelProvider.get().name(), Parallel.threads());
        KernelProvider.warmUp();
        Tensor x = Tensor.randn(G, batch, 3, 32, 32);
        Tensor target = Tensor.randint(G, 0, 10, batch);
        Tensor w1 = param(0.1f, 32, 3, 5, 5), b1 = param(0.1f, 32);
        Tensor w2 = param(0.03f, 32, 32, 5, 5), b2 = param(0.1f, 32);
        Tensor w3 = param(0.03f, 64, 32, 5, 5), b3 = param(0.1f, 64);
        Tensor l1 = param(0.03f, 64, 1024), c1 = param(0.1f, 64);
        Tensor l2 = param(0.1f, 10, 64), c2 = param(0.1f, 10);
        Tensor[] params = {w1, b1, w2, b2, w3, b3, l1, c1, l2, c2};

        Runnable train = () -> {
            Tensor logits = model(x, params);
            Tensor loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
            loss.backward();
            for (Tensor p : params) p.setGrad(null);
        };
        Runnable infer = () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                model(x, params);
            }
        };
        double trainMs = time("train step (forward+backward)", train, iters);
        double inferMs = time("inference forward", infer, iters);
        System.out.printf(Locale.ROOT, "CIFAR quick, batch %d: train %.0f samples/s, inference %.0f samples/s%n",
                batch, batch * 1000 / trainMs, batch * 1000 / inferMs);

        // Each convolution alone.
        layer("conv1 3->32 @32x32", Tensor.randn(G, batch, 3, 32, 32), w1, b1, false, iters);
        layer("conv2 32->32 @16x16", Tensor.randn(G, batch, 32, 16, 16), w2, b2, true, iters);
        layer("conv3 32->64 @8x8", Tensor.randn(G, batch, 32, 8, 8), w3, b3, true, iters);
        Tensor pin = Tensor.randn(G, batch, 32, 32, 32).requiresGrad(true);
        time("max_pool2d 2 on [64,32,32,32] forward", () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                Pooling.maxPool2d(pin, 2);
            }
        }, iters);
        time("max_pool2d 2 on [64,32,32,32] fwd+bwd", () -> {
            Pooling.maxPool2d(pin, 2).sum().backward();
            pin.setGrad(null);
        }, iters);
    }

    private static Tensor model(Tensor x, Tensor[] p) {
        Tensor h = Convolution.conv2d(x, p[0], p[1], 1, 2);
        h = Pooling.maxPool2d(h, 2);
        h = Convolution.conv2d(h, p[2], p[3], 1, 2);
        h = Pooling.maxPool2d(h, 2);
        h = Convolution.conv2d(h, p[4], p[5], 1, 2);
        h = Pooling.maxPool2d(h, 2);
        h = h.flatten(1);
        h = h.matmul(p[6].t()).add(p[7]);
        return h.matmul(p[8].t()).add(p[9]);
    }

    private static void layer(String name, Tensor in, Tensor w, Tensor b, boolean inputGrad, int iters) {
        Tensor x = inputGrad ? in.requiresGrad(true) : in;
        time(name + " forward", () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                Convolution.conv2d(x, w, b, 1, 2);
            }
        }, iters);
        Tensor y = Convolution.conv2d(x, w, b, 1, 2);
        Tensor g = Tensor.randn(G, y.shape());
        time(name + " forward+backward", () -> {
            Convolution.conv2d(x, w, b, 1, 2).backward(g);
            w.setGrad(null);
            b.setGrad(null);
            if (inputGrad) x.setGrad(null);
        }, iters);
    }

    private static Tensor param(float scale, int... shape) {
        return Tensor.randn(G, shape).mul(scale).detach().requiresGrad(true);
    }

    /** Median milliseconds of {@code iters} runs after a warm-up of a few runs. */
    private static double time(String name, Runnable r, int iters) {
        long warmEnd = System.nanoTime() + 1_500_000_000L;
        int warm = 0;
        while (warm < 5 || (System.nanoTime() < warmEnd && warm < 200)) {
            r.run();
            warm++;
        }
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        double med = ms[iters / 2];
        System.out.printf(Locale.ROOT, "%-45s median %8.2f ms  (min %.2f)%n", name, med, ms[0]);
        return med;
    }
}
