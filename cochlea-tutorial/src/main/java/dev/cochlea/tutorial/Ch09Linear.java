package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.Images;
import dev.cochlea.vision.SpectrogramImage;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 9: the linear (fully connected) layer, {@code y = x A^T + b}. The chapter flattens
 * pictures of sounds into vectors, passes them through a {@link Linear} layer, and checks the
 * layer's output against the same sum computed with plain loops and with {@code matmul}. It then
 * shows that a batch is just more rows, that a linear layer acts on the last dimension of any
 * input, and logs the pictures and what one output unit "looks at" to TensorBoard.
 *
 * <pre>{@code
 * ./cochlea tutorial linear
 * }</pre>
 */
public final class Ch09Linear implements Chapter {
    @Override
    public int number() {
        return 9;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String title() {
        return "The linear layer: y = x A^T + b on a flattened picture";
    }

    @Override
    public String slide() {
        return "构造隐藏层之线性层 (Building hidden layers: the linear layer)";
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. Pictures of four sounds, as tensors");
        List<String> kinds = List.of("tone", "chirp_up", "noise_burst", "click_train");
        Spectrogram spectrogram = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(64)));
        AmplitudeToDB toDb = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0));
        List<Tensor> pictures = new ArrayList<>();
        Generator random = new Generator(context.seed());
        for (String kind : kinds) {
            Tensor wave = CourseData.fit(Tensor.tensor(SyntheticSounds.clip(kind, CourseData.SAMPLE_RATE, random)), CourseData.SAMPLE_RATE);
            Tensor db = toDb.forward(spectrogram.forward(wave.unsqueeze(0)));
            pictures.add(Images.toTensor(SpectrogramImage.of(db).colorMap(ColorMap.MAGMA).range(-80, db.max().item()).render()));
        }
        Tensor images = Tensor.stack(pictures, 0);                        // [4, 3, H, W]
        Tensor image = images.narrow(0, 0, 1);                            // the first, as a batch of one
        out.println("   images " + Arrays.toString(images.shape()) + ": " + kinds);
        out.println();

        out.println("2. Flatten: a [1, 3, H, W] picture becomes one row of 3*H*W numbers");
        Tensor flat = new Flatten().call(image);                          // start_dim = 1 keeps the batch
        out.println("   Flatten()(image)       " + Arrays.toString(image.shape()) + " -> " + Arrays.toString(flat.shape()));
        out.println("   image.flatten()        " + Arrays.toString(image.shape()) + " -> " + Arrays.toString(image.flatten().shape())
                + " (no batch dimension left)");
        out.println("   image.reshape(1, -1)   " + Arrays.toString(image.shape()) + " -> " + Arrays.toString(image.reshape(1, -1).shape()));
        out.println();
        results.put("flatShape", flat.shape());

        out.println("3. Linear(in_features, out_features): y = x A^T + b");
        int features = flat.size(1);
        Tensor.manualSeed(context.seed());
        Linear linear = new Linear(features, 10);
        out.println("   " + linear);
        out.println("   A (weight) " + Arrays.toString(linear.weight.shape()) + ", b (bias) " + Arrays.toString(linear.bias.shape())
                + String.format(Locale.ROOT, ", %,d parameters = %d * 10 + 10", linear.parameterCount(), features));
        Tensor y = linear.call(flat);
        out.println("   x " + Arrays.toString(flat.shape()) + " -> y " + Arrays.toString(y.shape()));
        out.println("   y = " + format(y.toFloatArray()));

        // The same sum with plain loops: y_j = sum_i x_i * A[j][i] + b_j.
        float[] x = flat.toFloatArray(), a = linear.weight.detach().toFloatArray(), b = linear.bias.detach().toFloatArray();
        float[] manual = new float[10];
        for (int j = 0; j < 10; j++) {
            double sum = b[j];
            for (int i = 0; i < features; i++) sum += (double) x[i] * a[j * features + i];
            manual[j] = (float) sum;
        }
        Tensor viaMatmul = flat.matmul(linear.weight.t()).add(linear.bias);
        double loopDifference = y.detach().sub(Tensor.tensor(manual).reshape(1, 10)).abs().max().item();
        double matmulDifference = y.sub(viaMatmul).abs().max().item();
        out.println("   loops  = " + format(manual));
        out.printf(Locale.ROOT, "   largest difference from the loops %.2g, from x.matmul(A.t()).add(b) %.2g%n%n", loopDifference, matmulDifference);
        results.put("outputShape", y.shape());
        results.put("parameters", linear.parameterCount());
        results.put("loopDifference", loopDifference);
        results.put("matmulDifference", matmulDifference);
        results.put("outputScale", (double) y.abs().max().item());

        out.println("4. A batch is more rows: each picture is mapped on its own");
        Tensor batchOut = linear.call(new Flatten().call(images));
        double firstRowDifference = batchOut.narrow(0, 0, 1).sub(y).abs().max().item();
        out.println("   " + Arrays.toString(images.shape()) + " -> flatten " + Arrays.toString(new Flatten().call(images).shape())
                + " -> linear " + Arrays.toString(batchOut.shape()));
        out.printf(Locale.ROOT, "   row 0 of the batch equals the single picture's output: difference %.2g%n%n", firstRowDifference);
        results.put("batchShape", batchOut.shape());
        results.put("batchRowDifference", firstRowDifference);

        out.println("5. A linear layer acts on the last dimension of any input");
        int width = image.size(3);
        Linear shrink = new Linear(width, 16);
        Tensor narrowed = shrink.call(image);
        out.println("   " + shrink + ": " + Arrays.toString(image.shape()) + " -> " + Arrays.toString(narrowed.shape())
                + " (every row of every channel, " + width + " numbers -> 16)");
        out.println();
        results.put("lastDimShape", narrowed.shape());

        out.println("6. Logged to TensorBoard");
        // Row 0 of A has one weight per input pixel: seen as a picture, it is what output 0 responds to.
        Tensor unit = linear.weight.detach().select(0, 0).reshape(image.size(1), image.size(2), image.size(3));
        Tensor unitImage = unit.sub(unit.min()).div(unit.max().sub(unit.min()));
        Files.createDirectories(context.outDir());
        try (SummaryWriter writer = new SummaryWriter(context.outDir())) {
            writer.addImages("input", images, 0);
            writer.addImage("weights of output 0", unitImage, 0);
            writer.addHistogram("outputs", batchOut.detach(), 0);
        }
        out.println("   'input' (the four pictures), 'weights of output 0' and a histogram of the outputs in " + context.outDir()
                + "; view: tensorboard --logdir " + context.outDir().getParent());
        return results;
    }

    private static String format(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[i]));
        return sb.append(']').toString();
    }
}
