package dev.cochlea.tutorial;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.GraphDefs;
import dev.cochlea.tensorboard.GraphDot;
import dev.cochlea.tensorboard.SummaryWriter;
import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.NodeDef;
import dev.cochlea.train.models.CifarQuick;

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
 * Chapter 10: building a network from a picture of it, with {@code nn.Module} and
 * {@code nn.Sequential}. The course's CIFAR-10 "quick" model (three 5×5 convolutions with 2×2 max
 * pooling, then Flatten and two linear layers) is built both ways: as a {@link Module} subclass
 * with one field per layer, and as a {@link Sequential} list. The chapter works out the padding
 * the picture implies, checks both models with a batch of ones (output [64, 10]), shows they are
 * the same model, prints its summary, and writes the model's graph to TensorBoard (as
 * {@code writer.add_graph(model, ones)} does), with a Graphviz drawing of it.
 *
 * <pre>{@code
 * ./cochlea tutorial module
 * }</pre>
 */
public final class Ch10Module implements Chapter {
    @Override
    public int number() {
        return 10;
    }

    @Override
    public String name() {
        return "module";
    }

    @Override
    public String title() {
        return "nn.Module and nn.Sequential: the CIFAR-10 quick model from its picture";
    }

    @Override
    public String slide() {
        return "构造隐藏层nn.Module / nn.Sequential (Building hidden layers: nn.Module and nn.Sequential)";
    }

