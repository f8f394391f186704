package dev.cochlea.nn.functional;

/**
 * The cell type of a recurrent layer (PyTorch's {@code mode} of {@code nn.RNNBase}), with its
 * number of gates: the rows of {@code W_ih} and {@code W_hh} are {@code gates * hidden}.
 *
 * <pre>{@code
 * RecurrentOutput r = F.recurrentLayer(RecurrentMode.GRU, x, wIh, wHh, bIh, bHh, null, null, false);
 * RecurrentMode.LSTM.gates();   // 4
 * }</pre>
 */
public enum RecurrentMode {
    /** {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH(1, "RNN_TANH"),
    /** {@code h' = relu(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_RELU(1, "RNN_RELU"),
    /** Gates i, f, g, o: {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}. */
    LSTM(4, "LSTM"),
    /** Gates r, z, n: {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))}, {@code h' = (1-z)*n + z*h}. */
    GRU(3, "GRU");

    private final int gates;
    private final String torchName;

    RecurrentMode(int gates, String torchName) {
        this.gates = gates;
        this.torchName = torchName;
    }

    /** Gates per hidden unit: 1, 4 or 3. */
    public int gates() {
        return gates;
    }

    /** PyTorch's name of the mode ({@code "LSTM"}, {@code "RNN_TANH"}, ...). */
    public String torchName() {
        return torchName;
    }
}
