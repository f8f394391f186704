package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.functional.RecurrentMode;
import dev.cochlea.nn.functional.RecurrentOutput;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, like PyTorch's {@code nn.RNNBase}: a stack
 * of {@code numLayers} recurrent layers, optionally bidirectional, with dropout between layers in
 * training mode, parameters named as in PyTorch ({@code weight_ih_l0}, {@code weight_hh_l0},
 * {@code bias_ih_l0}, {@code bias_hh_l0}, {@code ..._reverse} for the backward direction) and
 * initialised from {@code U(-1/sqrt(hidden), 1/sqrt(hidden))}.
 *
 * <p>Input is {@code [T, B, input_size]} ({@code [B, T, input_size]} with {@code batchFirst}) or
 * unbatched {@code [T, input_size]}. {@link #forward(Tensor)} returns the output sequence; the
 * subclasses' two- and three-argument {@code forward} also take initial states and return a
 * {@link RecurrentOutput} with the final states.
 *
 * <pre>{@code
 * GRU gru = new GRU(40, 64, GRU.options().numLayers(2).bidirectional(true).batchFirst(true));
 * Tensor y = gru.forward(x);                      // x: [B, T, 40] -> y: [B, T, 128]
 * RecurrentOutput r = gru.forward(x, null);       // r.hidden(): [4, B, 64]
 * }</pre>
 */
public abstract class RNNBase extends Module {
    private final RecurrentMode mode;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final float dropout;
    private final boolean bidirectional;
    private final Generator generator;
    /** Per layer and direction (index {@code layer * D + direction}): w_ih, w_hh, b_ih, b_hh. */
    private final Tensor[][] weights;

    /**
     * The options of a recurrent module besides its sizes, immutable, with withers; {@link #options()}
     * has PyTorch's defaults: one layer, biases, time-major input, no dropout, one direction, tanh
     * (for {@link RNN}), the global generator.
     *
     * <pre>{@code
     * new LSTM(80, 256, LSTM.options().numLayers(3).dropout(0.2f).generator(new Generator(0)));
     * }</pre>
     *
     * @param numLayers     number of stacked layers ({@code num_layers})
     * @param bias          whether the layers have {@code b_ih} and {@code b_hh}
     * @param batchFirst    whether input and output are {@code [B, T, F]} instead of {@code [T, B, F]}; states stay {@code [L*D, B, H]}
     * @param dropout       dropout probability on the outputs of every layer but the last, in training mode only
     * @param bidirectional whether each layer also runs backward in time, doubling its output features
     * @param nonlinearity  {@code "tanh"} or {@code "relu"}; only {@link RNN} accepts {@code "relu"}
     * @param generator     the generator for weight initialisation and dropout masks, or null for the global one
     */
    public record Options(int numLayers, boolean bias, boolean batchFirst, float dropout, boolean bidirectional,
                          String nonlinearity, Generator generator) {
        /** These options with {@code n} stacked layers (default 1). <pre>{@code options.numLayers(2)}</pre> */
        public Options numLayers(int n) {
            return new Options(n, bias, batchFirst, dropout, bidirectional, nonlinearity, generator);
        }

        /** These options with or without {@code b_ih} and {@code b_hh} (default true). <pre>{@code options.bias(false)}</pre> */
        public Options bias(boolean b) {
            return new Options(numLayers, b, batchFirst, dropout, bidirectional, nonlinearity, generator);
        }

        /** These options with batch-first input and output (default false). <pre>{@code options.batchFirst(true)}</pre> */
        public Options batchFirst(boolean b) {
            return new Options(numLayers, bias, b, dropout, bidirectional, nonlinearity, generator);
        }

        /** These options with dropout {@code p} between layers (default 0). <pre>{@code options.dropout(0.2f)}</pre> */
        public Options dropout(float p) {
            return new Options(numLayers, bias, batchFirst, p, bidirectional, nonlinearity, generator);
        }

        /** These options with or without a backward direction (default false). <pre>{@code options.bidirectional(true)}</pre> */
        public Options bidirectional(boolean b) {
            return new Options(numLayers, bias, batchFirst, dropout, b, nonlinearity, generator);
        }

        /** These options with {@code "tanh"} (default) or {@code "relu"} ({@link RNN} only). <pre>{@code options.nonlinearity("relu")}</pre> */
        public Options nonlinearity(String s) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional, s, generator);
        }

        /** These options drawing weights and dropout masks from {@code g} (default: the global generator). <pre>{@code options.generator(new Generator(0))}</pre> */
        public Options generator(Generator g) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional, nonlinearity, g);
        }
    }

    /** PyTorch's defaults. <pre>{@code GRU.options().numLayers(2)}</pre> */
    public static Options options() {
        return new Options(1, true, false, 0f, false, "tanh", null);
    }

    protected RNNBase(RecurrentMode mode, int inputSize, int hiddenSize, Options options) {
        String who = mode == RecurrentMode.LSTM ? "LSTM" : mode == RecurrentMode.GRU ? "GRU" : "RNN";
        if (options == null) options = options();
        if (inputSize <= 0) throw new IllegalArgumentException(who + ": input_size must be positive, found " + inputSize);
        if (hiddenSize <= 0) throw new IllegalArgumentException(who + ": hidden_size must be positive, found " + hiddenSize);
        if (options.numLayers <= 0) throw new IllegalArgumentException(who + ": num_layers must be positive, found " + options.numLayers);
        if (!(options.dropout >= 0f && options.dropout <= 1f)) {
            throw new IllegalArgumentException(who + ": dropout should be a number in range [0, 1] representing the probability of an "
                    + "element being zeroed, found " + options.dropout);
        }
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = options.numLayers;
        this.bias = options.bias;
        this.batchFirst = options.batchFirst;
        this.dropout = options.dropout;
        this.bidirectional = options.bidirectional;
        this.generator = options.generator != null ? options.generator : Generator.defaultGenerator();

        int dirs = numDirections();
        int gates = mode.gates() * hiddenSize;
        float bound = (float) (1.0 / Math.sqrt(hiddenSize));
        weights = new Tensor[numLayers * dirs][];
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                Tensor wIh = registerParameter("weight_ih" + suffix, uniform(bound, gates, in));
                Tensor wHh = registerParameter("weight_hh" + suffix, uniform(bound, gates, hiddenSize));
                Tensor bIh = bias ? registerParameter("bias_ih" + suffix, uniform(bound, gates)) : null;
                Tensor bHh = bias ? registerParameter("bias_hh" + suffix, uniform(bound, gates)) : null;
                weights[layer * dirs + d] = new Tensor[] {wIh, wHh, bIh, bHh};
            }
        }
    }

    private Tensor uniform(float bound, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        generator.fillUniform(v, 0, n, -bound, bound);
        return Tensor.wrap(v, shape);
    }

    // ---------------------------------------------------------------- properties

    /** The cell type. */
    public RecurrentMode mode() {
        return mode;
    }

    /** Features per time step of the input ({@code input_size}). */
    public int inputSize() {
        return inputSize;
    }

    /** Features of the hidden state ({@code hidden_size}). */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Stacked layers ({@code num_layers}). */
    public int numLayers() {
        return numLayers;
    }

    /** Whether the layers have biases. */
    public boolean hasBias() {
        return bias;
    }

    /** Whether input and output put the batch first. */
    public boolean isBatchFirst() {
        return batchFirst;
    }

    /** The dropout probability between layers. */
    public float dropout() {
        return dropout;
    }

    /** Whether every layer also runs backward in time. */
    public boolean isBidirectional() {
        return bidirectional;
    }

    /** 2 if bidirectional, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** Features of the output per time step: {@code numDirections() * hiddenSize()}. */
    public int outputSize() {
        return numDirections() * hiddenSize;
    }

    // ---------------------------------------------------------------- forward

    /** The output sequence for {@code x} from zero initial states. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null).output();
    }

    /**
     * The output sequence for {@code x} and optional initial states: {@code (x)}, {@code (x, h0)},
     * or for LSTM {@code (x, h0, c0)}; this is what {@link #call} runs.
     */
    @Override
    public Tensor forward(Tensor... xs) {
        int max = mode == RecurrentMode.LSTM ? 3 : 2;
        if (xs.length < 1 || xs.length > max) {
            throw new IllegalArgumentException(name() + ".forward: expected the input" + (max == 3 ? ", h0 and c0" : " and optionally h0")
                    + ", got " + xs.length + " tensors");
        }
        if (max == 3 && xs.length == 2) {
            throw new IllegalArgumentException("LSTM.forward: h0 and c0 must be given together (got h0 only)");
        }
        return run(xs[0], xs.length > 1 ? xs[1] : null, xs.length > 2 ? xs[2] : null).output();
    }

    /**
     * Runs all layers. {@code h0} and {@code c0} are {@code [numLayers*D, B, H]} ({@code [numLayers*D, H]}
     * for unbatched input) or null for zeros.
     */
    protected RecurrentOutput run(Tensor x, Tensor h0, Tensor c0) {
        boolean lstm = mode == RecurrentMode.LSTM;
        if (x == null) throw new IllegalArgumentException(name() + ": the input is null");
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(name() + "(" + extraRepr() + "): expected a float32 input, found "
                    + x.dtype().torchName() + " of shape " + Arrays.toString(x.shape()));
        }
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(name() + "(" + extraRepr() + "): expected input to be 2-D (unbatched [T, "
                    + inputSize + "]) or 3-D (" + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "]), found "
                    + x.dim() + "-D input of shape " + Arrays.toString(x.shape()));
        }
        if (x.size(-1) != inputSize) {
            throw new IllegalArgumentException(name() + "(" + extraRepr() + "): input.size(-1) must be equal to input_size: expected "
                    + inputSize + ", found input of shape " + Arrays.toString(x.shape()));
        }
        boolean batched = x.dim() == 3;
        if (!lstm && c0 != null) throw new IllegalArgumentException(name() + ": only LSTM takes a cell state c0");
        if (lstm && (h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException("LSTM: h0 and c0 must be given together (got " + (h0 == null ? "c0" : "h0") + " only)");
        }
        Tensor seq = batched ? (batchFirst ? x.transpose(0, 1) : x) : x.unsqueeze(1);   // [T, B, in]
        int batch = seq.size(1);
        int dirs = numDirections();
        Tensor h = h0 == null ? null : checkState("h0", h0, batched, batch);
        Tensor c = c0 == null ? null : checkState("c0", c0, batched, batch);

        List<Tensor> hn = new ArrayList<>(numLayers * dirs);
        List<Tensor> cn = lstm ? new ArrayList<>(numLayers * dirs) : null;
        Tensor layerInput = seq;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] outs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                int idx = layer * dirs + d;
                Tensor[] w = weights[idx];
                RecurrentOutput r = F.recurrentLayer(mode, layerInput, w[0], w[1], w[2], w[3],
                        h == null ? null : h.select(0, idx), c == null ? null : c.select(0, idx), d == 1);
                outs[d] = r.output();
                hn.add(r.hidden());
                if (lstm) cn.add(r.cell());
            }
            Tensor out = dirs == 1 ? outs[0] : Tensor.cat(2, outs);
            if (layer < numLayers - 1 && dropout > 0f && isTraining()) out = applyDropout(out);
            layerInput = out;
        }
        Tensor output = layerInput;                          // [T, B, D*H]
        Tensor hN = Tensor.stack(hn, 0);                     // [L*D, B, H]
        Tensor cN = lstm ? Tensor.stack(cn, 0) : null;
        if (!batched) {
            output = output.squeeze(1);
            hN = hN.squeeze(1);
            if (cN != null) cN = cN.squeeze(1);
        } else if (batchFirst) {
            output = output.transpose(0, 1).contiguous();
        }
        return new RecurrentOutput(output, hN, cN);
    }

    private Tensor checkState(String what, Tensor s, boolean batched, int batch) {
        int[] expected = batched ? new int[] {numLayers * numDirections(), batch, hiddenSize}
                : new int[] {numLayers * numDirections(), hiddenSize};
        if (s.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(name() + ": " + what + " must be float32, found " + s.dtype().torchName());
        }
        if (!batched && s.dim() != 2) {
            throw new IllegalArgumentException(name() + ": for unbatched 2-D input, " + what + " should also be 2-D "
                    + Arrays.toString(expected) + " but got " + s.dim() + "-D tensor of shape " + Arrays.toString(s.shape()));
        }
        if (batched && s.dim() != 3) {
            throw new IllegalArgumentException(name() + ": for batched 3-D input, " + what + " should also be 3-D "
                    + Arrays.toString(expected) + " but got " + s.dim() + "-D tensor of shape " + Arrays.toString(s.shape()));
        }
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(name() + ": expected " + what + " of shape " + Arrays.toString(expected)
                    + " (num_layers*num_directions, " + (batched ? "batch, " : "") + "hidden_size), found " + Arrays.toString(s.shape()));
        }
        return batched ? s : s.unsqueeze(1);
    }

    private Tensor applyDropout(Tensor x) {
        int n = x.numel();
        float[] mask = new float[n];
        generator.fillUniform(mask, 0, n, 0f, 1f);
        float scale = dropout >= 1f ? 0f : 1f / (1f - dropout);
        for (int i = 0; i < n; i++) mask[i] = mask[i] < dropout ? 0f : scale;
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    // ---------------------------------------------------------------- printing

    /** PyTorch's repr arguments: {@code 4, 6, num_layers=2, batch_first=True}. */
    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
        if (!bias) sb.append(", bias=False");
        if (batchFirst) sb.append(", batch_first=True");
        if (dropout != 0f) sb.append(", dropout=").append(dropout);
        if (bidirectional) sb.append(", bidirectional=True");
        return sb.toString();
    }
}
