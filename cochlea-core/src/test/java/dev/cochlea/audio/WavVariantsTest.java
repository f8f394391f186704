package dev.cochlea.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.testing.ReferenceFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Telephony WAV files (G.711 μ-law and A-law, mono and stereo) read as libsndfile reads them:
 * {@code soundfile.read(file, dtype='float32', always_2d=True)} on files made by sox, from
 * {@code reference/make_wav_reference.py}. Every sample must be equal.
 */
class WavVariantsTest {
    @TestFactory
    List<DynamicTest> g711EqualsLibsndfile() throws IOException {
        JsonNode ref;
        try (InputStream in = ReferenceFiles.open("wav/wav.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            String file = c.get("file").asText();
            tests.add(DynamicTest.dynamicTest(file + ": " + ref.get("call").asText(), () -> {
                AudioData a = Wav.read(ReferenceFiles.path("wav/" + file));
                assertEquals(c.get("rate").asInt(), a.sampleRate());
                assertEquals(c.get("frames").asInt(), a.frames());
                assertEquals(c.get("subtype").asText(), a.encoding().torchaudioName());
                float[] got = a.waveform().toFloatArray();
                JsonNode channels = c.get("samples");
                assertEquals(channels.size(), a.waveform().size(0));
                for (int ch = 0; ch < channels.size(); ch++) {
                    JsonNode want = channels.get(ch);
                    for (int i = 0; i < want.size(); i++) {
                        assertEquals((float) want.get(i).asDouble(), got[ch * a.frames() + i], 0f, file + " channel " + ch + " frame " + i);
                    }
                }
            }));
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void floatSamplesOutsideTheUnitRangeStayAsTheyAre(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path f = dir.resolve("loud.wav");
        Wav.writeFloat(f, dev.cochlea.tensor.Tensor.of(new float[] {1.5f, -2.25f, 0.5f}, 1, 3), 8000);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1.5f, -2.25f, 0.5f}, Wav.read(f).waveform().toFloatArray(), 0f);
    }
}
