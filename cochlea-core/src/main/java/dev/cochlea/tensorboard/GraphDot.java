package dev.cochlea.tensorboard;

import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.NodeDef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link GraphDef} as Graphviz DOT text, grouped the way TensorBoard's Graphs dashboard
 * groups it, with every group open: each '/'-separated name scope ({@code Net/Conv2d[conv1]}) is a
 * box holding its nodes, ops are blue ellipses, parameters and other constants small yellow notes
 * with their shapes, input and output nodes grey boxes, and each edge from an op or input carries the
 * shape in the source's {@code _output_shapes}, as the dashboard's edge labels do. For a picture of a
 * graph when TensorBoard's web front end is not at hand.
 *
 * <pre>{@code
 * GraphDef g = writer.addGraph(model, Tensor.ones(1, 3, 32, 32));
 * Files.writeString(Path.of("graph.dot"), GraphDot.of(g));
 * // dot -Tpng graph.dot -o graph.png
 * }</pre>
 */
public final class GraphDot {
    private GraphDot() {}

    /** A name scope and what it holds. */
    private static final class Scope {
        final String label;
        final List<NodeDef> nodes = new ArrayList<>();
        final Map<String, Scope> children = new LinkedHashMap<>();

        Scope(String label) {
            this.label = label;
        }
    }

    /** The DOT text of {@code graph}, top to bottom. */
    public static String of(GraphDef graph) {
        Scope root = new Scope("");
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) {
            byName.put(n.getName(), n);
            String[] parts = n.getName().split("/");
            Scope s = root;
            for (int i = 0; i < parts.length - 1; i++) s = s.children.computeIfAbsent(parts[i], Scope::new);
            s.nodes.add(n);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("digraph G {\n");
        sb.append("  rankdir=TB; newrank=true; nodesep=0.25; ranksep=0.3;\n");
        sb.append("  graph [fontname=\"DejaVu Sans\", fontsize=11, style=\"rounded\", color=\"#9e9e9e\"];\n");
        sb.append("  node [fontname=\"DejaVu Sans\", fontsize=10];\n");
        sb.append("  edge [fontname=\"DejaVu Sans\", fontsize=8, color=\"#616161\", fontcolor=\"#424242\"];\n");
        int[] clusters = {0};
        for (NodeDef n : root.nodes) node(sb, n, "  ");
        for (Scope c : root.children.values()) scope(sb, c, "  ", clusters);
        for (NodeDef n : graph.getNodeList()) {
            for (String input : n.getInputList()) {
                String source = input.startsWith("^") ? input.substring(1) : input.replaceFirst(":\\d+$", "");
                NodeDef from = byName.get(source);
                sb.append("  ").append(quote(source)).append(" -> ").append(quote(n.getName()));
                int[] shape = from == null ? null : GraphDefs.outputShape(from);
                if (shape != null && !isConstant(from)) sb.append(" [label=").append(quote(" " + dims(shape))).append(']');
                sb.append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static void scope(StringBuilder sb, Scope s, String indent, int[] clusters) {
        sb.append(indent).append("subgraph cluster_").append(clusters[0]++).append(" {\n");
        sb.append(indent).append("  label=").append(quote(s.label)).append(";\n");
        for (NodeDef n : s.nodes) node(sb, n, indent + "  ");
        for (Scope c : s.children.values()) scope(sb, c, indent + "  ", clusters);
        sb.append(indent).append("}\n");
    }

    private static void node(StringBuilder sb, NodeDef n, String indent) {
        String name = n.getName();
        String last = name.substring(name.lastIndexOf('/') + 1);
        int[] shape = GraphDefs.outputShape(n);
        String style;
        String label;
        if (n.getOp().equals(GraphDefs.IO_NODE)) {
            label = last + (shape == null ? "" : "\n" + Arrays.toString(shape));
            style = "shape=box, style=\"rounded,filled\", fillcolor=\"#e0e0e0\"";
        } else if (isConstant(n)) {
            label = last + (shape == null ? "" : "\n" + Arrays.toString(shape));
            style = "shape=note, style=filled, fillcolor=\"#fff3c4\", fontsize=8, height=0.3";
        } else {
            label = n.getOp();
            style = "shape=ellipse, style=filled, fillcolor=\"#c9dcf5\"";
        }
        sb.append(indent).append(quote(name)).append(" [label=").append(quote(label)).append(", ").append(style).append("];\n");
    }

    private static boolean isConstant(NodeDef n) {
        String op = n.getOp();
        return op.equals("Parameter") || op.equals("Buffer") || op.equals("Constant");
    }

    private static String dims(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : "×").append(shape[i]);
        return shape.length == 0 ? "scalar" : sb.toString();
    }

    /** A DOT quoted string ({@code \n} stays a line break). */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
