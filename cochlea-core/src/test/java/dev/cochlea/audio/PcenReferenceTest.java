package dev.cochlea.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pcen} against {@code src/test/resources/reference/pcen.json}, written by
 * {@code reference/make_pcen_reference.py} (librosa.pcen's formula in numpy/scipy, float64).
 * Fails when the reference file is missing.
 */
class PcenReferenceTest {
    private static JsonNode reference() throws Exception {
        try (InputStream in = ReferenceFiles.open("pcen.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void matchesTheLibrosaFormulaOnEveryCase() throws Exception {
        JsonNode ref = reference();
        JsonNode inRows = ref.get("input");
        int mels = inRows.size(), time = inRows.get(0).size();
        float[] input = new float[mels * time];
        for (int m = 0; m < mels; m++) for (int t = 0; t < time; t++) input[m * time + t] = (float) inRows.get(m).get(t).asDouble();
        int cases = 0;
        for (JsonNode c : ref.get("cases")) {
            JsonNode p = c.get("params");
            Pcen.Options b = Pcen.options().inputScale(p.get("input_scale").asDouble());
            if (p.has("sr")) b = b.sampleRate(p.get("sr").asInt());
            if (p.has("hop_length")) b = b.hopLength(p.get("hop_length").asInt());
            if (p.has("gain")) b = b.gain(p.get("gain").asDouble());
            if (p.has("bias")) b = b.bias(p.get("bias").asDouble());
            if (p.has("power")) b = b.power(p.get("power").asDouble());
            if (p.has("time_constant")) b = b.timeConstant(p.get("time_constant").asDouble());
            if (p.has("b")) b = b.b(p.get("b").asDouble());
            float[] out = new Pcen(b).forward(Tensor.of(input.clone(), 1, mels, time)).toFloatArray();
            JsonNode expRows = c.get("output");
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < time; t++) {
                    double e = expRows.get(m).get(t).asDouble();
                    double a = out[m * time + t];
                    assertEquals(e, a, 1e-6 + 1e-5 * Math.abs(e), c.get("name").asText() + " [" + m + ", " + t + "]");
                }
            }
            cases++;
        }
        assertEquals(6, cases);
    }

    @Test
    void defaultsAreLibrosasAndNegativeInputIsRejected() {
        Pcen p = new Pcen();
        double t = 0.4 * 22050 / 512;
        assertEquals((Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t), p.b(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.forward(Tensor.of(new float[] {1f, -1f}, 1, 2)));
        assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pcen(Pcen.options().hopLength(0)));
    }
}
