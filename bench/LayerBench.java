// Two benchmarks of whole layers and models on the kernels, outside the `./cochlea bench` commands:
//
//   conv [threads]             each convolution of the CIFAR-10 model at batch 64: forward, input
//                              gradient and weight gradient, median ms and GFLOP/s
//   cifar-parts [threads]      the CIFAR-10 model's training step at batch 64 in pieces: each layer's
//                              forward (recording the graph), the loss, the whole backward, the SGD
//                              step, and the step as a whole; median ms
//   audio-cnn [threads] [batch] the main job's default CNN ("cnn": three conv + batch-norm + ReLU +
//                              max-pool blocks) on log-mel input [batch, 1, 40, 63]: median training
//                              step (forward, cross entropy, backward, Adam) and inference pass;
//                              bench/audio_cnn_torch.py is the PyTorch side
//   models [threads] [batch] [name...] any --model names (default: cnn bcresnet-1 bcresnet-3
//                              tcresnet8) on [batch, 1, 40, 63]: median training step (forward,
//                              cross entropy, backward, Adam) and inference pass, ms
//
// A single-file program:
//   mvn -q -DskipTests package
//   java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx768m -cp 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*' \
//       bench/LayerBench.java conv 1
import dev.cochlea.Cochlea;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.ConvKernels;
import dev.cochlea.kernels.Im2col;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Fusion;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;

import java.util.Arrays;
import java.util.Random;

public class LayerBench {
    interface Body { void run(); }

    /**
     * Median ms of 9 windows (each at least 10 calls and 50 ms), after a warm-up that lasts at least 2 s
     * and 30 calls and goes on, in windows of 250 ms, until two windows in a row agree within 5 % (at most
     * 30 s), so that small calls (batch 1) are timed compiled, as large ones are. A fixed 2 s was not
     * enough where the JIT is slow to finish: on AMD EPYC family 26 a batch-1 training step of the main
     * job's model still took 3–15 ms per call after 2 s (some 40 calls), 0.7 ms once compiled.
     */
    static double millis(Body body) {
        long warm = System.nanoTime();
        int calls = 0;
        for (; calls < 30 || System.nanoTime() - warm < 2_000_000_000L; calls++) body.run();
        double previous = Double.MAX_VALUE;
        while (System.nanoTime() - warm < 30_000_000_000L) {
            long w0 = System.nanoTime();
            int n = 0;
            for (; n < 3 || System.nanoTime() - w0 < 250_000_000L; n++) body.run();
            calls += n;
            double perCall = (System.nanoTime() - w0) / 1e6 / n;
            if (Math.abs(perCall - previous) <= 0.05 * previous) break;
            previous = perCall;
        }
        double perCall = (System.nanoTime() - warm) / 1e6 / calls;
        int n = (int) Math.max(10, Math.ceil(50 / perCall));
        double[] ms = new double[9];
        for (int rep = 0; rep < ms.length; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) body.run();
            ms[rep] = (System.nanoTime() - t0) / 1e6 / n;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "";
        int threads = Integer.parseInt(args.length > 1 ? args[1] : "1");
        switch (what) {
            case "conv" -> convLayers(threads);
            case "cifar-parts" -> cifarParts(threads);
            case "audio-cnn" -> audioCnn(threads, Integer.parseInt(args.length > 2 ? args[2] : "32"));
            case "models" -> models(threads, Integer.parseInt(args.length > 2 ? args[2] : "32"),
                    args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[] {"cnn", "bcresnet-1", "bcresnet-3", "tcresnet8"});
            default -> {
                System.err.println("LayerBench: expected 'conv [threads]', 'cifar-parts [threads]', 'audio-cnn [threads] [batch]' or 'models [threads] [batch] [name...]', found '" + what + "'");
                System.exit(2);
            }
        }
    }

