package dev.cochlea.tutorial.classic;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments to LDA, AdaBoost and the weighted tree fail with messages naming the argument, the expected and the found. */
class ClassicArgumentsTest {
    private static final Tensor X = Tensor.randn(new Generator(1), 12, 3);
    private static final Tensor Y = Tensor.ofLongs(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, 12);

    private static void fails(Class<? extends Throwable> type, Executable call, String... fragments) {
        String message = assertThrows(type, call).getMessage();
        for (String f : fragments) assertTrue(message.contains(f), "'" + message + "' should contain '" + f + "'");
    }

    @Test
    void ldaNamesWhatIsWrong() {
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis().fit(X, Tensor.ofLongs(new long[12], 12)),
                "LinearDiscriminantAnalysis.fit", "y must hold at least 2 classes, found 1");
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis().fit(X, Y.narrow(0, 0, 10)),
                "y must be [12]", "found shape [10]");
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis(3).fit(X, Y),
                "nComponents must be at most min(features, classes - 1) = 2", "found 3");
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis(0), "nComponents must be >= 1, found 0");
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis().fit(X.reshape(36), Y), "x must be a non-empty matrix [n, d]");
        fails(IllegalArgumentException.class, () -> new LinearDiscriminantAnalysis().fit(X, Tensor.ofLongs(new long[] {0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2}, 12)),
                "needs a training example, found none of class 1");
        fails(IllegalStateException.class, () -> new LinearDiscriminantAnalysis().predict(X), "LinearDiscriminantAnalysis.predict: call fit first");
        LinearDiscriminantAnalysis lda = new LinearDiscriminantAnalysis().fit(X, Y);
        fails(IllegalArgumentException.class, () -> lda.transform(Tensor.zeros(2, 4)), "x must be [m, 3]", "found shape [2, 4]");
    }

    @Test
    void adaBoostNamesWhatIsWrong() {
        fails(IllegalArgumentException.class, () -> new AdaBoost(0), "estimators must be >= 1, found 0");
        fails(IllegalArgumentException.class, () -> new AdaBoost(5, -1), "learningRate must be finite and > 0, found -1.0");
        fails(IllegalArgumentException.class, () -> new AdaBoost(5).fit(X, Tensor.ofLongs(new long[12], 12)), "AdaBoost.fit", "at least 2 classes");
        fails(IllegalArgumentException.class, () -> new AdaBoost(5).fit(X, Tensor.ofLongs(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, -1}, 12)), "class indices >= 0, found -1 at 11");
        fails(IllegalStateException.class, () -> new AdaBoost(5).predict(X), "AdaBoost.predict: call fit first");
        AdaBoost boost = new AdaBoost(5).fit(X, Y);
        fails(IllegalArgumentException.class, () -> boost.stagedAccuracy(X, Y.narrow(0, 0, 3)), "y must be [12]");
    }

    @Test
    void weightedTreeNamesWhatIsWrong() {
        fails(IllegalArgumentException.class, () -> new DecisionTree(1, 2, 0, 0).fit(X, Y, Tensor.ones(11)),
                "sampleWeight must be [12]", "found [11]");
        fails(IllegalArgumentException.class, () -> new DecisionTree(1, 2, 0, 0).fit(X, Y, Tensor.ones(12).neg()),
                "sampleWeight must be finite and >= 0, found -1.0 at 0");
    }
}
