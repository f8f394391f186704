package dev.cochlea.cli;

import dev.cochlea.Cochlea;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.kernels.Machine;
import dev.cochlea.nn.Module;
import dev.cochlea.onnx.OnnxModel;
import dev.cochlea.onnx.export.OnnxExport;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cochlea bench onnx}: inference time of an imported ONNX model (median milliseconds per
 * forward of several timed windows, without gradients). With {@code --model NAME} the built-in model
 * is built (seed 0), exported to MODEL (or a temporary file) and imported again, and both the
 * imported graph and the model from Cochlea's own layers are timed in the same run, in alternating
 * windows, so the two figures compare. {@code bench/onnx_speed.sh} runs it next to ONNX Runtime
 * ({@code cochlea-onnx/src/test/node/ort_bench.mjs}) on the same file.
 *
 * <pre>{@code
 * ./cochlea bench onnx cnn.onnx --model cnn --shape 32,1,40,63
 * ./cochlea bench onnx pytorch_kws.onnx --shape 1,1,40,32
 * }</pre>
 */
@Command(name = "onnx", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Inference time of an imported ONNX model, optionally next to the same built-in model from Cochlea's layers.")
final class BenchOnnxCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "the .onnx file (with --model: where the export "
            + "is written, replacing it; default a temporary file)")
    Path file;

    @Option(names = "--shape", required = true, split = ",", description = "The input's shape, e.g. 32,1,40,63.")
    int[] shape;

    @Option(names = "--model", description = "A built-in model (as for train --model) to export, import and time alongside.")
    String model;

    @Option(names = "--classes", defaultValue = "10", description = "Classes of the built-in model (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--reps", defaultValue = "7", description = "Timed windows; the median is printed (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--seconds", defaultValue = "1.0", description = "Seconds per timed window (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--profile", description = "Also print the time spent per operator type in the imported graph.")
    boolean profile;

    @Override
    public void run() {
        if (reps < 1 || !(seconds > 0)) throw new IllegalArgumentException("--reps and --seconds must be positive");
        if (shape.length < 2) throw new IllegalArgumentException("--shape: expected the batch and the example's dims, e.g. 32,1,40,63");
        if (file == null && model == null) throw new IllegalArgumentException("give MODEL (an .onnx file), --model NAME, or both");
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(shape);
        Runnable own = null;
        OnnxModel imported;
        try {
            if (model != null) {
                Tensor.manualSeed(0);
                Module m = Models.create(model, Arrays.copyOfRange(shape, 1, shape.length), classes);
                m.eval();
                Path out = file != null ? file : java.nio.file.Files.createTempFile("cochlea-bench-", ".onnx");
                if (file == null) out.toFile().deleteOnExit();
                OnnxExport.of(m, Arrays.copyOfRange(shape, 1, shape.length)).overwrite(true).write(out);
                file = out;
                own = () -> {
                    try (NoGrad ignored = NoGrad.enter()) {
                        m.call(x);
                    }
                };
            }
            imported = OnnxModel.read(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String input = imported.inputs().get(0).name();
        Runnable onnx = () -> imported.run(Map.of(input, x));
        System.out.println("machine: " + Machine.get().describe() + "; " + Cochlea.numThreads() + " threads");
        System.out.printf(Locale.ROOT, "%s, input %s, median ms per forward of %d windows of %.1f s%n", file, Arrays.toString(shape), reps, seconds);
        double[] a = new double[reps], b = new double[reps];
        warm(onnx);
        if (own != null) warm(own);
        for (int r = 0; r < reps; r++) {
            a[r] = window(onnx);
            if (own != null) b[r] = window(own);
        }
        if (profile) {
            imported.profile(true);
            window(onnx);
            System.out.print(imported.profileReport());
            imported.profile(false);
        }
        double ma = BenchCommand.median(a);
        System.out.printf(Locale.ROOT, "imported ONNX   %9.3f ms%n", ma);
        if (own != null) {
            double mb = BenchCommand.median(b);
            System.out.printf(Locale.ROOT, "Cochlea layers  %9.3f ms   (imported / layers: %.3f)%n", mb, ma / mb);
        }
    }

    private void warm(Runnable step) {
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L || calls < 5) {
            step.run();
            calls++;
        }
    }

    private double window(Runnable step) {
        long t0 = System.nanoTime();
        int calls = 0;
        long elapsed;
        do {
            step.run();
            calls++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < seconds * 1e9);
        return elapsed / 1e6 / calls;
    }

}
