package dev.cochlea.onnx.export;

import dev.cochlea.onnx.OnnxInfo;
import dev.cochlea.onnx.OnnxModel;

import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cochlea models exported to ONNX and read back with {@link OnnxModel} give the model's own outputs
 * (evaluation mode) within 1e-5 relative, on a batch of 3 and a batch of 1: every built-in model,
 * two ensembles, the shapes that take the uneven paths, and stacks of the other exportable layers
 * ({@link ExportCases}, whose files {@code OnnxExportOrtTest} runs in ONNX Runtime). Also: the
 * file's declarations, metadata, refusing to overwrite, and the errors for what does not export.
 */
class OnnxExportTest {
    @TestFactory
    Stream<DynamicTest> everyModelReadBackGivesItsOwnOutputs() {
        return ExportCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path file = ExportCases.write(c);
            Module model = ExportCases.build(c);
            OnnxModel onnx = OnnxModel.read(file);
            for (int n : new int[] {3, 1}) {
                Tensor x = ExportCases.features(c, n, 11 + n);
                Tensor want = ExportCases.outputs(model, x);
                Tensor got = onnx.run(Map.of(OnnxExport.INPUT, x)).get(OnnxExport.OUTPUT);
                float scale = want.abs().max().item(), diff = want.sub(got).abs().max().item();
                float spread = want.sub(want.narrow(0, 0, 1)).abs().max().item();
                System.out.printf("onnx export %-28s batch %d: max |difference| %.3g, outputs up to %.3g, spread over examples %.3g%n",
                        c.name(), n, diff, scale, spread);
                // outputs that hardly depend on the input would prove little: they must vary 100 times the tolerance
                if (n > 1) assertTrue(spread > 1e-3f * scale, c.name() + ": outputs vary by " + spread + " between examples");
                dev.cochlea.onnx.PyTorchExportsTest.assertClose(want, got, 1e-5f, c.name() + ", batch of " + n);
            }
            assertTopologicallySorted(OnnxProto.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph());
            OnnxInfo info = onnx.info();
            assertEquals(OnnxExport.IR_VERSION, info.irVersion());
            assertEquals(OnnxExport.PRODUCER, info.producer());
            assertEquals(Map.of("", (long) OnnxExport.OPSET), info.opsets());
            List<String> dims = new ArrayList<>(List.of("batch"));
            for (int d : c.example()) dims.add(Integer.toString(d));
            assertEquals(List.of(new OnnxInfo.Value("features", "float32", dims)), info.inputs());
            assertEquals(List.of(new OnnxInfo.Value("logits", "float32", List.of("batch", "10"))), info.outputs());
            assertEquals(Map.of("model", c.model()), onnx.metadata());
            assertFalse(info.operators().containsKey("Dropout"), "no dropout in inference form");
        }));
    }

    /** Every node reads only the input, weights and outputs of nodes before it (the ONNX checker's rule). */
    static void assertTopologicallySorted(OnnxProto.GraphProto g) {
        Set<String> known = new java.util.HashSet<>();
        g.getInputList().forEach(v -> known.add(v.getName()));
        g.getInitializerList().forEach(t -> known.add(t.getName()));
        for (OnnxProto.NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) assertTrue(in.isEmpty() || known.contains(in), "node " + n.getName() + " reads " + in + " before it is made");
            known.addAll(n.getOutputList());
        }
        g.getOutputList().forEach(v -> assertTrue(known.contains(v.getName()), "output " + v.getName()));
    }

    @Test
    void weightsAreInitializersNamedByTheStateDict() {
        for (String name : List.of("cnn", "bcresnet-1", "tcresnet8", "tdnn")) {
            Module m = Models.create(name, new int[] {1, 40, 32}, 10);
            OnnxProto.GraphProto g = OnnxExport.of(m, 1, 40, 32).toModel().getGraph();
            Set<String> want = new TreeSet<>(m.stateDict().keySet());
            want.removeIf(k -> k.endsWith("num_batches_tracked"));
            Set<String> got = new TreeSet<>();
            for (OnnxProto.TensorProto t : g.getInitializerList()) {
                got.add(t.getName());
                assertEquals(OnnxProto.TensorProto.DataType.FLOAT_VALUE, t.getDataType(), t.getName());
                assertEquals(4L * m.stateDict().get(t.getName()).numel(), t.getRawData().size(), t.getName() + ": raw float32 data");
            }
            assertEquals(want, got, name);
        }
        Module lstm = Models.create("lstm", new int[] {1, 40, 32}, 10);
        Set<String> got = new TreeSet<>();
        for (OnnxProto.TensorProto t : OnnxExport.of(lstm, 1, 40, 32).toModel().getGraph().getInitializerList()) got.add(t.getName());
        assertEquals(new TreeSet<>(List.of("lstm.W_l0", "lstm.R_l0", "lstm.B_l0", "lstm.W_l1", "lstm.R_l1", "lstm.B_l1", "classifier.weight",
                "classifier.bias")), got, "the LSTM's weights in ONNX's layout under names of their own");
    }

    @Test
    void metadataRoundTripsInOrder(@TempDir Path dir) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("labels", "yes,no,up,down,_unknown_,_silence_");
        meta.put("sample_rate", "16000");
        meta.put("n_mels", "40");
        meta.put("note", "ünïcödé, \"quoted\", new\nline");
        Path file = OnnxExport.of(Models.create("mlp", new int[] {1, 40, 32}, 10), 1, 40, 32).metadata(meta).write(dir.resolve("m.onnx"));
        OnnxModel m = OnnxModel.read(file);
        assertEquals(meta, m.metadata());
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(m.metadata().keySet()), "in the caller's order");
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.of(new Linear(2, 2), 2).metadata(Map.of("", "x")));
    }

    @Test
    void anExistingFileIsKeptUnlessOverwriteIsAsked(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("model.onnx"), "precious");
        OnnxExport export = OnnxExport.of(Models.create("mlp", new int[] {1, 40, 32}, 10), 1, 40, 32);
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> export.write(file));
        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertEquals("precious", Files.readString(file));
        export.overwrite(true).write(file);
        assertEquals(List.of("batch", "10"), OnnxModel.read(file).outputs().get(0).shape(), "replaced by the model");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
        Path fresh = export.write(dir.resolve("new.onnx"));
        assertTrue(Files.size(fresh) > 0);
        assertThrows(IOException.class, () -> export.write(dir.resolve("missing-folder/x.onnx")));
    }

    /** A layer Cochlea cannot export. */
    static final class Mystery extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.mul(2f);
        }
    }

    @Test
    void aLayerWithoutAnEmitterIsNamedByItsPath() {
        Module net = new Sequential(new Conv2d(1, 4, 3), new ReLU(), new Sequential(new BatchNorm2d(4), new Mystery()), new Flatten(),
                new Linear(4 * 38 * 30, 10));
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> OnnxExport.of(net, 1, 40, 32).toModel());
        assertTrue(e.getMessage().startsWith("cannot export layer '2.1' (Mystery): there is no ONNX emitter for this layer type"),
                e.getMessage());
        assertEquals("2.1", e.path());
        assertEquals("Mystery", e.layerType());
        assertTrue(e.getMessage().contains("BcResNet") && e.getMessage().contains("Conv2d"), "lists what exports: " + e.getMessage());

        UnsupportedLayerException root = assertThrows(UnsupportedLayerException.class, () -> OnnxExport.of(new Mystery(), 3).toModel());
        assertTrue(root.getMessage().startsWith("cannot export the model (Mystery): "), root.getMessage());

        Module noStats = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2, 1e-5, 0.1, true, false));
        UnsupportedLayerException bn = assertThrows(UnsupportedLayerException.class, () -> OnnxExport.of(noStats, 1, 8, 8).toModel());
        assertTrue(bn.getMessage().startsWith("cannot export layer '1' (BatchNorm2d): it keeps no running statistics"), bn.getMessage());

        Module batchFlat = new Sequential(new Flatten(0, 1), new Linear(8, 3));     // [N, 1, 8, 8] -> [N, 8, 8] -> [N, 8, 3]
        UnsupportedLayerException flat = assertThrows(UnsupportedLayerException.class, () -> OnnxExport.of(batchFlat, 1, 8, 8).toModel());
        assertTrue(flat.getMessage().startsWith("cannot export layer '0' (Flatten): it flattens the batch dimension"), flat.getMessage());

        IllegalArgumentException pooled = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.of(new Sequential(new Flatten(0, -1)), 3).toModel());
        assertTrue(pooled.getMessage().contains("the output's first dimension must be the batch"), pooled.getMessage());
    }

    @Test
    void exportLeavesTheModelAsItWas() {
        Module m = Models.create("bcresnet-1", new int[] {1, 40, 32}, 10);
        m.train();
        m.getModule("classifier").eval();
        Map<String, String> before = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> before.put(k, values(v)));
        OnnxExport.of(m, 1, 40, 32).toModel();
        assertTrue(m.isTraining() && m.getModule("cnn_head").isTraining(), "training flags restored");
        assertFalse(m.getModule("classifier").isTraining() || m.getModule("classifier").getModule("0").isTraining());
        m.stateDict().forEach((k, v) -> assertEquals(before.get(k), values(v), k));
    }

    private static String values(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Arrays.toString(t.toFloatArray()) : Arrays.toString(t.toLongArray());
    }

    @Test
    void anInputTheModelDoesNotTakeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.of(Models.create("tdnn", new int[] {1, 40, 32}, 10), 1, 20, 32).toModel());
        assertTrue(e.getMessage().startsWith("OnnxExport: Tdnn does not run on a batch of examples of shape [1, 20, 32]"), e.getMessage());
    }
}
