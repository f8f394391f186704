package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mel filter banks, mel conversions and the DCT matrix of {@link Mfcc}. */
class MelScaleTest {
    @Test
    void melConversionsRoundTripAndHitKnownPoints() {
        assertEquals(1000.0, MelScale.hzToMel(1000, MelScale.Scale.HTK), 0.05);
        assertEquals(15.0, MelScale.hzToMel(1000, MelScale.Scale.SLANEY), 1e-12);
        assertEquals(3.0, MelScale.hzToMel(200, MelScale.Scale.SLANEY), 1e-12);
        for (MelScale.Scale s : MelScale.Scale.values()) {
            for (double hz : new double[] {0, 20, 440, 999.9, 1000, 4000, 22050}) {
                assertEquals(hz, MelScale.melToHz(MelScale.hzToMel(hz, s), s), 1e-9 * (1 + hz), s + " " + hz);
            }
        }
    }

    @Test
    void unnormalisedTrianglesPartitionUnityBetweenFirstAndLastCentre() {
        int nFreqs = 513;
        int nMels = 40;
        for (MelScale.Scale scale : MelScale.Scale.values()) {
            float[] fb = MelScale.melFilterbank(nFreqs, 0, 8000, nMels, 16000, MelScale.Norm.NONE, scale).toFloatArray();
            double firstCentre = MelScale.melToHz(MelScale.hzToMel(8000, scale) / (nMels + 1), scale);
            double lastCentre = MelScale.melToHz(MelScale.hzToMel(8000, scale) * nMels / (nMels + 1), scale);
            for (int f = 0; f < nFreqs; f++) {
                double hz = 8000.0 * f / (nFreqs - 1);
                double sum = 0;
                for (int m = 0; m < nMels; m++) {
                    float v = fb[f * nMels + m];
                    assertTrue(v >= 0 && v <= 1, "weights in [0, 1]");
                    sum += v;
                }
                if (hz > firstCentre + 1 && hz < lastCentre - 1) assertEquals(1.0, sum, 1e-5, scale + " bin " + f);
            }
            for (int m = 0; m < nMels; m++) {
                float peak = 0;
                int nonZero = 0;
                for (int f = 0; f < nFreqs; f++) {
                    peak = Math.max(peak, fb[f * nMels + m]);
                    if (fb[f * nMels + m] > 0) nonZero++;
                }
                assertTrue(peak > 0.5f, scale + " filter " + m + " peak " + peak);
                assertTrue(nonZero >= 2, "each filter covers bins");
            }
        }
    }

    @Test
    void slaneyNormDividesByHalfTheBandwidth() {
        int nFreqs = 257;
        int nMels = 32;
        float[] plain = MelScale.melFilterbank(nFreqs, 50, 7600, nMels, 16000, MelScale.Norm.NONE, MelScale.Scale.SLANEY).toFloatArray();
        float[] norm = MelScale.melFilterbank(nFreqs, 50, 7600, nMels, 16000, MelScale.Norm.SLANEY, MelScale.Scale.SLANEY).toFloatArray();
        double mMin = MelScale.hzToMel(50, MelScale.Scale.SLANEY);
        double mMax = MelScale.hzToMel(7600, MelScale.Scale.SLANEY);
        for (int m = 0; m < nMels; m++) {
            double lo = MelScale.melToHz(mMin + (mMax - mMin) * m / (nMels + 1), MelScale.Scale.SLANEY);
            double hi = MelScale.melToHz(mMin + (mMax - mMin) * (m + 2) / (nMels + 1), MelScale.Scale.SLANEY);
            double enorm = 2.0 / (hi - lo);
            for (int f = 0; f < nFreqs; f++) {
                assertEquals(plain[f * nMels + m] * enorm, norm[f * nMels + m], 1e-4 * enorm, "filter " + m + " bin " + f);
            }
        }
    }

