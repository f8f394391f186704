package dev.cochlea.tensorboard;

import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ModuleGraph;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.vision.Images;
import dev.cochlea.tensorboard.proto.Experiment;
import dev.cochlea.tensorboard.proto.GraphDef;
import dev.cochlea.tensorboard.proto.HParamInfo;
import dev.cochlea.tensorboard.proto.HParamType;
import dev.cochlea.tensorboard.proto.HParamsPluginData;
import dev.cochlea.tensorboard.proto.MetricInfo;
import dev.cochlea.tensorboard.proto.MetricName;
import dev.cochlea.tensorboard.proto.SessionEndInfo;
import dev.cochlea.tensorboard.proto.SessionStartInfo;
import dev.cochlea.tensorboard.proto.SessionStatus;
import dev.cochlea.tensorboard.proto.Summary;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes TensorBoard logs, like PyTorch's {@code torch.utils.tensorboard.SummaryWriter}: scalars,
 * scalar groups, images and image grids, histograms, audio, text, hyper-parameters and model graphs, into
 * {@code events.out.tfevents.*} files under a log folder. View them with
 * {@code tensorboard --logdir runs}.
 *
 * <pre>{@code
 * try (SummaryWriter tb = new SummaryWriter(Path.of("runs/exp1"))) {
 *     for (int step = 0; step < 100; step++) tb.addScalar("loss/train", loss, step);
 *     tb.addImage("spectrogram", melImage, 0);               // [C, H, W] in [0, 1]
 *     tb.addHistogram("fc.weight", model.fc.weight, 0);
 *     tb.addGraph(model, Tensor.ones(1, 3, 32, 32));         // Graphs tab
 * }
 * }</pre>
 */
public final class SummaryWriter implements AutoCloseable {
    private final Path logDir;
    private final EventFileWriter writer;
    private final Map<String, EventFileWriter> children = new LinkedHashMap<>();

    /** A writer logging into {@code logDir} (created if missing; existing event files are kept). */
    public SummaryWriter(Path logDir) {
        this.logDir = logDir;
        this.writer = new EventFileWriter(logDir);
    }

    /** The log folder. */
    public Path logDir() {
        return logDir;
    }

    /** The event file this writer appends to. */
    public Path eventFile() {
        return writer.path();
    }

    private void add(Summary s, long step) {
        writer.addSummary(s, step, EventFileWriter.now());
    }

    /** A scalar at a step ({@code add_scalar}). */
    public void addScalar(String tag, double value, long step) {
        add(Summaries.scalar(tag, (float) value), step);
    }