    static void convLayers(int threads) {
        Parallel.setThreads(threads);
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

    static void cifarParts(int threads) {
        Cochlea.setNumThreads(threads);
        Sequential model = new Sequential(
                new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(), new Linear(1024, 64), new Linear(64, 10));
        Tensor x = Tensor.randn(64, 3, 32, 32);
        Tensor y = Tensor.randint(0, 10, 64);
        SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
        Body whole = () -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(x), y).backward();
            opt.step();
        };
        System.out.printf("CIFAR-10 model training step, batch 64, %d thread(s): median ms%n", Cochlea.numThreads());
        double sum = 0;
        Tensor[] in = {x};
        for (int i = 0; i < model.size(); i++) {
            int at = i;
            Tensor[] out = new Tensor[1];
            double ms = millis(() -> out[0] = model.get(at).forward(in[0]));
            System.out.printf("  forward %-40s %6.2f%n", model.get(at), ms);
            sum += ms;
            in[0] = out[0];
        }
        Tensor logits = in[0];
        double loss = millis(() -> F.crossEntropy(logits, y));
        double backward = millis(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(x), y).backward();
        });
        double forward = millis(() -> F.crossEntropy(model.forward(x), y));
        double step = millis(opt::step);
        double total = millis(whole);
        System.out.printf("  loss %6.2f, layers' forwards %6.2f%n", loss, sum);
        System.out.printf("  forward + loss %6.2f, + zeroGrad + backward %6.2f (backward %6.2f), SGD step %6.2f, whole step %6.2f%n",
                forward, backward, backward - forward, step, total);
    }

    static void audioCnn(int threads, int batch) {
        Cochlea.setNumThreads(threads);
        Module model = Models.create("cnn", new int[] {1, 40, 63}, 10);
        Tensor x = Tensor.randn(batch, 1, 40, 63);
        Tensor y = Tensor.randint(0, 10, batch);
        Adam opt = new Adam(model.parameters(), Adam.options().lr(1e-3));
        double train = millis(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(x), y).backward();
            opt.step();
        });
        model.eval();
        double infer = millis(() -> {
            try (NoGrad ignored = NoGrad.enter()) {
                model.forward(x);
            }
        });
        System.out.printf("main-job cnn, batch %d, %d thread(s): training step %.2f ms (%.0f samples/s), inference %.2f ms (%.0f samples/s)%n",
                batch, Cochlea.numThreads(), train, batch * 1e3 / train, infer, batch * 1e3 / infer);
        // As Classifier.load prepares a run for inference: batch norms folded, conv + ReLU + pooling fused.
        Fusion.foldBatchNorms(model);
        Fusion.fuseConvolutions(model);
        double fused = millis(() -> {
            try (NoGrad ignored = NoGrad.enter()) {
                model.forward(x);
            }
        });
        System.out.printf("main-job cnn fused for inference, batch %d, %d thread(s): inference %.2f ms (%.0f samples/s)%n",
                batch, Cochlea.numThreads(), fused, batch * 1e3 / fused);
    }

    static void models(int threads, int batch, String[] names) {
        Cochlea.setNumThreads(threads);
        Tensor x = Tensor.randn(batch, 1, 40, 63);
        Tensor y = Tensor.randint(0, 10, batch);
        for (String name : names) {
            Module model = Models.create(name, new int[] {1, 40, 63}, 10);
            Adam opt = new Adam(model.parameters(), Adam.options().lr(1e-3));
            double train = millis(() -> {
                opt.zeroGrad();
                F.crossEntropy(model.forward(x), y).backward();
                opt.step();
            });
            model.eval();
            double infer = millis(() -> {
                try (NoGrad ignored = NoGrad.enter()) {
                    model.forward(x);
                }
            });
            System.out.printf("%-12s %7d params, batch %d, %d thread(s): training step %7.2f ms, inference %6.2f ms%n",
                    name, model.parameterCount(), batch, Cochlea.numThreads(), train, infer);
        }
    }
}
