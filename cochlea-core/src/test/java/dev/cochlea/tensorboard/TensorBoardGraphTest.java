package dev.cochlea.tensorboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.AudioCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TensorBoard's own code reads the graph {@link SummaryWriter#addGraph} writes: the event
 * accumulator TensorBoard loads runs with, and the Graphs dashboard's data API. The Python side of
 * TensorBoard 2.20 lives in {@code ../shared/tools/tensorboard} (or {@code -Dcochlea.shared=DIR}); the
 * test is skipped when it, Debian's {@code /usr/bin/python3} or the Python packages its README lists
 * are absent.
 */
class TensorBoardGraphTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** A model with named layers, as the course's slide writes it. */
    static final class Net extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 8, 3, Conv2d.options().padding(1)));
        final ReLU relu = registerModule("relu", new ReLU());
        final MaxPool2d pool1 = registerModule("pool1", new MaxPool2d(2));
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Linear fc = registerModule("fc", new Linear(8 * 4 * 4, 10));

        @Override
        public Tensor forward(Tensor x) {
            return fc.call(flatten.call(pool1.call(relu.call(conv1.call(x)))));
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Path tools() throws IOException, InterruptedException {
        String shared = System.getProperty("cochlea.shared");
        Path d = Path.of(shared != null && !shared.isBlank() ? shared : "../shared").resolve("tools").resolve("tensorboard");
        present(Files.isRegularFile(d.resolve("lib").resolve("tensorboard").resolve("__init__.py")),
                "TensorBoard's Python tools not found at " + d.toAbsolutePath() + "; skipping");
        present(Files.isExecutable(PYTHON), PYTHON + " not found; skipping");
        Result r = run(List.of(PYTHON.toString(), "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                + "import google.protobuf, numpy, werkzeug; from tensorboard import program", d.resolve("lib").toString()), 120);
        present(r.exit() == 0, "Debian's Python lacks TensorBoard's packages (" + d.resolve("README.md")
                + " lists them: apt-get install -y python3-numpy python3-protobuf python3-werkzeug ...); skipping: "
                + r.err().strip().lines().reduce((a, b) -> b).orElse(""));
        return d;
    }

    /** Skips without the tools, except in CI (the CI environment variable set), where .ci/run installs them. */
    private static void present(boolean ok, String why) {
        if (System.getenv("CI") != null && !ok) {
            throw new AssertionError("CI must run TensorBoard's reader (.ci/run installs its packages): " + why);
        }
        assumeTrue(ok, why);
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cochlea-tb-", ".out"), err = Files.createTempFile("cochlea-tb-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static JsonNode readGraph(Path tools, Path logDir) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(TensorBoardGraphTest.class.getResource("/tensorboard/read_graph.py").toURI());
        Result r = run(List.of(PYTHON.toString(), script.toString(), tools.resolve("lib").toString(), logDir.toString()), 300);
        assertEquals(0, r.exit(), "read_graph.py failed:\n" + r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void tensorBoardLoadsTheGraphWithScopesInputsAndShapes(@TempDir Path dir) throws Exception {
        Path tools = tools();
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            tb.addScalar("loss", 0.5, 1);
            tb.addGraph(new Net(), Tensor.ones(2, 3, 8, 8));
        }
        JsonNode g = readGraph(tools, dir);
        assertTrue(g.get("tags_graph").asBoolean(), "Tags()['graph']: " + g);
        assertEquals(GraphDefs.PRODUCER, g.get("producer").asInt());

        Map<String, JsonNode> nodes = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode n : g.get("nodes")) {
            nodes.put(n.get("name").asText(), n);
            names.add(n.get("name").asText());
        }
        // input, conv1.weight/bias, conv2d, relu, max_pool2d, view, fc.weight/bias, addmm, output
        assertEquals(11, names.size(), names.toString());
        for (JsonNode n : g.get("nodes")) {
            for (JsonNode in : n.get("inputs")) {
                assertTrue(nodes.containsKey(in.asText()), n.get("name").asText() + " reads " + in.asText() + ", which is not a node");
            }
            assertEquals(1, n.get("shapes").size(), n.get("name").asText() + ": _output_shapes");
        }
        JsonNode conv = nodes.get("Net/Conv2d[conv1]/conv2d");
        assertNotNull(conv, names.toString());
        assertEquals("conv2d", conv.get("op").asText());
        assertEquals("[\"input/input\",\"Net/Conv2d[conv1]/weight\",\"Net/Conv2d[conv1]/bias\"]", conv.get("inputs").toString());
        assertEquals("[[2,8,8,8]]", conv.get("shapes").toString());
        JsonNode weight = nodes.get("Net/Conv2d[conv1]/weight");
        assertEquals("Parameter", weight.get("op").asText());
        assertEquals("[[8,3,3,3]]", weight.get("shapes").toString());
        assertEquals("{ name : conv1.weight }", weight.get("attr").asText());
        assertEquals("[[2,8,4,4]]", nodes.get("Net/MaxPool2d[pool1]/max_pool2d").get("shapes").toString());
        assertEquals("[[2,128]]", nodes.get("Net/Flatten[flatten]/view").get("shapes").toString());
        JsonNode input = nodes.get("input/input"), output = nodes.get("output/output");
        assertEquals("IO Node", input.get("op").asText());
        assertEquals("[[2,3,8,8]]", input.get("shapes").toString());
        assertEquals("IO Node", output.get("op").asText());
        assertEquals("[\"Net/Linear[fc]/addmm\"]", output.get("inputs").toString());
        assertEquals("[[2,10]]", output.get("shapes").toString());

        JsonNode dashboard = g.get("dashboard");
        assertEquals(200, dashboard.get("info_status").asInt(), dashboard.toString());
        assertTrue(dashboard.get("info").get(".").get("run_graph").asBoolean(), dashboard.toString());
        assertEquals(200, dashboard.get("graph_status").asInt(), dashboard.toString());
        List<String> served = new ArrayList<>();
        dashboard.get("graph_nodes").forEach(n -> served.add(n.asText()));
        assertEquals(names, served);
        assertTrue(dashboard.get("same_as_loaded").asBoolean(), dashboard.toString());
    }

    @Test
    void theTrainingModelsGraphLoadsAndTheCheckerReadsTheRestOfTheFileCleanly(@TempDir Path dir) throws Exception {
        Path tools = tools();
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            tb.addScalar("loss", 0.5, 1);
            tb.addGraph(new AudioCnn(10), Tensor.zeros(1, 1, 40, 63));     // as the training job writes it
            tb.addText("note", "written after the graph", 1);
            tb.addScalar("loss", 0.25, 2);
        }
        JsonNode g = readGraph(tools, dir);
        List<String> names = new ArrayList<>();
        for (JsonNode n : g.get("nodes")) names.add(n.get("name").asText());
        // input; 3 x (conv2d, native_batch_norm, relu, max_pool2d) with 4 parameters each; adaptive_avg_pool2d,
        // view, addmm with 2 parameters (dropout does nothing in evaluation mode); output
        assertEquals(1 + 3 * (4 + 4) + 3 + 2 + 1, names.size(), names.toString());
        assertTrue(names.contains("AudioCnn/Sequential[features]/BatchNorm2d[1]/native_batch_norm"), names.toString());
        assertTrue(names.contains("AudioCnn/Sequential[features]/AdaptiveAvgPool2d[12]/adaptive_avg_pool2d"), names.toString());
        assertTrue(names.contains("AudioCnn/Sequential[classifier]/Linear[2]/addmm"), names.toString());
        assertEquals(200, g.get("dashboard").get("graph_status").asInt());

        Result r = run(List.of(PYTHON.toString(), tools.resolve("tb_check.py").toString(), dir.toString(), "--no-http"), 300);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(0, r.exit(), "tb_check.py failures: " + report.get("failures") + "\n" + r.err());
        assertTrue(report.get("ok").asBoolean(), report.toString());
        JsonNode file = report.get("files").get(0);
        assertEquals(5, file.get("records").asInt(), file.toString());           // version, 2 scalars, graph, text
        assertEquals(5, file.get("events_read_by_tensorboard").asInt(), file.toString());
        assertEquals(0, file.get("unknown_fields").asInt(), file.toString());
        Set<String> tags = new HashSet<>();
        report.get("raw").get(".").fieldNames().forEachRemaining(tags::add);
        assertEquals(Set.of("loss", "note/text_summary"), tags);
    }
}
