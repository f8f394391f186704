package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.CifarQuick;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ModuleGraphTest {
    private static final String CONV0 = "CifarQuick/Sequential[model]/Conv2d[0]";

    @Test
    void tracesTheCifarQuickModelWithScopesShapesAndParameters() {
        ModuleGraph g = ModuleGraph.trace(new CifarQuick(3, 32, 32, 10), Tensor.ones(2, 3, 32, 32));
        assertEquals("CifarQuick", g.model());
        // 1 input, 10 parameters, 3 convolutions, 3 poolings, 1 flatten, 2 linear layers, 1 output.
        assertEquals(21, g.size(), g.toString());
        assertEquals(1, g.nodes(GraphNode.Kind.INPUT).size());
        assertEquals(10, g.nodes(GraphNode.Kind.PARAMETER).size());
        assertEquals(9, g.nodes(GraphNode.Kind.OP).size());
        assertEquals(1, g.nodes(GraphNode.Kind.OUTPUT).size());

        GraphNode input = g.nodes().get(0);
        assertEquals("input/input", input.name());
        assertArrayEquals(new int[] {2, 3, 32, 32}, input.shape());

        GraphNode conv = g.node(CONV0 + "/conv2d");
        assertNotNull(conv, g.toString());
        assertEquals("conv2d", conv.op());
        assertEquals(GraphNode.Kind.OP, conv.kind());
        assertEquals("Conv2dBackward", conv.detail());
        assertEquals(CONV0, conv.scope());
        assertEquals(List.of("input/input", CONV0 + "/weight", CONV0 + "/bias"), conv.inputs());
        assertArrayEquals(new int[] {2, 32, 32, 32}, conv.shape());

        GraphNode weight = g.node(CONV0 + "/weight");
        assertEquals(GraphNode.Kind.PARAMETER, weight.kind());
        assertEquals("Parameter", weight.op());
        assertEquals("model.0.weight", weight.detail());
        assertArrayEquals(new int[] {32, 3, 5, 5}, weight.shape());

        assertOp(g, "CifarQuick/Sequential[model]/MaxPool2d[1]/max_pool2d", "max_pool2d", 2, 32, 16, 16);
        assertOp(g, "CifarQuick/Sequential[model]/MaxPool2d[5]/max_pool2d", "max_pool2d", 2, 64, 4, 4);
        assertOp(g, "CifarQuick/Sequential[model]/Flatten[6]/view", "view", 2, 1024);
        assertOp(g, "CifarQuick/Sequential[model]/Linear[7]/addmm", "addmm", 2, 64);
        GraphNode last = assertOp(g, "CifarQuick/Sequential[model]/Linear[8]/addmm", "addmm", 2, 10);
        assertEquals(List.of("CifarQuick/Sequential[model]/Linear[7]/addmm", "CifarQuick/Sequential[model]/Linear[8]/weight",
                "CifarQuick/Sequential[model]/Linear[8]/bias"), last.inputs());

        GraphNode output = g.nodes().get(g.size() - 1);
        assertEquals("output/output", output.name());
        assertEquals(List.of(last.name()), output.inputs());
        assertArrayEquals(new int[] {2, 10}, output.shape());
        assertInputsComeFirst(g);
    }

    private static GraphNode assertOp(ModuleGraph g, String name, String op, int... shape) {
        GraphNode n = g.node(name);
        assertNotNull(n, name + " in\n" + g);
        assertEquals(op, n.op(), name);
        assertArrayEquals(shape, n.shape(), name);
        return n;
    }

    /** Every input names a node listed before it: the graph is complete and in execution order. */
    private static void assertInputsComeFirst(ModuleGraph g) {
        Set<String> seen = new HashSet<>();
        for (GraphNode n : g.nodes()) {
            for (String in : n.inputs()) assertTrue(seen.contains(in), n.name() + " reads " + in + " before it exists");
            assertTrue(seen.add(n.name()), "duplicate name " + n.name());
        }
    }

    /** A child used twice, ops in the parent's own forward, a root parameter, a buffer and a constant. */
    static final class Net extends Module {
        final Linear fc = registerModule("fc", new Linear(4, 4));
        final ReLU act = registerModule("act", new ReLU());
        final BatchNorm1d norm = registerModule("norm", new BatchNorm1d(4));
        final Tensor scale = registerParameter("scale", Tensor.ones(4));

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = act.call(fc.call(x));
            h = act.call(h.mul(scale));
            Tensor offset;
            try (NoGrad ignored = NoGrad.enter()) {
                offset = Tensor.ones(4).mul(0.5f);     // computed without grad: a constant to the graph
            }
            return norm.call(h.add(offset));
        }
    }

    @Test
    void namesReusedModulesParentOpsAndConstants() {
        Net net = new Net();
        ModuleGraph g = ModuleGraph.trace(net, Tensor.ones(3, 4));
        assertNotNull(g.node("Net/ReLU[act]/relu"), g.toString());
        assertNotNull(g.node("Net/ReLU[act]/relu_1"), g.toString());
        GraphNode mul = g.node("Net/mul");
        assertNotNull(mul, g.toString());
        assertEquals(List.of("Net/ReLU[act]/relu", "Net/scale"), mul.inputs());
        assertEquals("scale", g.node("Net/scale").detail());
        GraphNode add = g.node("Net/add");
        assertNotNull(add, g.toString());
        assertEquals(GraphNode.Kind.CONSTANT, g.node(add.inputs().get(1)).kind());
        assertEquals("Net/constant", add.inputs().get(1));
        assertInputsComeFirst(g);
    }

    @Test
    void leavesTheModelTheInputAndTheGeneratorAsTheyWere() {
        Net net = new Net();
        net.train();
        net.fc.eval();                                              // mixed modes come back as they were
        Map<String, Tensor> before = snapshot(net);
        Tensor x = Tensor.randn(new Generator(3), 3, 4);
        float[] xBefore = x.toFloatArray();
        Generator.State rng = Generator.defaultGenerator().getState();

        ModuleGraph g1 = ModuleGraph.trace(net, x);
        ModuleGraph g2 = ModuleGraph.trace(net, x);

        assertTrue(net.isTraining());
        assertFalse(net.fc.isTraining());
        assertTrue(net.norm.isTraining());
        assertEquals(rng, Generator.defaultGenerator().getState());
        assertFalse(x.requiresGrad());
        assertArrayEquals(xBefore, x.toFloatArray());
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            assertArrayEquals(before.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), e.getKey());
        }
        for (Tensor p : net.parameters()) assertNull(p.grad());
        assertEquals(g1.toString(), g2.toString(), "hooks are gone: a second trace is the same");
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.copy().detach()));
        return out;
    }

    @Test
    void explainsMissingArgumentsAndFailingForwards() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleGraph.trace(null, Tensor.ones(1)));
        assertEquals("graph: the model is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModuleGraph.trace(new Net()));
        assertTrue(e.getMessage().startsWith("graph of Net: no example input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModuleGraph.trace(new Net(), (Tensor) null));
        assertEquals("graph of Net: example input 0 is null", e.getMessage());
        Net net = new Net();
        e = assertThrows(IllegalArgumentException.class, () -> ModuleGraph.trace(net, Tensor.ones(3, 5)));
        assertTrue(e.getMessage().startsWith("graph of Net: the forward pass over an input of shape [3, 5] failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("Linear"), e.getMessage());
        assertTrue(net.isTraining(), "modes restored after a failure");
    }

    @Test
    void opNamesComeFromAutogradNodesInSnakeCase() {
        assertEquals("conv2d", GraphTracer.opName("Conv2dBackward"));
        assertEquals("max_pool2d", GraphTracer.opName("MaxPool2dBackward"));
        assertEquals("mul", GraphTracer.opName("MulBackward0"));
        assertEquals("native_batch_norm", GraphTracer.opName("NativeBatchNormBackward"));
        assertEquals("recurrent_lstm", GraphTracer.opName("RecurrentLSTMBackward"));
        assertEquals("op", GraphTracer.opName("Backward"));
    }
}
