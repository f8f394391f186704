package dev.cochlea.onnx.export;

import dev.cochlea.onnx.OnnxModel;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.io.Safetensors;
import dev.cochlea.nn.AdaptiveAvgPool1d;
import dev.cochlea.nn.AdaptiveAvgPool2d;
import dev.cochlea.nn.AvgPool1d;
import dev.cochlea.nn.AvgPool2d;
import dev.cochlea.nn.AvgPool3d;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.BatchNormNd;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Conv3d;
import dev.cochlea.nn.ConvTranspose1d;
import dev.cochlea.nn.ConvTranspose2d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.ELU;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.GELU;
import dev.cochlea.nn.GRU;
import dev.cochlea.nn.Identity;
import dev.cochlea.nn.LSTM;
import dev.cochlea.nn.LeakyReLU;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.LogSoftmax;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.MaxPool3d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.RNN;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.SiLU;
import dev.cochlea.nn.Sigmoid;
import dev.cochlea.nn.Softmax;
import dev.cochlea.nn.Tanh;
import dev.cochlea.nn.functional.AvgPoolOptions;
import dev.cochlea.nn.functional.ConvPadding;
import dev.cochlea.nn.functional.GeluApproximation;
import dev.cochlea.nn.functional.MaxPoolOptions;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the export tests write: every built-in model of {@link Models} on [1, 40, 32]
 * features (40 mel bands, 32 frames) with 10 classes, two ensembles, the CNN on 63 frames (its
 * adaptive pool then has uneven windows), BC-ResNet on 44 bands (sub-spectral norm then splits 6
 * rows unevenly), and stacks of the other exportable layers. Each is built with a fixed seed,
 * its batch norms given random affine parameters and running statistics from training-mode forwards, and
 * put in evaluation mode.
 */
final class ExportCases {
    /** Where the exports and their input/output pairs go, for the ONNX Runtime check. */
    static final Path DIR = Path.of("cochlea-onnx/target/onnx-exports");
    static final int CLASSES = 10;

