package dev.cochlea.train.models;

import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ModuleList;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * TC-ResNet (Choi et al. 2019, "Temporal Convolution for Real-time Keyword Spotting on Mobile
 * Devices"): the mel bands are the channels of 1-D convolutions over time. A bias-free width-3
 * convolution to {@code 16k} channels ({@code conv}), then {@link TcResBlock}s ({@code blocks}):
 * TC-ResNet8 has three (24k, 32k, 48k channels, each stride 2), TC-ResNet14 six (two per width, the
 * first of each pair stride 2); then the average over time, dropout 0.5 and a linear layer
 * ({@code fc}). {@code k} is the width multiplier (1 or 1.5 in the paper). Padding is symmetric
 * (PyTorch style) where the paper's TensorFlow code used {@code SAME}.
 *
 * <p>Shapes: input [N, 1, bands, frames] (reshaped to [N, bands, frames]) or [N, bands, frames];
 * output [N, classes] logits.
 *
 * <pre>{@code
 * Module m = new TcResNet(40, 10, false, 1.0);             // tcresnet8
 * Tensor logits = m.forward(Tensor.randn(8, 1, 40, 63));  // [8, 10]
 * }</pre>
 */
public final class TcResNet extends Module {
    private final int bands;
    private final boolean deep;
    private final double width;
    private final Conv1d conv;
    private final ModuleList blocks;
    private final Dropout dropout;
    private final Linear fc;

    /** TC-ResNet8 ({@code deep} false) or TC-ResNet14 over {@code bands} mel bands, width multiplier {@code width}. */
    public TcResNet(int bands, int classes, boolean deep, double width) {
        if (bands <= 0) throw new IllegalArgumentException("TcResNet: bands must be positive, found " + bands);
        if (classes <= 0) throw new IllegalArgumentException("TcResNet: classes must be positive, found " + classes);
        if (!(width > 0) || (int) (16 * width) < 1) {
            throw new IllegalArgumentException("TcResNet: width must give at least 1 channel (16·width >= 1), found " + width);
        }
        this.bands = bands;
        this.deep = deep;
        this.width = width;
        int c0 = (int) (16 * width);
        int[] widths = {(int) (24 * width), (int) (32 * width), (int) (48 * width)};
        conv = registerModule("conv", new Conv1d(bands, c0, 3, Conv1d.options().padding(1).bias(false)));
        ModuleList bs = new ModuleList();
        int in = c0;
        for (int w : widths) {
            bs.add(new TcResBlock(in, w, 2));
            if (deep) bs.add(new TcResBlock(w, w, 1));
            in = w;
        }
        blocks = registerModule("blocks", bs);
        dropout = registerModule("dropout", new Dropout(0.5));
        fc = registerModule("fc", new Linear(in, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 4 && x.size(1) == 1) x = x.reshape(x.size(0), x.size(2), x.size(3));
        if (x.dim() != 3 || x.size(1) != bands) {
            throw new IllegalArgumentException("TcResNet: input must be [N, 1, " + bands + ", frames] or [N, " + bands
                    + ", frames], found shape " + Arrays.toString(x.shape()));
        }
        Tensor h = conv.call(x);
        for (Module b : blocks) h = b.call(h);
        return fc.call(dropout.call(h.mean(2)));
    }

    @Override
    public String extraRepr() {
        return "bands=" + bands + ", layers=" + (deep ? 14 : 8) + ", width=" + width;
    }
}
