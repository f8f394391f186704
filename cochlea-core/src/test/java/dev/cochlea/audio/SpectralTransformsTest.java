package dev.cochlea.audio;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spectrogram, AmplitudeToDB, MelSpectrogram, Mfcc, GriffinLim and InverseMelScale on self-generated input. */
class SpectralTransformsTest {
    static Tensor noise(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.1 * r.nextGaussian());
        return Tensor.of(x, shape);
    }

    @Test
    void spectrogramShapesForOneTwoAndThreeDimensionalInput() {
        Spectrogram spec = Spectrogram.builder().nFft(256).hopLength(128).build();
        assertArrayEquals(new int[] {129, 32}, spec.forward(noise(1, 4000)).shape());
        assertArrayEquals(new int[] {2, 129, 32}, spec.forward(noise(1, 2, 4000)).shape());
        assertArrayEquals(new int[] {3, 2, 129, 32}, spec.forward(noise(1, 3, 2, 4000)).shape());
        Spectrogram d = Spectrogram.builder().build();
        assertEquals(400, d.nFft());
        assertEquals(200, d.hopLength());
        assertEquals(2.0, d.power());
    }

    @Test
    void spectrogramPowerNormalisationPadAndComplexOutput() {
        Tensor x = noise(2, 2, 3000);
        Spectrogram.Builder b = Spectrogram.builder().nFft(200).hopLength(50);
        ComplexSpectrum z = b.build().complex(x);
        float[] mag = z.magnitude().toFloatArray();
        float[] p1 = b.power(1.0).build().forward(x).toFloatArray();
        float[] p2 = b.power(2.0).build().forward(x).toFloatArray();
        float[] p05 = b.power(0.5).build().forward(x).toFloatArray();
        for (int i = 0; i < mag.length; i++) {
            assertEquals(mag[i], p1[i], 1e-5 * (1 + mag[i]));
            assertEquals(mag[i] * mag[i], p2[i], 1e-5 * (1 + p2[i]));
            assertEquals(Math.sqrt(mag[i]), p05[i], 1e-5);
        }
        Tensor complex = b.power(null).build().forward(x);
        assertArrayEquals(new int[] {2, 101, 61, 2}, complex.shape());
        assertArrayEquals(z.real().toFloatArray(), ComplexSpectrum.viewAsComplex(complex).real().toFloatArray(), 0f);
        // window normalisation divides by the window's L2 norm, frame_length by sqrt(nFft)
        double l2 = 0;
        for (float w : Windows.hann(200).toFloatArray()) l2 += w * w;
        float[] wn = b.power(1.0).normalized(true).build().forward(x).toFloatArray();
        float[] fl = b.power(1.0).normalized(Spectrogram.Normalization.FRAME_LENGTH).build().forward(x).toFloatArray();
        for (int i = 0; i < mag.length; i++) {
            assertEquals(mag[i] / Math.sqrt(l2), wn[i], 1e-5 * (1 + wn[i]));
            assertEquals(mag[i] / Math.sqrt(200), fl[i], 1e-5 * (1 + fl[i]));
        }
        // pad adds zeros at both ends before the transform
        Tensor padded = b.normalized(false).power(2.0).pad(10).build().forward(x);
        float[] xs = x.toFloatArray();
        float[] manual = new float[2 * 3020];
        for (int r = 0; r < 2; r++) System.arraycopy(xs, r * 3000, manual, r * 3020 + 10, 3000);
        assertArrayEquals(b.pad(0).build().forward(Tensor.of(manual, 2, 3020)).toFloatArray(), padded.toFloatArray(), 0f);
    }

    @Test
    void amplitudeToDbValuesAndFloors() {
        Tensor p = Tensor.of(new float[] {100f, 1f, 1e-3f, 0f}, 2, 2);
        assertArrayEquals(new float[] {20f, 0f, -30f, -100f}, AmplitudeToDB.of(AmplitudeToDB.SType.POWER, null).forward(p).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {40f, 0f, -60f, -200f}, AmplitudeToDB.of(AmplitudeToDB.SType.MAGNITUDE, null).forward(p).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {20f, 0f, -30f, -30f}, AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 50.0).forward(p).toFloatArray(), 1e-4f);
        AmplitudeToDB refAmin = AmplitudeToDB.builder().ref(10).amin(1e-5).build();
        assertArrayEquals(new float[] {10f, -10f, -40f, -60f}, refAmin.forward(p).toFloatArray(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDB.of(AmplitudeToDB.SType.POWER, -1.0));
        Tensor back = AmplitudeToDB.dbToAmplitude(AmplitudeToDB.of(AmplitudeToDB.SType.POWER, null).forward(p), 1.0, 1.0);
        assertArrayEquals(new float[] {100f, 1f, 1e-3f, 1e-10f}, back.toFloatArray(), 1e-5f);
    }

    @Test
    void topDbFloorIsPerSpectrogramAsInTorchaudio013() {
        // two channels of one clip: [2, 1, 2]; the quiet channel's maximum is 60 dB below the loud one's
        Tensor loud = Tensor.of(new float[] {1e6f, 1f}, 1, 1, 2);
        Tensor quiet = Tensor.of(new float[] {1f, 1e-6f}, 1, 1, 2);
        Tensor channels = Tensor.cat(0, loud, quiet);
        AmplitudeToDB db = AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 80.0);
        // 3-D [channel, freq, time]: one floor (60 - 80 = -20) shared by both channels
        assertArrayEquals(new float[] {60f, 0f, 0f, -20f}, db.forward(channels).toFloatArray(), 1e-4f);
        // 4-D [batch, channel, freq, time] with the channels as batch items: one floor each
        Tensor batch = channels.unsqueeze(1);
        assertArrayEquals(new float[] {60f, 0f, 0f, -60f}, db.forward(batch).toFloatArray(), 1e-4f);
        // 2-D: the whole spectrogram
        assertArrayEquals(new float[] {0f, -60f}, db.forward(quiet.reshape(1, 2)).toFloatArray(), 1e-4f);
    }

    @Test
    void melSpectrogramIsMelScaleOfSpectrogram() {
        Tensor x = noise(3, 2, 1, 5000);
        MelSpectrogram mel = MelSpectrogram.builder().sampleRate(16000).nFft(512).winLength(400).hopLength(160).nMels(64)
                .fMin(20.0).melScale(MelScale.Scale.SLANEY).norm(MelScale.Norm.SLANEY).build();
        Tensor m = mel.forward(x);
        assertArrayEquals(new int[] {2, 1, 64, 32}, m.shape());
        Tensor spec = Spectrogram.builder().nFft(512).winLength(400).hopLength(160).build().forward(x);
        Tensor ref = MelScale.builder().nMels(64).sampleRate(16000).fMin(20).nStft(257).melScale(MelScale.Scale.SLANEY)
                .norm(MelScale.Norm.SLANEY).build().forward(spec);
        assertArrayEquals(ref.toFloatArray(), m.toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> MelSpectrogram.builder().build().spectrogram().forward(Tensor.zeros(0)));
    }

    @Test
    void mfccIsTheDctOfDecibels() {
        Tensor x = noise(4, 3, 4000);
        Mfcc mfcc = Mfcc.builder().sampleRate(8000).nMfcc(13)
                .melSpectrogram(MelSpectrogram.builder().nFft(256).hopLength(128).nMels(40)).build();
        Tensor c = mfcc.forward(x);
        assertArrayEquals(new int[] {3, 13, 32}, c.shape());
        Tensor mel = MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40).build().forward(x);
        Tensor db = AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 80.0).forward(mel);
        Tensor ref = db.transpose(-1, -2).matmul(Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO)).transpose(-1, -2);
        assertArrayEquals(ref.toFloatArray(), c.toFloatArray(), 1e-3f);
        Tensor logMels = Mfcc.builder().sampleRate(8000).nMfcc(13).logMels(true)
                .melSpectrogram(MelSpectrogram.builder().nFft(256).hopLength(128).nMels(40)).build().forward(x);
        Tensor ref2 = mel.add(1e-6f).log().transpose(-1, -2).matmul(Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO)).transpose(-1, -2);
        assertArrayEquals(ref2.toFloatArray(), logMels.toFloatArray(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> Mfcc.builder().nMfcc(200).build());
        assertThrows(IllegalArgumentException.class, () -> Mfcc.builder().dctType(3).build());
    }

    @Test
    void griffinLimRecoversAConsistentSignal() {
        int n = 8000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * (300 + 400 * t) * t) + 0.2 * Math.sin(2 * Math.PI * 1200 * t));
        }
        Tensor wave = Tensor.of(x, 1, n);
        Spectrogram spec = Spectrogram.builder().nFft(256).hopLength(64).power(1.0).build();
        Tensor target = spec.forward(wave);
        GriffinLim gl = GriffinLim.builder().nFft(256).hopLength(64).power(1.0).nIter(32).length(n).seed(1).build();
        Tensor y = gl.forward(target);
        assertArrayEquals(new int[] {1, n}, y.shape());
        double err = spectralConvergence(target, spec.forward(y));
        assertTrue(err < 0.1, "spectral convergence after 32 iterations: " + err);
        GriffinLim few = GriffinLim.builder().nFft(256).hopLength(64).power(1.0).nIter(2).length(n).seed(1).build();
        assertTrue(err < spectralConvergence(target, spec.forward(few.forward(target))), "more iterations help");
        // same seed, same result; zero-phase init is deterministic too
        assertArrayEquals(y.toFloatArray(), GriffinLim.builder().nFft(256).hopLength(64).power(1.0).nIter(32).length(n)
                .seed(1).build().forward(target).toFloatArray(), 0f);
        GriffinLim det = GriffinLim.builder().nFft(256).hopLength(64).power(1.0).nIter(3).randInit(false).build();
        assertArrayEquals(det.forward(target).toFloatArray(), det.forward(target).toFloatArray(), 0f);
        assertEquals(64 * (target.size(-1) - 1), det.forward(target).size(-1));
        assertThrows(IllegalArgumentException.class, () -> GriffinLim.builder().momentum(1.0).build());
    }

    static double spectralConvergence(Tensor target, Tensor actual) {
        float[] a = target.toFloatArray();
        float[] b = actual.toFloatArray();
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += a[i] * a[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void inverseMelScaleFindsANonNegativeSpectrogramWithTheSameMels() {
        Tensor x = noise(5, 2, 3000);
        Tensor spec = Spectrogram.builder().nFft(128).hopLength(64).build().forward(x);   // [2, 65, 47]
        MelScale mel = MelScale.builder().nMels(24).sampleRate(8000).nStft(65).build();
        Tensor m = mel.forward(spec);
        InverseMelScale inv = InverseMelScale.builder().nStft(65).nMels(24).sampleRate(8000).maxIter(3000)
                .toleranceLoss(0).toleranceChange(0).build();
        Tensor est = inv.forward(m);
        assertArrayEquals(spec.shape(), est.shape());
        for (float v : est.toFloatArray()) assertTrue(v >= 0f);
        double rel = spectralConvergence(m, mel.forward(est));
        assertTrue(rel < 1e-3, "relative mel error " + rel);
        assertThrows(IllegalArgumentException.class, () -> inv.forward(Tensor.zeros(23, 5)));
    }

    @Test
    void transformsAreModulesWithTorchaudioStateDictNames() {
        MelSpectrogram mel = MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40).build();
        Module asModule = mel;
        assertEquals(List.of("spectrogram.window", "mel_scale.fb"), List.copyOf(asModule.stateDict().keySet()));
        Mfcc mfcc = Mfcc.builder().sampleRate(8000).nMfcc(13)
                .melSpectrogram(MelSpectrogram.builder().nFft(256).hopLength(128).nMels(40)).build();
        assertEquals(List.of("dct_mat", "MelSpectrogram.spectrogram.window", "MelSpectrogram.mel_scale.fb"),
                List.copyOf(mfcc.stateDict().keySet()));
        assertTrue(GriffinLim.builder().build().stateDict().containsKey("window"));
        assertTrue(InverseMelScale.builder().build().stateDict().containsKey("fb"));
        assertEquals(0, asModule.parameters().size(), "spectral transforms have no trainable parameters");
        // loaded buffers take effect: doubling the filter bank doubles the output
        Tensor x = noise(6, 1, 2000);
        Tensor before = mel.forward(x);
        Map<String, Tensor> sd = mel.stateDict();
        mel.loadStateDict(Map.of("spectrogram.window", sd.get("spectrogram.window").copy(),
                "mel_scale.fb", sd.get("mel_scale.fb").mul(2f)));
        float[] a = before.toFloatArray();
        float[] b = asModule.call(x).toFloatArray();
        for (int i = 0; i < a.length; i++) assertEquals(2 * a[i], b[i], 1e-5 * (1 + Math.abs(b[i])));
        assertFalse(mel.toString().isEmpty());
    }
}
