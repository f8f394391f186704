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
        Spectrogram spec = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(128)));
        assertArrayEquals(new int[] {129, 32}, spec.forward(noise(1, 4000)).shape());
        assertArrayEquals(new int[] {2, 129, 32}, spec.forward(noise(1, 2, 4000)).shape());
        assertArrayEquals(new int[] {3, 2, 129, 32}, spec.forward(noise(1, 3, 2, 4000)).shape());
        Spectrogram d = new Spectrogram();
        assertEquals(400, d.stft().nFft());
        assertEquals(200, d.stft().hopLength(), "torchaudio's hop: win_length / 2");
        assertEquals(2.0, d.power());
        assertArrayEquals(Windows.hann(400).toFloatArray(), d.stft().window().toFloatArray(), "torchaudio's Hann");
        // the same StftOptions give torch.stft's defaults in Stft: hop n_fft / 4, ones
        Stft s = new Stft(StftOptions.defaults());
        assertEquals(100, s.hopLength());
        assertArrayEquals(Windows.ones(400).toFloatArray(), s.window().toFloatArray());
    }

    @Test
    void spectrogramPowerNormalisationPadAndComplexOutput() {
        Tensor x = noise(2, 2, 3000);
        StftOptions stft = StftOptions.of(200).hopLength(50);
        Spectrogram.Options b = Spectrogram.options().stft(stft);
        ComplexSpectrum z = new Spectrogram(b).complex(x);
        float[] mag = z.magnitude().toFloatArray();
        float[] p1 = new Spectrogram(b.power(1.0)).forward(x).toFloatArray();
        float[] p2 = new Spectrogram(b.power(2.0)).forward(x).toFloatArray();
        float[] p05 = new Spectrogram(b.power(0.5)).forward(x).toFloatArray();
        for (int i = 0; i < mag.length; i++) {
            assertEquals(mag[i], p1[i], 1e-5 * (1 + mag[i]));
            assertEquals(mag[i] * mag[i], p2[i], 1e-5 * (1 + p2[i]));
            assertEquals(Math.sqrt(mag[i]), p05[i], 1e-5);
        }
        Tensor complex = new Spectrogram(b.power(null)).forward(x);
        assertArrayEquals(new int[] {2, 101, 61, 2}, complex.shape());
        assertArrayEquals(z.real().toFloatArray(), ComplexSpectrum.viewAsComplex(complex).real().toFloatArray(), 0f);
        // window normalisation divides by the window's L2 norm, frame_length by sqrt(nFft)
        double l2 = 0;
        for (float w : Windows.hann(200).toFloatArray()) l2 += w * w;
        Spectrogram.Options magnitude = b.power(1.0);
        float[] wn = new Spectrogram(magnitude.stft(stft.normalized(StftOptions.Normalization.WINDOW))).forward(x).toFloatArray();
        float[] fl = new Spectrogram(magnitude.stft(stft.normalized(StftOptions.Normalization.FRAME_LENGTH))).forward(x)
                .toFloatArray();
        for (int i = 0; i < mag.length; i++) {
            assertEquals(mag[i] / Math.sqrt(l2), wn[i], 1e-5 * (1 + wn[i]));
            assertEquals(mag[i] / Math.sqrt(200), fl[i], 1e-5 * (1 + fl[i]));
        }
        // pad adds zeros at both ends before the transform
        Tensor padded = new Spectrogram(b.power(2.0).pad(10)).forward(x);
        float[] xs = x.toFloatArray();
        float[] manual = new float[2 * 3020];
        for (int r = 0; r < 2; r++) System.arraycopy(xs, r * 3000, manual, r * 3020 + 10, 3000);
        Tensor unpadded = new Spectrogram(b.power(2.0)).forward(Tensor.of(manual, 2, 3020));
        assertArrayEquals(unpadded.toFloatArray(), padded.toFloatArray(), 0f);
    }

    @Test
    void amplitudeToDbValuesAndFloors() {
        Tensor p = Tensor.of(new float[] {100f, 1f, 1e-3f, 0f}, 2, 2);
        assertArrayEquals(new float[] {20f, 0f, -30f, -100f}, AmplitudeToDB.of(AmplitudeToDB.SType.POWER, null).forward(p).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {40f, 0f, -60f, -200f}, AmplitudeToDB.of(AmplitudeToDB.SType.MAGNITUDE, null).forward(p).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {20f, 0f, -30f, -30f}, AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 50.0).forward(p).toFloatArray(), 1e-4f);
        AmplitudeToDB refAmin = new AmplitudeToDB(AmplitudeToDB.options().ref(10).amin(1e-5));
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
        StftOptions stft = StftOptions.of(512).winLength(400).hopLength(160);
        MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(stft).sampleRate(16000).nMels(64).fMin(20.0)
                .melScale(MelScale.Scale.SLANEY).norm(MelScale.Norm.SLANEY));
        Tensor m = mel.forward(x);
        assertArrayEquals(new int[] {2, 1, 64, 32}, m.shape());
        Tensor spec = new Spectrogram(Spectrogram.options().stft(stft)).forward(x);
        Tensor ref = new MelScale(MelScale.options().nMels(64).sampleRate(16000).fMin(20).nStft(257)
                .melScale(MelScale.Scale.SLANEY).norm(MelScale.Norm.SLANEY)).forward(spec);
        assertArrayEquals(ref.toFloatArray(), m.toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new MelSpectrogram().spectrogram().forward(Tensor.zeros(0)));
    }

    @Test
    void mfccIsTheDctOfDecibels() {
        Tensor x = noise(4, 3, 4000);
        Mfcc.Options options = Mfcc.options().sampleRate(8000).nMfcc(13)
                .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128)).nMels(40));
        Tensor c = new Mfcc(options).forward(x);
        assertArrayEquals(new int[] {3, 13, 32}, c.shape());
        Tensor mel = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(8000).nMels(40)).forward(x);
        Tensor db = AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 80.0).forward(mel);
        Tensor ref = db.transpose(-1, -2).matmul(Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO)).transpose(-1, -2);
        assertArrayEquals(ref.toFloatArray(), c.toFloatArray(), 1e-3f);
        Tensor logMels = new Mfcc(options.logMels(true)).forward(x);
        Tensor ref2 = mel.add(1e-6f).log().transpose(-1, -2).matmul(Mfcc.createDct(13, 40, Mfcc.DctNorm.ORTHO)).transpose(-1, -2);
        assertArrayEquals(ref2.toFloatArray(), logMels.toFloatArray(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> new Mfcc(Mfcc.options().nMfcc(200)));
        assertThrows(IllegalArgumentException.class, () -> new Mfcc(Mfcc.options().dctType(3)));
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
        StftOptions stft = StftOptions.of(256).hopLength(64);   // one set of STFT parameters for analysis and synthesis
        Spectrogram spec = new Spectrogram(Spectrogram.options().stft(stft).power(1.0));
        Tensor target = spec.forward(wave);
        GriffinLim.Options magnitude = GriffinLim.options().stft(stft).power(1.0).length(n);
        GriffinLim gl = new GriffinLim(magnitude.nIter(32).seed(1));
        Tensor y = gl.forward(target);
        assertArrayEquals(new int[] {1, n}, y.shape());
        double err = spectralConvergence(target, spec.forward(y));
        assertTrue(err < 0.1, "spectral convergence after 32 iterations: " + err);
        GriffinLim few = new GriffinLim(magnitude.nIter(2).seed(1));
        assertTrue(err < spectralConvergence(target, spec.forward(few.forward(target))), "more iterations help");
        // same seed, same result; zero-phase init is deterministic too
        GriffinLim again = new GriffinLim(magnitude.nIter(32).seed(1));
        assertArrayEquals(y.toFloatArray(), again.forward(target).toFloatArray(), 0f);
        GriffinLim det = new GriffinLim(magnitude.length(null).nIter(3).randInit(false));
        assertArrayEquals(det.forward(target).toFloatArray(), det.forward(target).toFloatArray(), 0f);
        assertEquals(64 * (target.size(-1) - 1), det.forward(target).size(-1));
        assertThrows(IllegalArgumentException.class, () -> new GriffinLim(GriffinLim.options().momentum(1.0)));
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
        Tensor spec = new Spectrogram(Spectrogram.options().stft(StftOptions.of(128).hopLength(64))).forward(x); // [2, 65, 47]
        MelScale mel = new MelScale(MelScale.options().nMels(24).sampleRate(8000).nStft(65));
        Tensor m = mel.forward(spec);
        InverseMelScale inv = new InverseMelScale(InverseMelScale.options().nStft(65).nMels(24).sampleRate(8000)
                .maxIter(3000).toleranceLoss(0).toleranceChange(0));
        Tensor est = inv.forward(m);
        assertArrayEquals(spec.shape(), est.shape());
        for (float v : est.toFloatArray()) assertTrue(v >= 0f);
        double rel = spectralConvergence(m, mel.forward(est));
        assertTrue(rel < 1e-3, "relative mel error " + rel);
        assertThrows(IllegalArgumentException.class, () -> inv.forward(Tensor.zeros(23, 5)));
    }

    @Test
    void transformsAreModulesWithTorchaudioStateDictNames() {
        MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(8000).nMels(40));
        Module asModule = mel;
        assertEquals(List.of("spectrogram.window", "mel_scale.fb"), List.copyOf(asModule.stateDict().keySet()));
        Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(8000).nMfcc(13)
                .melSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128)).nMels(40)));
        assertEquals(List.of("dct_mat", "MelSpectrogram.spectrogram.window", "MelSpectrogram.mel_scale.fb"),
                List.copyOf(mfcc.stateDict().keySet()));
        assertTrue(new GriffinLim().stateDict().containsKey("window"));
        assertTrue(new InverseMelScale().stateDict().containsKey("fb"));
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
