package dev.cochlea.train;

import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.Reduction;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.AdamW;
import dev.cochlea.optim.CosineAnnealingLR;
import dev.cochlea.optim.ExponentialMovingAverage;
import dev.cochlea.optim.LRScheduler;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.optim.SGD;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Ensemble;
import dev.cochlea.train.models.Models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One model being trained with a {@link TrainSettings} recipe: the model, its optimiser and cosine
 * schedule, the optional weight average, and one epoch of steps with label smoothing or mixup.
 * {@link TrainJob} uses one for the run and, with {@code --refit}, a second for the final model.
 *
 * <pre>{@code
 * Learner l = new Learner(settings, inputShape, classes);
 * Learner.EpochStats e = l.trainEpoch(loader, epoch, stopRequested, onStep);
 * Module scored = l.evalModel();       // the averaged weights when --ema is on
 * }</pre>
 */
final class Learner {
    /** Mean loss and accuracy over an epoch's steps, and whether it was cut short. */
    record EpochStats(double loss, double accuracy, boolean stopped) {
    }

    /** Called after every step with the step number and the running loss, accuracy and samples seen. */
    interface StepListener {
        void step(int step, float loss, double meanLoss, double accuracy, long seen);
    }

    private final TrainSettings settings;
    private final int classes;
    private final Module model;
    private final Optimizer optimizer;
    private final LRScheduler schedule;
    private final ExponentialMovingAverage ema;
    private final Module evalModel;
    private final Generator mixRng;

    /** A fresh model seeded by the settings' seed. */
    Learner(TrainSettings s, int[] inputShape, int classes) {
        this.settings = s;
        this.classes = classes;
        Tensor.manualSeed(s.seed());
        model = Models.create(s.model(), inputShape, classes);
        optimizer = switch (s.optimizer()) {
            case "sgd" -> new SGD(model.parameters(), SGD.options().lr(s.lr()).momentum(0.9).weightDecay(s.weightDecay()));
            case "adamw" -> new AdamW(model.parameters(), AdamW.options().lr(s.lr()).weightDecay(s.weightDecay()));
            default -> new Adam(model.parameters(), Adam.options().lr(s.lr()).weightDecay(s.weightDecay()));
        };
        schedule = new CosineAnnealingLR(optimizer, s.epochs());
        ema = s.ema() > 0 ? new ExponentialMovingAverage(model, s.ema()) : null;
        evalModel = ema != null ? Models.create(s.model(), inputShape, classes) : model;
        mixRng = new Generator(s.seed() * 7919 + 1);
    }

    Module model() {
        return model;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** The weights to score and save: the average when EMA is on (refreshed by {@link #trainEpoch}). */
    Module evalModel() {
        return evalModel;
    }

    /** Moves the schedule past {@code epochs} finished epochs, after the optimiser state (with its rates) was restored. */
    void skipEpochs(int epochs) {
        schedule.resumeAt(epochs);
    }

    /**
     * What the next epochs depend on besides the weights and the optimiser: the positions of the
     * default generator (dropout) and the mixup generator, and the weight average. Restored by
     * {@link #restore}, a resumed run draws and averages exactly as an uninterrupted one.
     */
    Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("rng.default", encode(Generator.defaultGenerator().getState()));
        out.put("rng.mixup", encode(mixRng.getState()));
        if (ema != null) ema.stateDict().forEach((k, v) -> out.put("ema." + k, v));
        return out;
    }

    /** Restores {@link #state()}; entries it lacks (a checkpoint from an older version) are left as they are. */
    void restore(Map<String, Tensor> state) {
        if (state.containsKey("rng.default")) Generator.defaultGenerator().setState(decode(state.get("rng.default")));
        if (state.containsKey("rng.mixup")) mixRng.setState(decode(state.get("rng.mixup")));
        if (ema != null && state.containsKey("ema.updates")) {
            Map<String, Tensor> e = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith("ema.")) e.put(k.substring(4), v);
            });
            ema.loadStateDict(e);
            ema.copyTo(evalModel);
        }
    }

    private static Tensor encode(Generator.State s) {
        return Tensor.ofLongs(new long[] {s.seed(), s.draws()}, 2);
    }

    private static Generator.State decode(Tensor t) {
        long[] v = t.toLongArray();
        if (v.length != 2) throw new IllegalArgumentException("trainer state: a generator state holds 2 numbers, found " + v.length);
        return new Generator.State(v[0], v[1]);
    }

    /** The learning rate of the next step. */
    double lr() {
        return optimizer.lr();
    }

    /** One pass over {@code loader}; stops early (without a schedule step) when {@code stop} turns true. */
    EpochStats trainEpoch(DataLoader loader, BooleanSupplier stop, StepListener listener) {
        model.train();
        float smoothing = (float) settings.labelSmoothing();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int step = 0;
        for (Batch b : loader) {
            Tensor inputs = b.inputs();
            Tensor soft = null;
            if (settings.mixup() > 0) {
                Mixup.Mixed m = Mixup.mix(b.inputs(), b.targets(), classes, settings.mixup(), smoothing, mixRng);
                inputs = m.inputs();
                soft = m.targets();
            }
            // An ensemble's members learn independently: each one's own loss, summed.
            List<Tensor> outputs = model instanceof Ensemble e ? e.memberLogits(inputs) : List.of(model.call(inputs));
            Tensor loss = null;
            for (Tensor out : outputs) {
                Tensor l = soft != null ? F.crossEntropy(out, soft)
                        : F.crossEntropy(out, b.targets(), null, F.DEFAULT_IGNORE_INDEX, smoothing, Reduction.MEAN);
                loss = loss == null ? l : loss.add(l);
            }
            Tensor logits = outputs.size() == 1 ? outputs.get(0) : Ensemble.combine(outputs).detach();
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            if (ema != null) ema.update(model);
            float l = loss.item() / outputs.size();
            lossSum += l * b.size();
            correct += TrainJob.countCorrect(logits, b.targets());
            seen += b.size();
            listener.step(++step, l, lossSum / seen, (double) correct / seen, seen);
            if (stop.getAsBoolean()) return new EpochStats(lossSum / seen, (double) correct / seen, true);
        }
        schedule.step();
        if (ema != null) ema.copyTo(evalModel);
        return new EpochStats(lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen), false);
    }
}
