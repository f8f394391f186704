package dev.cochlea.tutorial;

import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.TensorDataset;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.FeatureExtractor;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.models.Models;
import dev.cochlea.tutorial.classic.AdaBoost;
import dev.cochlea.tutorial.classic.DecisionTree;
import dev.cochlea.tutorial.classic.Estimator;
import dev.cochlea.tutorial.classic.GaussianNaiveBayes;
import dev.cochlea.tutorial.classic.KMeans;
import dev.cochlea.tutorial.classic.KNearestNeighbours;
import dev.cochlea.tutorial.classic.LinearDiscriminantAnalysis;
import dev.cochlea.tutorial.classic.LinearSvm;
import dev.cochlea.tutorial.classic.LogisticRegression;
import dev.cochlea.tutorial.classic.Pca;
import dev.cochlea.tutorial.classic.RandomForest;
import dev.cochlea.tutorial.classic.StandardScaler;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 2: traditional against modern machine learning. Traditional: a person designs the
 * features (here the mean and the deviation over time of each of 13 MFCCs, 26 numbers per clip)
 * and a classic algorithm learns from them: k-nearest neighbours, logistic regression, naive
 * Bayes, a linear SVM, a decision tree, a random forest, linear discriminant analysis (as a
 * classifier and as a projection) and AdaBoost (SAMME over decision stumps); and, without labels,
 * k-means and PCA.
 * Modern: a convolutional network learns its own features from the whole log-mel spectrogram.
 * All are compared on the same test clips. The classic algorithms are small classes in
 * {@code dev.cochlea.tutorial.classic}, written on Cochlea tensors.
 *
 * <pre>{@code
 * ./cochlea tutorial traditional
 * }</pre>
 */
public final class Ch02Traditional implements Chapter {
    @Override
    public int number() {
        return 2;
    }

    @Override
    public String name() {
        return "traditional";
    }

    @Override
    public String title() {
        return "Traditional vs modern: classic classifiers against a CNN";
    }

    @Override
    public String slide() {
        return "机器学习的分类 (Kinds of machine learning: traditional and modern)";
    }

    private record Row(String method, String features, double accuracy, double seconds) {
    }

    /** A classifier of section 2: its name in the table, its key in the results, the estimator. */
    private record Classifier(String name, String key, Estimator estimator) {
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean quick = context.quick();
        CourseData data = CourseData.load(context, 16);
        int classes = data.classes().size();
        out.printf(Locale.ROOT, "%s: %d training and %d test clips, %d classes%n%n", data.source(), data.train().size(),
                data.test().size(), classes);

