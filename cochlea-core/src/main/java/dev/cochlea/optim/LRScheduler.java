package dev.cochlea.optim;

import java.util.List;

/**
 * The base of epoch-based learning-rate schedulers, like {@code torch.optim.lr_scheduler.LRScheduler}:
 * created after the optimiser (it records each group's {@code initial_lr}), then {@link #step()}
 * once per epoch after {@code optimizer.step()}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), SGD.options().lr(0.1).momentum(0.9));
 * LRScheduler sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *     trainOneEpoch(model, opt);
 *     sched.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    /** The optimiser whose learning rates this scheduler sets. */
    protected final Optimizer optimizer;
    /** Each group's {@code initial_lr}. */
    protected final double[] baseLrs;
    /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}; 0 after construction). */
    protected int lastEpoch;
    private double[] lastLrs;

    /** Records each group's {@code initial_lr} (set to its current lr if absent) and starts at epoch 0. */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer must not be null");
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        lastLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.putIfAbsent("initial_lr", g.lr());
            baseLrs[i] = g.get("initial_lr");
            lastLrs[i] = g.lr();
        }
        lastEpoch = 0;
    }

    /**
     * The learning rate of group {@code i} for epoch {@link #lastEpoch}, given its current rate
     * (PyTorch's chainable {@code get_lr}).
     */
    protected abstract double computeLr(int i, double currentLr);

    /** Advances one epoch and sets every group's learning rate. */
    public void step() {
        lastEpoch++;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double lr = computeLr(i, groups.get(i).lr());
            groups.get(i).setLr(lr);
            lastLrs[i] = lr;
        }
    }

    /**
     * Moves the schedule to after {@code epochs} finished epochs without touching the learning
     * rates, for an optimiser whose state (rates included) was restored from a checkpoint taken
     * then, as loading PyTorch's {@code scheduler.state_dict()} does. Stepping instead would decay
     * the restored rates a second time.
     *
     * <pre>{@code
     * optimizer.loadStateDict(saved);      // lr already decayed for 5 epochs
     * scheduler.resumeAt(5);               // the next step() computes epoch 6
     * }</pre>
     */
    public void resumeAt(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException(getClass().getSimpleName() + ".resumeAt: epochs must be >= 0, found " + epochs);
        lastEpoch = epochs;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) lastLrs[i] = groups.get(i).lr();
    }

    /** The learning rate of the first group as last set by this scheduler ({@code get_last_lr()[0]}). */
    public double lastLr() {
        return lastLrs[0];
    }

    /** The learning rates of all groups as last set by this scheduler ({@code get_last_lr()}). */
    public double[] lastLrs() {
        return lastLrs.clone();
    }

    /** The number of steps taken (PyTorch's {@code last_epoch}). */
    public int lastEpoch() {
        return lastEpoch;
    }
}
