package dev.cochlea.onnx.export;

import dev.cochlea.onnx.OnnxModel;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every export of {@link ExportCases} runs in ONNX Runtime (onnxruntime-node, through
 * {@code src/test/node/ort_run.mjs}) and gives the Cochlea model's outputs within 1e-4 absolute.
 * Needs {@code node} on the PATH and {@code npm ci --onnxruntime-node-install=skip} run once in
 * {@code cochlea-onnx/src/test/node}; without them the test fails saying so. With
 * {@code -Dcochlea.onnxruntime=off} it is skipped.
 */
class OnnxExportOrtTest {
    static final Path NODE_DIR = Path.of("cochlea-onnx/src/test/node");
    private static final Pattern DIFF = Pattern.compile("^logits max_abs_diff (\\S+)$", Pattern.MULTILINE);

    @TestFactory
    List<DynamicTest> everyExportRunsInOnnxRuntime() throws IOException, InterruptedException {
        Assumptions.assumeFalse("off".equals(System.getProperty("cochlea.onnxruntime")), "-Dcochlea.onnxruntime=off");
        checkRunner();
        List<DynamicTest> tests = new ArrayList<>();
        for (ExportCases.Case c : ExportCases.all()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Path model = ExportCases.write(c);
                Path io = ExportCases.DIR.resolve(c.name() + ".io.safetensors");
                Path out = ExportCases.DIR.resolve(c.name() + ".ort.safetensors");
                String printed = node(NODE_DIR.resolve("ort_run.mjs").toString(), model.toString(), io.toString(), out.toString());
                Matcher m = DIFF.matcher(printed);
                assertTrue(m.find(), c.name() + ": ort_run.mjs printed no logits difference:\n" + printed);
                double diff = Double.parseDouble(m.group(1));
                System.out.printf("onnxruntime %-28s logits max_abs_diff %.3g%n", c.name(), diff);
                assertTrue(diff <= 1e-4, c.name() + ": ONNX Runtime's logits differ from Cochlea's by up to " + diff);
            }));
        }
        return tests;
    }

    /** Fails, saying what to do, when node or onnxruntime-node is missing. */
    private static void checkRunner() throws InterruptedException {
        String off = " (or run the tests with -Dcochlea.onnxruntime=off to leave the ONNX Runtime check out)";
        try {
            node("--version");
        } catch (IOException e) {
            fail("the ONNX Runtime check needs Node.js: 'node' could not be run from the PATH (" + e.getMessage() + ")" + off);
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/onnxruntime-node"))) {
            fail("the ONNX Runtime check needs onnxruntime-node: run 'npm ci --onnxruntime-node-install=skip' in " + NODE_DIR + off);
        }
    }

    /** Runs {@code node args}; its stdout, or an IOException with its stderr when it fails. */
    private static String node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("ort_run", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("node " + String.join(" ", args) + ": no answer in 120 s");
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IOException("node " + String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
