package dev.cochlea.tutorial;

import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 5: deep learning, many layers stacked so that each layer's output is the next one's
 * input. First the slide's network class (no inheritance): built from a list of layer sizes
 * {@code [input] + hidden + [output]}, one random weight matrix per pair of neighbouring layers,
 * and a forward pass of a dot product and a sigmoid per layer, with plain Java arrays. Then the
 * same network with tensors, which gives the same output, and which autograd can train: it learns
 * to recognise the spoken digits from 26 MFCC statistics.
 *
 * <pre>{@code
 * ./cochlea tutorial deep
 * }</pre>
 */
public final class Ch05Deep implements Chapter {
    @Override
    public int number() {
        return 5;
    }

    @Override
    public String name() {
        return "deep";
    }

    @Override
    public String title() {
        return "Deep learning: a network from a list of layer sizes";
    }

    @Override
    public String slide() {
        return "深度学习 (Deep learning)";
    }

    /** The slide's network class, with plain arrays: sizes, random weights, and dot + sigmoid per layer. */
    public static final class DeepNetwork {
        final int[] layerSizes;
        final double[][][] weights;     // weights[i] is [layerSizes[i]][layerSizes[i + 1]]

        /** {@code [inputs] + hidden + [outputs]} layers, weights uniform in [0, 1) like {@code np.random.rand}. */
        public DeepNetwork(int inputs, int[] hidden, int outputs, long seed) {
            layerSizes = new int[hidden.length + 2];
            layerSizes[0] = inputs;
            System.arraycopy(hidden, 0, layerSizes, 1, hidden.length);
            layerSizes[hidden.length + 1] = outputs;
            java.util.Random random = new java.util.Random(seed);
            weights = new double[layerSizes.length - 1][][];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = new double[layerSizes[i]][layerSizes[i + 1]];
                for (double[] row : weights[i]) for (int j = 0; j < row.length; j++) row[j] = random.nextDouble();
            }
        }

