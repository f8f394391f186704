package dev.cochlea.nn;

import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.Tensor;

/**
 * A multi-layer long short-term memory network, like {@code torch.nn.LSTM}. Per layer and time
 * step, with gates in PyTorch's order i, f, g, o:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)        o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                             h' = o * tanh(c')
 * </pre>
 * Parameters {@code weight_ih_l{k}} {@code [4H, in]}, {@code weight_hh_l{k}} {@code [4H, H]},
 * {@code bias_ih_l{k}}, {@code bias_hh_l{k}} {@code [4H]} (and {@code ..._reverse}).
 * ({@code proj_size} is not supported.)
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(4, 6, LSTM.options().numLayers(2).batchFirst(true));
 * Tensor x = Tensor.randn(3, 5, 4);                   // [B, T, in]
 * RecurrentOutput r = lstm.forward(x, null, null);    // zero initial states
 * r.output();                                         // [3, 5, 6]
 * r.hidden();  r.cell();                              // [2, 3, 6] each
 * }</pre>
 */
public class LSTM extends RNNBase {
    /** A one-layer LSTM with PyTorch's defaults. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, options());
    }

    /** An LSTM with the given options (layers, bias, batch-first, dropout, direction, generator). */
    public LSTM(int inputSize, int hiddenSize, Options options) {
        super(checked(options), inputSize, hiddenSize, options);
    }

    private static RecurrentMode checked(Options options) {
        if (options != null && !"tanh".equals(options.nonlinearity())) {
            throw new IllegalArgumentException("LSTM: the nonlinearity option only applies to RNN, found '" + options.nonlinearity() + "'");
        }
        return RecurrentMode.LSTM;
    }

    /**
     * Runs the network from {@code h0} and {@code c0} (each {@code [numLayers*D, B, H]},
     * {@code [numLayers*D, H]} for unbatched input; both null for zeros) and returns the output
     * sequence, {@code h_n} and {@code c_n}.
     */
    public RecurrentOutput forward(Tensor x, Tensor h0, Tensor c0) {
        return run(x, h0, c0);
    }
}
