package dev.cochlea.tutorial;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.nn.ELU;
import dev.cochlea.nn.GELU;
import dev.cochlea.nn.LeakyReLU;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sigmoid;
import dev.cochlea.nn.Tanh;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.Images;
import dev.cochlea.vision.LinePlot;
import dev.cochlea.vision.SpectrogramImage;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chapter 8: non-linear layers. Stacked linear layers are still one linear map, so networks put a
 * non-linear activation after each: ReLU, Tanh, Sigmoid (and the newer LeakyReLU, ELU, GELU). The
 * chapter applies them to the slide's small input, draws their curves and their derivatives (found
 * by autograd, checked against the closed forms) to PNG files, shows why Sigmoid's gradient
 * vanishes through many layers and why ReLU and Sigmoid are not zero-centred, and applies each to
 * a spectrogram picture, logging the results to TensorBoard.
 *
 * <pre>{@code
 * ./cochlea tutorial nonlinear
 * tensorboard --logdir runs/tutorial
 * }</pre>
 */
public final class Ch08NonLinear implements Chapter {
    @Override
    public int number() {
        return 8;
    }

    @Override
    public String name() {
        return "nonlinear";
    }

    @Override
    public String title() {
        return "Non-linear layers: ReLU, Tanh, Sigmoid and their gradients";
    }

    @Override
    public String slide() {
        return "构造隐藏层之非线性层 (Building hidden layers: the non-linear layer)";
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();
        Files.createDirectories(context.outDir());
        Map<String, Module> activations = new LinkedHashMap<>();
        activations.put("ReLU", new ReLU());
        activations.put("Tanh", new Tanh());
        activations.put("Sigmoid", new Sigmoid());
        activations.put("LeakyReLU(0.1)", new LeakyReLU(0.1));
        activations.put("ELU", new ELU());
        activations.put("GELU", new GELU());

        out.println("1. Each activation on a small input");
        Tensor input = Tensor.of(new float[][] {{1, -0.5f}, {-1, 3}});
        out.println("input =\n" + input);
        for (Map.Entry<String, Module> e : activations.entrySet()) {
            Tensor y = e.getValue().call(input);
            out.printf(Locale.ROOT, "   %-15s -> [[%7.4f, %7.4f], [%7.4f, %7.4f]]%n", e.getKey(), y.get(0, 0), y.get(0, 1), y.get(1, 0), y.get(1, 1));
            results.put("small " + e.getKey(), y.toFloatArray());
        }
        out.println();

        out.println("2. Curves and derivatives: y = f(x), y.sum().backward(), then x.grad() is f'(x)");
        Tensor xs = Tensor.linspace(-4, 4, 161);
        LinePlot curves = LinePlot.titled("Activation functions").labels("x", "f(x)").yRange(-1.5, 3);
        LinePlot slopes = LinePlot.titled("Their derivatives (autograd)").labels("x", "f'(x)").yRange(-0.2, 1.3);
        Map<String, Tensor> derivative = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : activations.entrySet()) {
            Tensor x = xs.copy().requiresGrad(true);
            Tensor y = e.getValue().call(x);
            y.sum().backward();                  // d(sum y)/dx_i = f'(x_i), as each y_i depends on x_i only
            derivative.put(e.getKey(), x.grad());
            curves = curves.line(e.getKey(), xs, y.detach());
            slopes = slopes.line(e.getKey(), xs, x.grad());
        }
        curves.writePng(context.outDir().resolve("activations.png"));
        slopes.writePng(context.outDir().resolve("derivatives.png"));
        out.println("        x |   ReLU'   Tanh'  Sigmoid'");
        for (float at : new float[] {-4, -2, -1, -0.5f, 0.5f, 1, 2, 4}) {
            int i = Math.round((at + 4) * 20);   // linspace(-4, 4, 161) has a step of 0.05
            out.printf(Locale.ROOT, "   %6.2f | %7.4f %7.4f %9.4f%n", xs.get(i),
                    derivative.get("ReLU").get(i), derivative.get("Tanh").get(i), derivative.get("Sigmoid").get(i));
        }
        // The closed forms: sigmoid' = s(1 - s), tanh' = 1 - t^2, relu' = 1 where x > 0, else 0.
        Tensor s = xs.sigmoid(), t = xs.tanh();
        double sigmoidError = derivative.get("Sigmoid").sub(s.mul(s.rsub(1))).abs().max().item();
        double tanhError = derivative.get("Tanh").sub(t.square().rsub(1)).abs().max().item();
        double reluError = derivative.get("ReLU").sub(xs.gt(0).toFloat()).abs().max().item();
        out.printf(Locale.ROOT, "   autograd vs closed form, largest difference: sigmoid %.2g, tanh %.2g, relu %.2g%n",
                sigmoidError, tanhError, reluError);
        out.printf(Locale.ROOT, "   largest slope: ReLU %.2f, Tanh %.2f, Sigmoid %.2f (at x = 0)%n",
                derivative.get("ReLU").max().item(), derivative.get("Tanh").max().item(), derivative.get("Sigmoid").max().item());
        out.println("   curves in " + context.outDir().resolve("activations.png") + ", derivatives in "
                + context.outDir().resolve("derivatives.png") + "\n");
        results.put("sigmoidGradError", sigmoidError);
        results.put("tanhGradError", tanhError);
        results.put("reluGradError", reluError);
        results.put("sigmoidMaxSlope", (double) derivative.get("Sigmoid").max().item());
        results.put("tanhMaxSlope", (double) derivative.get("Tanh").max().item());