        out.println("1. Hand-made features: 13 MFCCs per frame, then their mean and deviation over the clip");
        Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(CourseData.SAMPLE_RATE).nMfcc(13)
                .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128)).nMels(40)));
        Tensor trainX = mfccStatistics(data.train(), mfcc), testX = mfccStatistics(data.test(), mfcc);
        Tensor trainY = labels(data.train()), testY = labels(data.test());
        StandardScaler scaler = new StandardScaler().fit(trainX);
        trainX = scaler.transform(trainX);
        testX = scaler.transform(testX);
        out.println("   train " + Arrays.toString(trainX.shape()) + ", test " + Arrays.toString(testX.shape())
                + ", standardised with the training statistics");
        out.println();

        out.println("2. Classic classifiers (supervised)");
        String mfccName = "MFCC mean+std (" + trainX.size(1) + ")";
        List<Row> rows = new ArrayList<>();
        int boostRounds = quick ? 50 : 200;
        List<Classifier> classifiers = List.of(
                new Classifier("k-nearest neighbours (k=5)", "accuracyKnn", new KNearestNeighbours(5)),
                new Classifier("logistic regression", "accuracyLogistic", new LogisticRegression(quick ? 200 : 400, 0.1, 1e-4)),
                new Classifier("Gaussian naive Bayes", "accuracyNaiveBayes", new GaussianNaiveBayes()),
                new Classifier("linear SVM (one vs rest)", "accuracySvm", new LinearSvm(quick ? 200 : 400, 0.01, 1e-3)),
                new Classifier("decision tree (depth 10)", "accuracyTree", new DecisionTree(10, 2, 0, context.seed())),
                new Classifier("random forest (" + (quick ? 20 : 100) + " trees)", "accuracyForest",
                        new RandomForest(quick ? 20 : 100, 12, context.seed())),
                new Classifier("linear discriminant analysis", "accuracyLda", new LinearDiscriminantAnalysis()),
                new Classifier("AdaBoost (SAMME, " + boostRounds + " stumps)", "accuracyAdaBoost", new AdaBoost(boostRounds)));
        for (Classifier c : classifiers) {
            long t0 = System.nanoTime();
            double accuracy = c.estimator().fit(trainX, trainY).accuracy(testX, testY);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "   %-30s %5.1f%%  (%.2f s)%n", c.name(), 100 * accuracy, seconds);
            rows.add(new Row(c.name(), mfccName, accuracy, seconds));
            results.put(c.key(), accuracy);
        }
        AdaBoost boost = (AdaBoost) classifiers.getLast().estimator();
        double[] staged = boost.stagedAccuracy(testX, testY);
        out.print("   AdaBoost's test accuracy after");
        for (int stumps = 1; stumps <= staged.length; stumps *= 2) out.printf(Locale.ROOT, " %d: %.1f%%,", stumps, 100 * staged[stumps - 1]);
        out.printf(Locale.ROOT, " %d stumps: %.1f%%%n", staged.length, 100 * staged[staged.length - 1]);
        results.put("adaBoostStaged", staged);

        int ldaComponents = Math.min(8, Math.min(classes - 1, trainX.size(1)));
        long t0 = System.nanoTime();
        LinearDiscriminantAnalysis projection = new LinearDiscriminantAnalysis(ldaComponents).fit(trainX, trainY);
        double ldaKnn = new KNearestNeighbours(5).fit(projection.transform(trainX), trainY).accuracy(projection.transform(testX), testY);
        double ldaSeconds = (System.nanoTime() - t0) / 1e9;
        float[] ldaRatio = projection.explainedVarianceRatio();
        float ldaKept = 0;
        for (float r : ldaRatio) ldaKept += r;
        out.printf(Locale.ROOT, "   LDA as a projection: %d directions chosen with the labels; share of the between-class variance:", ldaComponents);
        for (float r : ldaRatio) out.printf(Locale.ROOT, " %.3f", r);
        out.printf(Locale.ROOT, " (%.1f%%)%n", 100 * ldaKept);
        out.printf(Locale.ROOT, "   k-NN on the %d LDA coordinates: %.1f%%%n", ldaComponents, 100 * ldaKnn);
        rows.add(new Row("LDA (" + ldaComponents + ") + k-NN", mfccName, ldaKnn, ldaSeconds));
        results.put("ldaVarianceRatio", ldaRatio);
        results.put("accuracyLdaKnn", ldaKnn);
        out.println();

        out.println("3. Without labels (unsupervised): k-means clusters and PCA directions");
        t0 = System.nanoTime();
        KMeans kMeans = new KMeans(classes, 100, context.seed()).fit(trainX);
        double purity = KMeans.purity(kMeans.predict(testX), testY);
        double kMeansSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "   k-means, %d clusters, %d rounds: purity on the test clips %.1f%% "
                + "(share of clips in their cluster's most common class)%n", classes, kMeans.iterations(), 100 * purity);
        t0 = System.nanoTime();
        int components = 8;
        Pca pca = new Pca(components).fit(trainX);
        float[] ratio = pca.explainedVarianceRatio();
        float kept = 0;
        for (float r : ratio) kept += r;
        out.print("   PCA: share of the variance along the first directions:");
        for (float r : ratio) out.printf(Locale.ROOT, " %.3f", r);
        out.printf(Locale.ROOT, " (%.1f%% in %d of %d dimensions)%n", 100 * kept, components, trainX.size(1));
        double pcaKnn = new KNearestNeighbours(5).fit(pca.transform(trainX), trainY).accuracy(pca.transform(testX), testY);
        double pcaSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "   k-NN on the %d PCA coordinates: %.1f%%%n%n", components, 100 * pcaKnn);
        rows.add(new Row("k-means (" + classes + " clusters), purity", mfccName, purity, kMeansSeconds));
        rows.add(new Row("PCA (" + components + ") + k-NN", mfccName, pcaKnn, pcaSeconds));
        results.put("kMeansPurity", purity);
        results.put("pcaVarianceRatio", ratio);
        results.put("accuracyPcaKnn", pcaKnn);

        out.println("4. Modern: a CNN learns its own features from log-mel spectrograms");
        FeatureConfig config = FeatureConfig.defaults();
        FeatureExtractor extractor = new FeatureExtractor(config);
        Tensor trainS = spectrograms(data.train(), extractor, config), testS = spectrograms(data.test(), extractor, config);
        // Standardise each mel band with the training set's statistics.
        Tensor bandMean = trainS.mean(new int[] {0, 1, 3}, true);
        Tensor bandStd = trainS.std(new int[] {0, 1, 3}, false, true).clampMin(1e-5f);
        trainS = trainS.sub(bandMean).div(bandStd);
        testS = testS.sub(bandMean).div(bandStd);
        Tensor.manualSeed(context.seed());
        Module cnn = Models.create("cnn", config.inputShape(), classes);
        out.println("   input " + Arrays.toString(trainS.shape()) + ", model 'cnn' with " + cnn.parameterCount() + " parameters");
        Adam adam = new Adam(cnn.parameters(), Adam.options().lr(1e-3));
        int epochs = quick ? 6 : 12;
        t0 = System.nanoTime();
        double cnnAccuracy = 0, firstLoss = 0, lastLoss = 0;
        try (DataLoader train = DataLoader.builder(new TensorDataset(trainS, trainY)).batchSize(32).shuffle(true).seed(context.seed()).build();
             DataLoader test = DataLoader.builder(new TensorDataset(testS, testY)).batchSize(128).build()) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                cnn.train();
                train.setEpoch(epoch);
                double lossSum = 0;
                int seen = 0;
                for (Batch batch : train) {
                    Tensor loss = F.crossEntropy(cnn.call(batch.inputs()), batch.targets());
                    adam.zeroGrad();
                    loss.backward();
                    adam.step();
                    lossSum += loss.item() * batch.size();
                    seen += batch.size();
                }
                TrainJob.Evaluation evaluation = TrainJob.evaluate(cnn, test, classes);
                cnnAccuracy = evaluation.accuracy();
                if (epoch == 1) firstLoss = lossSum / seen;
                lastLoss = lossSum / seen;
                out.printf(Locale.ROOT, "   epoch %2d  train loss %.4f  test accuracy %5.1f%%%n", epoch, lossSum / seen, 100 * cnnAccuracy);
            }
        }
        double cnnSeconds = (System.nanoTime() - t0) / 1e9;
        rows.add(new Row("CNN (" + epochs + " epochs)", "log-mel " + config.bands() + "x" + config.frames(), cnnAccuracy, cnnSeconds));
        results.put("accuracyCnn", cnnAccuracy);
        results.put("cnnFirstLoss", firstLoss);
        results.put("cnnLastLoss", lastLoss);
        out.println();

        out.println("5. Compared on the same " + testY.size(0) + " test clips");
        out.printf(Locale.ROOT, "   %-34s %-22s %9s %8s%n", "method", "features", "accuracy", "time");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "   %-34s %-22s %8.1f%% %7.2fs%n", r.method(), r.features(), 100 * r.accuracy(), r.seconds());
        }
        out.printf(Locale.ROOT, "   %-34s %-22s %8.1f%%%n", "chance (guessing)", "", 100.0 / classes);
        results.put("chance", 1.0 / classes);
        return results;
    }

    /** Each clip's 13 MFCCs averaged over time, then their standard deviations: [clips, 26]. */
    private static Tensor mfccStatistics(List<CourseData.Clip> clips, Mfcc mfcc) {
        List<Tensor> rows = new ArrayList<>();
        for (CourseData.Clip clip : clips) {
            Tensor coefficients = mfcc.forward(clip.waveform());          // [13, frames]
            rows.add(Tensor.cat(0, coefficients.mean(1), coefficients.std(new int[] {1}, false, false)));
        }
        return Tensor.stack(rows, 0);
    }

    /** Each clip, cut or padded to one second, as the log-mel spectrogram the CNN reads: [clips, 1, 40, 63]. */
    private static Tensor spectrograms(List<CourseData.Clip> clips, FeatureExtractor extractor, FeatureConfig config) {
        List<Tensor> rows = new ArrayList<>();
        for (CourseData.Clip clip : clips) rows.add(extractor.fromWaveform(CourseData.fit(clip.waveform(), config.clipSamples())));
        return Tensor.stack(rows, 0);
    }

    private static Tensor labels(List<CourseData.Clip> clips) {
        long[] y = new long[clips.size()];
        for (int i = 0; i < y.length; i++) y[i] = clips.get(i).label();
        return Tensor.ofLongs(y, y.length);
    }
}
