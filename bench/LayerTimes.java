// Where a run's forward pass goes, layer by layer, as Classifier.load prepares it for inference (batch
// norms folded, convolution + ReLU + pooling fused): forward hooks time every leaf module over 40
// passes of a random batch after 20 warm-up passes; mean and fastest per layer (docs/benchmarks.md,
// "Serving"). With -Dcochlea.conv.noFused=true the fused blocks run their layers one by one.
//
//   mvn -q -DskipTests package
//   java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx768m \
//       -cp 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*' bench/LayerTimes.java runs/fsdd 64
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

public class LayerTimes {
    public static void main(String[] args) throws Exception {
        Classifier classifier = Classifier.load(Path.of(args[0]));
        Module model = classifier.model();
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int[] in = classifier.config().features().inputShape();
        int[] shape = new int[in.length + 1];
        shape[0] = batch;
        System.arraycopy(in, 0, shape, 1, in.length);
        Map<String, double[]> times = new LinkedHashMap<>();   // name → {sum, fastest}
        Map<Module, Long> start = new IdentityHashMap<>();
        for (var e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            if (!m.namedChildren().isEmpty()) continue;
            double[] t = {0, Double.MAX_VALUE};
            times.put(e.getKey() + " " + m.getClass().getSimpleName(), t);
            m.registerForwardPreHook((mod, inputs) -> start.put(mod, System.nanoTime()));
            m.registerForwardHook((mod, inputs, out) -> {
                double ms = (System.nanoTime() - start.get(mod)) / 1e6;
                t[0] += ms;
                t[1] = Math.min(t[1], ms);
            });
        }
        Tensor x = Tensor.randn(shape);
        int warm = 20, passes = 40;
        double total = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int r = 0; r < warm + passes; r++) {
                if (r == warm) {
                    times.values().forEach(t -> { t[0] = 0; t[1] = Double.MAX_VALUE; });
                    total = 0;
                }
                long t0 = System.nanoTime();
                model.call(x);
                total += (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("forward, batch %d: %.2f ms a pass (%.0f clips/s)%n", batch, total / passes, batch / (total / passes) * 1e3);
        times.forEach((name, t) -> {
            if (t[0] / passes >= 0.05) System.out.printf("  %-42s mean %6.2f ms   fastest %6.2f ms%n", name, t[0] / passes, t[1]);
        });
    }
}
