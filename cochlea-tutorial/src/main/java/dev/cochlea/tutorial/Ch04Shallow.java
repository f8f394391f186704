package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.TensorDataset;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MSELoss;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.Sigmoid;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tutorial.classic.Pca;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 4: shallow learning, a network with one hidden layer. First the slide's two-layer
 * function with plain arrays: the first part has one weight vector per hidden unit and gives one
 * output per unit; the second part weights those outputs and sums them. Then the classic shallow
 * model, an autoencoder, built with Cochlea's {@code nn}, autograd and an optimiser: it squeezes
 * each 40-band spectrogram frame through 8 hidden units and learns to rebuild the frame from them,
 * finding, like PCA, the few numbers that say most about the input.
 *
 * <pre>{@code
 * ./cochlea tutorial shallow
 * }</pre>
 */
public final class Ch04Shallow implements Chapter {
    @Override
    public int number() {
        return 4;
    }

    @Override
    public String name() {
        return "shallow";
    }

    @Override
    public String title() {
        return "Shallow learning: a two-layer network and an autoencoder";
    }

    @Override
    public String slide() {
        return "浅层学习 (Shallow learning)";
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * The slide's shallow network with plain arrays: {@code hidden[j] = sigmoid(sum(input * weight1[j]) + bias1[j])},
     * then {@code output = sigmoid(sum(hidden * weight2) + bias2)}.
     */
    public static double shallowLearning(double[] input, double[][] weight1, double[] weight2, double[] bias1, double bias2) {
        double[] hidden = new double[weight1.length];              // 1. n weight vectors give n outputs
        for (int j = 0; j < weight1.length; j++) {
            double sum = bias1[j];
            for (int i = 0; i < input.length; i++) sum += input[i] * weight1[j][i];
            hidden[j] = sigmoid(sum);
        }
        double output = bias2;                                     // 2. the second part sums over its weights
        for (int j = 0; j < hidden.length; j++) output += hidden[j] * weight2[j];
        return sigmoid(output);
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. A two-layer network with plain arrays");
        double[] input = {1.0, 2.0, 3.0};
        double[][] weight1 = {{0.2, -0.1, 0.4}, {-0.3, 0.5, 0.1}};
        double[] bias1 = {-0.5, 0.1};
        double[] weight2 = {1.5, -2.0};
        double bias2 = 0.3;
        double y = shallowLearning(input, weight1, weight2, bias1, bias2);
        out.println("   input   = " + Arrays.toString(input));
        out.println("   weight1 = " + Arrays.deepToString(weight1) + ", bias1 = " + Arrays.toString(bias1));
        out.println("   weight2 = " + Arrays.toString(weight2) + ", bias2 = " + bias2);
        out.printf(Locale.ROOT, "   hidden  = [%.6f, %.6f]%n", sigmoid(0.2 - 0.2 + 1.2 - 0.5), sigmoid(-0.3 + 1.0 + 0.3 + 0.1));
        out.printf(Locale.ROOT, "   output  = %.6f%n", y);
        // The same two layers with tensors: each layer is one matrix product.
        Tensor x = Tensor.tensor(1f, 2f, 3f);
        Tensor w1 = Tensor.of(new float[][] {{0.2f, -0.1f, 0.4f}, {-0.3f, 0.5f, 0.1f}});
        Tensor hidden = w1.matmul(x).add(Tensor.tensor(-0.5f, 0.1f)).sigmoid();
        Tensor yt = hidden.mul(Tensor.tensor(1.5f, -2.0f)).sum().add(0.3f).sigmoid();
        out.println("   with tensors: hidden = " + hidden + ", output = " + yt);
        out.println();
        results.put("plain", y);
        results.put("tensor", (double) yt.item());

        out.println("2. An autoencoder: rebuild each 40-band spectrogram frame from 8 numbers");
        CourseData data = CourseData.load(context, 12);
        MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(CourseData.SAMPLE_RATE).nMels(40));
        AmplitudeToDB toDb = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0));
        Tensor trainFrames = frames(data.train(), mel, toDb), testFrames = frames(data.test(), mel, toDb);
        Tensor mean = trainFrames.mean(0, true), std = trainFrames.std(new int[] {0}, false, true).clampMin(1e-5f);
        trainFrames = trainFrames.sub(mean).div(std);
        testFrames = testFrames.sub(mean).div(std);
        out.printf(Locale.ROOT, "   %s: %d training frames, %d test frames of %d log-mel bands (standardised: predicting 0 costs 1.0)%n",
                data.source(), trainFrames.size(0), testFrames.size(0), trainFrames.size(1));

        Tensor.manualSeed(context.seed());
        Sequential autoencoder = new Sequential(
                new Linear(40, 8), new Sigmoid(),     // encoder: 40 bands -> 8 hidden units
                new Linear(8, 40));                   // decoder: 8 hidden units -> 40 bands
        out.println(autoencoder);
        MSELoss mse = new MSELoss();
        Adam adam = new Adam(autoencoder.parameters(), Adam.options().lr(0.01));
        int epochs = context.quick() ? 8 : 10;
        List<Double> testLosses = new ArrayList<>();
        testLosses.add(reconstructionLoss(autoencoder, mse, testFrames));
        out.printf(Locale.ROOT, "   before training: test reconstruction loss %.4f%n", testLosses.get(0));
        try (DataLoader loader = DataLoader.builder(new TensorDataset(trainFrames, trainFrames))
                .batchSize(64).shuffle(true).seed(context.seed()).build()) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                loader.setEpoch(epoch);
                double sum = 0;
                int seen = 0;
                for (Batch batch : loader) {
                    Tensor loss = mse.call(autoencoder.call(batch.inputs()), batch.targets());  // the target is the input
                    adam.zeroGrad();
                    loss.backward();
                    adam.step();
                    sum += loss.item() * batch.size();
                    seen += batch.size();
                }
                testLosses.add(reconstructionLoss(autoencoder, mse, testFrames));
                out.printf(Locale.ROOT, "   epoch %2d  train loss %.4f  test reconstruction loss %.4f%n", epoch, sum / seen,
                        testLosses.get(epoch));
            }
        }
        // PCA keeps the 8 directions of most variance; a linear autoencoder at its best learns exactly those.
        Pca pca = new Pca(8).fit(trainFrames);
        double pcaLoss = mse.call(pca.inverseTransform(pca.transform(testFrames)), testFrames).item();
        out.printf(Locale.ROOT, "   for comparison, PCA with 8 components: test reconstruction loss %.4f%n", pcaLoss);
        results.put("testLosses", testLosses);
        results.put("pcaLoss", pcaLoss);
        return results;
    }

    private static double reconstructionLoss(Sequential autoencoder, MSELoss mse, Tensor frames) {
        try (NoGrad ignored = NoGrad.enter()) {
            return mse.call(autoencoder.call(frames), frames).item();
        }
    }

    /** Every frame of every clip's log-mel spectrogram, one per row: [frames, 40]. */
    private static Tensor frames(List<CourseData.Clip> clips, MelSpectrogram mel, AmplitudeToDB toDb) {
        List<Tensor> parts = new ArrayList<>();
        for (CourseData.Clip clip : clips) parts.add(toDb.forward(mel.forward(clip.waveform())).t());
        return Tensor.cat(parts, 0).contiguous();
    }
}
