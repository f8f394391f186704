package dev.cochlea.tutorial;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MSELoss;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 12: how a network learns. Forward pass ({@code prediction = model(data)}), a loss,
 * the backward pass ({@code loss.backward()} fills every parameter's {@code .grad}), and gradient
 * descent ({@code weight = weight - learning_rate * gradient}). The model is one {@link Linear}
 * layer learning an unknown 3-tap filter from a noise signal and the filter's output (what an
 * echo canceller or an equaliser does). The chapter checks the slide's {@code (prediction -
 * labels).sum()} gradient by formula and the mean-squared-error gradient by finite differences,
 * takes one step by hand and one with {@link SGD} and shows they are equal, shows why gradients
 * must be zeroed, and then trains until the filter is found.
 *
 * <pre>{@code
 * ./cochlea tutorial backprop
 * }</pre>
 */
public final class Ch12Backprop implements Chapter {
    /** The filter to be learned: y[n] = 0.5 x[n] - 0.3 x[n-1] + 0.2 x[n-2]. */
    static final float[] FILTER = {0.5f, -0.3f, 0.2f};

    @Override
    public int number() {
        return 12;
    }

    @Override
    public String name() {
        return "backprop";
    }

    @Override
    public String title() {
        return "Backpropagation and gradient descent, by hand and with SGD";
    }

    @Override
    public String slide() {
        return "神经网络概述：网络如何学得好呢？ (Neural networks overview: how does a network learn well?)";
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("0. The data: white noise x and the output y of an unknown filter");
        int n = context.quick() ? 500 : 4000;
        Tensor signal = Tensor.randn(new Generator(context.seed()), n + 2);
        // Each row holds x[n], x[n-1], x[n-2]; the filter's output is their weighted sum.
        Tensor data = Tensor.stack(1, signal.narrow(0, 2, n), signal.narrow(0, 1, n), signal.narrow(0, 0, n));   // [n, 3]
        Tensor labels = data.matmul(Tensor.tensor(FILTER).reshape(3, 1));                                        // [n, 1]
        out.println("   data " + java.util.Arrays.toString(data.shape()) + ", labels " + java.util.Arrays.toString(labels.shape())
                + "; the filter to find: y[n] = 0.5 x[n] - 0.3 x[n-1] + 0.2 x[n-2]\n");

        out.println("1. Forward and backward, as on the slide");
        Tensor.manualSeed(context.seed());
        Linear model = new Linear(3, 1);
        Tensor prediction = model.call(data);                      // forward pass
        Tensor sumLoss = prediction.sub(labels).sum();
        sumLoss.backward();                                        // backward pass
        out.printf(Locale.ROOT, "   prediction = model(data) %s; loss = (prediction - labels).sum() = %.4f%n",
                java.util.Arrays.toString(prediction.shape()), sumLoss.item());
        out.println("   loss.backward() fills the gradients:");
        out.println("   weight.grad " + format(model.weight.grad()) + "   (this loss rises by sum(data[:, i]) per unit of w_i: " + format(data.sum(0)) + ")");
        out.println("   bias.grad   " + format(model.bias.grad()) + "   (one per row: " + n + ")");
        double sumGradError = model.weight.grad().reshape(3).sub(data.sum(0)).abs().max().item() / n;
        results.put("sumLossBiasGrad", (double) model.bias.grad().item());
        results.put("sumLossWeightGradError", sumGradError);
        out.println("   this loss has no minimum (lower predictions always lower it), so training uses the mean squared error\n");

        out.println("2. The mean squared error and its gradient, checked by finite differences");
        MSELoss mse = new MSELoss();
        model.zeroGrad();
        Tensor loss = mse.call(model.call(data), labels);
        loss.backward();
        float h = 1e-2f;
        double worst = 0;
        out.println("   weight   autograd   (loss(w+h) - loss(w-h)) / 2h");
        for (int i = 0; i < 3; i++) {
            float w = model.weight.get(0, i);
            double up, down;
            try (NoGrad ignored = NoGrad.enter()) {
                model.weight.set(w + h, 0, i);
                up = mse.call(model.call(data), labels).item();
                model.weight.set(w - h, 0, i);
                down = mse.call(model.call(data), labels).item();
                model.weight.set(w, 0, i);
            }
            double numeric = (up - down) / (2 * h);
            double analytic = model.weight.grad().get(0, i);
            worst = Math.max(worst, Math.abs(numeric - analytic));
            out.printf(Locale.ROOT, "   w_%d   %9.5f   %9.5f%n", i, analytic, numeric);
        }
        out.printf(Locale.ROOT, "   loss %.5f; largest difference %.1e%n%n", loss.item(), worst);
        results.put("finiteDifferenceError", worst);

        out.println("3. One gradient-descent step: by hand, then with the optimiser");
        double lr = 0.1;
        Tensor byHandWeight, byHandBias;
        try (NoGrad ignored = NoGrad.enter()) {
            byHandWeight = model.weight.sub(model.weight.grad().mul((float) lr));   // w = w - lr * grad
            byHandBias = model.bias.sub(model.bias.grad().mul((float) lr));
        }
        out.println("   weight       " + format(model.weight) + ", bias " + format(model.bias));
        out.println("   grad         " + format(model.weight.grad()) + ", bias " + format(model.bias.grad()));
        SGD sgd = new SGD(model.parameters(), SGD.options().lr(lr));
        sgd.step();
        double stepDifference = Math.max(model.weight.sub(byHandWeight).abs().max().item(), model.bias.sub(byHandBias).abs().max().item());
        out.println("   by hand      " + format(byHandWeight) + ", bias " + format(byHandBias) + "   (w - " + lr + " * grad)");
        out.println("   SGD.step()   " + format(model.weight) + ", bias " + format(model.bias));
        out.println("   equal: " + (stepDifference == 0) + String.format(Locale.ROOT, " (largest difference %.1g)%n", stepDifference));
        results.put("stepDifference", stepDifference);

        out.println("4. Gradients add up: without zeroGrad() a second backward() doubles them");
        sgd.zeroGrad();
        mse.call(model.call(data), labels).backward();
        Tensor once = model.weight.grad().copy();
        mse.call(model.call(data), labels).backward();
        double doubling = model.weight.grad().sub(once.mul(2f)).abs().max().item();
        out.println("   after one backward   " + format(once));
        out.println("   after two backwards  " + format(model.weight.grad()) + " = 2x; so every step starts with optimizer.zeroGrad()\n");
        results.put("accumulationError", doubling);

        out.println("5. Repeat: forward, loss, zero the gradients, backward, step");
        int steps = context.quick() ? 30 : 50;
        double first = 0, last = 0;
        for (int step = 1; step <= steps; step++) {
            Tensor l = mse.call(model.call(data), labels);
            sgd.zeroGrad();
            l.backward();
            sgd.step();
            if (step == 1) first = l.item();
            last = l.item();
            if (step == 1 || step % 10 == 0) {
                out.printf(Locale.ROOT, "   step %3d  loss %.3e  weight %s  bias %.4f%n", step, l.item(), format(model.weight), model.bias.item());
            }
        }
        double filterError = model.weight.detach().reshape(3).sub(Tensor.tensor(FILTER)).abs().max().item();
        out.printf(Locale.ROOT, "   learned %s, the filter is %s: largest error %.1e%n", format(model.weight), format(Tensor.tensor(FILTER)), filterError);
        results.put("firstLoss", first);
        results.put("lastLoss", last);
        results.put("filterError", filterError);
        return results;
    }

    private static String format(Tensor t) {
        float[] v = t.detach().toFloatArray();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        return sb.append(']').toString();
    }
}
