package dev.cochlea.train.models;

import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;

/**
 * The course's CIFAR-10 "quick" model adapted to spectrograms: three 5×5 convolutions (padding 2;
 * 32, 32, 64 channels) each followed by 2×2 max pooling, then Flatten, Linear(64·h·w, 64) and
 * Linear(64, classes), where h and w are the input's height and width divided by 8. With
 * {@code inChannels = 3} and a 32×32 input it is exactly the course's model.
 *
 * <p>Shapes: input [N, inChannels, H, W] with H, W >= 8; output [N, classes].
 *
 * <pre>{@code
 * Module m = new CifarQuick(1, 40, 63, 10);
 * Module course = new CifarQuick(3, 32, 32, 10);   // 145,578 parameters
 * }</pre>
 */
public final class CifarQuick extends Module {
    private final Sequential model;

    /** The model for inputs [N, inChannels, height, width] and {@code classes} outputs. */
    public CifarQuick(int inChannels, int height, int width, int classes) {
        int h = height / 2 / 2 / 2, w = width / 2 / 2 / 2;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("cifar model: input " + height + "x" + width
                    + " is too small; three 2x2 poolings need at least 8x8");
        }
        model = registerModule("model", new Sequential(
                new Conv2d(inChannels, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(), new Linear(64 * h * w, 64), new Linear(64, classes)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return model.call(x);
    }
}
