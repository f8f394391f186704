package dev.cochlea.tutorial;

import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.TensorDataset;
import dev.cochlea.nn.CrossEntropyLoss;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.RNN;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.GradClip;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.FeatureExtractor;
import dev.cochlea.train.TrainJob;
import dev.cochlea.train.models.AudioCnn;
import dev.cochlea.train.models.LstmClassifier;
import dev.cochlea.train.models.Tdnn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 13: the common network families the course names: CNN, RNN, TDNN and LSTM. Each reads a
 * clip's log-mel spectrogram ([1, 40 bands, 63 frames]) in its own way: the CNN as a picture, the
 * RNN and the LSTM frame by frame with a memory, the TDNN as 1-D convolutions over time with a
 * widening context. The chapter trains one of each briefly on the spoken digits (synthetic sounds
 * when they are absent) with the same data, optimiser and number of epochs, and prints their test
 * accuracy, size and training time. Clips shorter than a second are padded with silence at the
 * front rather than the end: a recurrent model classifies from its state after the last frame,
 * which should come right after the sound, not after half a second of silence it must remember
 * across.
 *
 * <pre>{@code
 * ./cochlea tutorial recurrent
 * }</pre>
 */
public final class Ch13Recurrent implements Chapter {
    @Override
    public int number() {
        return 13;
    }

    @Override
    public String name() {
        return "recurrent";
    }

    @Override
    public String title() {
        return "CNN, RNN, TDNN, LSTM: four network families on spoken digits";
    }

    @Override
    public String slide() {
        return "神经网络概述：常见的深度学习网络框架 CNN, RNN, TDNN, LSTM (Neural networks overview: the common network families)";
    }

    /**
     * A recurrent classifier: a two-layer Elman RNN reads the spectrogram one frame (40 numbers) at
     * a time, and a linear layer classifies its hidden state after the last frame.
     */
    public static final class RnnClassifier extends Module {
        final RNN rnn;
        final Linear classifier;