    /**
     * Several scalars on one chart ({@code add_scalars}): each goes to its own run
     * {@code <logDir>/<mainTag>_<key>} under the tag {@code mainTag}.
     */
    public synchronized void addScalars(String mainTag, Map<String, ? extends Number> values, long step) {
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            String run = (mainTag + "_" + e.getKey()).replace('/', '_');
            EventFileWriter w = children.computeIfAbsent(run, r -> new EventFileWriter(logDir.resolve(r)));
            w.addSummary(Summaries.scalar(mainTag, e.getValue().floatValue()), step, EventFileWriter.now());
        }
    }

    /** An image ({@code add_image}). */
    public void addImage(String tag, BufferedImage image, long step) {
        add(Summaries.image(tag, image), step);
    }

    /** An image from a [C, H, W] (C = 1, 3 or 4) or [H, W] tensor with values in [0, 1]. */
    public void addImage(String tag, Tensor image, long step) {
        add(Summaries.image(tag, Images.toImage(image)), step);
    }

    /** A grid of images from an [N, C, H, W] tensor in [0, 1] ({@code add_images}, 8 per row). */
    public void addImages(String tag, Tensor images, long step) {
        add(Summaries.image(tag, Images.toImage(Images.grid(images, 8, 2))), step);
    }

    /** A histogram of a tensor's values ({@code add_histogram}). */
    public void addHistogram(String tag, Tensor values, long step) {
        add(Summaries.histogram(tag, values.detach().toFloatArray()), step);
    }

    /** A clip ({@code add_audio}): [samples] or [channels, samples] in [-1, 1]. */
    public void addAudio(String tag, Tensor waveform, int sampleRate, long step) {
        Tensor w = waveform.detach();
        if (w.dim() == 1) w = w.unsqueeze(0);
        if (w.dim() != 2) {
            throw new IllegalArgumentException("addAudio: expected [samples] or [channels, samples], found "
                    + java.util.Arrays.toString(waveform.shape()));
        }
        float[][] ch = new float[w.size(0)][];
        for (int c = 0; c < ch.length; c++) ch[c] = w.select(0, c).toFloatArray();
        add(Summaries.audio(tag, ch, sampleRate), step);
    }

    /** Text, shown as Markdown ({@code add_text}). */
    public void addText(String tag, String text, long step) {
        add(Summaries.text(tag, text), step);
    }

    /**
     * The model's graph for the Graphs tab ({@code add_graph}): one forward pass over
     * {@code exampleInputs} (one tensor per argument of {@code forward}, batch included) is traced
     * ({@link ModuleGraph#trace}: in evaluation mode, the model's state and the default generator
     * untouched) and written as a {@code GraphDef} in the form PyTorch writes: nodes scoped by module
     * ({@code Net/Conv2d[conv1]/conv2d}), the parameters each op reads, {@code input}/{@code output}
     * IO nodes and every node's output shape ({@link GraphDefs}).
     *
     * <pre>{@code
     * tb.addGraph(model, Tensor.ones(1, 3, 32, 32));
     * }</pre>
     *
     * @return the GraphDef written (to draw it with {@link GraphDot}, say)
     * @throws IllegalArgumentException when the model or an input is missing or the forward pass fails,
     *                                  naming the model, the input shapes and the cause
     */
    public GraphDef addGraph(Module model, Tensor... exampleInputs) {
        if (model == null) throw new IllegalArgumentException("addGraph: the model is null");
        ModuleGraph graph;
        try {
            graph = ModuleGraph.trace(model, exampleInputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("addGraph: " + e.getMessage(), e);
        }
        GraphDef def = GraphDefs.of(graph);
        writer.addGraph(def, EventFileWriter.now());
        return def;
    }

    /**
     * Hyper-parameters and the metrics they gave ({@code add_hparams}): written, as PyTorch does, to a
     * run of its own ({@code <logDir>/<runName>}) with the experiment, session start and end
     * records and one scalar per metric, so TensorBoard's HParams tab lists it.
     *
     * @param hparams values that are Numbers, Booleans or Strings
     */
    public synchronized void addHparams(Map<String, ?> hparams, Map<String, ? extends Number> metrics, String runName) {
        Experiment.Builder exp = Experiment.newBuilder();
        SessionStartInfo.Builder start = SessionStartInfo.newBuilder();
        for (Map.Entry<String, ?> e : hparams.entrySet()) {
            Object v = e.getValue();
            Value pv;
            HParamType type;
            if (v instanceof Number num) {
                pv = Value.newBuilder().setNumberValue(num.doubleValue()).build();
                type = HParamType.DATA_TYPE_FLOAT64;
            } else if (v instanceof Boolean b) {
                pv = Value.newBuilder().setBoolValue(b).build();
                type = HParamType.DATA_TYPE_BOOL;
            } else {
                pv = Value.newBuilder().setStringValue(String.valueOf(v)).build();
                type = HParamType.DATA_TYPE_STRING;
            }
            start.putHparams(e.getKey(), pv);
            exp.addHparamInfos(HParamInfo.newBuilder().setName(e.getKey()).setType(type)
                    .setDomainDiscrete(ListValue.newBuilder().addValues(pv)));
        }
        for (String m : metrics.keySet()) {
            exp.addMetricInfos(MetricInfo.newBuilder().setName(MetricName.newBuilder().setTag(m)));
        }
        EventFileWriter run = children.computeIfAbsent(runName, r -> new EventFileWriter(logDir.resolve(r)));
        double now = EventFileWriter.now();
        run.addSummary(Summaries.pluginValue("_hparams_/experiment", "hparams",
                HParamsPluginData.newBuilder().setVersion(0).setExperiment(exp).build().toByteArray()), 0, now);
        run.addSummary(Summaries.pluginValue("_hparams_/session_start_info", "hparams",
                HParamsPluginData.newBuilder().setVersion(0).setSessionStartInfo(start.setStartTimeSecs(now)).build().toByteArray()), 0, now);
        run.addSummary(Summaries.pluginValue("_hparams_/session_end_info", "hparams",
                HParamsPluginData.newBuilder().setVersion(0).setSessionEndInfo(SessionEndInfo.newBuilder()
                        .setStatus(SessionStatus.STATUS_SUCCESS).setEndTimeSecs(now)).build().toByteArray()), 0, now);
        for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
            run.addSummary(Summaries.scalar(e.getKey(), e.getValue().floatValue()), 0, now);
        }
        run.flush();
    }

    /** Pushes everything written so far to disk. */
    public synchronized void flush() {
        writer.flush();
        for (EventFileWriter w : children.values()) w.flush();
    }

    /** Flushes and closes the event files. */
    @Override
    public synchronized void close() {
        writer.close();
        for (EventFileWriter w : children.values()) w.close();
    }
}
