package dev.cochlea.onnx;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.Module;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model (exported by PyTorch, by Cochlea, or by anything else) as a Cochlea module: its
 * graph runs on Cochlea's tensor operations, so it runs at the speed of Cochlea's own layers and
 * gradients flow where those operations have them. Inputs and outputs keep their names; each input's
 * declared element type, rank and fixed dimensions are checked, and named dimensions (a dynamic
 * batch) must agree between inputs. Everything about the file is checked when it is loaded: an
 * operator Cochlea does not run is reported there, every one of them at once, before anything runs.
 *
 * <pre>{@code
 * OnnxModel model = OnnxModel.read(Path.of("kws.onnx"));   // (load(Path) is Module's state-dict loader)
 * Tensor logits = model.call(features);                              // one input, first output
 * Map<String, Tensor> out = model.run(Map.of("features", features));  // by name, without gradients
 * }</pre>
 */
public final class OnnxModel extends Module {
    private final String file;
    private final OnnxGraph graph;
    private final Map<String, String> metadata;
    private final OnnxInfo info;

    private OnnxModel(String file, OnnxGraph graph, Map<String, String> metadata, OnnxInfo info) {
        this.file = file;
        this.graph = graph;
        this.metadata = metadata;
        this.info = info;
        Map<String, Integer> taken = new HashMap<>();
        for (Map.Entry<String, Tensor> w : graph.weights.entrySet()) {
            if (w.getValue().dtype() != DType.FLOAT32) continue;
            String name = w.getKey().isEmpty() ? "weight" : w.getKey().replace('.', '_');
            int k = taken.merge(name, 1, Integer::sum);
            registerParameter(k == 1 ? name : name + "_" + k, w.getValue());
        }
    }

    /** Loads the model in {@code file}; external weight files are read from its folder (and only from there). */
    public static OnnxModel read(Path file) throws IOException {
        OnnxProto.ModelProto proto = OnnxFiles.parse(file);
        Path dir = file.toAbsolutePath().getParent();
        OnnxGraph graph;
        try {
            graph = OnnxGraph.of(proto, dir, file.toString());
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (OnnxProto.StringStringEntryProto p : proto.getMetadataPropsList()) meta.put(p.getKey(), p.getValue());
        return new OnnxModel(file.toString(), graph, Collections.unmodifiableMap(meta), graph.info);
    }

    /** The graph's inputs (weights excluded), in order. */
    public List<OnnxInfo.Value> inputs() {
        return graph.inputs;
    }

    /** The graph's outputs, in order. */
    public List<OnnxInfo.Value> outputs() {
        return graph.outputs;
    }

    /** The opset version of the default domain the model was written for. */
    public int opset() {
        return graph.opset;
    }

    /** The model's metadata properties (Cochlea's exports keep labels and feature settings here). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** What the file declares (producer, operators...). */
    public OnnxInfo info() {
        return info;
    }

    /**
     * Starts (or, with false, stops) adding up the time spent in each operator type on later runs;
     * {@link #profileReport()} gives the totals (for finding where an imported model spends its time).
     */
    public void profile(boolean on) {
        graph.profile = on ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    }

    /** Milliseconds and calls per operator type since {@link #profile} was switched on, the costliest first. */
    public String profileReport() {
        Map<String, long[]> p = graph.profile;
        if (p == null) return "profiling is off";
        StringBuilder sb = new StringBuilder();
        p.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e -> sb.append(
                String.format(java.util.Locale.ROOT, "%-24s %10.1f ms %8d calls%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1])));
        return sb.toString();
    }

    /** Runs the model on inputs by name, without recording gradients; every graph output by name, in order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        try (NoGrad ignored = NoGrad.enter()) {
            return forwardAll(inputs);
        }
    }

    /** Runs the model on inputs by name (gradients recorded when enabled); every graph output by name, in order. */
    public Map<String, Tensor> forwardAll(Map<String, Tensor> inputs) {
        Tensor[] values = new Tensor[graph.slots.size()];
        graph.weights.forEach((name, w) -> values[graph.slots.get(name)] = w);
        Map<String, Integer> named = new HashMap<>();
        for (OnnxInfo.Value v : graph.inputs) {
            Tensor x = inputs.get(v.name());
            if (x == null) throw new IllegalArgumentException(file + ": input '" + v.name() + "' is not given (inputs: " + names(graph.inputs) + ")");
            check(v, x, named, "input");
            values[graph.slots.get(v.name())] = x;
        }
        for (String k : inputs.keySet()) {
            if (graph.inputs.stream().noneMatch(v -> v.name().equals(k))) {
                throw new IllegalArgumentException(file + ": '" + k + "' is not an input of the model (inputs: " + names(graph.inputs) + ")");
            }
        }
        try {
            graph.run(values);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxInfo.Value v : graph.outputs) {
            Tensor y = values[graph.slots.get(v.name())];
            check(v, y, named, "output");
            out.put(v.name(), y);
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(new Tensor[] {x});
    }

    @Override
    public Tensor forward(Tensor... xs) {
        if (xs.length != graph.inputs.size()) {
            throw new IllegalArgumentException(file + ": " + xs.length + " inputs given, the model takes " + graph.inputs.size() + " ("
                    + names(graph.inputs) + ")");
        }
        Map<String, Tensor> in = new HashMap<>();
        for (int i = 0; i < xs.length; i++) in.put(graph.inputs.get(i).name(), xs[i]);
        return forwardAll(in).values().iterator().next();
    }

    private static String names(List<OnnxInfo.Value> values) {
        List<String> n = new ArrayList<>();
        for (OnnxInfo.Value v : values) n.add(v.name());
        return String.join(", ", n);
    }

    /** Checks {@code x} against what the graph declares for {@code v}; named dimensions must agree across inputs and outputs. */
    private void check(OnnxInfo.Value v, Tensor x, Map<String, Integer> named, String role) {
        boolean isFloat = v.type().equals("float32") || v.type().equals("float64") || v.type().equals("float16");
        if (!v.type().equals("non-tensor") && isFloat != (x.dtype() == DType.FLOAT32)) {
            throw new IllegalArgumentException(file + ": " + role + " '" + v.name() + "' is " + v.type() + ", found a " + x.dtype().torchName()
                    + " tensor");
        }
        if (v.shape() == null) return;
        int[] s = x.shape();
        if (s.length != v.shape().size()) {
            throw new IllegalArgumentException(file + ": " + role + " '" + v.name() + "' has shape " + v.shape() + ", found " + Arrays.toString(s));
        }
        for (int d = 0; d < s.length; d++) {
            String dim = v.shape().get(d);
            if (dim.equals("?")) continue;
            if (Character.isDigit(dim.charAt(0))) {
                if (Long.parseLong(dim) != s[d]) {
                    throw new IllegalArgumentException(file + ": " + role + " '" + v.name() + "' has shape " + v.shape() + ", found "
                            + Arrays.toString(s));
                }
            } else {
                Integer seen = named.putIfAbsent(dim, s[d]);
                if (seen != null && seen != s[d]) {
                    throw new IllegalArgumentException(file + ": " + role + " '" + v.name() + "' dimension " + d + " ('" + dim + "') is " + s[d]
                            + ", elsewhere " + seen);
                }
            }
        }
    }

    @Override
    public String extraRepr() {
        return "inputs=" + graph.inputs + ", outputs=" + graph.outputs + ", opset=" + graph.opset + ", nodes=" + graph.steps.size();
    }
}
