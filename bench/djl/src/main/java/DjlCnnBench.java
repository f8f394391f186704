import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Samples/s of a training step and an inference pass in DJL (PyTorch engine), for the models of
 * {@code cochlea bench cnn}: the CIFAR-10 CNN on [batch, 3, 32, 32] and the MLP 1280→256→10.
 *
 * <p>A training step is forward under a {@code GradientCollector}, softmax cross entropy, backward and
 * {@code trainer.step()} with SGD (lr 0.01, momentum 0.9); inference is {@code block.forward(...,
 * training=false)} outside any collector (DJL's PyTorch engine records no graph there). Each step's
 * arrays live in a sub-manager closed after the step, as DJL's own {@code EasyTrain} does. Timing as in
 * bench/cnn_torch.py: warm-up, then several windows, median printed as one JSON line with
 * {@code "impl":"djl"}.
 *
 * <pre>
 *   OMP_NUM_THREADS=1 java -jar bench/djl/target/djl-bench.jar --threads 1
 * </pre>
 */
public final class DjlCnnBench {
    private DjlCnnBench() {}

    interface Step {
        void run();
    }

    public static void main(String[] args) {
        int threads = 1;
        String models = "cifar,mlp";
        String steps = "train,infer";
        int batch = 64;
        double warmup = 5.0;
        double seconds = 2.0;
        int reps = 7;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--threads" -> threads = Integer.parseInt(v);
                case "--models" -> models = v;
                case "--steps" -> steps = v;
                case "--batch" -> batch = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--reps" -> reps = Integer.parseInt(v);
                default -> {
                    System.err.println("djl-bench: unknown option " + a
                            + " (--threads N --models cifar,mlp --steps train,infer[,check] --batch N --warmup S --seconds S --reps N)");
                    System.exit(2);
                }
            }
            i++;
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        System.err.println("djl-bench: DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " "
                + engine.getVersion() + ", " + threads + " thread(s)");

        for (String model : models.split(",")) {
            for (String step : steps.split(",")) {
                double rate = run(model.trim(), step.trim(), batch, warmup, seconds, reps);
                if (step.trim().equals("check")) continue;
                System.out.printf("{\"bench\":\"cnn\",\"model\":\"%s\",\"step\":\"%s\",\"batch\":%d,\"threads\":%d,"
                        + "\"samples_per_s\":%.1f,\"impl\":\"djl\",\"djl\":\"%s\",\"libtorch\":\"%s\"}%n",
                        model.trim(), step.trim(), batch, threads, rate, Engine.getDjlVersion(), engine.getVersion());
                System.out.flush();
            }
        }
    }

    static SequentialBlock block(String name) {
        SequentialBlock net = new SequentialBlock();
        switch (name) {
            case "cifar" -> net
                    .add(conv(32)).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(conv(32)).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(conv(64)).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(64).build())
                    .add(Linear.builder().setUnits(10).build());
            case "mlp" -> net
                    .add(Linear.builder().setUnits(256).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            default -> throw new IllegalArgumentException("djl-bench: unknown model '" + name + "' (cifar or mlp)");
        }
        return net;
    }

    static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(filters).build();
    }

    /**
     * PyTorch's default initialisation for Conv2d and Linear, uniform in ±1/√fan_in (weights and biases),
     * block by block: DJL's own default starts the CIFAR model at a loss of about 16, and SGD with
     * momentum 0.9 then diverges to NaN within ten steps.
     */
    static void initLikePyTorch(SequentialBlock net, Shape inputShape) {
        Shape shape = inputShape;
        for (Block b : net.getChildren().values()) {
            long fanIn = b instanceof Conv2d ? shape.get(1) * 25 : shape.get(shape.dimension() - 1);
            if (b instanceof Conv2d || b instanceof Linear) {
                float bound = (float) (1 / Math.sqrt(fanIn));
                b.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
                b.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
            }
            shape = b.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    static double run(String name, String stepName, int batch, double warmup, double seconds, int reps) {
        Shape inputShape = name.equals("cifar") ? new Shape(batch, 3, 32, 32) : new Shape(batch, 1280);
        try (Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            SequentialBlock net = block(name);
            initLikePyTorch(net, inputShape);
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                Engine.getEngine("PyTorch").setRandomSeed(1);
                trainer.initialize(inputShape);
                NDManager base = trainer.getManager();
                NDArray x = base.randomNormal(inputShape);
                NDArray y = base.randomInteger(0, 10, new Shape(batch), DataType.INT64);
                Step step;
                if (stepName.equals("check")) {
                    // The training step learns: the loss on the fixed batch falls over 30 steps.
                    for (int i = 0; i <= 30; i++) {
                        float loss = trainStep(trainer, base, x, y, i % 10 == 0);
                        if (i % 10 == 0) System.err.printf("djl-bench: %s step %d loss %.4f%n", name, i, loss);
                    }
                    return 0;
                }
                if (stepName.equals("train")) {
                    step = () -> trainStep(trainer, base, x, y, false);
                } else if (stepName.equals("infer")) {
                    ParameterStore store = new ParameterStore(base, false);
                    step = () -> {
                        try (NDManager sub = base.newSubManager()) {
                            x.tempAttach(sub);
                            model.getBlock().forward(store, new NDList(x), false);
                        }
                    };
                } else {
                    throw new IllegalArgumentException("djl-bench: unknown step '" + stepName + "' (train, infer or check)");
                }
                return measure(step, batch, warmup, seconds, reps);
            }
        }
    }

    /**
     * One training step on (x, y), its arrays in a sub-manager closed after it; returns the loss when
     * {@code report} (reading it waits for the step), NaN otherwise.
     */
    static float trainStep(Trainer trainer, NDManager base, NDArray x, NDArray y, boolean report) {
        float value = Float.NaN;
        try (NDManager sub = base.newSubManager()) {
            x.tempAttach(sub);
            y.tempAttach(sub);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                if (report) value = loss.getFloat();
                collector.backward(loss);
            }
            trainer.step();
        }
        return value;
    }

    static double measure(Step step, int batch, double warmup, double seconds, int reps) {
        long t0 = System.nanoTime();
        int calls = 0;
        while ((System.nanoTime() - t0) < warmup * 1e9 || calls < 3) {
            step.run();
            calls++;
        }
        long c0 = System.nanoTime();
        int probe = 0;
        while (System.nanoTime() - c0 < 100_000_000L && probe < 50) {
            step.run();
            probe++;
        }
        double perCall = (System.nanoTime() - c0) / 1e9 / probe;
        int perRep = (int) Math.max(1, Math.round(seconds / reps / perCall));
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < perRep; i++) {
                step.run();
            }
            rates.add(batch * (double) perRep / ((System.nanoTime() - s) / 1e9));
        }
        Collections.sort(rates);
        return rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
    }
}
