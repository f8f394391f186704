package dev.cochlea.optim;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's weights (Polyak averaging; like
 * {@code torch.optim.swa_utils.AveragedModel} with an EMA function, or timm's {@code ModelEmaV2}):
 * after every optimiser step {@code avg = decay · avg + (1 − decay) · weight} for each parameter, and
 * floating-point buffers (batch-norm running statistics) are copied as they are. Averaged weights are
 * usually better on unseen data than the last step's. The decay warms up as
 * {@code min(decay, (1 + n) / (10 + n))} after n updates, so early averages are not dominated by the
 * random initialisation.
 *
 * <pre>{@code
 * ExponentialMovingAverage ema = new ExponentialMovingAverage(model, 0.999);
 * for (Batch b : loader) { ...; optimizer.step(); ema.update(model); }
 * ema.copyTo(evalModel);    // same architecture; evaluate or save it
 * Map<String, Tensor> saved = ema.stateDict();   // the average and its update count, for checkpoints
 * ema.loadStateDict(saved);
 * }</pre>
 */
public final class ExponentialMovingAverage {
    private final double decay;
    private final Map<String, float[]> averages = new LinkedHashMap<>();
    private long updates;

    /** Starts the average at {@code model}'s current weights; {@code decay} in [0, 1). */
    public ExponentialMovingAverage(Module model, double decay) {
        if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("ema: decay must be in [0, 1), found " + decay);
        this.decay = decay;
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            if (e.getValue().dtype() == DType.FLOAT32) averages.put(e.getKey(), e.getValue().toFloatArray());
        }
    }

    /** The configured decay. */
    public double decay() {
        return decay;
    }

    /** How many updates the average has seen. */
    public long updates() {
        return updates;
    }

    /** Folds the model's current weights into the average. */
    public void update(Module model) {
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        updates++;
        Map<String, Tensor> params = model.namedParameters();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            float[] avg = averages.get(e.getKey());
            if (avg == null) continue;
            Tensor t = e.getValue();
            float[] src = t.isContiguous() ? t.storage() : t.toFloatArray();
            int off = t.isContiguous() ? t.offset() : 0;
            if (params.containsKey(e.getKey())) {
                float w = 1 - d;
                for (int i = 0; i < avg.length; i++) avg[i] = d * avg[i] + w * src[off + i];
            } else {
                System.arraycopy(src, off, avg, 0, avg.length);
            }
        }
    }

    /** The averaged weights under the model's state-dict names (integer buffers are left out). */
    public Map<String, Tensor> stateDict(Module like) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : like.stateDict().entrySet()) {
            float[] avg = averages.get(e.getKey());
            out.put(e.getKey(), avg == null ? e.getValue() : Tensor.wrap(avg.clone(), e.getValue().shape()));
        }
        return out;
    }

    /**
     * The average itself, to checkpoint: {@code updates} (an int64 count) and {@code average.<name>}
     * for each floating-point entry of the model's state dict.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("updates", Tensor.ofLongs(new long[] {updates}, 1));
        for (Map.Entry<String, float[]> e : averages.entrySet()) {
            out.put("average." + e.getKey(), Tensor.wrap(e.getValue().clone(), e.getValue().length));
        }
        return out;
    }

    /** Restores what {@link #stateDict()} gave, for the same architecture; names or sizes that differ are refused. */
    public void loadStateDict(Map<String, Tensor> state) {
        Tensor n = state.get("updates");
        if (n == null || n.numel() != 1) throw new IllegalArgumentException("ema.loadStateDict: expected an 'updates' count, found keys " + state.keySet());
        if (state.size() != averages.size() + 1) {
            throw new IllegalArgumentException("ema.loadStateDict: expected " + averages.size() + " averaged tensors, found " + (state.size() - 1));
        }
        Map<String, float[]> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : averages.entrySet()) {
            Tensor t = state.get("average." + e.getKey());
            if (t == null || t.numel() != e.getValue().length) {
                throw new IllegalArgumentException("ema.loadStateDict: 'average." + e.getKey() + "' expected with " + e.getValue().length
                        + " values, found " + (t == null ? "none" : t.numel()));
            }
            loaded.put(e.getKey(), t.toFloatArray());
        }
        for (Map.Entry<String, float[]> e : loaded.entrySet()) System.arraycopy(e.getValue(), 0, averages.get(e.getKey()), 0, e.getValue().length);
        updates = n.toLongArray()[0];
    }

    /** Loads the averaged weights into {@code target}, a model of the same architecture. */
    public void copyTo(Module target) {
        target.loadStateDict(stateDict(target));
    }
}
