package dev.cochlea.tutorial.classic;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.List;

/**
 * Multinomial logistic regression: class probabilities {@code softmax(x W + b)}, fitted by
 * full-batch gradient descent on the cross-entropy (autograd computes the gradient), with a small
 * L2 penalty on {@code W}. A linear model: one weight per feature and class.
 *
 * <pre>{@code
 * LogisticRegression lr = new LogisticRegression(300, 0.5, 1e-4).fit(trainX, trainY);
 * Tensor p = lr.probabilities(testX);              // [m, classes]
 * }</pre>
 */
public final class LogisticRegression implements Estimator {
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private Tensor weight;
    private Tensor bias;
    private float finalLoss = Float.NaN;

    /** Gradient descent for {@code epochs} steps of size {@code learningRate}, L2 penalty {@code l2}. */
    public LogisticRegression(int epochs, double learningRate, double l2) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    @Override
    public LogisticRegression fit(Tensor x, Tensor y) {
        int d = x.size(1), classes = Estimator.classCount(y);
        weight = Tensor.randn(new Generator(0), d, classes).mul(0.01f).requiresGrad(true);
        bias = Tensor.zeros(classes).requiresGrad(true);
        SGD opt = new SGD(List.of(weight, bias), SGD.options().lr(learningRate).momentum(0.9));
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor loss = F.crossEntropy(x.matmul(weight).add(bias), y).add(weight.square().sum().mul((float) l2));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            finalLoss = loss.item();
        }
        return this;
    }

    /** The class scores {@code x W + b}, [m, classes]. */
    public Tensor logits(Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            return x.matmul(weight).add(bias);
        }
    }

    /** The class probabilities, [m, classes]. */
    public Tensor probabilities(Tensor x) {
        return logits(x).softmax(1);
    }

    @Override
    public Tensor predict(Tensor x) {
        return logits(x).argmax(1, false);
    }

    /** The training loss at the last step. */
    public float finalLoss() {
        return finalLoss;
    }

    /** The weights W, [d, classes]. */
    public Tensor weight() {
        return weight.detach();
    }
}
