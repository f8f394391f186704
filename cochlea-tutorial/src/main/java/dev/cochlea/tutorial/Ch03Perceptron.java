package dev.cochlea.tutorial;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 3: the perceptron, the smallest unit of a neural network. It scales each input by its
 * weight, adds everything up with a bias, and squashes the sum with a sigmoid:
 * {@code y = sigmoid(sum(input * weight) + bias)}. First with plain Java arrays and {@link Math},
 * as the slide does with Python's {@code math}; then the same with tensors, for a batch of inputs,
 * and with autograd giving the gradient that one step of learning, {@code weight = weight - lr * grad},
 * needs.
 *
 * <pre>{@code
 * ./cochlea tutorial perceptron
 * }</pre>
 */
public final class Ch03Perceptron implements Chapter {
    @Override
    public int number() {
        return 3;
    }

    @Override
    public String name() {
        return "perceptron";
    }

    @Override
    public String title() {
        return "The perceptron: weights, a bias and a sigmoid";
    }

    @Override
    public String slide() {
        return "感知器 (Perceptron)";
    }

    /** The slide's perceptron with plain arrays: {@code y = sigmoid(sum(input * weight) + bias)}. */
    public static double perceptron(double[] input, double[] weight, double bias) {
        double y = 0;
        for (int i = 0; i < input.length; i++) y += input[i] * weight[i];   // 1. the linear part
        y += bias;
        return 1 / (1 + Math.exp(-y));                                      // 2. the non-linear activation
    }

    @Override
    public Map<String, Object> run(Context context) {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. A perceptron with plain Java arrays and Math");
        // Think of the inputs as how loud a sound is in three frequency bands.
        double[] input = {1.0, 2.0, 3.0};
        double[] weight = {0.2, -0.1, 0.4};
        double bias = -0.5;
        double y = perceptron(input, weight, bias);
        out.println("   input  = " + Arrays.toString(input));
        out.println("   weight = " + Arrays.toString(weight));
        out.println("   bias   = " + bias);
        out.printf(Locale.ROOT, "   sum(input*weight) + bias = %.4f%n", 1.0 * 0.2 + 2.0 * -0.1 + 3.0 * 0.4 - 0.5);
        out.printf(Locale.ROOT, "   y = sigmoid(...) = %.6f%n%n", y);
        results.put("plain", y);

        out.println("2. The same perceptron with tensors");
        Tensor x = Tensor.tensor(1f, 2f, 3f);
        Tensor w = Tensor.tensor(0.2f, -0.1f, 0.4f).requiresGrad(true);
        Tensor b = Tensor.scalar(-0.5f).requiresGrad(true);
        Tensor yt = x.mul(w).sum().add(b).sigmoid();
        out.println("   y = x.mul(w).sum().add(b).sigmoid() = " + yt);
        out.printf(Locale.ROOT, "   same as the plain version: %s%n%n", Math.abs(yt.item() - y) < 1e-6);
        results.put("tensor", (double) yt.item());

        out.println("3. Four inputs at once: a matrix product does every weighted sum");
        Tensor batch = Tensor.of(new float[][] {{1, 2, 3}, {0, 0, 0}, {3, 0, 1}, {-1, 2, 0.5f}});
        Tensor ys = batch.matmul(w).add(b).sigmoid();
        out.println("   inputs " + Arrays.toString(batch.shape()) + " @ weight " + Arrays.toString(w.shape())
                + " -> outputs " + Arrays.toString(ys.shape()));
        out.println("   y = " + ys.detach());
        out.println();
        results.put("batchShape", ys.shape());

        out.println("4. Learning: autograd gives dy/dw, and gradient descent moves w against it");
        yt.backward();
        float yv = yt.item();
        out.println("   dy/dw = " + w.grad() + "   (= y(1-y) * input)");
        out.printf(Locale.ROOT, "   y(1-y) * input = [%.4f, %.4f, %.4f]%n", yv * (1 - yv) * 1, yv * (1 - yv) * 2, yv * (1 - yv) * 3);
        results.put("gradient", w.grad().toFloatArray());

        float target = 0.1f, lr = 0.5f;
        out.printf(Locale.ROOT, "   teach it to answer %.1f for this input: loss = (y - %.1f)^2, weight = weight - %.1f * grad%n", target, target, lr);
        double firstLoss = 0, lastLoss = 0;
        for (int step = 0; step <= 20; step++) {
            Tensor loss = x.mul(w).sum().add(b).sigmoid().sub(target).square();
            w.setGrad(null);
            b.setGrad(null);
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                w.subInPlace(w.grad().mul(lr));
                b.subInPlace(b.grad().mul(lr));
            }
            if (step == 0) firstLoss = loss.item();
            lastLoss = loss.item();
            if (step % 5 == 0) out.printf(Locale.ROOT, "   step %2d  loss %.5f%n", step, loss.item());
        }
        out.println("   learned weight = " + w.detach() + ", bias = " + b.detach());
        results.put("firstLoss", firstLoss);
        results.put("lastLoss", lastLoss);
        return results;
    }
}
