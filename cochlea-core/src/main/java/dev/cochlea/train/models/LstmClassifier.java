package dev.cochlea.train.models;

import dev.cochlea.nn.LSTM;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * A recurrent classifier: a two-layer LSTM reads the spectrogram frame by frame and a linear layer
 * classifies its outputs averaged over time. (The last hidden state alone would mostly have seen the
 * silence clips are padded with at the end.)
 *
 * <p>Shapes: input [N, 1, bands, frames] or [N, bands, frames]; output [N, classes].
 *
 * <pre>{@code
 * Module m = new LstmClassifier(40, 10);
 * }</pre>
 */
public final class LstmClassifier extends Module {
    private final LSTM lstm;
    private final Linear classifier;

    /** An LSTM over {@code bands} features per frame. */
    public LstmClassifier(int bands, int classes) {
        lstm = registerModule("lstm", new LSTM(bands, 96, LSTM.options().numLayers(2).batchFirst(true)));
        classifier = registerModule("classifier", new Linear(96, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor seq = (x.dim() == 4 ? x.squeeze(1) : x).transpose(1, 2);   // [N, frames, bands]
        Tensor out = lstm.forward(seq, null, null).output();               // [N, frames, 96]
        return classifier.call(out.mean(1));
    }
}
