package dev.cochlea.onnx;

import dev.cochlea.onnx.ops.Activations;
import dev.cochlea.onnx.ops.Attributes;
import dev.cochlea.onnx.ops.NodeCall;
import dev.cochlea.onnx.ops.Operator;
import dev.cochlea.onnx.ops.Operators;
import dev.cochlea.onnx.ops.Quantization;
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
    /** Operators whose output is a new tensor, never a view of another value (so a sole reader may overwrite it). */
    static final Set<String> FRESH = Set.of("Conv", "BatchNormalization", "Add", "Sub", "Mul", "Div", "Gemm", "MatMul");
    /** Element types a graph's inputs and outputs may have (narrow integers and bool run as int64, float64 as float32). */
    static final Set<String> RUN_TYPES = Set.of("float32", "float64", "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32",
            "uint64", "bool");

    /**
     * One node ready to run: its value slots (-1 for a left-out optional input or an unused output)
     * and the slots to clear after it (values no later step reads).
     */
    record Step(String opType, String name, String[] outputNames, int[] in, int[] out, int[] free, Attributes attributes, Operator op) {}

    final int opset;
    final Map<String, Tensor> weights;
    /** What the file declares (inputs and outputs without the weights, operators...). */
    final OnnxInfo info;
    final List<OnnxInfo.Value> inputs;
    final List<OnnxInfo.Value> outputs;
    final List<Step> steps;
    /** Each value's slot: inputs, weights and node outputs. */
    final Map<String, Integer> slots;

    private OnnxGraph(int opset, Map<String, Tensor> weights, OnnxInfo info, List<Step> steps, Map<String, Integer> slots) {
        this.opset = opset;
        this.weights = weights;
        this.info = info;
        this.inputs = info.inputs();
        this.outputs = info.outputs();
        this.steps = steps;
        this.slots = slots;
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
        List<OnnxProto.NodeProto> nodes = new ArrayList<>(g.getNodeList());
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
            String why = Operators.refusal(n.getOpType(), new Attributes(n.getAttributeList(), Map.of()));
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
        Set<String> graphValues = new HashSet<>();
        for (OnnxInfo.Value v : info.inputs()) graphValues.add(v.name());
        for (OnnxInfo.Value v : info.outputs()) graphValues.add(v.name());
        Set<Integer> folded = BatchNormFolding.fold(nodes, weights, readersOf, graphValues);
        Map<String, Integer> slots = new HashMap<>();
        for (OnnxInfo.Value v : info.inputs()) slots.putIfAbsent(v.name(), slots.size());
        for (String w : weights.keySet()) slots.putIfAbsent(w, slots.size());
        for (int i = 0; i < nodes.size(); i++) {
            if (folded.contains(i)) continue;
            for (String out : nodes.get(i).getOutputList()) if (!out.isEmpty()) slots.putIfAbsent(out, slots.size());
        }
        Set<String> kept = new HashSet<>(weights.keySet());
        for (OnnxInfo.Value v : info.inputs()) kept.add(v.name());
        for (OnnxInfo.Value v : info.outputs()) kept.add(v.name());

        // Declared element types (ONNX codes) of values where the file says: weights, graph inputs and outputs, value_info.
        Map<String, Integer> declared = new HashMap<>();
        for (OnnxProto.TensorProto t : g.getInitializerList()) declared.put(t.getName(), t.getDataType());
        for (List<OnnxProto.ValueInfoProto> vs : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
            for (OnnxProto.ValueInfoProto v : vs) {
                if (v.hasType() && v.getType().hasTensorType()) declared.putIfAbsent(v.getName(), v.getType().getTensorType().getElemType());
            }
        }
        for (OnnxProto.NodeProto n : nodes) {
            if (!n.getOpType().equals("Constant")) continue;
            for (OnnxProto.AttributeProto a : n.getAttributeList()) if (a.hasT()) declared.put(n.getOutput(0), a.getT().getDataType());
        }
        Map<String, String> producerType = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!folded.contains(i)) for (String out : nodes.get(i).getOutputList()) producerType.put(out, nodes.get(i).getOpType());
        }
        List<Step> steps = new ArrayList<>(order.size());
        Set<Integer> fusedAway = SiluFusion.pairs(nodes, order, readersOf, kept);
        for (int i : order) {
            if (fusedAway.contains(i) || folded.contains(i)) continue;
            OnnxProto.NodeProto n = nodes.get(i);
            Map<String, Tensor> tensors = new HashMap<>();
            for (OnnxProto.AttributeProto a : n.getAttributeList()) {
                if (a.hasT()) tensors.put(a.getName(), OnnxTensors.read(a.getT(), dir));
            }
            List<OnnxProto.AttributeProto> attrs = n.getAttributeList();
            if (n.getOpType().equals("Relu") && n.getInputCount() == 1 && readersOf.getOrDefault(n.getInput(0), 0) == 1
                    && !kept.contains(n.getInput(0)) && FRESH.contains(producerType.getOrDefault(n.getInput(0), ""))) {
                attrs = withInt(attrs, Activations.IN_PLACE, 1);
            }
            if (GateOrder.reorderedAtLoad(n, attrs, weights, readersOf)) {
                attrs = withInt(attrs, Recurrent.REORDERED, 1);
            }
            int zpAt = switch (n.getOpType()) {
                case "QuantizeLinear" -> 2;
                case "QLinearMatMul", "QLinearConv" -> 7;
                default -> -1;
            };
            if (zpAt >= 0) {
                int zpType = n.getInputCount() > zpAt && !n.getInput(zpAt).isEmpty() ? declared.getOrDefault(n.getInput(zpAt), 2) : 2;
                attrs = withInt(attrs, Quantization.OUTPUT_TYPE, zpType);
            }
            String[] ins = n.getInputList().toArray(String[]::new);
            String opType = n.getOpType();
            Operator op = Operators.find(opType);
            String fusedSigmoid = SiluFusion.sigmoidRead(n, nodes, fusedAway);
            if (fusedSigmoid != null) {
                String x = ins[0].equals(fusedSigmoid) ? ins[1] : ins[0];
                ins = new String[] {x};
                opType = "Mul(x, Sigmoid(x))";
                op = Operators.fusedSilu();
            }
            String[] outs = n.getOutputList().toArray(String[]::new);
            steps.add(new Step(opType, names[i], outs, slotsOf(ins, slots), slotsOf(outs, slots), null, new Attributes(attrs, tensors), op));
        }
        // Each value not kept is cleared after the last step that reads it.
        Map<Integer, Integer> last = new HashMap<>();
        for (int k = 0; k < steps.size(); k++) for (int slot : steps.get(k).in()) if (slot >= 0) last.put(slot, k);
        List<List<Integer>> frees = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) frees.add(new ArrayList<>());
        Set<Integer> keptSlots = new HashSet<>();
        for (String name : kept) keptSlots.add(slots.get(name));
        last.forEach((slot, k) -> { if (!keptSlots.contains(slot)) frees.get(k).add(slot); });
        List<Step> prepared = new ArrayList<>(steps.size());
        for (int k = 0; k < steps.size(); k++) {
            Step st = steps.get(k);
            prepared.add(new Step(st.opType(), st.name(), st.outputNames(), st.in(), st.out(),
                    frees.get(k).stream().mapToInt(Integer::intValue).toArray(), st.attributes(), st.op()));
        }
        return new OnnxGraph(opset, weights, info, List.copyOf(prepared), Map.copyOf(slots));
    }

    /** {@code attrs} and an integer attribute the load-time rewrites pass to an operator. */
    private static List<OnnxProto.AttributeProto> withInt(List<OnnxProto.AttributeProto> attrs, String name, long value) {
        List<OnnxProto.AttributeProto> out = new ArrayList<>(attrs);
        out.add(OnnxProto.AttributeProto.newBuilder().setName(name).setType(OnnxProto.AttributeProto.AttributeType.INT).setI(value).build());
        return out;
    }

    private static int[] slotsOf(String[] names, Map<String, Integer> slots) {
        int[] out = new int[names.length];
        for (int k = 0; k < names.length; k++) out[k] = names[k].isEmpty() ? -1 : slots.get(names[k]);
        return out;
    }

    /** When not null, nanoseconds spent per operator type are added here (see {@link OnnxModel#profile}). */
    volatile Map<String, long[]> profile;

    /** Runs every step on {@code values} (indexed by {@link #slots}; inputs and weights filled in, outputs added, intermediates cleared). */
    void run(Tensor[] values) {
        for (Step step : steps) {
            int[] ins = step.in();
            Tensor[] in = new Tensor[ins.length];
            for (int k = 0; k < in.length; k++) in[k] = ins[k] < 0 ? null : values[ins[k]];
            Map<String, long[]> timings = profile;
            long start = timings == null ? 0 : System.nanoTime();
            Tensor[] out = step.op().apply(new NodeCall(step.opType(), step.name(), in, step.attributes(), opset, step.out().length));
            if (timings != null) {
                long[] t = timings.computeIfAbsent(step.opType(), k -> new long[2]);
                t[0] += System.nanoTime() - start;
                t[1]++;
            }
            int[] outs = step.out();
            for (int k = 0; k < outs.length; k++) {
                if (outs[k] < 0) continue;
                if (k >= out.length || out[k] == null) {
                    throw new IllegalArgumentException("node '" + step.name() + "' (" + step.opType() + "): output " + k + " ('"
                            + step.outputNames()[k] + "') is not produced");
                }
                values[outs[k]] = out[k];
            }
            for (int slot : step.free()) values[slot] = null;
        }
    }
}
