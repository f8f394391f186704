package dev.cochlea.nn;

import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.Tensor;

/**
 * A multi-layer Elman recurrent network, like {@code torch.nn.RNN}: per layer and time step
 * {@code h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} (or {@code relu} with
 * {@code nonlinearity("relu")}). Parameters {@code weight_ih_l{k}} {@code [H, in]},
 * {@code weight_hh_l{k}} {@code [H, H]}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}} {@code [H]}
 * (and {@code ..._reverse} when bidirectional).
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20, RNN.options().numLayers(2));
 * Tensor x = Tensor.randn(5, 3, 10);                  // [T, B, in]
 * RecurrentOutput r = rnn.forward(x, Tensor.zeros(2, 3, 20));
 * r.output();                                         // [5, 3, 20]
 * r.hidden();                                         // [2, 3, 20]
 * }</pre>
 */
public class RNN extends RNNBase {
    private final String nonlinearity;

    /** A one-layer tanh RNN with PyTorch's defaults. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, options());
    }

    /** An RNN with the given options (layers, bias, batch-first, dropout, direction, nonlinearity, generator). */
    public RNN(int inputSize, int hiddenSize, Options options) {
        super(modeOf(options), inputSize, hiddenSize, options);
        this.nonlinearity = options == null ? "tanh" : options.nonlinearity();
    }

    private static RecurrentMode modeOf(Options options) {
        String s = options == null ? "tanh" : options.nonlinearity();
        if ("tanh".equals(s)) return RecurrentMode.RNN_TANH;
        if ("relu".equals(s)) return RecurrentMode.RNN_RELU;
        throw new IllegalArgumentException("RNN: unknown nonlinearity '" + s + "'; select from 'tanh' or 'relu'");
    }

    /** {@code "tanh"} or {@code "relu"}. */
    public String nonlinearity() {
        return nonlinearity;
    }

    /**
     * Runs the network from {@code h0} ({@code [numLayers*D, B, H]}, {@code [numLayers*D, H]} for
     * unbatched input, or null for zeros) and returns the output sequence and {@code h_n}.
     */
    public RecurrentOutput forward(Tensor x, Tensor h0) {
        return run(x, h0, null);
    }
}
