// Time to the first training step and to steady state of the main job's model in a fresh JVM
// (issue #14): prints one JSON line with the wall-clock time (epoch seconds) when the first step
// ended, how long that step took, and the mean step time of each following 100-ms window, so that
// bench/first_steps.sh can tell when the steps reached their steady speed. bench/first_steps_torch.py
// is the PyTorch side.
//
//   java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx768m \
//       -cp 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*' bench/FirstSteps.java 1 32 8
//   (threads, batch, seconds)
import dev.cochlea.Cochlea;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class FirstSteps {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args.length > 0 ? args[0] : "1");
        int batch = Integer.parseInt(args.length > 1 ? args[1] : "32");
        double seconds = Double.parseDouble(args.length > 2 ? args[2] : "8");
        Cochlea.setNumThreads(threads);
        Module model = Models.create("cnn", new int[] {1, 40, 63}, 10);
        Tensor x = Tensor.randn(batch, 1, 40, 63);
        Tensor y = Tensor.randint(0, 10, batch);
        Adam opt = new Adam(model.parameters(), Adam.options().lr(1e-3));
        Runnable step = () -> {
            opt.zeroGrad();
            F.crossEntropy(model.forward(x), y).backward();
            opt.step();
        };
        long t0 = System.nanoTime();
        step.run();
        long t1 = System.nanoTime();
        double firstEnd = System.currentTimeMillis() / 1e3;
        List<String> windows = new ArrayList<>();
        long end = t1 + (long) (seconds * 1e9);
        long w0 = t1;
        int n = 0;
        while (true) {
            step.run();
            n++;
            long now = System.nanoTime();
            if (now - w0 >= 100_000_000L) {
                windows.add(String.format(Locale.ROOT, "%.3f", (now - w0) / 1e6 / n));
                w0 = now;
                n = 0;
                if (now >= end) break;
            }
        }
        System.out.printf(Locale.ROOT, "{\"impl\":\"cochlea\",\"threads\":%d,\"batch\":%d,\"first_step_end\":%.3f,"
                + "\"first_step_ms\":%.1f,\"window_ms\":[%s]}%n", threads, batch, firstEnd, (t1 - t0) / 1e6, String.join(",", windows));
    }
}
