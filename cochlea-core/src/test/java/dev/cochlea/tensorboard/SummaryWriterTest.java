package dev.cochlea.tensorboard;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.tensorboard.proto.Event;
import dev.cochlea.tensorboard.proto.HParamsPluginData;
import dev.cochlea.tensorboard.proto.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Reads the event files back with a parser written here from the TFRecord spec, checking every CRC. */
class SummaryWriterTest {

    /** Reference CRC-32C (Castagnoli, reflected 0x82F63B78), bit by bit, independent of java.util.zip. */
    static int crc32c(byte[] b, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
        }
        return ~crc;
    }

    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    static List<Event> readEvents(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (buf.remaining() > 0) {
            int start = buf.position();
            long len = buf.getLong();
            assertEquals(masked(crc32c(all, start, 8)), buf.getInt(), "length CRC at " + start);
            int dataStart = buf.position();
            byte[] data = new byte[(int) len];
            buf.get(data);
            assertEquals(masked(crc32c(all, dataStart, (int) len)), buf.getInt(), "data CRC at " + dataStart);
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    static Path onlyEventFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertEquals(1, files.size(), "event files in " + dir);
            return files.get(0);
        }
    }

    @Test
    void maskedCrcMatchesTheReference() {
        byte[] data = "123456789".getBytes();
        assertEquals(0xE3069283, crc32c(data, 0, 9)); // the CRC-32C check value
        assertEquals(masked(crc32c(data, 0, 9)), RecordWriter.maskedCrc32c(data, 0, 9));
    }

    @Test
    void writesEveryKindOfSummary(@TempDir Path dir) throws IOException {
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            tb.addScalar("loss/train", 0.5, 1);
            tb.addScalar("loss/train", 0.25, 2);
            tb.addImage("image", Tensor.rand(new Generator(1), 3, 8, 10), 3);
            tb.addImages("batch", Tensor.rand(new Generator(2), 5, 1, 4, 4), 3);
            tb.addHistogram("weights", Tensor.randn(new Generator(3), 1000), 4);
            tb.addAudio("clip", Tensor.linspace(-1, 1, 800), 8000, 5);
            tb.addText("notes", "**hello**", 6);
            Map<String, Double> acc = new LinkedHashMap<>();
            acc.put("train", 0.9);
            acc.put("test", 0.8);
            tb.addScalars("accuracy", acc, 7);
            tb.addHparams(Map.of("lr", 0.01, "optimizer", "adam", "augment", true), Map.of("hparam/accuracy", 0.8), "hparams");
        }
        List<Event> events = readEvents(onlyEventFile(dir));
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        Summary.Value loss = events.get(2).getSummary().getValue(0);
        assertEquals("loss/train", loss.getTag());
        assertEquals(0.25f, loss.getSimpleValue());
        assertEquals(2, events.get(2).getStep());

        Summary.Image img = events.get(3).getSummary().getValue(0).getImage();
        assertEquals(8, img.getHeight());
        assertEquals(10, img.getWidth());
        assertEquals(10, ImageIO.read(new ByteArrayInputStream(img.getEncodedImageString().toByteArray())).getWidth());
        Summary.Image grid = events.get(4).getSummary().getValue(0).getImage();
        assertEquals(5 * (4 + 2) + 2, grid.getWidth());

        var histo = events.get(5).getSummary().getValue(0).getHisto();
        assertEquals(1000, histo.getNum());
        assertEquals(1000, histo.getBucketList().stream().mapToDouble(Double::doubleValue).sum());
        assertEquals(histo.getBucketCount(), histo.getBucketLimitCount());

        Summary.Audio audio = events.get(6).getSummary().getValue(0).getAudio();
        assertEquals(8000f, audio.getSampleRate());
        assertEquals(800, audio.getLengthFrames());
        assertEquals("audio/wav", audio.getContentType());
        assertEquals(44 + 1600, audio.getEncodedAudioString().size());

        Summary.Value text = events.get(7).getSummary().getValue(0);
        assertEquals("notes/text_summary", text.getTag());
        assertEquals("text", text.getMetadata().getPluginData().getPluginName());
        assertEquals("**hello**", text.getTensor().getStringVal(0).toStringUtf8());

        List<Event> test = readEvents(onlyEventFile(dir.resolve("accuracy_test")));
        assertEquals(0.8f, test.get(1).getSummary().getValue(0).getSimpleValue());
        assertEquals("accuracy", test.get(1).getSummary().getValue(0).getTag());

        List<Event> hp = readEvents(onlyEventFile(dir.resolve("hparams")));
        Summary.Value exp = hp.get(1).getSummary().getValue(0);
        assertEquals("_hparams_/experiment", exp.getTag());
        HParamsPluginData data = HParamsPluginData.parseFrom(exp.getMetadata().getPluginData().getContent());
        assertEquals(3, data.getExperiment().getHparamInfosCount());
        HParamsPluginData start = HParamsPluginData.parseFrom(hp.get(2).getSummary().getValue(0).getMetadata().getPluginData().getContent());
        assertEquals("adam", start.getSessionStartInfo().getHparamsMap().get("optimizer").getStringValue());
        assertEquals(0.8f, hp.get(4).getSummary().getValue(0).getSimpleValue());
    }

    @Test
    void badImagesAreExplained(@TempDir Path dir) {
        try (SummaryWriter tb = new SummaryWriter(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tb.addImage("x", Tensor.zeros(2, 4, 4), 0));
            assertTrue(e.getMessage().contains("[2, 4, 4]"), e.getMessage());
        }
    }
}
