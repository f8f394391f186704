package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.nn.AvgPool2d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.MaxPool3d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.MaxPoolOptions;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.Images;
import dev.cochlea.vision.SpectrogramImage;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 7: the pooling layer. A pooling window slides over the input like a convolution kernel,
 * but has no weights: it keeps the largest value (max pooling) or the mean (average pooling) of
 * what it covers. The chapter runs {@link MaxPool2d} on the slide's 5×5 input with and without
 * {@code ceil_mode} (the stride defaults to the kernel size), checks the output sizes, shows that
 * a small shift inside a window leaves max pooling's output unchanged, compares a pooling layer
 * with a convolution layer, pools a waveform in 1-D, and finally pools a spectrogram picture both
 * ways, logging the picture before and after to TensorBoard.
 *
 * <pre>{@code
 * ./cochlea tutorial pooling
 * tensorboard --logdir runs/tutorial
 * }</pre>
 */
public final class Ch07Pooling implements Chapter {
    @Override
    public int number() {
        return 7;
    }

    @Override
    public String name() {
        return "pooling";
    }

    @Override
    public String title() {
        return "Pooling: max and average, stride, ceil_mode";
    }

    @Override
    public String slide() {
        return "构造隐藏层之池化层 (Building hidden layers: the pooling layer)";
    }

    /** The slide's network: one max-pooling layer, 3×3 windows, keeping partial windows at the edges. */
    static final class PoolNet extends Module {
        final MaxPool2d maxpool1 = registerModule("maxpool1", new MaxPool2d(3, MaxPool2d.options().ceilMode(true)));

        @Override
        public Tensor forward(Tensor x) {
            return maxpool1.call(x);
        }
    }

