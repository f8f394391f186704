package dev.cochlea.tutorial.classic;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.List;

/**
 * A linear support vector machine, one against the rest: for each class a hyperplane
 * {@code w·x + b} that puts that class on the positive side with a margin, fitted by gradient
 * descent on the hinge loss {@code mean(max(0, 1 - t (w·x + b))) + (λ/2)|w|²} with {@code t = ±1}.
 * Predicts the class whose hyperplane scores highest.
 *
 * <pre>{@code
 * LinearSvm svm = new LinearSvm(300, 0.1, 1e-3).fit(trainX, trainY);
 * Tensor predicted = svm.predict(testX);
 * }</pre>
 */
public final class LinearSvm implements Estimator {
    private final int epochs;
    private final double learningRate;
    private final double lambda;
    private Tensor weight;
    private Tensor bias;

    /** Gradient descent for {@code epochs} steps of size {@code learningRate}, regularisation {@code lambda}. */
    public LinearSvm(int epochs, double learningRate, double lambda) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.lambda = lambda;
    }

    @Override
    public LinearSvm fit(Tensor x, Tensor y) {
        int d = x.size(1), classes = Estimator.classCount(y);
        Tensor target = Estimator.oneHot(y, classes).mul(2f).sub(1f);     // +1 for the class, -1 for the rest
        weight = Tensor.randn(new Generator(0), d, classes).mul(0.01f).requiresGrad(true);
        bias = Tensor.zeros(classes).requiresGrad(true);
        SGD opt = new SGD(List.of(weight, bias), SGD.options().lr(learningRate).momentum(0.9));
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor scores = x.matmul(weight).add(bias);
            Tensor hinge = target.mul(scores).rsub(1f).clampMin(0f).sum(1).mean();
            Tensor loss = hinge.add(weight.square().sum().mul((float) (lambda / 2)));
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return this;
    }

    /** Each class's score {@code w·x + b}, [m, classes]. */
    public Tensor decisionFunction(Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            return x.matmul(weight).add(bias);
        }
    }

    @Override
    public Tensor predict(Tensor x) {
        return decisionFunction(x).argmax(1, false);
    }
}