    @Test
    void forwardIsTheFilterbankProductOverAnyBatch() {
        MelScale mel = new MelScale(MelScale.options().nMels(10).sampleRate(8000).nStft(33));
        assertEquals(4000.0, mel.fMax());
        Random r = new Random(1);
        float[] spec = new float[2 * 3 * 33 * 7];
        for (int i = 0; i < spec.length; i++) spec[i] = r.nextFloat();
        Tensor out = mel.forward(Tensor.of(spec, 2, 3, 33, 7));
        assertArrayEquals(new int[] {2, 3, 10, 7}, out.shape());
        float[] fb = mel.fb().toFloatArray();
        float[] o = out.toFloatArray();
        for (int b = 0; b < 6; b++) {
            for (int m = 0; m < 10; m++) {
                for (int t = 0; t < 7; t++) {
                    double s = 0;
                    for (int f = 0; f < 33; f++) s += fb[f * 10 + m] * spec[(b * 33 + f) * 7 + t];
                    assertEquals(s, o[(b * 10 + m) * 7 + t], 1e-5);
                }
            }
        }
        assertArrayEquals(new int[] {10, 7}, mel.forward(Tensor.of(new float[33 * 7], 33, 7)).shape());
        assertThrows(IllegalArgumentException.class, () -> mel.forward(Tensor.zeros(32, 7)));
        assertThrows(IllegalArgumentException.class, () -> new MelScale(MelScale.options().fMin(9000).sampleRate(16000)));
    }

