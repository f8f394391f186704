package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Tensor;

/**
 * What a recurrent layer returns: the output sequence, the final hidden state and, for an
 * {@code LSTM}, the final cell state — PyTorch's {@code output, h_n} or
 * {@code output, (h_n, c_n)}.
 *
 * <p>For a module, {@code output} is {@code [T, B, D*H]} ({@code [B, T, D*H]} with
 * {@code batchFirst}, {@code [T, D*H]} for unbatched input) and {@code hidden} / {@code cell}
 * are {@code [numLayers*D, B, H]} ({@code [numLayers*D, H]} unbatched), where {@code D} is 2 for a
 * bidirectional layer and 1 otherwise.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(40, 128).numLayers(2).batchFirst(true);
 * RecurrentOutput r = lstm.forward(x, null, null);    // x: [B, T, 40]
 * Tensor last = r.hidden().select(0, -1);            // [B, 128], top layer's final state
 * }</pre>
 *
 * @param output the top layer's hidden state at every time step
 * @param hidden the final hidden state of every layer and direction ({@code h_n})
 * @param cell   the final cell state of every layer and direction ({@code c_n}); null for RNN and GRU
 */
public record RecurrentOutput(Tensor output, Tensor hidden, Tensor cell) {
    /** An output without cell state (RNN, GRU). */
    public RecurrentOutput(Tensor output, Tensor hidden) {
        this(output, hidden, null);
    }

    /** Whether a cell state is present (LSTM). */
    public boolean hasCell() {
        return cell != null;
    }
}
