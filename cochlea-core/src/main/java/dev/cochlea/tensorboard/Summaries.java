package dev.cochlea.tensorboard;

import com.google.protobuf.ByteString;
import dev.cochlea.tensorboard.proto.DataType;
import dev.cochlea.tensorboard.proto.HistogramProto;
import dev.cochlea.tensorboard.proto.Summary;
import dev.cochlea.tensorboard.proto.SummaryMetadata;
import dev.cochlea.tensorboard.proto.TensorProto;
import dev.cochlea.tensorboard.proto.TensorShapeProto;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the {@link Summary} messages behind each {@link SummaryWriter} method, in the form
 * PyTorch's {@code torch.utils.tensorboard.summary} produces (so TensorBoard shows them the same).
 *
 * <pre>{@code
 * Summary s = Summaries.scalar("loss", 0.25f);
 * }</pre>
 */
public final class Summaries {
    private static final double[] DEFAULT_BUCKETS = defaultBuckets();

    private Summaries() {}

    /** A scalar value. */
    public static Summary scalar(String tag, float value) {
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value)).build();
    }

    /** A PNG-encoded image. */
    public static Summary image(String tag, BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) throw new IOException("no PNG writer available");
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot encode image '" + tag + "' as PNG: " + e.getMessage(), e);
        }
        int channels = image.getColorModel().getNumComponents();
        Summary.Image img = Summary.Image.newBuilder()
                .setHeight(image.getHeight()).setWidth(image.getWidth()).setColorspace(channels)
                .setEncodedImageString(ByteString.copyFrom(png.toByteArray())).build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setImage(img)).build();
    }

    /** A mono or multi-channel clip as 16-bit PCM WAV; {@code samples[channel][frame]} in [-1, 1]. */
    public static Summary audio(String tag, float[][] samples, float sampleRate) {
        int channels = samples.length;
        int frames = channels == 0 ? 0 : samples[0].length;
        ByteBuffer wav = ByteBuffer.allocate(44 + frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * channels * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt((int) sampleRate).putInt((int) sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * channels * 2);
        for (int f = 0; f < frames; f++) {
            for (float[] ch : samples) {
                float x = Math.max(-1f, Math.min(1f, ch[f]));
                wav.putShort((short) Math.round(x * 32767f));
            }
        }
        Summary.Audio audio = Summary.Audio.newBuilder().setSampleRate(sampleRate).setNumChannels(channels)
                .setLengthFrames(frames).setEncodedAudioString(ByteString.copyFrom(wav.array()))
                .setContentType("audio/wav").build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setAudio(audio)).build();
    }

    /** Text (rendered as Markdown by TensorBoard's text plugin). */
    public static Summary text(String tag, String text) {
        SummaryMetadata meta = SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("text")).build();
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
                .addStringVal(ByteString.copyFromUtf8(text)).build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder()
                .setTag(tag + "/text_summary").setMetadata(meta).setTensor(tensor)).build();
    }

    /**
     * A histogram over TensorFlow's default exponential buckets (±1e-12·1.1^k), trimmed to the
     * occupied range, as PyTorch's {@code add_histogram(bins="tensorflow")}.
     */
    public static Summary histogram(String tag, float[] values) {
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setHisto(histogramProto(values))).build();
    }

    static HistogramProto histogramProto(float[] values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSq = 0;
        long[] counts = new long[DEFAULT_BUCKETS.length + 1];
        int n = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            n++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSq += (double) v * v;
            int idx = Arrays.binarySearch(DEFAULT_BUCKETS, v);
            counts[idx >= 0 ? idx : -idx - 1]++;
        }
        HistogramProto.Builder h = HistogramProto.newBuilder().setNum(n).setSum(sum).setSumSquares(sumSq);
        if (n == 0) return h.setMin(0).setMax(0).build();
        h.setMin(min).setMax(max);
        int first = 0, last = counts.length - 1;
        while (counts[first] == 0) first++;
        while (counts[last] == 0) last--;
        for (int i = first; i <= last; i++) {
            h.addBucketLimit(i < DEFAULT_BUCKETS.length ? DEFAULT_BUCKETS[i] : Double.MAX_VALUE);
            h.addBucket(counts[i]);
        }
        return h.build();
    }

    private static double[] defaultBuckets() {
        java.util.List<Double> pos = new java.util.ArrayList<>();
        for (double v = 1e-12; v < 1e20; v *= 1.1) pos.add(v);
        double[] b = new double[pos.size() * 2 + 1];
        for (int i = 0; i < pos.size(); i++) {
            b[pos.size() - 1 - i] = -pos.get(i);
            b[pos.size() + 1 + i] = pos.get(i);
        }
        return b;
    }

    /** A summary value carrying another plugin's serialized data (used for hparams). */
    static Summary pluginValue(String tag, String plugin, byte[] content) {
        SummaryMetadata meta = SummaryMetadata.newBuilder().setPluginData(
                SummaryMetadata.PluginData.newBuilder().setPluginName(plugin).setContent(ByteString.copyFrom(content))).build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(meta)).build();
    }
}
