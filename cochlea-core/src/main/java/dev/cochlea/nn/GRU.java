package dev.cochlea.nn;

import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.Tensor;

/**
 * A multi-layer gated recurrent unit network, like {@code torch.nn.GRU}. Per layer and time step,
 * with gates in PyTorch's order r, z, n:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 * z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 * h' = (1 - z) * n + z * h
 * </pre>
 * Parameters {@code weight_ih_l{k}} {@code [3H, in]}, {@code weight_hh_l{k}} {@code [3H, H]},
 * {@code bias_ih_l{k}}, {@code bias_hh_l{k}} {@code [3H]} (and {@code ..._reverse}).
 *
 * <pre>{@code
 * GRU gru = new GRU(40, 64, GRU.options().batchFirst(true).bidirectional(true));
 * Tensor y = gru.forward(Tensor.randn(8, 100, 40));    // [8, 100, 128]
 * RecurrentOutput r = gru.forward(Tensor.randn(8, 100, 40), null);
 * r.hidden();                                          // [2, 8, 64]
 * }</pre>
 */
public class GRU extends RNNBase {
    /** A one-layer GRU with PyTorch's defaults. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, options());
    }

    /** A GRU with the given options (layers, bias, batch-first, dropout, direction, generator). */
    public GRU(int inputSize, int hiddenSize, Options options) {
        super(checked(options), inputSize, hiddenSize, options);
    }

    private static RecurrentMode checked(Options options) {
        if (options != null && !"tanh".equals(options.nonlinearity())) {
            throw new IllegalArgumentException("GRU: the nonlinearity option only applies to RNN, found '" + options.nonlinearity() + "'");
        }
        return RecurrentMode.GRU;
    }

    /**
     * Runs the network from {@code h0} ({@code [numLayers*D, B, H]}, {@code [numLayers*D, H]} for
     * unbatched input, or null for zeros) and returns the output sequence and {@code h_n}.
     */
    public RecurrentOutput forward(Tensor x, Tensor h0) {
        return run(x, h0, null);
    }
}
