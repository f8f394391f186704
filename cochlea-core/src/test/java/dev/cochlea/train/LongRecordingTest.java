package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model reads only what it can use of a recording (issue #13 B2): memory follows the clip, not the
 * file; and only samples that make features (found by dev.cochlea.fuzz.FeaturesFuzzTest).
 */
class LongRecordingTest {
    @Test
    void aLongRecordingIsReadOnlyAsFarAsAModelUsesIt(@TempDir Path dir) throws IOException {
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.defaults());   // 8 kHz, 1 s clips
        Path shortFile = dir.resolve("short.wav");
        Tensor two = Tensor.randn(1, 16000).mul(0.1f);
        Wav.write16(shortFile, two, 8000);
        assertEquals(16000, fx.read(shortFile).frames());
        assertArrayEquals(Wav.read(shortFile).waveform().toFloatArray(), fx.read(shortFile).waveform().toFloatArray(), 0f);

        // A sparse file declaring 3 hours of 48 kHz audio: only the first 30 s (+ a resampling margin) are read.
        Path huge = dir.resolve("huge.wav");
        Wav.write16(huge, Tensor.randn(1, 48000).mul(0.1f), 48000);
        long frames = 3L * 3600 * 48000;
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(44 + frames * 2);
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            f.seek(4);
            f.write(b.putInt(0, (int) (36 + frames * 2)).array());
            f.seek(40);
            f.write(b.putInt(0, (int) (frames * 2)).array());
        }
        assertEquals(frames, Wav.info(huge).frames());
        AudioData head = fx.read(huge);
        assertEquals(30 * 48000 + 64, head.frames());
        assertEquals(48000, head.sampleRate());
    }

    @Test
    void aFloatRecordingWithNaNAnInfinityOrHugeSamplesIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.defaults());
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY, 1e30f, 1.1e6f}) {
            Path f = dir.resolve("bad.wav");
            Wav.writeFloat(f, Tensor.wrap(new float[] {0.1f, bad, -0.1f}, 1, 3), 8000);
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> fx.read(f));
            assertTrue(e.getMessage().startsWith(f + ": sample 1 of channel 0 is "), e.getMessage());
        }
        Path loud = dir.resolve("loud.wav");   // unnormalised int16-scale floats are a recording
        Wav.writeFloat(loud, Tensor.wrap(new float[] {32767f, -32768f}, 1, 2), 8000);
        assertEquals(2, fx.read(loud).frames());
    }
}