    /** The model as a Module subclass: each layer is a registered field, and forward calls them in order. */
    public static final class Cifar10Quick extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 32, 5, Conv2d.options().padding(2)));
        final MaxPool2d maxpool1 = registerModule("maxpool1", new MaxPool2d(2));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(32, 32, 5, Conv2d.options().padding(2)));
        final MaxPool2d maxpool2 = registerModule("maxpool2", new MaxPool2d(2));
        final Conv2d conv3 = registerModule("conv3", new Conv2d(32, 64, 5, Conv2d.options().padding(2)));
        final MaxPool2d maxpool3 = registerModule("maxpool3", new MaxPool2d(2));
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Linear linear1 = registerModule("linear1", new Linear(1024, 64));
        final Linear linear2 = registerModule("linear2", new Linear(64, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = maxpool1.call(conv1.call(x));
            x = maxpool2.call(conv2.call(x));
            x = maxpool3.call(conv3.call(x));
            x = flatten.call(x);
            return linear2.call(linear1.call(x));
        }
    }

    /** The same model as a list of layers. */
    public static Sequential sequential() {
        return new Sequential(
                new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(),
                new Linear(1024, 64),
                new Linear(64, 10));
    }

    /** The padding that keeps the size: from {@code H_out = (H_in + 2p - k)/s + 1}, {@code p = ((H_out - 1)s - H_in + k)/2}. */
    public static int samePadding(int in, int out, int kernel, int stride) {
        return ((out - 1) * stride - in + kernel) / 2;
    }

    @Override
    public Map<String, Object> run(Context context) throws Exception {
        PrintStream out = context.out();
        Map<String, Object> results = new LinkedHashMap<>();
        int batch = 64;

        out.println("1. Read the picture: 3x32x32 -> Conv 5x5 -> 32x32x32 -> MaxPool 2 -> 32x16x16 -> Conv 5x5 -> 32x16x16");
        out.println("   -> MaxPool 2 -> 32x8x8 -> Conv 5x5 -> 64x8x8 -> MaxPool 2 -> 64x4x4 -> Flatten 1024 -> Linear 64 -> Linear 10");
        out.println("   Each 5x5 convolution keeps the size, so its padding is ((H_out - 1)*s - H_in + k) / 2:");
        int[] sizes = {32, 16, 8};
        int[] paddings = new int[3];
        for (int i = 0; i < 3; i++) {
            paddings[i] = samePadding(sizes[i], sizes[i], 5, 1);
            out.printf(Locale.ROOT, "   padding%d = (%d - 1 + 5 - %d) / 2 = %d%n", i + 1, sizes[i], sizes[i], paddings[i]);
        }
        out.println();
        results.put("paddings", paddings);

        out.println("2. As a Module subclass");
        Tensor.manualSeed(context.seed());
        Cifar10Quick module = new Cifar10Quick();
        out.println(module);
        Tensor ones = Tensor.ones(batch, 3, 32, 32);
        Tensor moduleOut;
        try (NoGrad ignored = NoGrad.enter()) {
            moduleOut = module.call(ones);
        }
        out.println("   module(ones" + Arrays.toString(ones.shape()) + ") -> " + Arrays.toString(moduleOut.shape()) + "\n");
        results.put("moduleOutput", moduleOut.shape());

        out.println("3. As a Sequential, layer by layer");
        Sequential sequential = sequential();
        out.println(sequential);
        Tensor x = ones;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < sequential.size(); i++) {
                x = sequential.get(i).call(x);
                out.printf(Locale.ROOT, "   after (%d) %-10s %s%n", i, sequential.get(i).name(), Arrays.toString(x.shape()));
            }
        }
        out.println();
        results.put("sequentialOutput", x.shape());

        out.println("4. The same model: the same parameters, in the same order, under different names");
        Map<String, Tensor> named = module.namedParameters(), seqNamed = sequential.namedParameters();
        List<String> names = List.copyOf(named.keySet()), seqNames = List.copyOf(seqNamed.keySet());
        for (int i = 0; i < names.size(); i++) {
            out.printf(Locale.ROOT, "   %-16s %-12s %s%n", names.get(i), seqNames.get(i),
                    Arrays.toString(named.get(names.get(i)).shape()));
        }
        out.printf(Locale.ROOT, "   parameters: Module %,d, Sequential %,d%n", module.parameterCount(), sequential.parameterCount());
        // Copy the subclass's weights into the list version, then both must compute the same outputs.
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < names.size(); i++) seqNamed.get(seqNames.get(i)).copyFrom(named.get(names.get(i)));
        }
        Tensor probe = Tensor.randn(new Generator(context.seed()), 4, 3, 32, 32);
        double difference;
        try (NoGrad ignored = NoGrad.enter()) {
            difference = module.call(probe).sub(sequential.call(probe)).abs().max().item();
        }
        out.printf(Locale.ROOT, "   with the same weights, largest output difference on random input: %.2g%n", difference);
        long shipped = new CifarQuick(3, 32, 32, 10).parameterCount();
        out.printf(Locale.ROOT, "   Cochlea ships this model as dev.cochlea.train.models.CifarQuick: %,d parameters%n%n", shipped);
        results.put("parameters", module.parameterCount());
        results.put("sequentialParameters", sequential.parameterCount());
        results.put("shippedParameters", shipped);
        results.put("outputDifference", difference);

        out.println("5. Summary (a forward pass over zeros of [" + batch + ", 3, 32, 32])");
        String summary = sequential.summary(batch, 3, 32, 32);
        out.println(summary);
        results.put("summary", summary);

        out.println("6. The same layers on a spectrogram: 1 channel, 40 mel bands x 63 frames, 10 spoken digits");
        CifarQuick audio = new CifarQuick(1, 40, 63, 10);
        Tensor audioOut;
        try (NoGrad ignored = NoGrad.enter()) {
            audioOut = audio.call(Tensor.ones(batch, 1, 40, 63));
        }
        out.printf(Locale.ROOT, "   CifarQuick(1, 40, 63, 10): [%d, 1, 40, 63] -> %s, %,d parameters (Linear(64*5*7, 64) after pooling 40x63 to 5x7)%n%n",
                batch, Arrays.toString(audioOut.shape()), audio.parameterCount());
        results.put("audioOutput", audioOut.shape());

        out.println("7. Written to TensorBoard: the graph (GRAPHS tab), as writer.add_graph(model, ones) does");
        Files.createDirectories(context.outDir());
        GraphDef graph;
        try (SummaryWriter writer = new SummaryWriter(context.outDir())) {
            // One forward pass over the ones, traced: the ops each layer ran, with their shapes and parameters.
            graph = writer.addGraph(module, ones);
            // Indented by four spaces, TensorBoard's Markdown shows the text as code, lines and columns kept.
            writer.addText("model/Module", indent(module.toString()), 0);
            writer.addText("model/Sequential", indent(sequential.toString()), 0);
            writer.addText("model/summary", indent(summary), 0);
        }
        Path dot = context.outDir().resolve("graph.dot");
        Files.writeString(dot, GraphDot.of(graph));
        List<String> nodeNames = new ArrayList<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (NodeDef n : graph.getNodeList()) {
            nodeNames.add(n.getName());
            kinds.merge(n.getOp().equals(GraphDefs.IO_NODE) || n.getOp().equals("Parameter") ? n.getOp() : "op", 1, Integer::sum);
        }
        out.printf(Locale.ROOT, "   %d nodes: %d IO Node (input, output), %d Parameter, %d op; each op with its inputs and output shape:%n",
                graph.getNodeCount(), kinds.getOrDefault(GraphDefs.IO_NODE, 0), kinds.getOrDefault("Parameter", 0),
                kinds.getOrDefault("op", 0));
        int width = 0;
        for (String name : nodeNames) width = Math.max(width, name.length());
        for (NodeDef n : graph.getNodeList()) {
            if (n.getOp().equals("Parameter")) continue;
            List<String> inputs = new ArrayList<>();
            String scope = n.getName().substring(0, n.getName().lastIndexOf('/') + 1);
            for (String in : n.getInputList()) {
                // The node's own parameters by their short names, other nodes without the model's name in front.
                inputs.add(in.startsWith(scope) ? in.substring(scope.length()) : in.replaceFirst("^" + module.name() + "/", ""));
            }
            out.println(String.format(Locale.ROOT, "   %-" + width + "s %-10s %-17s %s", n.getName(), n.getOp(),
                    Arrays.toString(GraphDefs.outputShape(n)), inputs.isEmpty() ? "" : "<- " + String.join(", ", inputs)).stripTrailing());
        }
        out.println("   also as text (TEXT tab): both models and the summary; in " + context.outDir()
                + "; view: tensorboard --logdir " + context.outDir().getParent());
        out.println("   the graph as Graphviz text: " + dot + " (draw it: dot -Tpng " + dot + " -o graph.png)");
        results.put("graphNodes", graph.getNodeCount());
        results.put("graphNodeNames", nodeNames);
        return results;
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }
}
