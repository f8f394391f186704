package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StftOptions}, the one declaration of the STFT parameters: withers, checks that name the
 * argument, each library's defaults for what is unset, and the same framing in every transform
 * built from the same options.
 */
class StftOptionsTest {
    private static Tensor noise(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return Tensor.of(x, 1, n);
    }

    @Test
    void withersReturnNewValuesAndLeaveTheOriginal() {
        StftOptions base = StftOptions.of(512);
        StftOptions o = base.winLength(400).hopLength(160).window(Windows.Kind.HAMMING).center(false)
                .padMode(PadMode.CONSTANT).normalized(StftOptions.Normalization.FRAME_LENGTH).onesided(false);
        assertEquals(StftOptions.of(512), base);
        assertNull(base.hopLength());
        assertEquals(400, o.winLength());
        assertEquals(160, o.hopLength());
        assertEquals(Windows.Kind.HAMMING, o.windowKind());
        assertEquals(PadMode.CONSTANT, o.padMode());
        assertEquals(StftOptions.Normalization.FRAME_LENGTH, o.normalized());
        assertEquals(400, StftOptions.defaults().nFft(), "torchaudio's n_fft");
        // a window given as values replaces a kind and the other way round
        StftOptions values = o.window(Windows.hann(400));
        assertNull(values.windowKind());
        assertEquals(Windows.Kind.BLACKMAN, values.window(Windows.Kind.BLACKMAN).windowKind());
        assertNull(values.window(Windows.Kind.BLACKMAN).window());
        // equal by value, window values included; the record keeps its own copy of them
        Tensor w = Windows.hann(400);
        StftOptions a = StftOptions.of(512).winLength(400).window(w);
        w.storage()[w.offset()] = 5f;
        assertEquals(StftOptions.of(512).winLength(400).window(Windows.hann(400)), a);
        assertEquals(a.hashCode(), StftOptions.of(512).winLength(400).window(Windows.hann(400)).hashCode());
        assertNotEquals(a, a.window(Windows.hamming(400)));
    }

