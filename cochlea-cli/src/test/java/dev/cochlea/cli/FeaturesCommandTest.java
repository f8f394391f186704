package dev.cochlea.cli;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.audio.Wav;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.vision.Images;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturesCommandTest {
    @TempDir
    Path dir;

    Path wav;
    Tensor wave;

    @BeforeEach
    void writeWav() throws IOException {
        int n = 4000; // 0.5 s at 8 kHz, two channels
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            v[n + i] = (float) (0.25 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        wav = dir.resolve("tone.wav");
        Wav.write16(wav, Tensor.wrap(v, 2, n), 8000);
        wave = Wav.read(wav).waveform();
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5 + 1e-4 * Math.abs(e[i]), "element " + i);
        }
    }

    @Test
    void blocksGiveTheValuesOfTheWholeFile() throws IOException {
        String[][] cases = {
                {"features", "mel", "--n-fft", "256", "--hop-length", "100", "--n-mels", "40", "--top-db", "60"},
                {"features", "spectrogram", "--n-fft", "200", "--hop-length", "64", "--power", "1", "--db", "--pad-mode", "constant"},
                {"features", "mfcc", "--n-fft", "256", "--hop-length", "128", "--n-mels", "40", "--n-mfcc", "13", "--sample-rate", "8000"},
                {"features", "stft", "--n-fft", "128", "--hop-length", "50", "--center", "false"},
        };
        for (String[] c : cases) {
            Path whole = dir.resolve(c[1] + "-whole.safetensors");
            Path blocks = dir.resolve(c[1] + "-blocks.safetensors");
            Path png = dir.resolve(c[1] + "-blocks.png");
            String[] a = java.util.Arrays.copyOf(c, c.length + 3);
            a[c.length] = wav.toString();
            a[c.length + 1] = "--out";
            a[c.length + 2] = whole.toString();
            assertEquals(0, Main.run(a), String.join(" ", c));
            String[] b = java.util.Arrays.copyOf(a, a.length + 4);
            b[a.length - 1] = blocks.toString();
            b[a.length] = "--block-frames";
            b[a.length + 1] = "7";
            b[a.length + 2] = "--png";
            b[a.length + 3] = png.toString();
            assertEquals(0, Main.run(b), String.join(" ", b));
            Map<String, Tensor> x = Safetensors.load(whole), y = Safetensors.load(blocks);
            assertEquals(x.keySet(), y.keySet());
            for (String k : x.keySet()) assertArrayEquals(x.get(k).toFloatArray(), y.get(k).toFloatArray(), 1e-4f, c[1] + " " + k);
            assertEquals(Safetensors.metadata(whole), Safetensors.metadata(blocks), c[1] + " metadata");
            assertTrue(Files.size(png) > 100, c[1] + " png");
        }
    }

    @Test
    void melWithPng() throws IOException {
        Path out = dir.resolve("mel.safetensors");
        Path png = dir.resolve("mel.png");
        int rc = Main.run("features", "mel", "--n-fft", "256", "--hop-length", "128", "--n-mels", "40",
                wav.toString(), "--out", out.toString(), "--png", png.toString());
        assertEquals(0, rc);
        Map<String, Tensor> t = Safetensors.load(out);
        Tensor expected = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(8000).nMels(40)).forward(wave);
        assertArrayEquals(new int[] {2, 40, 32}, t.get("features").shape());
        assertClose(expected, t.get("features"));
        assertEquals("mel", Safetensors.metadata(out).get("kind"));
        assertEquals("8000", Safetensors.metadata(out).get("sample_rate"));
        assertTrue(Images.isPng(png));
        assertTrue(Images.read(png).getWidth() > 32);
    }

    @Test
    void melAtAnOddRateUsesTorchaudiosIntegerNyquist() throws IOException {
        // torchaudio.transforms.MelSpectrogram(sample_rate=11025): f_max = float(sample_rate // 2) = 5512.0
        Path odd = dir.resolve("odd.wav");
        Wav.write16(odd, wave.narrow(1, 0, 2000), 11025);
        Path out = dir.resolve("odd.safetensors");
        assertEquals(0, Main.run("features", "mel", "--n-fft", "256", "--hop-length", "128", "--n-mels", "40", "--sample-rate", "11025",
                odd.toString(), "--out", out.toString()));
        assertEquals("5512.0", Safetensors.metadata(out).get("f_max"));
        Tensor expected = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                .sampleRate(11025).nMels(40)).forward(Wav.read(odd).waveform());
        assertClose(expected, Safetensors.load(out).get("features"));
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws IOException {
        Path out = dir.resolve("spec.safetensors");
        String[] args = {"features", "spectrogram", "--n-fft", "128", wav.toString(), "--out", out.toString()};
        assertEquals(0, Main.run(args));
        byte[] first = Files.readAllBytes(out);
        assertNotEquals(0, Main.run(args), "second run without --overwrite fails");
        assertArrayEquals(first, Files.readAllBytes(out), "the file is left alone");
        Path png = dir.resolve("x.png");
        Files.writeString(png, "keep");
        assertNotEquals(0, Main.run("features", "spectrogram", wav.toString(), "--out", dir.resolve("new.safetensors").toString(),
                "--png", png.toString()));
        assertEquals("keep", Files.readString(png));
        assertEquals(0, Main.run("features", "spectrogram", "--n-fft", "128", "--power", "1", wav.toString(), "--out", out.toString(),
                "--overwrite"));
        Tensor expected = new Spectrogram(Spectrogram.options().stft(StftOptions.of(128)).power(1.0)).forward(wave);
        assertClose(expected, Safetensors.load(out).get("features"));
    }

    @Test
    void spectrogramInDecibelsWithTorchaudioDefaults() throws IOException {
        Path out = dir.resolve("db.safetensors");
        assertEquals(0, Main.run("features", "spectrogram", "--top-db", "80", wav.toString(), "--out", out.toString()));
        Tensor spec = new Spectrogram().forward(wave); // n_fft 400, hop 200
        Tensor expected = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0)).forward(spec);
        Tensor got = Safetensors.load(out).get("features");
        assertArrayEquals(new int[] {2, 201, 21}, got.shape());
        assertClose(expected, got);
    }

    @Test
    void mfccAfterResampling() throws IOException {
        Path out = dir.resolve("mfcc.safetensors");
        Path png = dir.resolve("mfcc.png");
        assertEquals(0, Main.run("features", "mfcc", "--sample-rate", "16000", "--n-mfcc", "13", "--n-mels", "40",
                wav.toString(), "--out", out.toString(), "--png", png.toString(), "--colormap", "magma"));
        Tensor resampled = Resample.resample(wave, 8000, 16000);
        Tensor expected = new Mfcc(Mfcc.options().sampleRate(16000).nMfcc(13).melSpectrogram(MelSpectrogram.options().nMels(40)))
                .forward(resampled);
        Tensor got = Safetensors.load(out).get("features");
        assertArrayEquals(new int[] {2, 13, 41}, got.shape());
        assertClose(expected, got);
        assertEquals("16000", Safetensors.metadata(out).get("sample_rate"));
        assertTrue(Images.isPng(png));
    }

    @Test
    void stftWritesRealAndImag() throws IOException {
        Path out = dir.resolve("stft.safetensors");
        assertEquals(0, Main.run("features", "stft", "--n-fft", "256", "--hop-length", "64", "--center", "false",
                "--window", "hamming", wav.toString(), "--out", out.toString()));
        Map<String, Tensor> t = Safetensors.load(out);
        int frames = 1 + (4000 - 256) / 64;
        assertArrayEquals(new int[] {2, 129, frames}, t.get("real").shape());
        assertArrayEquals(new int[] {2, 129, frames}, t.get("imag").shape());
        Tensor power = new Spectrogram(Spectrogram.options()
                .stft(StftOptions.of(256).hopLength(64).center(false).window(dev.cochlea.audio.Windows.Kind.HAMMING))).forward(wave);
        Tensor re = t.get("real"), im = t.get("imag");
        assertClose(power, re.mul(re).add(im.mul(im)));
    }

    @Test
    void badInputsFailWithAMessage() throws IOException {
        Path out = dir.resolve("o.safetensors");
        assertNotEquals(0, Main.run("features", "chroma", wav.toString(), "--out", out.toString()));
        assertNotEquals(0, Main.run("features", "mel", dir.resolve("missing.wav").toString(), "--out", out.toString()));
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not a wav file at all");
        assertNotEquals(0, Main.run("features", "mel", bad.toString(), "--out", out.toString()));
        assertNotEquals(0, Main.run("features", "mel", "--mel-scale", "bark", wav.toString(), "--out", out.toString()));
        assertTrue(Files.notExists(out));
    }
}