    /** {@code fb^T @ spec} in double for {@code spec [batch, freqs, time]}. */
    private static double[] denseProduct(float[] fb, int freqs, int mels, float[] spec, int batch, int time) {
        double[] out = new double[batch * mels * time];
        for (int b = 0; b < batch; b++) {
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < time; t++) {
                    double s = 0;
                    for (int f = 0; f < freqs; f++) s += (double) fb[f * mels + m] * spec[(b * freqs + f) * time + t];
                    out[(b * mels + m) * time + t] = s;
                }
            }
        }
        return out;
    }

    @Test
    void bandedProductMatchesTheDenseOneAndFollowsStateDictLoads() {
        // the triangles are applied band by band (zeros skipped); the result must be the dense product
        for (MelScale.Norm norm : MelScale.Norm.values()) {
            for (int time : new int[] {1, 7, 8, 27, 64}) {
                MelScale mel = new MelScale(MelScale.options().nMels(40).sampleRate(8000).nStft(129).norm(norm));
                Random r = new Random(time);
                float[] spec = new float[2 * 129 * time];
                for (int i = 0; i < spec.length; i++) spec[i] = r.nextFloat() * 100;
                float[] got = mel.forward(Tensor.of(spec, 2, 129, time)).toFloatArray();
                double[] want = denseProduct(mel.fb().toFloatArray(), 129, 40, spec, 2, time);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6 * Math.abs(want[i]) + 1e-6, "i=" + i);
            }
        }
        // a loaded bank (here dense) replaces the cached bands
        MelScale mel = new MelScale(MelScale.options().nMels(6).sampleRate(8000).nStft(17));
        float[] spec = new float[17 * 5];
        Random r = new Random(3);
        for (int i = 0; i < spec.length; i++) spec[i] = r.nextFloat();
        mel.forward(Tensor.of(spec, 17, 5));
        float[] dense = new float[17 * 6];
        for (int i = 0; i < dense.length; i++) dense[i] = r.nextFloat();
        mel.loadStateDict(java.util.Map.of("fb", Tensor.of(dense.clone(), 17, 6)));
        float[] got = mel.forward(Tensor.of(spec, 17, 5)).toFloatArray();
        double[] want = denseProduct(dense, 17, 6, spec, 1, 5);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, "dense i=" + i);
        // and back to a sparse one
        float[] sparse = new float[17 * 6];
        for (int m = 0; m < 6; m++) sparse[(2 * m + 1) * 6 + m] = m + 1;
        mel.loadStateDict(java.util.Map.of("fb", Tensor.of(sparse.clone(), 17, 6)));
        got = mel.forward(Tensor.of(spec, 17, 5)).toFloatArray();
        want = denseProduct(sparse, 17, 6, spec, 1, 5);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6, "sparse i=" + i);
    }

    @Test
    void nanAndInfinitySpreadLikeADenseProduct() {
        // 0 * inf = NaN: torch's matmul turns every mel of a frame with an infinite bin into NaN
        MelScale mel = new MelScale(MelScale.options().nMels(8).sampleRate(8000).nStft(33));
        float[] spec = new float[33 * 4];
        java.util.Arrays.fill(spec, 1f);
        spec[32 * 4 + 1] = Float.POSITIVE_INFINITY; // last bin of frame 1
        spec[3 * 4 + 2] = Float.NaN;                // an early bin of frame 2
        float[] out = mel.forward(Tensor.of(spec, 33, 4)).toFloatArray();
        for (int m = 0; m < 8; m++) {
            assertTrue(Float.isFinite(out[m * 4]), "frame 0 mel " + m);
            assertTrue(Float.isNaN(out[m * 4 + 1]), "frame 1 mel " + m);
            assertTrue(Float.isNaN(out[m * 4 + 2]), "frame 2 mel " + m);
            assertTrue(Float.isFinite(out[m * 4 + 3]), "frame 3 mel " + m);
        }
    }

    @Test
    void filterbanksAreCachedPerConfiguration() {
        float[] a = MelScale.filterbankValues(201, 0, 8000, 64, 16000, MelScale.Norm.NONE, MelScale.Scale.HTK);
        assertSame(a, MelScale.filterbankValues(201, 0, 8000, 64, 16000, MelScale.Norm.NONE, MelScale.Scale.HTK));
        Tensor t = MelScale.melFilterbank(201, 0, 8000, 64, 16000, MelScale.Norm.NONE, MelScale.Scale.HTK);
        t.set(7f, 0, 0);
        assertEquals(0f, MelScale.melFilterbank(201, 0, 8000, 64, 16000, MelScale.Norm.NONE, MelScale.Scale.HTK).get(0, 0));
    }

    @Test
    void linspaceMatchesTorchBitForBit() {
        // torch.linspace(-3, 7.3, 1000)[200:203] and torch.linspace(0, 8000, 201)[::50], printed by torch 1.13
        float[] a = MelScale.linspace(-3f, 7.3f, 1000);
        assertEquals(-0.93793786f, a[200], 0f);
        assertEquals(-0.92762756f, a[201], 0f);
        assertEquals(-0.9173172f, a[202], 0f);
        float[] b = MelScale.linspace(0f, 8000f, 201);
        assertEquals(0f, b[0], 0f);
        assertEquals(2000f, b[50], 0f);
        assertEquals(8000f, b[200], 0f);
    }

    @Test
    void orthonormalDctIsOrthogonal() {
        for (int nMels : new int[] {13, 40, 128}) {
            float[] d = Mfcc.createDct(nMels, nMels, Mfcc.DctNorm.ORTHO).toFloatArray();
            for (int i = 0; i < nMels; i++) {
                for (int j = 0; j < nMels; j++) {
                    double s = 0;
                    for (int n = 0; n < nMels; n++) s += (double) d[n * nMels + i] * d[n * nMels + j];
                    // torch (and we) evaluate the cosine argument in float32: up to ~400 rad for 128 mels
                    assertEquals(i == j ? 1.0 : 0.0, s, 1e-5, nMels + " columns " + i + "," + j);
                }
            }
        }
        // fewer coefficients: the first columns of the square matrix
        float[] square = Mfcc.createDct(40, 40, Mfcc.DctNorm.ORTHO).toFloatArray();
        Tensor part = Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO);
        assertArrayEquals(new int[] {40, 13}, part.shape());
        for (int n = 0; n < 40; n++) {
            for (int k = 0; k < 13; k++) assertEquals(square[n * 40 + k], part.get(n, k), 1e-7f);
        }
        // unnormalised: 2 cos(pi / N (n + 0.5) k)
        Tensor plain = Mfcc.createDct(5, 8, Mfcc.DctNorm.NONE);
        for (int n = 0; n < 8; n++) {
            for (int k = 0; k < 5; k++) assertEquals(2 * Math.cos(Math.PI / 8 * (n + 0.5) * k), plain.get(n, k), 1e-6);
        }
    }
}