    @Test
    void checksNameTheArgumentAndWhatWasFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StftOptions.of(0));
        assertTrue(e.getMessage().contains("n_fft") && e.getMessage().contains("found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StftOptions.of(64).hopLength(0));
        assertTrue(e.getMessage().contains("hop_length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StftOptions.of(64).winLength(-1));
        assertTrue(e.getMessage().contains("win_length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StftOptions.of(64).window(Tensor.zeros(2, 32)));
        assertTrue(e.getMessage().contains("window must be 1-D"), e.getMessage());
        assertThrows(NullPointerException.class, () -> StftOptions.of(64).padMode(null));
        // checks between values run when a transform is built, and name the transform
        e = assertThrows(IllegalArgumentException.class, () -> new Spectrogram(Spectrogram.options()
                .stft(StftOptions.of(64).winLength(65))));
        assertTrue(e.getMessage().startsWith("spectrogram:") && e.getMessage().contains("win_length=65"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GriffinLim(GriffinLim.options()
                .stft(StftOptions.of(64).window(Windows.hann(32)))));
        assertTrue(e.getMessage().startsWith("griffinlim:") && e.getMessage().contains("found 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MelSpectrogram.options().stft(StftOptions.of(64).onesided(false)));
        assertTrue(e.getMessage().contains("onesided"), e.getMessage());
        assertEquals(StftOptions.Normalization.WINDOW, StftOptions.Normalization.of("window"));
        assertEquals(StftOptions.Normalization.FRAME_LENGTH, StftOptions.Normalization.of("frame_length"));
        assertEquals(StftOptions.Normalization.WINDOW, StftOptions.Normalization.of("true"), "torchaudio's boolean");
        assertThrows(IllegalArgumentException.class, () -> StftOptions.Normalization.of("l2"));
    }

    @Test
    void unsetHopAndWindowTakeEachLibrarysDefault() {
        StftOptions o = StftOptions.of(256).winLength(200);
        Stft torch = new Stft(o);
        assertEquals(64, torch.hopLength(), "torch.stft: n_fft / 4");
        assertArrayEquals(Windows.ones(200).toFloatArray(), torch.window().toFloatArray(), "torch.stft: ones");
        for (Stft audio : new Stft[] {new Spectrogram(Spectrogram.options().stft(o)).stft(),
                                      new MelSpectrogram(MelSpectrogram.options().stft(o)).spectrogram().stft(),
                                      new GriffinLim(GriffinLim.options().stft(o)).stft()}) {
            assertEquals(100, audio.hopLength(), "torchaudio: win_length / 2");
            assertArrayEquals(Windows.hann(200).toFloatArray(), audio.window().toFloatArray(), "torchaudio: Hann");
            assertEquals(o, audio.options());
        }
        // given values win in both
        StftOptions given = o.hopLength(50).window(Windows.Kind.BLACKMAN);
        assertEquals(50, new Stft(given).hopLength());
        assertArrayEquals(new Stft(given).window().toFloatArray(),
                new Spectrogram(Spectrogram.options().stft(given)).stft().window().toFloatArray());
    }

    @Test
    void everyTransformFramesTheSignalTheSameWay() {
        StftOptions o = StftOptions.of(256).winLength(200).hopLength(80).window(Windows.Kind.HANN).padMode(PadMode.CONSTANT);
        Tensor x = noise(3, 3000);
        Tensor power = new Stft(o).power(x, 2.0);
        assertArrayEquals(power.toFloatArray(), new Spectrogram(Spectrogram.options().stft(o)).forward(x).toFloatArray(), 0f);
        MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(o).sampleRate(8000).nMels(20));
        assertArrayEquals(mel.melScale().forward(power).toFloatArray(), mel.forward(x).toFloatArray(), 0f);
        Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(8000).nMfcc(10).melSpectrogram(MelSpectrogram.options().stft(o).nMels(20)));
        assertArrayEquals(mfcc.melSpectrogram().forward(x).toFloatArray(), mel.forward(x).toFloatArray(), 0f);
        // Griffin-Lim analyses with the same options: its STFT of a signal is the spectrogram's
        GriffinLim gl = new GriffinLim(GriffinLim.options().stft(o).nIter(0).randInit(false));
        assertEquals(new Stft(o), gl.stft(), "hop and window given: torch.stft and torchaudio agree");
        assertArrayEquals(power.toFloatArray(), gl.stft().power(x, 2.0).toFloatArray(), 0f);
    }

    @Test
    void normalizationScalesTheBinsAndTheInverseUndoesIt() {
        Tensor x = noise(5, 2000);
        StftOptions o = StftOptions.of(128).hopLength(32).window(Windows.Kind.HANN);
        ComplexSpectrum plain = new Stft(o).apply(x);
        double l2 = 0;
        for (float w : Windows.hann(128).toFloatArray()) l2 += (double) w * w;
        for (StftOptions.Normalization n : StftOptions.Normalization.values()) {
            Stft stft = new Stft(o.normalized(n));
            ComplexSpectrum s = stft.apply(x);
            double scale = switch (n) {
                case NONE -> 1.0;
                case WINDOW -> 1.0 / Math.sqrt(l2);
                case FRAME_LENGTH -> 1.0 / Math.sqrt(128);
            };
            float[] a = plain.real().toFloatArray(), b = s.real().toFloatArray();
            for (int i = 0; i < a.length; i++) assertEquals(a[i] * scale, b[i], 1e-5 * (1 + Math.abs(a[i] * scale)), n + " bin " + i);
            assertArrayEquals(x.reshape(-1).toFloatArray(), stft.inverse(s, 2000).reshape(-1).toFloatArray(), 1e-4f, n.toString());
        }
    }
}
