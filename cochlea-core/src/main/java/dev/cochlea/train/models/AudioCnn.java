package dev.cochlea.train.models;

import dev.cochlea.nn.AdaptiveAvgPool2d;
import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;

/**
 * Cochlea's default classifier: a small 2-D CNN on log-mel spectrograms. Three blocks of
 * 3×3 convolution, batch norm, ReLU and 2×2 max pooling (16, 32, 64 channels), an adaptive average
 * pool to a 4×4 map, dropout and one linear layer.
 *
 * <p>Shapes: input [N, 1, bands, frames] (bands, frames >= 8), output [N, classes] logits.
 *
 * <pre>{@code
 * Module m = new AudioCnn(10);
 * Tensor logits = m.forward(Tensor.randn(8, 1, 40, 63));   // [8, 10]
 * }</pre>
 */
public final class AudioCnn extends Module {
    private final Sequential features;
    private final Sequential classifier;

    /** A CNN for {@code classes} classes. */
    public AudioCnn(int classes) {
        features = registerModule("features", new Sequential(
                new Conv2d(1, 16, 3, Conv2d.options().padding(1)), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 3, Conv2d.options().padding(1)), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, Conv2d.options().padding(1)), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new AdaptiveAvgPool2d(4, 4)));
        classifier = registerModule("classifier", new Sequential(
                new Flatten(), new Dropout(0.3f), new Linear(64 * 4 * 4, classes)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.call(features.call(x));
    }
}
