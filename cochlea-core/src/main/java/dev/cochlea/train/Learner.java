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
    private final Collective collective;
    private int syncEvery = 1;
    private long localSteps;
    private final Module model;
    private final Optimizer optimizer;
    private final LRScheduler schedule;
    private final ExponentialMovingAverage ema;
    private final Module evalModel;
    private final Generator mixRng;

    /** A fresh model seeded by the settings' seed. */
    Learner(TrainSettings s, int[] inputShape, int classes) {
        this(s, inputShape, classes, null);
    }

    /** A learner that is one member of {@code collective} (null: alone): it starts from member 0's weights. */
    Learner(TrainSettings s, int[] inputShape, int classes, Collective collective) {
        this.settings = s;
        this.classes = classes;
        // Seeding and drawing the weights is one step: members of one JVM share the default generator.
        synchronized (Learner.class) {
            Tensor.manualSeed(s.seed());
            model = Models.create(s.model(), inputShape, classes);
        }
        this.collective = collective;
        if (collective != null && collective.size() > 1) {
            broadcastFromFirst();
            // Each member its own dropout masks (the same seed everywhere would repeat one member's masks on every slice).
            synchronized (Learner.class) {
                Tensor.manualSeed(s.seed() + 1_000_003L * collective.rank());
            }
        }
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

    /**
     * One pass over {@code batches}; stops early (without a schedule step) when {@code stop} turns
     * true. In a collective, a null batch is this member's empty slice of a step; the gradients, the
     * loss and the accuracy of every step are those of the whole batch, over all members.
     */
    EpochStats trainEpoch(Iterable<Batch> batches, BooleanSupplier stop, StepListener listener) {
        model.train();
        float smoothing = (float) settings.labelSmoothing();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int step = 0;
        for (Batch b : batches) {
            optimizer.zeroGrad();
            float l = 0;
            long right = 0;
            int count = b == null ? 0 : b.size();
            if (b != null) {
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
                    Tensor t = soft != null ? F.crossEntropy(out, soft)
                            : F.crossEntropy(out, b.targets(), null, F.DEFAULT_IGNORE_INDEX, smoothing, Reduction.MEAN);
                    loss = loss == null ? t : loss.add(t);
                }
                Tensor logits = outputs.size() == 1 ? outputs.get(0) : Ensemble.combine(outputs).detach();
                loss.backward();
                l = loss.item() / outputs.size();
                right = TrainJob.countCorrect(logits, b.targets());
            }
            boolean grouped = collective != null && collective.size() > 1;
            boolean stopNow = stop.getAsBoolean();
            if (grouped) {
                // A stop asked of any member stops them all after this step: none may leave the others waiting.
                double[] global = syncEvery == 1 ? averageGradients(count, (double) l * count, right, stopNow)
                        : totals(count, (double) l * count, right, stopNow);
                count = (int) global[0];
                l = count == 0 ? 0 : (float) (global[1] / count);
                right = (long) global[2];
                stopNow = global[3] > 0;
            }
            if (!grouped || syncEvery == 1 || b != null) optimizer.step();
            if (grouped && syncEvery > 1 && ++localSteps % syncEvery == 0) averageParameters();
            if (ema != null) ema.update(model);
            lossSum += l * count;
            correct += right;
            seen += count;
            listener.step(++step, l, lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen), seen);
            if (stopNow) return new EpochStats(lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen), true);
        }
        // Members that step on their own slices meet at the end of every epoch, so that all of them score and save the same weights.
        if (collective != null && collective.size() > 1 && syncEvery > 1 && localSteps % syncEvery != 0) averageParameters();
        schedule.step();
        if (ema != null) ema.copyTo(evalModel);
        return new EpochStats(lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen), false);
    }

    /**
     * In a collective, average the weights every {@code k} steps instead of the gradients every step
     * (local SGD): members step on their own slices in between, exchanging the model once per k
     * steps. 1 (the default) keeps one process's semantics.
     */
    void syncEvery(int k) {
        if (k < 1) throw new IllegalArgumentException("syncEvery: expected >= 1 steps, found " + k);
        this.syncEvery = k;
    }

    /** {count, loss sum, correct, stops asked} over all members, without touching the gradients. */
    private double[] totals(int count, double lossSum, long correct, boolean stop) {
        float[] t = {count, (float) lossSum, correct, stop ? 1 : 0};
        sum(t);
        return new double[] {t[0], t[1], t[2], t[3]};
    }

    /** Every member's weights, and floating-point buffers (batch-norm statistics), replaced by the members' mean. */
    private void averageParameters() {
        List<Tensor> params = new java.util.ArrayList<>(model.parameters());
        for (Tensor t : model.buffers()) if (t.dtype() == dev.cochlea.tensor.DType.FLOAT32) params.add(t);
        float[] flat = flatten(params);
        sum(flat);
        setAll(params, flat, 1f / collective.size());
    }

    /** Every member takes member 0's initial weights (members of one JVM would otherwise race for the default generator). */
    private void broadcastFromFirst() {
        List<Tensor> params = model.parameters();
        float[] flat = flatten(params);
        if (collective.rank() != 0) java.util.Arrays.fill(flat, 0f);
        sum(flat);
        setAll(params, flat, 1f);
    }

    /** The values of {@code params}, one after another. */
    private static float[] flatten(List<Tensor> params) {
        int total = 0;
        for (Tensor p : params) total += p.numel();
        float[] flat = new float[total];
        int at = 0;
        for (Tensor p : params) {
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, flat, at, v.length);
            at += v.length;
        }
        return flat;
    }

    /** Sets {@code params} to {@code flat} (laid out as {@link #flatten} lays them) times {@code scale}. */
    private static void setAll(List<Tensor> params, float[] flat, float scale) {
        int at = 0;
        try (dev.cochlea.autograd.NoGrad ignored = dev.cochlea.autograd.NoGrad.enter()) {
            for (Tensor p : params) {
                int n = p.numel();
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = flat[at + i] * scale;
                p.copyFrom(Tensor.wrap(v, p.shape()));
                at += n;
            }
        }
    }

    /**
     * Replaces every parameter's gradient with the mean over the whole batch (each member's mean
     * weighted by its slice's size) and returns {count, loss sum, correct, stops asked} over all members.
     */
    private double[] averageGradients(int count, double lossSum, long correct, boolean stop) {
        List<Tensor> params = model.parameters();
        int total = 4;
        for (Tensor p : params) total += p.numel();
        float[] flat = new float[total];
        int at = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null && count > 0) {
                float[] v = g.toFloatArray();
                for (int i = 0; i < v.length; i++) flat[at + i] = v[i] * count;
            }
            at += p.numel();
        }
        flat[at] = count;
        flat[at + 1] = (float) lossSum;
        flat[at + 2] = correct;
        flat[at + 3] = stop ? 1 : 0;
        sum(flat);
        float all = flat[at];
        at = 0;
        for (Tensor p : params) {
            int n = p.numel();
            float[] v = new float[n];
            if (all > 0) for (int i = 0; i < n; i++) v[i] = flat[at + i] / all;
            p.setGrad(Tensor.wrap(v, p.shape()));
            at += n;
        }
        return new double[] {flat[at], flat[at + 1], flat[at + 2], flat[at + 3]};
    }

    private void sum(float[] v) {
        try {
            collective.sum(v);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("data-parallel training: member " + collective.rank() + " of " + collective.size()
                    + " could not exchange with the others: " + e.getMessage(), e);
        }
    }
}
