package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.Images;
import dev.cochlea.vision.SpectrogramImage;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 6: the convolution layer. A kernel slides over the input and, at each place, multiplies
 * what it covers by its weights and adds up (no flipping, unlike convolution in signal processing).
 * The chapter runs {@code conv2d} on the slide's 5×5 input with a 2×2 kernel, checks the
 * output-size formula {@code H_out = floor((H_in + 2p - d(k-1) - 1)/s + 1)} against real outputs
 * while padding, stride and dilation change, shows 1-D and 3-D convolution, transposed and dilated
 * convolution, and finally applies a {@link Conv2d} layer to a spectrogram picture, logging the
 * picture before and after to TensorBoard.
 *
 * <pre>{@code
 * ./cochlea tutorial convolution
 * tensorboard --logdir runs/tutorial
 * }</pre>
 */
public final class Ch06Convolution implements Chapter {
    @Override
    public int number() {
        return 6;
    }

    @Override
    public String name() {
        return "convolution";
    }

    @Override
    public String title() {
        return "Convolution: kernels, padding, stride, dilation";
    }

    @Override
    public String slide() {
        return "构造隐藏层之卷积层 (Building hidden layers: the convolution layer)";
    }

    /** The slide's output-size formula, {@code floor((H_in + 2p - d(k-1) - 1)/s + 1)}. */
    public static int outputSize(int in, int kernel, int padding, int stride, int dilation) {
        return (int) Math.floor((in + 2.0 * padding - dilation * (kernel - 1) - 1) / stride + 1);
    }

