package dev.cochlea.onnx;

import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX's own backend node tests (Debian's libonnx-testdata: {@code data/node/<case>/model.onnx} with
 * {@code test_data_set_*} of {@code input_*.pb} and {@code output_*.pb} made by ONNX's reference
 * implementation): every case whose operators Cochlea runs and whose tensors it reads must give the
 * expected outputs within ONNX's own tolerance (rtol 1e-3, atol 1e-7); the others are counted as
 * skipped, by reason. The counts and every failure go to {@code target/onnx-backend-node.txt}.
 */
class OnnxBackendNodeTest {
    static final Path DATA = Path.of(System.getProperty("cochlea.onnxTestData", "/usr/share/libonnx-testdata/data/node"));

    @Test
    void everySupportedBackendNodeTestPasses() throws IOException {
        assertTrue(Files.isDirectory(DATA), DATA + " not found: install Debian's libonnx-testdata (.ci/run does)");
        List<Path> cases;
        try (Stream<Path> s = Files.list(DATA)) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        int passed = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<String> passedNames = new ArrayList<>();
        Map<String, Integer> notRun = new TreeMap<>();
        for (Path c : cases) {
            String name = c.getFileName().toString();
            OnnxModel model;
            try {
                model = OnnxModel.read(c.resolve("model.onnx"));
            } catch (UnsupportedOperatorsException e) {
                skipped.merge("operator not run", 1, Integer::sum);
                for (String u : e.unsupported()) notRun.merge(u.replaceAll(" \\(.*", ""), 1, Integer::sum);
                continue;
            } catch (IOException e) {
                skipped.merge(reason(e.getMessage()), 1, Integer::sum);
                continue;
            }
            String outcome = runCase(c, model);
            if (outcome == null) {
                passed++;
                passedNames.add(name);
            } else if (outcome.startsWith("skip: ")) {
                skipped.merge(outcome.substring(6), 1, Integer::sum);
            } else {
                failed.put(name, outcome);
            }
        }
        StringBuilder report = new StringBuilder();
        int skips = skipped.values().stream().mapToInt(Integer::intValue).sum();
        report.append(cases.size()).append(" cases in ").append(DATA).append(": ").append(passed).append(" passed, ").append(failed.size())
                .append(" failed, ").append(skips).append(" skipped ").append(skipped).append('\n');
        report.append("operators not run (cases): ").append(notRun).append('\n');
        failed.forEach((k, v) -> report.append("FAILED ").append(k).append(": ").append(v).append('\n'));
        report.append("passed: ").append(String.join(" ", passedNames)).append('\n');
        Files.createDirectories(Path.of("cochlea-onnx/target"));
        Files.writeString(Path.of("cochlea-onnx/target/onnx-backend-node.txt"), report);
        System.out.println(report.toString().lines().limit(60).reduce("", (a, b) -> a + b + "\n"));
        assertTrue(cases.size() > 500, "the test data holds the node tests (found " + cases.size() + ")");
        assertTrue(failed.isEmpty(), failed.size() + " backend node tests failed:\n" + String.join("\n", failed.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
    }

    private static String reason(String message) {
        if (message.contains("element type")) return "element type not read";
        if (message.contains("opset")) return "opset: " + message.replaceAll("^.*opset", "opset");
        return "load: " + message.replaceAll("^.*?: ", "").replaceAll("'[^']*'", "'…'");
    }

    /** Null when every data set of the case passes; "skip: why" or the failure otherwise. */
    private static String runCase(Path c, OnnxModel model) throws IOException {
        List<Path> sets;
        try (Stream<Path> s = Files.list(c)) {
            sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        if (sets.isEmpty()) return "skip: no data";
        for (Path set : sets) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            List<Tensor> expected = new ArrayList<>();
            try {
                for (int i = 0; i < model.inputs().size(); i++) {
                    Path f = set.resolve("input_" + i + ".pb");
                    if (!Files.exists(f)) return "skip: optional input left out";
                    inputs.put(model.inputs().get(i).name(), read(f));
                }
                for (int i = 0; i < model.outputs().size(); i++) expected.add(read(set.resolve("output_" + i + ".pb")));
            } catch (IOException e) {
                return "skip: " + (e.getMessage().contains("element type") ? "element type not read" : "data: " + e.getMessage());
            }
            Map<String, Tensor> got;
            try {
                got = model.run(inputs);
            } catch (UnsupportedOperationException e) {
                return "skip: refused when run (" + e.getMessage().replaceAll("^.*\\): ", "") + ")";
            } catch (RuntimeException e) {
                return set.getFileName() + ": " + e;
            }
            int k = 0;
            for (Tensor y : got.values()) {
                String diff = compare(expected.get(k), y);
                if (diff != null) return set.getFileName() + " output " + k + ": " + diff;
                k++;
            }
        }
        return null;
    }

    private static Tensor read(Path pb) throws IOException {
        try (InputStream in = Files.newInputStream(pb)) {
            return OnnxTensors.read(OnnxProto.TensorProto.parseFrom(in), pb.getParent());
        }
    }

    private static String compare(Tensor want, Tensor got) {
        if (want.numel() != got.numel() || !java.util.Arrays.equals(want.shape(), got.shape()) && want.numel() != 1) {
            return "shape " + java.util.Arrays.toString(got.shape()) + ", expected " + java.util.Arrays.toString(want.shape());
        }
        if (want.dtype() == dev.cochlea.tensor.DType.INT64 && got.dtype() == dev.cochlea.tensor.DType.INT64) {
            long[] a = want.toLongArray(), b = got.toLongArray();
            for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return "element " + i + " is " + b[i] + ", expected " + a[i];
            return null;
        }
        float[] a = want.toFloat().toFloatArray(), b = got.toFloat().toFloatArray();
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) && Float.isNaN(b[i]) || a[i] == b[i]) continue;
            if (!(Math.abs(a[i] - b[i]) <= 1e-7 + 1e-3 * Math.abs(a[i]))) return "element " + i + " is " + b[i] + ", expected " + a[i];
        }
        return null;
    }
}
