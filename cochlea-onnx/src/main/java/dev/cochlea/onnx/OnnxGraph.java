package dev.cochlea.onnx;

import dev.cochlea.onnx.ops.Attributes;
import dev.cochlea.onnx.ops.NodeCall;
import dev.cochlea.onnx.ops.Operator;
import dev.cochlea.onnx.ops.Operators;
import dev.cochlea.onnx.ops.Recurrent;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's graph made ready to run: weights read, every node's operator found, nodes in an order
 * where each runs after what it reads (a cycle, a value nothing produces or an operator not run is
 * an error here, before anything runs), and for each value the step after which it is no longer needed.
 */
final class OnnxGraph {
    /** The most opset version of the default domain accepted (newer files may use changed operators). */
    static final int MAX_OPSET = 23;
    static final int MIN_OPSET = 7;
    /** Element types a graph's inputs and outputs may have (narrow integers and bool run as int64, float64 as float32). */
    static final Set<String> RUN_TYPES = Set.of("float32", "float64", "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32",
            "uint64", "bool");

    record Step(String opType, String name, String[] inputs, String[] outputs, Attributes attributes, Operator op) {}

    final int opset;
    final Map<String, Tensor> weights;
    final List<OnnxInfo.Value> inputs;
    final List<OnnxInfo.Value> outputs;
    final List<Step> steps;
    /** For each value read by some step, the index of the last step that reads it. */
    final Map<String, Integer> lastUse;

    private OnnxGraph(int opset, Map<String, Tensor> weights, List<OnnxInfo.Value> inputs, List<OnnxInfo.Value> outputs, List<Step> steps,
                      Map<String, Integer> lastUse) {
        this.opset = opset;
        this.weights = weights;
        this.inputs = inputs;
        this.outputs = outputs;
        this.steps = steps;
        this.lastUse = lastUse;
    }

    static OnnxGraph of(OnnxProto.ModelProto model, Path dir, String file) throws IOException {
        int opset = -1;
        for (OnnxProto.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = (int) Math.min(Integer.MAX_VALUE, o.getVersion());
        }
        if (opset < 0) throw new IOException(file + ": imports no version of the default ONNX operator set");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IOException(file + ": opset " + opset + " of the default domain; versions " + MIN_OPSET + " to " + MAX_OPSET + " run");
        }
        OnnxProto.GraphProto g = model.getGraph();
        OnnxInfo info = OnnxInfo.of(model);
        for (List<OnnxInfo.Value> values : List.of(info.inputs(), info.outputs())) {
            for (OnnxInfo.Value v : values) {
                if (!RUN_TYPES.contains(v.type())) {
                    throw new IOException(file + ": '" + v.name() + "' is " + v.type() + "; the element types run are " + RUN_TYPES);
                }
            }
        }

