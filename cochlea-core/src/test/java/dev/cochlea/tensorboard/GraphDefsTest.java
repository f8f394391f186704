package dev.cochlea.tensorboard;

import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.proto.Event;
import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.NodeDef;
import dev.cochlea.train.models.CifarQuick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** addGraph's event, read back with the TFRecord parser of {@link SummaryWriterTest}. */
class GraphDefsTest {
    private static final String CONV0 = "CifarQuick/Sequential[model]/Conv2d[0]";

    @Test
    void addGraphWritesAGraphDefEventAsPyTorchDoes(@TempDir Path dir) throws IOException {
        GraphDef written;
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            tb.addScalar("loss", 1.0, 0);
            written = tb.addGraph(new CifarQuick(3, 32, 32, 10), Tensor.ones(1, 3, 32, 32));
        }
        List<Event> events = SummaryWriterTest.readEvents(SummaryWriterTest.onlyEventFile(dir));
        assertEquals(3, events.size());
        Event e = events.get(2);
        assertEquals(Event.WhatCase.GRAPH_DEF, e.getWhatCase());
        GraphDef g = GraphDef.parseFrom(e.getGraphDef());
        assertEquals(written, g);
        assertEquals(GraphDefs.PRODUCER, g.getVersions().getProducer());
        assertEquals(21, g.getNodeCount());

        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : g.getNodeList()) {
            for (String in : n.getInputList()) assertTrue(byName.containsKey(in), n.getName() + " reads unknown " + in);
            byName.put(n.getName(), n);
            assertNotNull(GraphDefs.outputShape(n), n.getName() + " has _output_shapes");
            assertTrue(n.getAttrMap().containsKey(GraphDefs.ATTR), n.getName() + " has attr");
        }
        NodeDef input = byName.get("input/input");
        assertEquals(GraphDefs.IO_NODE, input.getOp());
        assertArrayEquals(new int[] {1, 3, 32, 32}, GraphDefs.outputShape(input));
        NodeDef conv = byName.get(CONV0 + "/conv2d");
        assertEquals("conv2d", conv.getOp());
        assertEquals(List.of("input/input", CONV0 + "/weight", CONV0 + "/bias"), conv.getInputList());
        assertArrayEquals(new int[] {1, 32, 32, 32}, GraphDefs.outputShape(conv));
        assertEquals("{ grad_fn : Conv2dBackward }", conv.getAttrOrThrow(GraphDefs.ATTR).getS().toStringUtf8());
        NodeDef weight = byName.get(CONV0 + "/weight");
        assertEquals("Parameter", weight.getOp());
        assertEquals("{ name : model.0.weight }", weight.getAttrOrThrow(GraphDefs.ATTR).getS().toStringUtf8());
        assertArrayEquals(new int[] {32, 3, 5, 5}, GraphDefs.outputShape(weight));
        NodeDef output = byName.get("output/output");
        assertEquals(GraphDefs.IO_NODE, output.getOp());
        assertEquals(List.of("CifarQuick/Sequential[model]/Linear[8]/addmm"), output.getInputList());
        assertArrayEquals(new int[] {1, 10}, GraphDefs.outputShape(output));
    }

    @Test
    void addGraphExplainsWhatIsWrong(@TempDir Path dir) {
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tb.addGraph(null, Tensor.ones(1)));
            assertEquals("addGraph: the model is null", e.getMessage());
            Module model = new Sequential(new Linear(4, 2), new ReLU());
            e = assertThrows(IllegalArgumentException.class, () -> tb.addGraph(model));
            assertTrue(e.getMessage().startsWith("addGraph: graph of Sequential: no example input"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> tb.addGraph(model, Tensor.ones(2, 3)));
            assertTrue(e.getMessage().startsWith("addGraph: graph of Sequential: the forward pass over an input of shape [2, 3] failed: "),
                    e.getMessage());
            tb.addScalar("still/writable", 1, 0);
        }
    }

    @Test
    void dotGroupsNodesByScopeAndLabelsEdgesWithShapes() {
        GraphDef g = GraphDefs.of(dev.cochlea.nn.ModuleGraph.trace(new Sequential(new Linear(4, 3), new ReLU()), Tensor.ones(2, 4)));
        String dot = GraphDot.of(g);
        assertTrue(dot.startsWith("digraph G {"), dot);
        assertTrue(dot.contains("label=\"Sequential\";"), dot);
        assertTrue(dot.contains("label=\"Linear[0]\";"), dot);
        assertTrue(dot.contains("\"Sequential/Linear[0]/addmm\" [label=\"addmm\""), dot);
        assertTrue(dot.contains("\"Sequential/Linear[0]/weight\" [label=\"weight\\n[3, 4]\""), dot);
        assertTrue(dot.contains("\"input/input\" -> \"Sequential/Linear[0]/addmm\" [label=\" 2×4\"];"), dot);
        assertTrue(dot.contains("\"Sequential/Linear[0]/weight\" -> \"Sequential/Linear[0]/addmm\";"), dot);
        assertTrue(dot.contains("\"Sequential/ReLU[1]/relu\" -> \"output/output\" [label=\" 2×3\"];"), dot);
        assertEquals(dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count(), dot);
    }
}