    /** A network with one convolution layer, as on the slide. */
    static final class ConvNet extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 6, 3));

        @Override
        public Tensor forward(Tensor x) {
            return conv1.call(x);
        }
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. F.conv2d on a 5x5 input with a 2x2 kernel");
        // Both are 4-D: (batch_size, channels, height, width).
        Tensor input = Tensor.of(new float[][] {
                {1, 2, 0, 3, 1},
                {0, 1, 2, 3, 1},
                {1, 2, 1, 0, 0},
                {5, 2, 3, 1, 1},
                {2, 1, 0, 1, 1}}).reshape(1, 1, 5, 5);
        Tensor kernel = Tensor.of(new float[][] {{1, 2}, {0, 1}}).reshape(1, 1, 2, 2);
        out.println("input =\n" + input);
        out.println("kernel =\n" + kernel);
        Tensor output = F.conv2d(input, kernel, null);
        out.println("F.conv2d(input, kernel) =\n" + output);
        out.println("   top-left: 1*1 + 2*2 + 0*0 + 1*1 = " + (1 * 1 + 2 * 2 + 0 * 0 + 1 * 1) + " (multiply and add, no flipping)");
        Tensor strided = F.conv2d(input, kernel, null, ConvOptions.defaults().stride(2));
        out.println("stride 2 =\n" + strided);
        Tensor padded = F.conv2d(input, kernel, null, ConvOptions.defaults().padding(1));
        out.println("padding 1 =\n" + padded);
        for (int p = 0; p <= 3; p++) {
            out.printf(Locale.ROOT, "   padding %d -> output size %s%n", p, Arrays.toString(F.conv2d(input, kernel, null, ConvOptions.defaults().padding(p)).shape()));
        }
        out.println();
        results.put("output", output.toFloatArray());
        results.put("outputShape", output.shape());
        results.put("strideShape", strided.shape());
        results.put("paddingShape", padded.shape());

        out.println("2. The output-size formula H_out = floor((H_in + 2p - d(k-1) - 1)/s + 1) against real outputs");
        out.println("   H_in  k  p  s  d | formula  conv2d");
        int rows = 0, agree = 0;
        List<int[]> cases = new ArrayList<>();
        for (int p = 0; p <= 2; p++) {
            for (int s = 1; s <= 2; s++) {
                for (int d = 1; d <= 2; d++) cases.add(new int[] {5, 2, p, s, d});
            }
        }
        cases.add(new int[] {40, 3, 1, 1, 1});   // a 40-band spectrogram, "same" padding
        cases.add(new int[] {40, 3, 1, 2, 1});   // stride 2 halves it
        cases.add(new int[] {40, 5, 0, 3, 2});
        for (int[] c : cases) {
            int in = c[0], k = c[1], p = c[2], s = c[3], d = c[4];
            Tensor x = Tensor.zeros(1, 1, in, in);
            Tensor w = Tensor.ones(1, 1, k, k);
            int real = F.conv2d(x, w, null, ConvOptions.defaults().stride(s).padding(p).dilation(d)).size(2);
            int formula = outputSize(in, k, p, s, d);
            out.printf(Locale.ROOT, "   %4d %2d %2d %2d %2d | %7d %7d%s%n", in, k, p, s, d, formula, real, formula == real ? "" : "  MISMATCH");
            rows++;
            if (formula == real) agree++;
        }
        out.printf(Locale.ROOT, "   %d of %d sizes agree%n%n", agree, rows);
        results.put("formulaRows", rows);
        results.put("formulaAgree", agree);

        out.println("3. 1-D and 3-D convolution");
        // 1-D: a difference kernel marks where a signal rises (+) and falls (-); stride works like a hop size.
        Tensor signal = Tensor.tensor(0, 0, 1, 2, 3, 3, 3, 2, 1, 0, 0).reshape(1, 1, 11);
        Tensor diff = Tensor.tensor(-1, 0, 1).reshape(1, 1, 3);
        Tensor edges = F.conv1d(signal, diff, null);
        out.println("   signal        " + signal.reshape(11));
        out.println("   kernel        " + diff.reshape(3));
        out.println("   conv1d        " + edges.reshape(edges.numel()));
        Tensor hopped = F.conv1d(signal, diff, null, ConvOptions.defaults().stride(2));
        out.println("   conv1d, stride 2 (hop 2): " + hopped.reshape(hopped.numel()));
        // 3-D: the input gains a depth axis, e.g. 4 frames of a 5x5 picture; the kernel is a 2x2x2 cube.
        Tensor volume = Tensor.arange(100).reshape(1, 1, 4, 5, 5);
        Tensor cube = Tensor.ones(1, 1, 2, 2, 2);
        Tensor out3 = F.conv3d(volume, cube, null);
        out.println("   conv3d: input " + Arrays.toString(volume.shape()) + ", kernel " + Arrays.toString(cube.shape())
                + " -> output " + Arrays.toString(out3.shape()));
        out.printf(Locale.ROOT, "   first value = sum of the 2x2x2 corner block = 0+1+5+6+25+26+30+31 = %.0f%n%n", out3.get(0, 0, 0, 0, 0));
        results.put("conv1d", edges.toFloatArray());
        results.put("conv3dShape", out3.shape());
        results.put("conv3dFirst", out3.get(0, 0, 0, 0, 0));

        out.println("4. Transposed and dilated convolution");
        Tensor small = Tensor.of(new float[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2);
        Tensor k2 = Tensor.of(new float[][] {{1, 0}, {2, 1}}).reshape(1, 1, 2, 2);
        Tensor up = F.convTranspose2d(small, k2, null, ConvOptions.defaults().stride(2));
        out.println("   conv_transpose2d, stride 2: 2x2 -> " + up.size(2) + "x" + up.size(3)
                + "  ((H_in-1)*s - 2p + d(k-1) + 1 = (2-1)*2 + 1*1 + 1 = 4)");
        out.println(up);
        // The same result from an ordinary convolution: spread the input out with zeros (stride - 1 between
        // values), pad it by k-1 all round, and slide the kernel turned by 180 degrees over it.
        Tensor spread = Tensor.zeros(1, 1, 3, 3);
        spread.set(1, 0, 0, 0, 0).set(2, 0, 0, 0, 2).set(3, 0, 0, 2, 0).set(4, 0, 0, 2, 2);
        Tensor turned = Tensor.of(new float[][] {{1, 2}, {0, 1}}).reshape(1, 1, 2, 2);
        Tensor viaConv = F.conv2d(spread, turned, null, ConvOptions.defaults().padding(1));
        boolean same = viaConv.allClose(up, 1e-5f, 1e-5f);
        out.println("   zero-spread input, padded, convolved with the turned kernel gives the same: " + same);
        results.put("transposeShape", up.shape());
        results.put("transposeMatchesConv", same);

        Tensor dilated = F.conv2d(input, kernel, null, ConvOptions.defaults().dilation(2));
        out.println("   dilation 2: the 2x2 kernel's taps sit 2 apart and cover 3x3, so 5x5 -> "
                + dilated.size(2) + "x" + dilated.size(3));
        out.println(dilated);
        // Stacked 1-D convolutions with dilation 1, 2, 4 (a TDNN) see 15 samples with only 3 taps each.
        Tensor impulse = Tensor.zeros(1, 1, 31);
        impulse.set(1, 0, 0, 15);
        Tensor h = impulse;
        for (int d : new int[] {1, 2, 4}) h = F.conv1d(h, Tensor.ones(1, 1, 3), null, ConvOptions.defaults().padding(d).dilation(d));
        int field = 0;
        for (float v : h.toFloatArray()) if (v != 0) field++;
        out.printf(Locale.ROOT, "   three kernel-3 layers with dilation 1, 2, 4 see %d samples (1 + 2*(1+2+4) = 15)%n%n", field);
        results.put("dilatedShape", dilated.shape());
        results.put("receptiveField", field);

        out.println("5. A Conv2d layer applied to a picture of a sound");
        Tensor wave = Tensor.tensor(SyntheticSounds.clip("chirp_up", 8000, new Generator(context.seed())));
        Tensor power = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(64)))
                .forward(wave.unsqueeze(0));
        Tensor db = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0)).forward(power);
        BufferedImage picture = SpectrogramImage.of(db).colorMap(ColorMap.MAGMA).render();
        Tensor image = Images.toTensor(picture);                       // PIL -> tensor: [3, H, W] in [0, 1]
        Tensor batch = image.unsqueeze(0);                             // the layer wants [N, C, H, W]
        Tensor.manualSeed(context.seed());
        ConvNet net = new ConvNet();
        out.println(net);
        Tensor result = net.call(batch);
        out.println("   input " + Arrays.toString(batch.shape()) + " -> output " + Arrays.toString(result.shape()));
        // Six output channels do not make a colour picture; view them as two RGB pictures, scaled to [0, 1].
        Tensor asImages = result.detach().reshape(-1, 3, result.size(2), result.size(3));
        Tensor scaled = asImages.sub(asImages.min()).div(asImages.max().sub(asImages.min()));
        Files.createDirectories(context.outDir());
        try (SummaryWriter writer = new SummaryWriter(context.outDir())) {
            writer.addImage("input", image, 0);
            writer.addImages("output", scaled, 0);
        }
        Images.writePng(picture, context.outDir().resolve("input.png"));
        Images.writePng(Images.toImage(scaled.select(0, 0)), context.outDir().resolve("output.png"));
        out.println("   logged 'input' and 'output' to TensorBoard in " + context.outDir()
                + " (also input.png, output.png); view: tensorboard --logdir " + context.outDir().getParent());
        results.put("imageShape", batch.shape());
        results.put("convOutputShape", result.shape());
        return results;
    }
}