    record Case(String name, String model, int[] example) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ExportCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String m : Models.NAMES) cases.add(new Case(m, m, new int[] {1, 40, 32}));
        cases.add(new Case("cnn+cifar", "cnn+cifar", new int[] {1, 40, 32}));
        cases.add(new Case("lstm+bcresnet-1+tcresnet8", "lstm+bcresnet-1+tcresnet8", new int[] {1, 40, 32}));
        cases.add(new Case("cnn@63frames", "cnn", new int[] {1, 40, 63}));
        cases.add(new Case("bcresnet-1@44bands", "bcresnet-1", new int[] {1, 44, 32}));
        cases.add(new Case("layers-2d", "layers-2d", new int[] {1, 40, 32}));
        cases.add(new Case("layers-1d", "layers-1d", new int[] {1, 40, 32}));
        cases.add(new Case("layers-recurrent", "layers-recurrent", new int[] {1, 40, 32}));
        cases.add(new Case("layers-3d", "layers-3d", new int[] {1, 6, 8, 8}));
        return cases;
    }

    /** The case's model, seeded by its name, with random batch-norm statistics, in evaluation mode. */
    static Module build(Case c) {
        Tensor.manualSeed(c.name().hashCode());
        Module m = switch (c.model()) {
            case "layers-2d" -> layers2d();
            case "layers-1d" -> layers1d();
            case "layers-recurrent" -> recurrent();
            case "layers-3d" -> layers3d();
            default -> Models.create(c.model(), c.example(), CLASSES);
        };
        calibrateNorms(m, c, new Generator(c.name().hashCode() + 1L));
        m.eval();
        return m;
    }

    /**
     * A batch of {@code n} random examples for case {@code c}, spectrogram-like: noise plus a random
     * profile over the bands and a random envelope over the frames of each example, so that what
     * pools over time and frequency still differs between examples.
     */
    static Tensor features(Case c, int n, long seed) {
        Generator g = new Generator(seed);
        int rank = c.example().length + 1;
        int[] shape = new int[rank], bands = new int[rank], frames = new int[rank];
        shape[0] = bands[0] = frames[0] = n;
        for (int d = 1; d < rank; d++) {
            shape[d] = c.example()[d - 1];
            bands[d] = d == rank - 2 ? shape[d] : 1;
            frames[d] = d == rank - 1 ? shape[d] : 1;
        }
        return Tensor.randn(g, shape).mul(0.5f).add(Tensor.randn(g, bands)).add(Tensor.randn(g, frames));
    }

    /**
     * Batch norms with γ ~ 1 + N(0, 0.2²), β ~ N(0, 0.2²), and running statistics from 12 training-mode
     * forwards on random examples (without gradients), so that each has statistics of the scale its
     * inputs have and the outputs depend on the input.
     */
    static void calibrateNorms(Module m, Case c, Generator g) {
        try (NoGrad ignored = NoGrad.enter()) {
            boolean any = false;
            for (Module layer : m.modules()) {
                if (!(layer instanceof BatchNormNd bn) || bn.runningMean == null) continue;
                any = true;
                int n = bn.numFeatures();
                if (bn.weight != null) bn.weight.copyFrom(Tensor.randn(g, n).mul(0.2f).add(1f));
                if (bn.bias != null) bn.bias.copyFrom(Tensor.randn(g, n).mul(0.2f));
            }
            if (!any) return;
            m.train();
            for (int i = 0; i < 12; i++) m.call(features(c, 4, g.nextLong(0, Long.MAX_VALUE)));
        }
    }

    /** The model's own outputs (evaluation mode, no gradients). */
    static Tensor outputs(Module m, Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            return m.call(x);
        }
    }

    /** Writes case {@code c} as {@code DIR/name.onnx} and {@code DIR/name.io.safetensors} (features and logits, a batch of 3). */
    static Path write(Case c) throws IOException {
        Files.createDirectories(DIR);
        Module m = build(c);
        Tensor x = features(c, 3, 7);
        Path file = DIR.resolve(c.name() + ".onnx");
        OnnxExport.of(m, c.example()).metadata(Map.of("model", c.model())).overwrite(true).write(file);
        Map<String, Tensor> io = new LinkedHashMap<>();
        io.put("features", x);
        io.put("logits", outputs(m, x));
        Safetensors.save(DIR.resolve(c.name() + ".io.safetensors"), io);
        return file;
    }

    /** Conv2d ("same", dilated; strided, grouped), non-affine BN, ConvTranspose2d, pools with padding and ceil mode, an uneven adaptive pool, activations. */
    private static Module layers2d() {
        return new Sequential(
                new Conv2d(1, 8, 3, Conv2d.options().padding(ConvPadding.SAME).dilation(2)),
                new BatchNorm2d(8, 1e-3, 0.1, false, true), new LeakyReLU(0.1),
                new Conv2d(8, 8, new int[] {3, 5}, Conv2d.options().stride(2, 1).padding(1, 2).groups(4)), new ELU(0.7),
                new MaxPool2d(new int[] {3}, MaxPool2d.options().stride(2).padding(1).ceilMode(true)),      // [N, 8, 11, 17]
                new ConvTranspose2d(8, 4, 2, Conv2d.options().stride(2).outputPadding(1)), new GELU(),     // [N, 4, 23, 35]
                new AvgPool2d(new int[] {2}, AvgPool2d.options().padding(1).countIncludePad(false)),       // [N, 4, 12, 18]
                new GELU(GeluApproximation.TANH), new Dropout(0.5), new Identity(),
                new AdaptiveAvgPool2d(3, 5),                                                               // [N, 4, 3, 5]
                new Flatten(), new Linear(60, CLASSES), new Softmax(1));
    }

    /** Flatten of middle dims, Conv1d ("same"), ConvTranspose1d, BN, pools (dilated max), an uneven adaptive pool, SiLU, Tanh. */
    private static Module layers1d() {
        return new Sequential(
                new Flatten(1, 2),                                                                  // [N, 40, 32]
                new Conv1d(40, 6, 3, Conv1d.options().padding(ConvPadding.SAME)), new Tanh(),
                new ConvTranspose1d(6, 6, 3, Conv1d.options().stride(2).padding(1)),              // [N, 6, 63]
                new BatchNorm1d(6), new SiLU(),
                new MaxPool1d(2, MaxPoolOptions.defaults().dilation(2)),                            // [N, 6, 31]
                new AvgPool1d(1), new AdaptiveAvgPool1d(12),                                        // [N, 6, 12]
                new Flatten(), new Linear(72, CLASSES), new LogSoftmax(1));
    }

    /** GRU (two layers, both directions), RNN (ReLU), LSTM (both directions, no bias), Linear on 3-D, and a head. */
    private static Module recurrent() {
        return new Sequential(
                new Flatten(1, 2),                                                                            // [N, 40, 32]
                new GRU(32, 8, GRU.options().numLayers(2).bidirectional(true).batchFirst(true)),             // [N, 40, 16]
                new RNN(16, 6, RNN.options().nonlinearity("relu").batchFirst(true)),                         // [N, 40, 6]
                new LSTM(6, 5, LSTM.options().bidirectional(true).bias(false).batchFirst(true)),             // [N, 40, 10]
                new Linear(10, 3), new Sigmoid(),                                                             // [N, 40, 3]
                new Flatten(), new Linear(120, 12, false), new BatchNorm1d(12), new ReLU(), new Linear(12, CLASSES));
    }

    /** Conv3d, MaxPool3d, AvgPool3d on [N, 1, 6, 8, 8]. */
    private static Module layers3d() {
        return new Sequential(
                new Conv3d(1, 4, 3, Conv3d.options().padding(1)), new ReLU(),
                new MaxPool3d(2), new AvgPool3d(new int[] {1, 2, 2}, AvgPoolOptions.defaults()),
                new Flatten(), new Linear(4 * 3 * 2 * 2, CLASSES));
    }
}
