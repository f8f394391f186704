// Median time of one training step (forward, cross entropy, backward, Adam) and one inference pass of
// the main job's default model ("cnn": three conv + batch-norm + ReLU + max-pool blocks) on log-mel
// input [batch, 1, 40, 63] (the spoken-digit features). A single-file program:
//
//   mvn -q -DskipTests package
//   java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp 'target/cochlea.jar:target/lib/*' bench/AudioCnnStep.java [threads] [batch]
import dev.cochlea.Cochlea;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.Losses;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;

import java.util.Arrays;

public class AudioCnnStep {
    interface Body { void run(); }

    static double millis(Body body) {
        for (int i = 0; i < 40; i++) body.run();
        double[] ms = new double[9];
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
        Cochlea.setNumThreads(Integer.parseInt(args.length > 0 ? args[0] : "1"));
        int batch = Integer.parseInt(args.length > 1 ? args[1] : "32");
        Module model = Models.create("cnn", new int[] {1, 40, 63}, 10);
        Tensor x = Tensor.randn(batch, 1, 40, 63);
        Tensor y = Tensor.randint(0, 10, batch);
        Adam opt = new Adam(model.parameters(), 1e-3);
        double train = millis(() -> {
            opt.zeroGrad();
            Losses.crossEntropy(model.forward(x), y).backward();
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
    }
}