        /** An RNN over {@code bands} features per frame, for {@code classes} classes. */
        public RnnClassifier(int bands, int classes) {
            rnn = registerModule("rnn", new RNN(bands, 64, RNN.options().numLayers(2).batchFirst(true)));
            classifier = registerModule("classifier", new Linear(64, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor frames = x.squeeze(1).transpose(1, 2);           // [N, 1, bands, T] -> [N, T, bands]
            Tensor outputs = rnn.forward(frames, null).output();    // [N, T, 64]: the last layer's state after each frame
            return classifier.call(outputs.mean(1));
        }
    }

    /** One row of the table. */
    public record Result(String family, String model, long parameters, double accuracy, double seconds, double firstLoss, double lastLoss) {
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. The data, as log-mel spectrograms");
        CourseData data = CourseData.load(context, 20);
        FeatureConfig features = context.quick()
                ? new FeatureConfig("mel", 8000, 8000, 256, 256, 256, 20, 0, 0, "htk", "none", 13, 80, true, 0)   // small: [1, 20, 32]
                : FeatureConfig.defaults();                                                                // [1, 40, 63]
        FeatureExtractor extractor = new FeatureExtractor(features);
        Tensor trainX = spectrograms(data.train(), extractor), testX = spectrograms(data.test(), extractor);
        // Standardise each mel band with the training set's mean and deviation.
        Tensor mean = trainX.mean(new int[] {0, 1, 3}, true);
        Tensor std = trainX.std(new int[] {0, 1, 3}, true, true).clampMin(1e-5f);
        trainX = trainX.sub(mean).div(std);
        testX = testX.sub(mean).div(std);
        Tensor trainY = labels(data.train()), testY = labels(data.test());
        int classes = data.classes().size(), bands = trainX.size(2);
        out.println("   " + data.source() + ": train " + java.util.Arrays.toString(trainX.shape()) + ", test "
                + java.util.Arrays.toString(testX.shape()) + ", " + classes + " classes (chance "
                + String.format(Locale.ROOT, "%.1f%%", 100.0 / classes) + ")");
        out.println("   short clips are padded with silence at the front, so a recurrent model's last frames are the sound itself\n");

        int epochs = context.quick() ? 5 : 8;
        out.println("2. Train each for " + epochs + " epochs: Adam (lr 0.003), batch 32, cross-entropy, gradients clipped to norm 5");
        Map<String, Supplier<Module>> models = new LinkedHashMap<>();
        models.put("CNN", () -> new AudioCnn(classes));
        models.put("RNN", () -> new RnnClassifier(bands, classes));
        models.put("TDNN", () -> new Tdnn(bands, classes));
        models.put("LSTM", () -> new LstmClassifier(bands, classes));
        List<Result> table = new ArrayList<>();
        DataLoader testLoader = DataLoader.builder(new TensorDataset(testX, testY)).batchSize(64).build();
        for (Map.Entry<String, Supplier<Module>> entry : models.entrySet()) {
            Tensor.manualSeed(context.seed());
            Module model = entry.getValue().get();
            Result r = train(entry.getKey(), model, trainX, trainY, testLoader, classes, epochs, context.seed(), out);
            table.add(r);
        }
        testLoader.close();
        out.println();

        out.println("3. Results on the " + testX.size(0) + " test clips");
        out.println("   family  model            parameters  test accuracy  training time");
        for (Result r : table) {
            out.printf(Locale.ROOT, "   %-6s  %-15s  %10s  %12.1f%%  %11.1f s%n",
                    r.family(), r.model(), String.format(Locale.ROOT, "%,d", r.parameters()), 100 * r.accuracy(), r.seconds());
        }
        out.println("   CNN:      the spectrogram as a picture (3x3 convolutions and pooling)");
        out.println("   RNN/LSTM: frame by frame, carrying a memory forward (the LSTM's gates keep it longer)");
        out.println("   TDNN:     1-D convolutions over time with dilation 1, 2, 3, then the mean and deviation over time");
        results.put("table", table);
        results.put("chance", 1.0 / classes);
        return results;
    }

    /** Trains {@code model} for {@code epochs} passes over the training set and scores it on the test set. */
    private static Result train(String family, Module model, Tensor trainX, Tensor trainY, DataLoader testLoader, int classes,
                                int epochs, long seed, PrintStream out) {
        DataLoader loader = DataLoader.builder(new TensorDataset(trainX, trainY)).batchSize(32).shuffle(true).seed(seed).build();
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        Adam adam = new Adam(model.parameters(), Adam.options().lr(0.003));
        long start = System.nanoTime();
        double firstLoss = Double.NaN, lastLoss = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train();
            double sum = 0;
            int batches = 0;
            for (Batch b : loader) {
                Tensor loss = crossEntropy.call(model.call(b.inputs()), b.targets());
                adam.zeroGrad();
                loss.backward();
                GradClip.clipGradNorm(model.parameters(), 5.0);
                adam.step();
                sum += loss.item();
                batches++;
            }
            if (epoch == 1) firstLoss = sum / batches;
            lastLoss = sum / batches;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        loader.close();
        TrainJob.Evaluation test = TrainJob.evaluate(model, testLoader, classes);
        out.printf(Locale.ROOT, "   %-5s training loss %.3f -> %.3f, test accuracy %.1f%%, %.1f s%n",
                family, firstLoss, lastLoss, 100 * test.accuracy(), seconds);
        return new Result(family, model.getClass().getSimpleName(), model.parameterCount(), test.accuracy(), seconds, firstLoss, lastLoss);
    }

    /** [clips, 1, 40, 63]: each clip padded or cut to one second, as a log-mel spectrogram. */
    private static Tensor spectrograms(List<CourseData.Clip> clips, FeatureExtractor extractor) {
        List<Tensor> list = new ArrayList<>();
        int samples = extractor.config().clipSamples();
        for (CourseData.Clip clip : clips) list.add(extractor.fromWaveform(padFront(clip.waveform(), samples)));
        return Tensor.stack(list, 0);
    }

    /** Cuts {@code wave} to its first {@code n} samples, or puts zeros in front of it to make {@code n}. */
    private static Tensor padFront(Tensor wave, int n) {
        int length = wave.size(0);
        if (length >= n) return wave.narrow(0, 0, n).contiguous();
        return Tensor.cat(0, Tensor.zeros(n - length), wave);
    }

    private static Tensor labels(List<CourseData.Clip> clips) {
        long[] y = new long[clips.size()];
        for (int i = 0; i < y.length; i++) y[i] = clips.get(i).label();
        return Tensor.ofLongs(y, y.length);
    }
}
