package dev.cochlea.cli;

import dev.cochlea.kernels.Machine;
import dev.cochlea.Cochlea;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cochlea bench cnn}: samples per second of one training step (forward, cross-entropy loss,
 * backward, SGD step with momentum) and of one inference pass (eval mode, no graph) for the small
 * CIFAR-10 CNN on {@code [batch, 3, 32, 32]} and an MLP 1280→256→10, on 1 and 2 threads. Each point
 * is warmed up (5 s by default: on two busy cores the JIT compiler shares the CPU with the kernels, and
 * the two-thread step reaches its steady speed only after 4–8 s), then timed in several windows; the
 * median window is printed. {@code bench/cnn_torch.py}
 * times the same models in PyTorch and {@code bench/cnn_compare.sh} runs both.
 *
 * <pre>{@code
 * ./cochlea bench cnn
 * ./cochlea bench cnn --json --threads 2 --models cifar
 * }</pre>
 */
@Command(name = "cnn", mixinStandardHelpOptions = true,
        description = "Training-step and inference throughput (samples/s, medians) of a CIFAR-10 CNN and an MLP.")
final class BenchCnnCommand implements Runnable {

    @Option(names = "--json", description = "Print one JSON object per result and line.")
    boolean json;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts to measure (default: ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--models", split = ",", defaultValue = "cifar,mlp",
            description = "Models to measure: cifar, mlp (default: ${DEFAULT-VALUE}).")
    String[] models;

    @Option(names = "--steps", split = ",", defaultValue = "train,infer",
            description = "Steps to measure: train, infer (default: ${DEFAULT-VALUE}).")
    String[] steps;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Warm-up seconds per point (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "2.0",
            description = "Timed seconds per point, split into the repetitions (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--reps", defaultValue = "7", description = "Timed windows per point; the median is printed (default: ${DEFAULT-VALUE}).")
    int reps;

    /** The CIFAR-10 model of the PyTorch tutorial-style benchmark (3×32×32 input, 10 classes). */
    static Sequential cifarModel() {
        return new Sequential(
                new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(),
                new Linear(1024, 64),
                new Linear(64, 10));
    }

    /** The MLP 1280→256→10. */
    static Sequential mlpModel() {
        return new Sequential(new Linear(1280, 256), new ReLU(), new Linear(256, 10));
    }

    /** One model with its input shape. */
    record Bench(String name, Module model, int[] inputShape) {}

    static Bench bench(String name, int batch) {
        return switch (name.trim()) {
            case "cifar" -> new Bench("cifar", cifarModel(), new int[] {batch, 3, 32, 32});
            case "mlp" -> new Bench("mlp", mlpModel(), new int[] {batch, 1280});
            default -> throw new IllegalArgumentException("--models: unknown model '" + name + "' (cifar or mlp)");
        };
    }

    @Override
    public void run() {
        if (reps < 1 || !(seconds > 0) || warmup < 0) {
            throw new IllegalArgumentException("--reps and --seconds must be positive, --warmup >= 0");
        }
        if (batch < 1) throw new IllegalArgumentException("--batch: expected >= 1, found " + batch);
        for (int t : threads) if (t < 1) throw new IllegalArgumentException("--threads: expected >= 1, found " + t);
        for (String s : steps) {
            if (!s.trim().equals("train") && !s.trim().equals("infer")) {
                throw new IllegalArgumentException("--steps: unknown step '" + s + "' (train or infer)");
            }
        }
        TuneCommand.atFirstUse(json ? System.err : System.out);
        List<String> names = new ArrayList<>();
        for (String m : models) {
            bench(m, 1); // validates the name
            names.add(m.trim());
        }

        int savedThreads = Cochlea.numThreads();
        try {
            if (!json) {
                System.out.println("machine: " + Machine.get().describe());
                System.out.printf("Training step (forward, loss, backward, SGD) and inference, batch %d, "
                        + "median samples/s of %d windows; %d cores%n", batch, reps, Runtime.getRuntime().availableProcessors());
                System.out.printf("%-6s %-6s %7s %12s %10s%n", "model", "step", "threads", "samples/s", "ms/step");
            }
            for (String name : names) {
                for (int t : threads) {
                    Cochlea.setNumThreads(t);
                    for (String step : steps) {
                        Tensor.manualSeed(0);
                        Bench b = bench(name, batch);
                        Generator g = new Generator(1);
                        Tensor x = Tensor.randn(g, b.inputShape());
                        Tensor y = Tensor.randint(g, 0, 10, batch);
                        double rate = step.trim().equals("train") ? measure(trainStep(b.model(), x, y))
                                : measure(inferStep(b.model(), x));
                        print(name, step.trim(), t, rate);
                    }
                }
            }
        } finally {
            Cochlea.setNumThreads(savedThreads);
        }
    }

    /** One training step: zero the gradients, forward, cross entropy, backward, SGD update. */
    static Runnable trainStep(Module model, Tensor x, Tensor y) {
        model.train();
        SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
        return () -> {
            opt.zeroGrad();
            Tensor out = model.call(x);
            Tensor loss = F.crossEntropy(out, y);
            loss.backward();
            opt.step();
        };
    }

    /** One inference pass in eval mode without recording a graph. */
    static Runnable inferStep(Module model, Tensor x) {
        model.eval();
        return () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                model.call(x);
            }
        };
    }

    private void print(String model, String step, int t, double rate) {
        if (json) {
            System.out.printf(Locale.ROOT,
                    "{\"bench\":\"cnn\",\"model\":\"%s\",\"step\":\"%s\",\"batch\":%d,\"threads\":%d,\"samples_per_s\":%.1f}%n",
                    model, step, batch, t, rate);
        } else {
            System.out.printf(Locale.ROOT, "%-6s %-6s %7d %12.1f %10.3f%n", model, step, t, rate, batch / rate * 1e3);
        }
        System.out.flush();
    }

    /** The median samples/s of {@link #reps} timed windows after the warm-up. */
    private double measure(Runnable step) {
        long t0 = System.nanoTime();
        long warmNanos = (long) (warmup * 1e9);
        int calls = 0;
        do {
            step.run();
            calls++;
        } while (System.nanoTime() - t0 < warmNanos || calls < 3);
        // Calibrate on the last few warm-up calls.
        long c0 = System.nanoTime();
        int probe = 0;
        do {
            step.run();
            probe++;
        } while (System.nanoTime() - c0 < 100_000_000L && probe < 50);
        double perCall = (System.nanoTime() - c0) / 1e9 / probe;
        int perRep = (int) Math.max(1, Math.round(seconds / reps / perCall));
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < perRep; i++) step.run();
            double sec = (System.nanoTime() - s) / 1e9;
            rates[r] = (double) batch * perRep / sec;
        }
        Arrays.sort(rates);
        return reps % 2 == 1 ? rates[reps / 2] : (rates[reps / 2 - 1] + rates[reps / 2]) / 2;
    }
}
