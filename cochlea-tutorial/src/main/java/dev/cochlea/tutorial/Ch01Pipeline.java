package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.CrossEntropyLoss;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MSELoss;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 1: the machine-learning pipeline, step by step as the slide lists it: prepare a data set,
 * look at its distribution (mean, variance, median), preprocess it, split it into a training and
 * a test part, fit a model, and evaluate it. Done twice: a classification (which word or sound is
 * it? a discrete label, cross-entropy) and a regression (what is this tone's pitch? a continuous
 * value, mean squared error).
 *
 * <pre>{@code
 * ./cochlea tutorial pipeline
 * }</pre>
 */
public final class Ch01Pipeline implements Chapter {
    @Override
    public int number() {
        return 1;
    }

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String title() {
        return "The machine-learning pipeline, on audio";
    }

    @Override
    public String slide() {
        return "机器学习介绍：机器如何学习？ (Introduction to machine learning: how does a machine learn?)";
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean quick = context.quick();

        out.println("1. Prepare the data set");
        CourseData data = CourseData.load(context, 12);
        out.printf(Locale.ROOT, "   %s: %d training and %d test clips, classes %s%n%n",
                data.source(), data.train().size(), data.test().size(), data.classes());

        out.println("2. Analyse its distribution");
        float[] seconds = new float[data.train().size()];
        for (int i = 0; i < seconds.length; i++) seconds[i] = (float) data.train().get(i).seconds();
        Tensor durations = Tensor.tensor(seconds);
        out.printf(Locale.ROOT, "   clip length (s): mean %.3f, variance %.4f, median %.3f, min %.3f, max %.3f%n",
                durations.mean().item(), durations.var(true).item(), durations.median().item(),
                durations.min().item(), durations.max().item());
        results.put("durationMean", (double) durations.mean().item());
        results.put("durationMedian", (double) durations.median().item());

        // Each clip's feature vector: its log-mel spectrogram (40 bands) averaged over time.
        MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(CourseData.SAMPLE_RATE).nMels(40));
        AmplitudeToDB toDb = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0));
        Tensor trainX = averageSpectra(data.train(), mel, toDb);
        Tensor testX = averageSpectra(data.test(), mel, toDb);
        Tensor trainY = labels(data.train());
        Tensor testY = labels(data.test());
        Tensor mean = trainX.mean(0, true);
        Tensor variance = trainX.var(new int[] {0}, true, true);
        Tensor median = trainX.median(0, true).values();
        out.println("   features: average log-mel spectrum, " + trainX.size(1) + " bands per clip");
        out.println("   band |   mean dB  variance  median dB");
        for (int band : new int[] {0, 10, 20, 30, 39}) {
            out.printf(Locale.ROOT, "   %4d | %9.2f %9.2f %10.2f%n", band, mean.get(0, band), variance.get(0, band), median.get(0, band));
        }
        out.println();

        out.println("3. Preprocess: standardise every band with the training set's mean and deviation");
        Tensor std = variance.sqrt().clampMin(1e-6f);
        trainX = trainX.sub(mean).div(std);
        testX = testX.sub(mean).div(std);
        out.printf(Locale.ROOT, "   training features now: mean %.4f, variance %.4f%n%n", trainX.mean().item(), trainX.var(true).item());
        results.put("standardisedMean", (double) trainX.mean().item());
        results.put("standardisedVariance", (double) trainX.var(true).item());

        out.println("4. Split: the test clips are kept apart and never used for fitting");
        out.printf(Locale.ROOT, "   train %s, test %s%n%n", java.util.Arrays.toString(trainX.shape()), java.util.Arrays.toString(testX.shape()));

        out.println("5. Fit a classifier: softmax regression (one Linear layer), cross-entropy, gradient descent");
        int classes = data.classes().size();
        Tensor.manualSeed(context.seed());
        Linear model = new Linear(trainX.size(1), classes);
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        SGD sgd = new SGD(model.parameters(), SGD.options().lr(0.1).momentum(0.9));
        int epochs = quick ? 100 : 300;
        double firstLoss = 0, lastLoss = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Tensor loss = crossEntropy.call(model.call(trainX), trainY);
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
            if (epoch == 1) firstLoss = loss.item();
            lastLoss = loss.item();
            if (epoch == 1 || epoch % (epochs / 5) == 0) out.printf(Locale.ROOT, "   epoch %3d  loss %.4f%n", epoch, loss.item());
        }
        results.put("classifierFirstLoss", firstLoss);
        results.put("classifierLastLoss", lastLoss);

        out.println();
        out.println("6. Evaluate on the test clips");
        long[] predicted;
        try (NoGrad ignored = NoGrad.enter()) {
            predicted = model.call(testX).argmax(1, false).toLongArray();
        }
        long[] truth = testY.toLongArray();
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[(int) truth[i]][(int) predicted[i]]++;
            if (predicted[i] == truth[i]) correct++;
        }
        double accuracy = correct / (double) truth.length;
        out.printf(Locale.ROOT, "   accuracy %.1f%% (%d of %d; chance is %.1f%%)%n", 100 * accuracy, correct, truth.length, 100.0 / classes);
        out.println("   confusion matrix (rows: true class, columns: predicted class, same order):");
        StringBuilder header = new StringBuilder("   " + " ".repeat(10));
        for (int c = 0; c < classes; c++) header.append(String.format(Locale.ROOT, "%4d", c));
        out.println(header);
        for (int t = 0; t < classes; t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "   %-10s", abbreviate(data.classes().get(t))));
            for (int p = 0; p < classes; p++) row.append(String.format(Locale.ROOT, "%4d", confusion[t][p]));
            out.println(row);
        }
        out.println();
        results.put("accuracy", accuracy);
        results.put("chance", 1.0 / classes);

        out.println("7. The same pipeline for a regression: a tone's pitch (Hz) from its spectrum");
        regression(context, results);
        return results;
    }

    private static void regression(Context context, Map<String, Object> results) {
        PrintStream out = context.out();
        // 1. Prepare: tones of random pitch and loudness, with a little noise.
        int count = context.quick() ? 200 : 1000;
        Generator random = new Generator(context.seed() + 1);
        Spectrogram power = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(128)).power(2.0));
        List<Tensor> spectra = new ArrayList<>();
        float[] pitch = new float[count];
        for (int i = 0; i < count; i++) {
            pitch[i] = 100 + 3300 * random.nextFloat();
            float amplitude = 0.1f + 0.8f * random.nextFloat();
            float[] tone = new float[2048];
            for (int t = 0; t < tone.length; t++) {
                tone[t] = (float) (amplitude * Math.sin(2 * Math.PI * pitch[i] * t / CourseData.SAMPLE_RATE) + 0.01 * random.nextGaussian());
            }
            Tensor spectrum = power.forward(Tensor.tensor(tone)).mean(1);   // 129 frequency bins
            spectra.add(spectrum.div(spectrum.sum()));                          // 3. preprocess: each spectrum sums to 1
        }
        Tensor x = Tensor.stack(spectra, 0);
        Tensor y = Tensor.tensor(pitch).div(1000f).reshape(count, 1);            // in kHz, so numbers stay near 1
        // 2. Analyse.
        Tensor hz = Tensor.tensor(pitch);
        out.printf(Locale.ROOT, "   %d tones; pitch (Hz): mean %.1f, variance %.0f, median %.1f%n",
                count, hz.mean().item(), hz.var(true).item(), hz.median().item());
        // 4. Split: the last fifth is the test set.
        int nTrain = count * 4 / 5;
        Tensor trainX = x.narrow(0, 0, nTrain), testX = x.narrow(0, nTrain, count - nTrain);
        Tensor trainY = y.narrow(0, 0, nTrain), testY = y.narrow(0, nTrain, count - nTrain);
        out.println("   features " + java.util.Arrays.toString(x.shape()) + " (a power spectrum per tone, scaled to sum 1); "
                + nTrain + " to train, " + (count - nTrain) + " to test");
        // 5. Fit: a linear regression, mean squared error, Adam.
        Tensor.manualSeed(context.seed());
        Linear model = new Linear(x.size(1), 1);
        MSELoss mse = new MSELoss();
        Adam adam = new Adam(model.parameters(), Adam.options().lr(0.05));
        int epochs = context.quick() ? 300 : 600;
        double firstLoss = 0, lastLoss = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Tensor loss = mse.call(model.call(trainX), trainY);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            if (epoch == 1) firstLoss = loss.item();
            lastLoss = loss.item();
            if (epoch == 1 || epoch % (epochs / 5) == 0) out.printf(Locale.ROOT, "   epoch %3d  mse %.5f kHz^2%n", epoch, loss.item());
        }
        // 6. Evaluate: the mean absolute error in Hz on unseen tones.
        Tensor predicted;
        try (NoGrad ignored = NoGrad.enter()) {
            predicted = model.call(testX).mul(1000f);
        }
        Tensor truth = testY.mul(1000f);
        double mae = predicted.sub(truth).abs().mean().item();
        double spread = truth.sub(truth.mean()).abs().mean().item();
        out.printf(Locale.ROOT, "   test: mean absolute error %.1f Hz (always guessing the mean pitch would be off by %.1f Hz)%n", mae, spread);
        for (int i = 0; i < 5; i++) {
            out.printf(Locale.ROOT, "     tone %7.1f Hz -> predicted %7.1f Hz%n", truth.get(i, 0), predicted.get(i, 0));
        }
        results.put("regressionFirstLoss", firstLoss);
        results.put("regressionLastLoss", lastLoss);
        results.put("regressionMaeHz", mae);
        results.put("regressionBaselineHz", spread);
    }

    /** Each clip's log-mel spectrogram averaged over time: [clips, bands]. */
    private static Tensor averageSpectra(List<CourseData.Clip> clips, MelSpectrogram mel, AmplitudeToDB toDb) {
        List<Tensor> rows = new ArrayList<>();
        for (CourseData.Clip clip : clips) rows.add(toDb.forward(mel.forward(clip.waveform())).mean(1));
        return Tensor.stack(rows, 0);
    }

    private static Tensor labels(List<CourseData.Clip> clips) {
        long[] y = new long[clips.size()];
        for (int i = 0; i < y.length; i++) y[i] = clips.get(i).label();
        return Tensor.ofLongs(y, y.length);
    }

    private static String abbreviate(String s) {
        return s.length() <= 9 ? s : s.substring(0, 9);
    }
}
