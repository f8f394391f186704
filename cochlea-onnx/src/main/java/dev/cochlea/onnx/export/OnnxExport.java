package dev.cochlea.onnx.export;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.io.AtomicFiles;
import dev.cochlea.nn.Module;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import dev.cochlea.onnx.OnnxClassifier;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.RunConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Cochlea model as an ONNX file (opset {@value #OPSET}, IR version {@value #IR_VERSION},
 * producer {@value #PRODUCER}) in inference form: one float32 input {@value #INPUT} of shape
 * {@code [batch, ...example]} whose first dimension is the dynamic {@value #BATCH}, one output
 * {@value #OUTPUT} of shape {@code [batch, ...]}; the weights as float32 initializers named by
 * their state-dict keys (the recurrent layers', which ONNX wants reordered and stacked, as
 * {@code <layer>.W_l0}, {@code .R_l0}, {@code .B_l0}); batch norm with its running statistics,
 * dropout left out; and the caller's metadata properties (labels, feature settings).
 *
 * <p>Every layer of {@code Models} exports, and so does every built-in model; another layer type
 * is an {@link UnsupportedLayerException} naming its path in the model. The model runs once on a
 * zero example batch, in evaluation mode and without gradients (its training flags are restored
 * afterwards), for the sizes the graph needs. The file is written next to its destination and
 * renamed into place, so no half-written model is ever seen; an existing file is kept unless
 * {@link #overwrite(boolean)} allows replacing it.
 *
 * <pre>{@code
 * Module model = Models.create("bcresnet-1", new int[] {1, 40, 32}, 12);
 * OnnxExport.of(model, 1, 40, 32)                                    // one example: [1, 40, 32]
 *         .metadata(Map.of("labels", "yes,no,up,down", "n_mels", "40"))
 *         .write(Path.of("kws.onnx"));                                // input features: [batch, 1, 40, 32]
 * OnnxModel.read(Path.of("kws.onnx")).run(Map.of("features", x)).get("logits");
 * }</pre>
 */
public final class OnnxExport {
    /** The default domain's operator set version written. */
    public static final int OPSET = 17;
    /** The ONNX IR version written. */
    public static final long IR_VERSION = 8;
    /** The producer name written. */
    public static final String PRODUCER = "cochlea";
    /** The graph input's name. */
    public static final String INPUT = "features";
    /** The graph output's name. */
    public static final String OUTPUT = "logits";
    /** The symbolic name of the input's and output's first dimension. */
    public static final String BATCH = "batch";
    /** The batch size of the example the model runs on during export (any size works in the file). */
    static final int EXAMPLE_BATCH = 2;

    private final Module model;
    private final int[] example;
    private final Map<String, String> metadata;
    private final boolean overwrite;

    private OnnxExport(Module model, int[] example, Map<String, String> metadata, boolean overwrite) {
        this.model = model;
        this.example = example;
        this.metadata = metadata;
        this.overwrite = overwrite;
    }

    /** An export of {@code model} for inputs of one example's shape {@code exampleShape} (without the batch: {@code 1, 40, 32}). */
    public static OnnxExport of(Module model, int... exampleShape) {
        if (model == null) throw new IllegalArgumentException("OnnxExport: the model is null");
        if (exampleShape == null || exampleShape.length == 0) {
            throw new IllegalArgumentException("OnnxExport: give the shape of one example without the batch, e.g. 1, 40, 32");
        }
        for (int d : exampleShape) {
            if (d <= 0) throw new IllegalArgumentException("OnnxExport: example shape " + Arrays.toString(exampleShape) + " has a size below 1");
        }
        return new OnnxExport(model, exampleShape.clone(), Map.of(), false);
    }

    /**
     * An export of a trained run's classifier, its configuration kept in the metadata so the file
     * labels recordings on its own ({@code ./cochlea predict model.onnx clip.wav}): the run's
     * config.json under {@value OnnxClassifier#CONFIG_KEY}, and for other tools {@code labels} (a JSON
     * array), {@code sample_rate}, {@code input_shape}, {@code model} and {@code cochlea_version}.
     *
     * <pre>{@code
     * OnnxExport.of(Classifier.load(Path.of("runs/fsdd"))).write(Path.of("fsdd.onnx"));
     * }</pre>
     */
    public static OnnxExport of(Classifier classifier) {
        RunConfig cfg = classifier.config();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", cfg.model());
        meta.put("labels", labelsJson(cfg.classes()));
        meta.put("sample_rate", Integer.toString(cfg.features().sampleRate()));
        meta.put("input_shape", Arrays.toString(cfg.features().inputShape()));
        meta.put("cochlea_version", cfg.cochleaVersion());
        meta.put(OnnxClassifier.CONFIG_KEY, cfg.toJson());
        return of(classifier.model(), cfg.features().inputShape()).metadata(meta);
    }

    private static String labelsJson(List<String> labels) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(labels);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("labels as JSON: " + e.getMessage(), e);
        }
    }

    /** This export with {@code properties} as the model's metadata (keys non-empty, nothing null), in their iteration order. */
    public OnnxExport metadata(Map<String, String> properties) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("OnnxExport: metadata keys must be non-empty and values non-null, found "
                        + e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return new OnnxExport(model, example, Collections.unmodifiableMap(copy), overwrite);
    }

    /** This export replacing an existing file ({@code true}) or refusing to (the default). */
    public OnnxExport overwrite(boolean replace) {
        return new OnnxExport(model, example, metadata, replace);
    }

    /** Writes the model to {@code file} (renamed into place once complete); returns {@code file}. */
    public Path write(Path file) throws IOException {
        if (!overwrite && java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing file (overwrite not asked for)");
        }
        OnnxProto.ModelProto proto = toModel();
        AtomicFiles.write(file, overwrite, ch -> {
            java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
            proto.writeTo(out);
            out.flush();
        });
        return file;
    }

    /** The ONNX model, not written anywhere. */
    public OnnxProto.ModelProto toModel() {
        List<Module> modules = model.modules();
        List<Boolean> training = new ArrayList<>(modules.size());
        for (Module m : modules) training.add(m.isTraining());
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return build();
        } finally {
            for (int i = 0; i < modules.size(); i++) modules.get(i).train(training.get(i));
        }
    }

    private OnnxProto.ModelProto build() {
        int[] batchShape = new int[example.length + 1];
        batchShape[0] = EXAMPLE_BATCH;
        System.arraycopy(example, 0, batchShape, 1, example.length);
        String type = model.getClass().getSimpleName();
        int[] expected;
        try {
            expected = model.call(Tensor.zeros(batchShape)).shape();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("OnnxExport: " + type + " does not run on a batch of examples of shape "
                    + Arrays.toString(example) + ": " + e.getMessage(), e);
        }
        if (expected.length == 0 || expected[0] != EXAMPLE_BATCH) {
            throw new IllegalArgumentException("OnnxExport: " + type + " gives outputs of shape " + Arrays.toString(expected) + " for a batch of "
                    + EXAMPLE_BATCH + "; the output's first dimension must be the batch");
        }
        Map<Tensor, String> names = new IdentityHashMap<>();
        model.namedBuffers().forEach((k, t) -> names.putIfAbsent(t, k));
        model.namedParameters().forEach((k, t) -> names.putIfAbsent(t, k));
        ExportGraph graph = new ExportGraph(names, INPUT, OUTPUT);
        Value in = graph.input(INPUT, batchShape);
        Value out = LayerEmitters.emit(model, in, new ExportScope(graph, "", model));
        if (!Arrays.equals(out.shape(), expected)) {
            throw new IllegalStateException("OnnxExport: the graph emitted for " + type + " gives shape " + Arrays.toString(out.shape())
                    + " where the model gives " + Arrays.toString(expected) + " (an emitter does not match its layer)");
        }
        if (!graph.produced(out)) out = graph.node("", "Identity").in(out.name()).output(out.shape());   // a model that returns its input
        graph.rename(out, OUTPUT);
        if (graph.weightBytes() > dev.cochlea.onnx.OnnxInfo.MAX_BYTES - (64L << 20)) {
            throw new IllegalArgumentException("OnnxExport: " + type + " has " + graph.weightBytes() + " bytes of weights, more than an ONNX "
                    + "file holds without external data files (not written by Cochlea)");
        }
        OnnxProto.GraphProto.Builder g = OnnxProto.GraphProto.newBuilder().setName(type)
                .addInput(valueInfo(INPUT, batchShape)).addOutput(valueInfo(OUTPUT, expected));
        graph.into(g);
        OnnxProto.ModelProto.Builder m = OnnxProto.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(PRODUCER)
                .setDocString(type + " exported by Cochlea for inputs [batch, " + join(example) + "]")
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxProto.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** A float32 tensor value with the batch as its symbolic first dimension. */
    private static OnnxProto.ValueInfoProto valueInfo(String name, int[] shape) {
        OnnxProto.TensorShapeProto.Builder s = OnnxProto.TensorShapeProto.newBuilder();
        s.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d = 1; d < shape.length; d++) s.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(shape[d]));
        return OnnxProto.ValueInfoProto.newBuilder().setName(name).setType(OnnxProto.TypeProto.newBuilder()
                .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder().setElemType(OnnxProto.TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
        return sb.toString();
    }
}
