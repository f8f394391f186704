package dev.cochlea.train.models;

import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;

/**
 * A multi-layer perceptron on the flattened spectrogram: Linear(in, 256), ReLU, Dropout,
 * Linear(256, 128), ReLU, Linear(128, classes).
 *
 * <p>Shapes: input [N, ...] with {@code inFeatures} values per example; output [N, classes].
 *
 * <pre>{@code
 * Module m = new Mlp(40 * 63, 10);
 * }</pre>
 */
public final class Mlp extends Module {
    private final Sequential model;

    /** An MLP from {@code inFeatures} inputs to {@code classes} outputs. */
    public Mlp(int inFeatures, int classes) {
        model = registerModule("model", new Sequential(
                new Flatten(), new Linear(inFeatures, 256), new ReLU(), new Dropout(0.3f),
                new Linear(256, 128), new ReLU(), new Linear(128, classes)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return model.call(x);
    }
}