        out.println("3. Vanishing gradients: the slope of ten stacked activations at x = 0.5");
        for (String name : new String[] {"Sigmoid", "Tanh", "ReLU"}) {
            Tensor x = Tensor.tensor(0.5f).requiresGrad(true);
            Tensor y = x;
            for (int layer = 0; layer < 10; layer++) y = activations.get(name).call(y);
            y.sum().backward();
            out.printf(Locale.ROOT, "   %-7s d(output)/dx = %.3e%n", name, x.grad().item());
            results.put("depth10 " + name, (double) x.grad().item());
        }
        out.println("   each Sigmoid multiplies the gradient by at most 0.25, so deep Sigmoid stacks learn slowly;"
                + " ReLU passes it on unchanged where x > 0 (and not at all where x < 0: a dead ReLU)\n");

        out.println("4. Zero-centred or not: the mean output for inputs drawn from N(0, 1)");
        Tensor normal = Tensor.randn(new Generator(context.seed()), 100_000);
        for (String name : new String[] {"ReLU", "Tanh", "Sigmoid"}) {
            double mean = activations.get(name).call(normal).mean().item();
            out.printf(Locale.ROOT, "   %-7s mean %.3f%n", name, mean);
            results.put("mean " + name, mean);
        }
        out.println("   Tanh's outputs are centred on 0; ReLU's and Sigmoid's are always >= 0\n");

        out.println("5. The activations applied to a picture of a sound");
        Tensor wave = Tensor.tensor(SyntheticSounds.clip("am_tone", CourseData.SAMPLE_RATE, new Generator(context.seed())));
        Tensor power = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(64)))
                .forward(wave.unsqueeze(0));
        Tensor db = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0)).forward(power);
        Tensor image = Images.toTensor(SpectrogramImage.of(db).colorMap(ColorMap.MAGMA).render());   // [3, H, W] in [0, 1]
        // Centre the picture on 0 (values in [-1, 1], like transforms.Normalize(0.5, 0.5)) so negatives exist.
        Tensor centred = image.mul(2).sub(1).unsqueeze(0);
        Tensor relu = activations.get("ReLU").call(centred);
        Tensor tanh = activations.get("Tanh").call(centred);
        Tensor sigmoid = activations.get("Sigmoid").call(centred);
        out.println("   input " + Arrays.toString(centred.shape()) + String.format(Locale.ROOT, ", values %.2f .. %.2f", centred.min().item(), centred.max().item()));
        for (Object[] r : new Object[][] {{"ReLU", relu}, {"Tanh", tanh}, {"Sigmoid", sigmoid}}) {
            Tensor y = (Tensor) r[1];
            out.printf(Locale.ROOT, "   %-7s -> %s, values %.2f .. %.2f%n", r[0], Arrays.toString(y.shape()), y.min().item(), y.max().item());
        }
        try (SummaryWriter writer = new SummaryWriter(context.outDir())) {
            writer.addImage("input", image, 0);
            writer.addImage("ReLU", relu.squeeze(0), 0);                    // the dark half becomes black
            writer.addImage("Tanh", tanh.squeeze(0).add(1).div(2), 0);       // shown as (tanh + 1) / 2, from [-1, 1] to [0, 1]
            writer.addImage("Sigmoid", sigmoid.squeeze(0), 0);               // squeezed into [0.27, 0.73]: low contrast
        }
        Images.writePng(Images.toImage(image), context.outDir().resolve("input.png"));
        Images.writePng(Images.toImage(relu.squeeze(0)), context.outDir().resolve("relu.png"));
        Images.writePng(Images.toImage(tanh.squeeze(0).add(1).div(2)), context.outDir().resolve("tanh.png"));
        Images.writePng(Images.toImage(sigmoid.squeeze(0)), context.outDir().resolve("sigmoid.png"));
        out.println("   logged 'input', 'ReLU', 'Tanh' and 'Sigmoid' to TensorBoard in " + context.outDir()
                + " (also input.png, relu.png, tanh.png, sigmoid.png); view: tensorboard --logdir " + context.outDir().getParent());
        results.put("reluMin", (double) relu.min().item());
        results.put("sigmoidRange", new double[] {sigmoid.min().item(), sigmoid.max().item()});
        return results;
    }
}
