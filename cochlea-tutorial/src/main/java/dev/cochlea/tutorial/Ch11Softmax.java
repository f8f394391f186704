package dev.cochlea.tutorial;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.BCEWithLogitsLoss;
import dev.cochlea.nn.CrossEntropyLoss;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.FeatureExtractor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 11: normalising a network's output into probabilities. A classifier's last layer gives
 * raw scores (logits) of any sign and size; Sigmoid turns one score into the probability of the
 * positive class (two classes), Softmax turns one score per class into probabilities that are
 * positive and add up to 1 (many classes). The chapter computes softmax by hand, shows why it uses
 * {@code exp}, checks that sigmoid is softmax over two classes, and then trains two small
 * classifiers on sounds (one for all classes, one for two) and shows their logits becoming
 * probabilities.
 *
 * <pre>{@code
 * ./cochlea tutorial softmax
 * }</pre>
 */
public final class Ch11Softmax implements Chapter {
    @Override
    public int number() {
        return 11;
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String title() {
        return "Output normalisation: sigmoid for two classes, softmax for many";
    }

    @Override
    public String slide() {
        return "神经网络之归一化输出 (Neural networks: normalising the output)";
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. Softmax by hand: p_i = exp(z_i) / sum_j exp(z_j)");
        Tensor z = Tensor.tensor(2.0f, 1.0f, 0.1f);
        Tensor e = z.exp();
        Tensor byHand = e.div(e.sum());
        Tensor p = z.softmax(0);
        out.println("   logits z       " + format(z));
        out.println("   exp(z)         " + format(e) + String.format(Locale.ROOT, ", sum %.4f", e.sum().item()));
        out.println("   exp(z) / sum   " + format(byHand));
        out.println("   z.softmax(0)   " + format(p) + String.format(Locale.ROOT, ", sum %.4f", p.sum().item()));
        out.println();
        results.put("softmax", p.toFloatArray());

        out.println("2. Why exp?");
        Tensor mixed = Tensor.tensor(2f, -1f, 0.5f);
        out.println("   dividing by the sum alone fails once a logit is negative: " + format(mixed) + " / sum = "
                + format(mixed.div(mixed.sum())) + " (a negative 'probability')");
        out.println("   exp(z) > 0 for every real z and keeps the order, so softmax(" + format(mixed) + ") = " + format(mixed.softmax(0)));
        Tensor shifted = z.add(100f);
        out.println("   adding a constant changes nothing: softmax(z + 100) = " + format(shifted.softmax(0)));
        Tensor large = Tensor.tensor(1000f, 999f, 998f);
        Tensor naive = large.exp().div(large.exp().sum());
        out.println("   so it is computed as softmax(z - max z): for z = " + format(large) + ", exp(z)/sum overflows to "
                + format(naive) + ", softmax gives " + format(large.softmax(0)));
        Tensor logP = z.logSoftmax(0);
        out.println("   log_softmax(z) = " + format(logP) + "; the cross-entropy of class 0 is -log p_0 = "
                + String.format(Locale.ROOT, "%.4f", -logP.get(0)));
        out.println();
        results.put("shiftedSoftmax", shifted.softmax(0).toFloatArray());
        results.put("largeSoftmax", large.softmax(0).toFloatArray());

        out.println("3. Two classes: sigmoid(z) = 1 / (1 + exp(-z)) is the softmax of the scores [0, z]");
        double sigmoidGap = 0;
        for (float s : new float[] {-2f, 0f, 1.5f}) {
            float sigmoid = Tensor.tensor(s).sigmoid().item();
            float softmax = Tensor.tensor(0f, s).softmax(0).get(1);
            sigmoidGap = Math.max(sigmoidGap, Math.abs(sigmoid - softmax));
            out.printf(Locale.ROOT, "   z = %5.2f: sigmoid %.4f, softmax([0, z])[1] %.4f%n", s, sigmoid, softmax);
        }
        out.println();
        results.put("sigmoidSoftmaxGap", sigmoidGap);

        out.println("4. A trained classifier's outputs, many classes");
        CourseData data = CourseData.load(context, 20);
        out.println("   data: " + data.source() + ", " + data.train().size() + " training and " + data.test().size()
                + " test clips, " + data.classes().size() + " classes");
        // Each clip: the mean and standard deviation over time of its 40 log-mel bands (80 numbers).
        FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.defaults());
        Tensor trainX = statistics(data.train(), extractor), testX = statistics(data.test(), extractor);
        Tensor mean = trainX.mean(0, true), std = trainX.std(new int[] {0}, true, true).clampMin(1e-5f);
        trainX = trainX.sub(mean).div(std);
        testX = testX.sub(mean).div(std);
        Tensor trainY = labels(data.train()), testY = labels(data.test());
        int classes = data.classes().size();

        Tensor.manualSeed(context.seed());
        Sequential model = new Sequential(new Linear(trainX.size(1), 64), new ReLU(), new Linear(64, classes));
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();   // applies log_softmax itself: the model outputs logits
        Adam adam = new Adam(model.parameters(), Adam.options().lr(0.01));
        int epochs = context.quick() ? 60 : 200;
        double firstLoss = 0, lastLoss = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Tensor loss = crossEntropy.call(model.call(trainX), trainY);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            if (epoch == 1) firstLoss = loss.item();
            lastLoss = loss.item();
        }
        out.printf(Locale.ROOT, "   trained %s for %d steps: loss %.3f -> %.3f%n", "Linear(80, 64) -> ReLU -> Linear(64, " + classes + ")",
                epochs, firstLoss, lastLoss);
        Tensor logits, probabilities;
        try (NoGrad ignored = NoGrad.enter()) {
            logits = model.call(testX);
            probabilities = logits.softmax(1);
        }
        long[] predicted = probabilities.argmax(1, false).toLongArray(), truth = testY.toLongArray();
        int shown = Math.min(3, truth.length);
        for (int i = 0; i < shown; i++) {
            int row = i * truth.length / shown;   // spread over the test set, so several classes show up
            Tensor pRow = probabilities.select(0, row);
            out.printf(Locale.ROOT, "   clip %s (true class %s):%n", data.test().get(row).file(), data.classes().get((int) truth[row]));
            out.println("     logits        " + format(logits.select(0, row), 2));
            out.println("     probabilities " + format(pRow, 2) + String.format(Locale.ROOT, "  sum %.4f", pRow.sum().item()));
            out.printf(Locale.ROOT, "     -> predicts %s with p = %.3f%n", data.classes().get((int) predicted[row]), pRow.max().item());
        }
        int correct = 0;
        double trueClassProbability = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) correct++;
            trueClassProbability += probabilities.get(i, (int) truth[i]);
        }
        double accuracy = correct / (double) truth.length;
        double sumError = probabilities.sum(1).sub(1f).abs().max().item();
        out.printf(Locale.ROOT, "   every row sums to 1 (largest error %.1g); no probability is negative (smallest %.1e)%n", sumError, probabilities.min().item());
        out.printf(Locale.ROOT, "   test accuracy %.1f%% (chance %.1f%%), mean probability given to the true class %.3f%n%n",
                100 * accuracy, 100.0 / classes, trueClassProbability / truth.length);
        results.put("firstLoss", firstLoss);
        results.put("lastLoss", lastLoss);
        results.put("accuracy", accuracy);
        results.put("chance", 1.0 / classes);
        results.put("rowSumError", sumError);
        results.put("probabilitiesShape", probabilities.shape());

        out.println("5. A two-class classifier: one output, sigmoid");
        String negative = data.classes().get(0), positive = data.classes().get(1);
        Tensor[] trainPair = pair(trainX, trainY), testPair = pair(testX, testY);
        Tensor.manualSeed(context.seed());
        Linear logistic = new Linear(trainX.size(1), 1);          // logistic regression: p(y=1|x) = sigmoid(w^T x + b)
        BCEWithLogitsLoss binaryCrossEntropy = new BCEWithLogitsLoss();
        Adam adam2 = new Adam(logistic.parameters(), Adam.options().lr(0.05));
        int steps = context.quick() ? 60 : 150;
        double binaryFirst = 0, binaryLast = 0;
        for (int step = 1; step <= steps; step++) {
            Tensor loss = binaryCrossEntropy.call(logistic.call(trainPair[0]), trainPair[1]);
            adam2.zeroGrad();
            loss.backward();
            adam2.step();
            if (step == 1) binaryFirst = loss.item();
            binaryLast = loss.item();
        }
        out.printf(Locale.ROOT, "   '%s' (0) vs '%s' (1): %d training clips, loss %.3f -> %.3f after %d steps%n",
                negative, positive, trainPair[0].size(0), binaryFirst, binaryLast, steps);
        Tensor score, pPositive;
        try (NoGrad ignored = NoGrad.enter()) {
            score = logistic.call(testPair[0]).reshape(-1);
            pPositive = score.sigmoid();
        }
        float[] target = testPair[1].reshape(-1).toFloatArray();
        int binaryCorrect = 0;
        out.println("     logit  -> p(1)    true");
        for (int i = 0; i < target.length; i++) {
            boolean says = pPositive.get(i) > 0.5f;
            if (says == (target[i] > 0.5f)) binaryCorrect++;
            if (i < 3 || i >= target.length - 3) {
                out.printf(Locale.ROOT, "   %7.3f -> %.4f   %s%n", score.get(i), pPositive.get(i), target[i] > 0.5f ? positive : negative);
            } else if (i == 3) {
                out.println("       ...");
            }
        }
        double binaryAccuracy = binaryCorrect / (double) target.length;
        out.printf(Locale.ROOT, "   test accuracy %.1f%% (chance 50%%); p(0) is simply 1 - p(1)%n", 100 * binaryAccuracy);
        results.put("binaryFirstLoss", binaryFirst);
        results.put("binaryLastLoss", binaryLast);
        results.put("binaryAccuracy", binaryAccuracy);
        return results;
    }

    /** [clips, 80]: per clip, each log-mel band's mean and standard deviation over time. */
    private static Tensor statistics(List<CourseData.Clip> clips, FeatureExtractor extractor) {
        List<Tensor> rows = new ArrayList<>();
        int samples = extractor.config().clipSamples();
        for (CourseData.Clip clip : clips) {
            Tensor mel = extractor.fromWaveform(CourseData.fit(clip.waveform(), samples)).squeeze(0);   // [40, frames]
            rows.add(Tensor.cat(0, mel.mean(1), mel.std(new int[] {1}, true, false)));
        }
        return Tensor.stack(rows, 0);
    }

    private static Tensor labels(List<CourseData.Clip> clips) {
        long[] y = new long[clips.size()];
        for (int i = 0; i < y.length; i++) y[i] = clips.get(i).label();
        return Tensor.ofLongs(y, y.length);
    }

    /** The rows of classes 0 and 1, with float targets 0 or 1 ([n, 1]), as the binary loss wants. */
    private static Tensor[] pair(Tensor x, Tensor y) {
        long[] labels = y.toLongArray();
        List<Tensor> rows = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 1) continue;
            rows.add(x.select(0, i));
            targets.add((float) labels[i]);
        }
        float[] t = new float[targets.size()];
        for (int i = 0; i < t.length; i++) t[i] = targets.get(i);
        return new Tensor[] {Tensor.stack(rows, 0), Tensor.tensor(t).reshape(t.length, 1)};
    }

    private static String format(Tensor t) {
        return format(t, 4);
    }

    private static String format(Tensor t, int decimals) {
        float[] v = t.toFloatArray();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%." + decimals + "f", v[i]));
        return sb.append(']').toString();
    }
}