    /** The pooling output-size formula, {@code floor} or {@code ceil} of {@code (H_in + 2p - d(k-1) - 1)/s + 1}. */
    public static int outputSize(int in, int kernel, int stride, int padding, boolean ceilMode) {
        double size = (in + 2.0 * padding - (kernel - 1) - 1) / stride + 1;
        int out = (int) (ceilMode ? Math.ceil(size) : Math.floor(size));
        // PyTorch drops a last window that would start inside the right padding only
        if (ceilMode && (out - 1) * stride >= in + padding) out--;
        return out;
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. MaxPool2d on a 5x5 input with 3x3 windows");
        // (batch_size, channels, height, width), as every 2-D layer expects.
        Tensor input = Tensor.of(new float[][] {
                {1, 2, 0, 3, 1},
                {0, 1, 2, 3, 1},
                {1, 2, 1, 0, 0},
                {5, 2, 3, 1, 1},
                {2, 1, 0, 1, 1}}).reshape(1, 1, 5, 5);
        out.println("input =\n" + input);
        MaxPool2d floorPool = new MaxPool2d(3);
        out.println("   " + floorPool + ": stride = " + Arrays.toString(floorPool.stride())
                + " (stride defaults to the kernel size, so windows do not overlap)");
        Tensor floorOut = floorPool.call(input);
        out.println("ceil_mode=False: the last, partial windows are dropped\n" + floorOut);
        PoolNet net = new PoolNet();
        out.println(net);
        Tensor ceilOut = net.call(input);
        out.println("ceil_mode=True: partial windows at the right and bottom edges are kept\n" + ceilOut);
        Tensor avgOut = new AvgPool2d(3, AvgPool2d.options().ceilMode(true)).call(input);
        out.println("AvgPool2d(3, ceil_mode=True): the mean of each window instead of its largest value\n" + avgOut);
        out.printf(Locale.ROOT, "   top-left window: max = 2, mean = (1+2+0+0+1+2+1+2+1)/9 = %.4f%n%n", 10 / 9.0);
        results.put("maxFloor", floorOut.toFloatArray());
        results.put("maxCeil", ceilOut.toFloatArray());
        results.put("avgCeil", avgOut.toFloatArray());
        results.put("defaultStride", floorPool.stride());

        out.println("2. Output sizes: floor (or ceil) of (H_in + 2p - (k-1) - 1)/s + 1, against real outputs");
        out.println("   H_in  k  s  p  ceil | formula  max_pool2d");
        int rows = 0, agree = 0;
        int[][] cases = {{5, 3, 3, 0}, {5, 2, 2, 0}, {5, 2, 1, 0}, {5, 3, 2, 1}, {32, 2, 2, 0}, {40, 3, 2, 1}, {63, 2, 2, 0}, {63, 4, 4, 1}};
        for (int[] c : cases) {
            for (boolean ceil : new boolean[] {false, true}) {
                int in = c[0], k = c[1], s = c[2], p = c[3];
                Tensor x = Tensor.zeros(1, 1, in, in);
                int real = F.maxPool2d(x, k, MaxPoolOptions.defaults().stride(s).padding(p).ceilMode(ceil)).size(2);
                int formula = outputSize(in, k, s, p, ceil);
                out.printf(Locale.ROOT, "   %4d %2d %2d %2d  %-5s | %7d %11d%s%n", in, k, s, p, ceil, formula, real, formula == real ? "" : "  MISMATCH");
                rows++;
                if (formula == real) agree++;
            }
        }
        out.printf(Locale.ROOT, "   %d of %d sizes agree%n%n", agree, rows);
        results.put("formulaRows", rows);
        results.put("formulaAgree", agree);

        out.println("3. Invariance: move a feature inside its window and max pooling does not notice");
        Tensor a = Tensor.zeros(1, 1, 4, 4).set(9, 0, 0, 0, 0);
        Tensor b = Tensor.zeros(1, 1, 4, 4).set(9, 0, 0, 1, 1);   // the same feature, one pixel down and right
        Tensor pa = F.maxPool2d(a, 2), pb = F.maxPool2d(b, 2);
        boolean invariant = pa.allClose(pb, 0f, 0f);
        out.println("   feature at (0,0) -> " + pa.reshape(4));
        out.println("   feature at (1,1) -> " + pb.reshape(4));
        out.println("   same output: " + invariant + "\n");
        results.put("shiftInvariant", invariant);

        out.println("4. Convolution vs pooling on a [1, 3, 32, 32] input");
        Tensor rgb = Tensor.randn(new Generator(context.seed()), 1, 3, 32, 32);
        Conv2d conv = new Conv2d(3, 16, 3, Conv2d.options().padding(1));
        MaxPool2d pool = new MaxPool2d(2);
        int[] convShape = conv.call(rgb).shape(), poolShape = pool.call(rgb).shape();
        out.printf(Locale.ROOT, "   %-44s -> %-16s %4d parameters%n", conv, Arrays.toString(convShape), conv.parameterCount());
        out.printf(Locale.ROOT, "   %-44s -> %-16s %4d parameters%n", pool, Arrays.toString(poolShape), pool.parameterCount());
        out.println("   zero-padded convolution keeps the size and changes the channels; pooling halves the size,"
                + " keeps the channels and learns nothing\n");
        results.put("convShape", convShape);
        results.put("poolShape", poolShape);
        results.put("poolParameters", pool.parameterCount());

        out.println("5. Pooling in 1-D and 3-D");
        Tensor wave = Tensor.tensor(SyntheticSounds.clip("am_tone", CourseData.SAMPLE_RATE, new Generator(context.seed())));
        Tensor magnitude = wave.abs().reshape(1, 1, -1);
        Tensor envelope = F.maxPool1d(magnitude, 80);              // 80 samples = 10 ms at 8 kHz
        out.println("   max_pool1d(|waveform|, 80): " + Arrays.toString(magnitude.shape()) + " -> "
                + Arrays.toString(envelope.shape()) + ", the loudness envelope in 10 ms steps");
        int loudest = (int) envelope.reshape(-1).argmax().item();
        out.printf(Locale.ROOT, "   loudest 10 ms at %.2f s, peak %.3f%n", loudest * 0.01, envelope.max().item());
        Tensor frames = Tensor.ones(1, 1, 4, 8, 8);
        Tensor pooled3d = new MaxPool3d(2).call(frames);
        out.println("   MaxPool3d(2): " + Arrays.toString(frames.shape()) + " -> " + Arrays.toString(pooled3d.shape()) + "\n");
        results.put("envelopeLength", envelope.size(2));
        results.put("pool3dShape", pooled3d.shape());

        out.println("6. Max and average pooling of a picture of a sound");
        Tensor chirp = Tensor.tensor(SyntheticSounds.clip("chirp_up", CourseData.SAMPLE_RATE, new Generator(context.seed() + 1)));
        Tensor power = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(64)))
                .forward(chirp.unsqueeze(0));
        Tensor db = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0)).forward(power);
        Tensor image = Images.toTensor(SpectrogramImage.of(db).colorMap(ColorMap.MAGMA).render());   // [3, H, W] in [0, 1]
        Tensor batch = image.unsqueeze(0);                                                            // [1, 3, H, W]
        Tensor maxPooled = net.call(batch);
        Tensor avgPooled = new AvgPool2d(3, AvgPool2d.options().ceilMode(true)).call(batch);
        out.println("   input           " + Arrays.toString(batch.shape()));
        out.println("   MaxPool2d(3)    " + Arrays.toString(maxPooled.shape()) + "  (ceil_mode=True)");
        out.println("   AvgPool2d(3)    " + Arrays.toString(avgPooled.shape()) + "  (ceil_mode=True)");
        out.printf(Locale.ROOT, "   brightness: input %.3f, max-pooled %.3f (brighter: each window keeps its peak), average-pooled %.3f%n",
                batch.mean().item(), maxPooled.mean().item(), avgPooled.mean().item());
        Files.createDirectories(context.outDir());
        try (SummaryWriter writer = new SummaryWriter(context.outDir())) {
            writer.addImage("input", image, 0);
            writer.addImage("maxpool", maxPooled.squeeze(0), 0);
            writer.addImage("avgpool", avgPooled.squeeze(0), 0);
        }
        Images.writePng(Images.toImage(image), context.outDir().resolve("input.png"));
        Images.writePng(Images.toImage(maxPooled.squeeze(0)), context.outDir().resolve("maxpool.png"));
        Images.writePng(Images.toImage(avgPooled.squeeze(0)), context.outDir().resolve("avgpool.png"));
        out.println("   logged 'input', 'maxpool' and 'avgpool' to TensorBoard in " + context.outDir()
                + " (also input.png, maxpool.png, avgpool.png); view: tensorboard --logdir " + context.outDir().getParent());
        results.put("imageShape", batch.shape());
        results.put("maxPooledShape", maxPooled.shape());
        results.put("avgPooledShape", avgPooled.shape());
        results.put("inputMean", batch.mean().item());
        results.put("maxPooledMean", maxPooled.mean().item());
        return results;
    }
}
