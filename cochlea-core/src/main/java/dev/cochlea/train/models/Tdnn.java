package dev.cochlea.train.models;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;

/**
 * A time-delay neural network: 1-D convolutions over time with growing dilation (1, 2, 3), so each
 * output frame sees a widening context of input frames, then statistics pooling (mean and
 * standard deviation over time) and a linear classifier — the x-vector recipe in miniature.
 *
 * <p>Shapes: input [N, 1, bands, frames] or [N, bands, frames]; output [N, classes].
 *
 * <pre>{@code
 * Module m = new Tdnn(40, 10);
 * }</pre>
 */
public final class Tdnn extends Module {
    private final Sequential frames;
    private final Linear classifier;

    /** A TDNN over {@code bands} input features per frame. */
    public Tdnn(int bands, int classes) {
        frames = registerModule("frames", new Sequential(
                new Conv1d(bands, 64, 5, Conv1d.options().padding(2)), new ReLU(), new BatchNorm1d(64),
                new Conv1d(64, 64, 3, Conv1d.options().padding(2).dilation(2)), new ReLU(), new BatchNorm1d(64),
                new Conv1d(64, 64, 3, Conv1d.options().padding(3).dilation(3)), new ReLU(), new BatchNorm1d(64),
                new Conv1d(64, 128, 1), new ReLU()));
        classifier = registerModule("classifier", new Linear(2 * 128, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = frames.call(x.dim() == 4 ? x.squeeze(1) : x);   // [N, 128, T]
        Tensor mean = h.mean(2);
        Tensor std = h.var(new int[] {2}, false, false).add(1e-5f).sqrt();
        return classifier.call(Tensor.cat(1, mean, std));
    }
}
