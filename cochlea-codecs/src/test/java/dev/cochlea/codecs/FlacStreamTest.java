package dev.cochlea.codecs;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parts of the FLAC reader the reference comparison cannot see: the SEEKTABLE, the header scan. */
class FlacStreamTest {
    @Test
    void aRangeStartsAtTheSeekPointBeforeIt() throws IOException {
        // flac -S 4x on 2,646 samples in blocks of 576: seek points at 0, 576, 1152, 1728 (frame starts at or before 0, 661, 1323, 1984).
        try (FlacStream s = FlacStream.open(CodecReferences.path("flac_44k_mono24_seektable.flac"))) {
            assertEquals(576, s.seekBefore(882));
            assertEquals(1728, s.seekBefore(2000));
            assertEquals(0, s.seekBefore(100));
        }
        try (FlacStream s = FlacStream.open(CodecReferences.path("flac_crafted16.flac"))) {
            assertEquals(0, s.seekBefore(2000), "no SEEKTABLE: decode from the first frame");
        }
    }

    @Test
    void rangesReadTheSameWithAndWithoutTheSeekTable() throws IOException {
        var file = CodecReferences.path("flac_44k_mono24_seektable.flac");
        float[] whole = Audio.read(file).waveform().toFloatArray();
        for (int start : new int[] {0, 575, 576, 577, 1151, 1999, 2600}) {
            AudioData part = Audio.read(file, start, 40);
            float[] want = java.util.Arrays.copyOfRange(whole, start, Math.min(whole.length, start + 40));
            assertArrayEquals(want, part.waveform().toFloatArray(), 0f, "frames from " + start);
        }
        assertEquals(0, Audio.read(file, 1_000_000, 10).frames(), "an offset past the end reads nothing");
    }

    @Test
    void anUnknownLengthIsCountedFromTheFrameHeaders() throws IOException {
        try (FlacStream s = FlacStream.open(CodecReferences.path("flac_8k_unknown_length.flac"))) {
            assertEquals(0, s.info().totalSamples());
            assertEquals(2400, s.countSamples());
        }
        assertEquals(2400, Audio.info(CodecReferences.path("flac_8k_unknown_length.flac")).frames());
    }
}