        List<String> unsupported = new ArrayList<>();
        List<OnnxProto.NodeProto> nodes = g.getNodeList();
        String[] names = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            OnnxProto.NodeProto n = nodes.get(i);
            names[i] = n.getName().isEmpty() ? "#" + i : n.getName();
            boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            boolean subgraph = n.getAttributeList().stream().anyMatch(a -> a.hasG() || a.getGraphsCount() > 0);
            if (!defaultDomain || subgraph || !Operators.supports(n.getOpType())) {
                unsupported.add((defaultDomain ? "" : n.getDomain() + ":") + n.getOpType() + " (node '" + names[i] + "')");
                continue;
            }
            String why = Operators.refusal(n.getOpType(), new Attributes(n.getAttributeList(), Map.of()), n.getInputList(), n.getOutputCount());
            if (why != null) unsupported.add(n.getOpType() + " (node '" + names[i] + "': " + why + ")");
        }
        if (!unsupported.isEmpty()) throw new UnsupportedOperatorsException(file, unsupported);

        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (OnnxProto.TensorProto t : g.getInitializerList()) {
            if (weights.put(t.getName(), OnnxTensors.read(t, dir)) != null) throw new IOException(file + ": two weights named '" + t.getName() + "'");
        }
        Set<String> available = new HashSet<>(weights.keySet());
        for (OnnxInfo.Value v : info.inputs()) available.add(v.name());

        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (out.isEmpty()) continue;
                if (available.contains(out) || producer.putIfAbsent(out, i) != null) {
                    throw new IOException(file + ": value '" + out + "' is produced twice (node '" + names[i] + "')");
                }
            }
        }
        // Kahn's algorithm: a node is ready once every value it reads is an input, a weight or already produced.
        int[] waiting = new int[nodes.size()];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || available.contains(in)) continue;
                Integer p = producer.get(in);
                if (p == null) throw new IOException(file + ": node '" + names[i] + "' (" + nodes.get(i).getOpType() + ") reads '" + in
                        + "', which is no input, weight or node output");
                waiting[i]++;
                readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) if (waiting[i] == 0) ready.add(i);
        List<Integer> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int r : readers.getOrDefault(i, List.of())) if (--waiting[r] == 0) ready.add(r);
        }
        if (order.size() < nodes.size()) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < nodes.size() && stuck.size() < 5; i++) if (waiting[i] > 0) stuck.add("'" + names[i] + "'");
            throw new IOException(file + ": the graph has a cycle; " + (nodes.size() - order.size()) + " nodes can never run, among them "
                    + String.join(", ", stuck));
        }
        for (OnnxInfo.Value v : info.outputs()) {
            if (!available.contains(v.name()) && !producer.containsKey(v.name())) {
                throw new IOException(file + ": output '" + v.name() + "' is produced by no node");
            }
        }

        Map<String, Integer> readersOf = new HashMap<>();
        for (OnnxProto.NodeProto n : nodes) for (String in : n.getInputList()) if (!in.isEmpty()) readersOf.merge(in, 1, Integer::sum);
        List<Step> steps = new ArrayList<>(order.size());
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i : order) {
            OnnxProto.NodeProto n = nodes.get(i);
            Map<String, Tensor> tensors = new HashMap<>();
            for (OnnxProto.AttributeProto a : n.getAttributeList()) {
                if (a.hasT()) tensors.put(a.getName(), OnnxTensors.read(a.getT(), dir));
            }
            String[] ins = n.getInputList().toArray(String[]::new);
            for (String in : ins) if (!in.isEmpty()) lastUse.put(in, steps.size());
            List<OnnxProto.AttributeProto> attrs = n.getAttributeList();
            if (gatesReordered(n, attrs, weights, readersOf)) {
                attrs = new ArrayList<>(attrs);
                attrs.add(OnnxProto.AttributeProto.newBuilder().setName(Recurrent.REORDERED).setType(OnnxProto.AttributeProto.AttributeType.INT)
                        .setI(1).build());
            }
            steps.add(new Step(n.getOpType(), names[i], ins, n.getOutputList().toArray(String[]::new),
                    new Attributes(attrs, tensors), Operators.find(n.getOpType())));
        }
        return new OnnxGraph(opset, weights, info.inputs(), info.outputs(), List.copyOf(steps), lastUse);
    }

    /**
     * Puts an LSTM's or GRU's W, R and B weights in PyTorch's gate order once, here, when all three
     * are weights only this node reads (the run then skips reordering them on every call); whether it did.
     */
    private static boolean gatesReordered(OnnxProto.NodeProto n, List<OnnxProto.AttributeProto> attrs, Map<String, Tensor> weights,
                                          Map<String, Integer> readersOf) {
        if (!n.getOpType().equals("LSTM") && !n.getOpType().equals("GRU")) return false;
        Attributes a = new Attributes(attrs, Map.of());
        int count = Math.min(4, n.getInputCount());
        Tensor[] reordered = new Tensor[count];
        for (int k = 1; k < count; k++) {
            String name = n.getInput(k);
            if (name.isEmpty() && k == 3) continue;
            if (!weights.containsKey(name) || readersOf.getOrDefault(name, 0) != 1) return false;
            reordered[k] = Recurrent.toTorchGates(n.getOpType(), a, weights.get(name), k == 3);
            if (reordered[k] == null) return false;
        }
        if (count < 3) return false;
        for (int k = 1; k < count; k++) if (reordered[k] != null) weights.put(n.getInput(k), reordered[k]);
        return true;
    }

    /** When not null, nanoseconds spent per operator type are added here (see {@link OnnxModel#profile}). */
    volatile Map<String, long[]> profile;

    /** Runs every step on {@code values} (inputs and weights in, every output added); intermediates are dropped after their last use. */
    Map<String, Tensor> run(Map<String, Tensor> values) {
        Set<String> keep = new HashSet<>();
        for (OnnxInfo.Value v : outputs) keep.add(v.name());
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            Tensor[] in = new Tensor[step.inputs().length];
            for (int k = 0; k < in.length; k++) in[k] = step.inputs()[k].isEmpty() ? null : values.get(step.inputs()[k]);
            Map<String, long[]> timings = profile;
            long start = timings == null ? 0 : System.nanoTime();
            Tensor[] out = step.op().apply(new NodeCall(step.opType(), step.name(), in, step.attributes(), opset, step.outputs().length));
            if (timings != null) {
                long[] t = timings.computeIfAbsent(step.opType(), k -> new long[2]);
                t[0] += System.nanoTime() - start;
                t[1]++;
            }
            for (int k = 0; k < step.outputs().length; k++) {
                String name = step.outputs()[k];
                if (name.isEmpty()) continue;
                if (k >= out.length || out[k] == null) {
                    throw new IllegalArgumentException("node '" + step.name() + "' (" + step.opType() + "): output " + k + " ('" + name
                            + "') is not produced");
                }
                values.put(name, out[k]);
            }
            for (String name : step.inputs()) {
                if (!name.isEmpty() && lastUse.get(name) == s && !keep.contains(name) && !weights.containsKey(name)) values.remove(name);
            }
        }
        return values;
    }
}