        /** Runs the layers one after another: {@code output = sigmoid(dot(output, weight))}. */
        public double[] forward(double[] input) {
            double[] output = input;
            for (double[][] w : weights) {
                double[] next = new double[w[0].length];
                for (int j = 0; j < next.length; j++) {
                    double sum = 0;
                    for (int i = 0; i < output.length; i++) sum += output[i] * w[i][j];
                    next[j] = 1 / (1 + Math.exp(-sum));
                }
                output = next;
            }
            return output;
        }
    }

    /** The same network with tensors: each weight matrix is a tensor that autograd can differentiate. */
    public static final class TensorNetwork {
        final List<Tensor> weights = new ArrayList<>();

        /** Copies the weights of a plain network. */
        public TensorNetwork(DeepNetwork plain) {
            for (double[][] w : plain.weights) {
                float[][] rows = new float[w.length][];
                for (int i = 0; i < w.length; i++) {
                    rows[i] = new float[w[i].length];
                    for (int j = 0; j < w[i].length; j++) rows[i][j] = (float) w[i][j];
                }
                weights.add(Tensor.of(rows).requiresGrad(true));
            }
        }

        /**
         * Layers of {@code layerSizes}, with small random weights of both signs, uniform in
         * ±1/√inputs: all-positive weights from [0, 1) push every sigmoid to 1, where it learns nothing.
         */
        public TensorNetwork(int[] layerSizes, Generator random) {
            for (int i = 0; i + 1 < layerSizes.length; i++) {
                float bound = (float) (1 / Math.sqrt(layerSizes[i]));
                weights.add(Tensor.rand(random, layerSizes[i], layerSizes[i + 1]).mul(2 * bound).sub(bound).requiresGrad(true));
            }
        }

        /** {@code x} [batch, inputs] through every layer: [batch, outputs], each in (0, 1). */
        public Tensor forward(Tensor x) {
            Tensor output = x;
            for (Tensor w : weights) output = output.matmul(w).sigmoid();
            return output;
        }

        /** The weight tensors, for an optimiser. */
        public List<Tensor> parameters() {
            return weights;
        }
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. The slide's network with plain arrays: layers [3] + [4, 4] + [2], random weights");
        DeepNetwork plain = new DeepNetwork(3, new int[] {4, 4}, 2, context.seed());
        out.println("   layer sizes " + Arrays.toString(plain.layerSizes));
        for (int i = 0; i < plain.weights.length; i++) {
            out.printf(Locale.ROOT, "   weight %d: %d x %d, first row %s%n", i, plain.weights[i].length, plain.weights[i][0].length,
                    format(plain.weights[i][0]));
        }
        double[] input = {1.0, 2.0, 3.0};
        double[] output = plain.forward(input);
        out.println("   forward(" + Arrays.toString(input) + ") = " + format(output));
        results.put("plainOutput", output);

        TensorNetwork same = new TensorNetwork(plain);
        Tensor tensorOutput = same.forward(Tensor.of(new float[][] {{1, 2, 3}}));
        out.println("   the same weights as tensors: " + tensorOutput.detach());
        results.put("tensorOutput", tensorOutput.detach().toFloatArray());
        out.println();

        out.println("2. The same kind of network, trained with autograd to recognise sounds");
        CourseData data = CourseData.load(context, 16);
        Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(CourseData.SAMPLE_RATE).nMfcc(13)
                .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128)).nMels(40)));
        Tensor trainX = mfccStatistics(data.train(), mfcc), testX = mfccStatistics(data.test(), mfcc);
        Tensor mean = trainX.mean(0, true), std = trainX.std(new int[] {0}, false, true).clampMin(1e-6f);
        trainX = trainX.sub(mean).div(std);
        testX = testX.sub(mean).div(std);
        Tensor trainY = labels(data.train()), testY = labels(data.test());
        int classes = data.classes().size();
        Tensor trainTarget = oneHot(trainY, classes);
        int[] layers = {trainX.size(1), 32, 32, classes};
        out.printf(Locale.ROOT, "   %s: %d training and %d test clips; input: mean and deviation of 13 MFCCs%n",
                data.source(), trainX.size(0), testX.size(0));
        out.println("   layer sizes " + Arrays.toString(layers) + "; each output says yes/no to one class: binary cross-entropy");
        TensorNetwork net = new TensorNetwork(layers, new Generator(context.seed()));
        Adam adam = new Adam(net.parameters(), Adam.options().lr(0.01));
        int epochs = context.quick() ? 150 : 400;
        double firstLoss = 0, lastLoss = 0, accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Tensor loss = F.bceLoss(net.forward(trainX), trainTarget);
            adam.zeroGrad();
            loss.backward();          // gradients of every weight matrix, layer by layer
            adam.step();
            if (epoch == 1) firstLoss = loss.item();
            lastLoss = loss.item();
            if (epoch == 1 || epoch % (epochs / 5) == 0) {
                accuracy = accuracy(net, testX, testY);
                out.printf(Locale.ROOT, "   epoch %3d  loss %.4f  test accuracy %5.1f%%%n", epoch, loss.item(), 100 * accuracy);
            }
        }
        out.printf(Locale.ROOT, "   chance would be %.1f%%%n", 100.0 / classes);
        results.put("firstLoss", firstLoss);
        results.put("lastLoss", lastLoss);
        results.put("accuracy", accuracy);
        results.put("chance", 1.0 / classes);
        return results;
    }

    private static double accuracy(TensorNetwork net, Tensor x, Tensor y) {
        try (NoGrad ignored = NoGrad.enter()) {
            long[] predicted = net.forward(x).argmax(1, false).toLongArray(), truth = y.toLongArray();
            int correct = 0;
            for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) correct++;
            return correct / (double) truth.length;
        }
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

    private static Tensor labels(List<CourseData.Clip> clips) {
        long[] y = new long[clips.size()];
        for (int i = 0; i < y.length; i++) y[i] = clips.get(i).label();
        return Tensor.ofLongs(y, y.length);
    }

    private static Tensor oneHot(Tensor y, int classes) {
        long[] labels = y.toLongArray();
        Tensor target = Tensor.zeros(labels.length, classes);
        for (int i = 0; i < labels.length; i++) target.set(1f, i, (int) labels[i]);
        return target;
    }

    private static String format(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        return sb.append(']').toString();
    }
}
