package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vocal-tract-length warp of {@link MelScale} and {@link MelSpectrogram}. */
class VtlpMelScaleTest {
    @Test
    void alphaOneIsExactlyTheUnwarpedBankAndOutput() {
        MelScale plain = new MelScale(MelScale.options().nMels(40).sampleRate(8000).nStft(129));
        MelScale one = new MelScale(MelScale.options().nMels(40).sampleRate(8000).nStft(129).vtlpWarp(1.0)
                .vtlpBoundaryHz(3000.0));
        assertArrayEquals(plain.fb().toFloatArray(), one.fb().toFloatArray());
        float[] wave = new float[8000];
        for (int i = 0; i < wave.length; i++) wave[i] = (float) Math.sin(0.3 * i) * (float) Math.cos(0.011 * i);
        MelSpectrogram a = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(8000).nMels(40));
        MelSpectrogram b = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(8000).nMels(40).vtlpWarp(1.0));
        assertArrayEquals(a.forward(Tensor.of(wave, 1, 8000)).toFloatArray(), b.forward(Tensor.of(wave, 1, 8000)).toFloatArray());
        assertEquals(plain.extraRepr(), one.extraRepr());
    }

    @Test
    void warpIsPiecewiseLinearAndKeepsNyquist() {
        for (double alpha : new double[] {0.9, 1.1}) {
            double knee = 2400 * Math.min(alpha, 1) / alpha;
            assertEquals(1000 * alpha, MelScale.vtlpWarp(1000, alpha, 2400, 4000), 1e-9);
            assertEquals(knee * alpha, MelScale.vtlpWarp(knee, alpha, 2400, 4000), 1e-9);
            assertEquals(4000, MelScale.vtlpWarp(4000, alpha, 2400, 4000), 1e-9);
            // continuous at the knee, monotonic
            assertEquals(MelScale.vtlpWarp(knee, alpha, 2400, 4000), MelScale.vtlpWarp(knee + 1e-9, alpha, 2400, 4000), 1e-6);
            double prev = -1;
            for (int f = 0; f <= 4000; f += 10) {
                double w = MelScale.vtlpWarp(f, alpha, 2400, 4000);
                assertTrue(w > prev);
                prev = w;
            }
        }
    }

    @Test
    void warpMovesASinesMelPeakLikeAScaledFrequency() {
        int sr = 8000;
        double f0 = 1000;
        float[] wave = new float[sr];
        for (int i = 0; i < sr; i++) wave[i] = (float) Math.sin(2 * Math.PI * f0 * i / sr);
        MelSpectrogram warped = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(512).hopLength(256))
                .sampleRate(sr).nMels(80).vtlpWarp(1.1));
        MelSpectrogram shifted = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(512).hopLength(256))
                .sampleRate(sr).nMels(80));
        float[] wave2 = new float[sr];
        for (int i = 0; i < sr; i++) wave2[i] = (float) Math.sin(2 * Math.PI * f0 * 1.1 * i / sr);
        assertEquals(peakBand(shifted.forward(Tensor.of(wave2, 1, sr))), peakBand(warped.forward(Tensor.of(wave, 1, sr))));
        assertFalse(peakBand(shifted.forward(Tensor.of(wave, 1, sr))) == peakBand(warped.forward(Tensor.of(wave, 1, sr))));
        assertEquals(1.1, warped.melScale().vtlpWarp());
        assertEquals(2400, warped.melScale().vtlpBoundaryHz(), 1e-12);
    }

    private static int peakBand(Tensor mel) {
        int nMels = mel.size(-2), frames = mel.size(-1);
        float[] m = mel.toFloatArray();
        int best = 0;
        double bestV = -1;
        for (int b = 0; b < nMels; b++) {
            double s = 0;
            for (int t = 0; t < frames; t++) s += m[b * frames + t];
            if (s > bestV) { bestV = s; best = b; }
        }
        return best;
    }

    @Test
    void badWarpSettingsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MelScale(MelScale.options().sampleRate(8000).nStft(129).vtlpWarp(3)));
        assertTrue(e.getMessage().contains("vtlpWarp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MelScale(MelScale.options().sampleRate(8000).nStft(129).vtlpWarp(0.9)
                        .vtlpBoundaryHz(5000.0)));
        assertTrue(e.getMessage().contains("vtlpBoundaryHz"), e.getMessage());
    }
}
